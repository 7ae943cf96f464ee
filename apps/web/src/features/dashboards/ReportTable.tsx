import { type CellOut, SMALL_CELL, WITHHELD_CELL } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportTableOut } from '../../api/reports.ts';
import { useFormat } from './format.ts';

type Props = {
  table: ReportTableOut;
  caption: string;
  /** Where a row's label leads, e.g. one territorial level down; null for a plain label. */
  rowLink?: ((key: string) => string | null) | undefined;
  testId?: string;
};

function Cell({ value, kind }: { value: CellOut | undefined; kind: 'count' | 'days' | 'rate' }) {
  const { t } = useTranslation();
  const format = useFormat();
  const hint = value === SMALL_CELL ? t('dashboards.smallCell') : value === WITHHELD_CELL ? t('dashboards.withheldCell') : undefined;
  return (
    <td className="figure-table__number" title={hint}>
      {format.cell(value, kind)}
    </td>
  );
}

/** A report's figures as a table: one row per territory, month or category, and the totals row. */
export function ReportTable({ table, caption, rowLink, testId }: Props) {
  const { t } = useTranslation();
  const columns = table.columns;
  return (
    <div className="table-wrap">
      <table className="table figure-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`dashboards.groupedBy.${table.groupBy}`)}</th>
            {columns.map((column) => (
              <th key={column.key} scope="col" data-column={column.key}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 && (
            <tr>
              <td colSpan={columns.length + 1} className="empty">
                {t('dashboards.noFigures')}
              </td>
            </tr>
          )}
          {table.rows.map((row) => {
            const to = rowLink?.(row.key) ?? null;
            return (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{to ? <Link to={to}>{row.label}</Link> : row.label}</th>
                {columns.map((column) => (
                  <Cell key={column.key} value={row.cells[column.key]} kind={column.kind} />
                ))}
              </tr>
            );
          })}
        </tbody>
        {table.totals && (
          <tfoot>
            <tr data-row="totals">
              <th scope="row">{t('dashboards.total')}</th>
              {columns.map((column) => (
                <Cell key={column.key} value={table.totals?.[column.key]} kind={column.kind} />
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
