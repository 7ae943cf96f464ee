import type { ReactNode } from 'react';
import { useFormat } from './format.ts';

type Props = {
  caption: string;
  /** The header of each column: what is counted, then the counts. */
  headings: string[];
  rows: { key: string; label: ReactNode; counts: number[] }[];
  testId?: string;
};

/** Counts by one or more categories as a plain table: the table view of a dashboard chart. */
export function CountTable({ caption, headings, rows, testId }: Props) {
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table className="table figure-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headings.map((heading, index) => (
              <th key={heading} scope="col" className={index > 0 ? 'figure-table__number' : undefined}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">{row.label}</th>
              {row.counts.map((count, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: one cell per column, in column order
                <td key={index} className="figure-table__number">
                  {format.count(count)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
