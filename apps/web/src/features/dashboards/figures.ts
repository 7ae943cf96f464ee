import { type CellOut, type ReportTableOut, SMALL_CELL, WITHHELD_CELL } from '@hamkor/domain';

/** What a chart draws: category labels, one or more series of values (a gap where a figure is hidden). */
export type ChartSpec = {
  type: 'bar' | 'doughnut' | 'line';
  labels: string[];
  series: { label: string; values: (number | null)[] }[];
  /** One colour per series; for a doughnut, one per label. */
  colours?: string[];
  stacked?: boolean;
  horizontal?: boolean;
};

/** Risk in the colours the case badges use: green, amber, red, dark red; grey for not assessed. */
export const RISK_COLOURS: Record<string, string> = {
  low: '#2e7d32',
  medium: '#d4a017',
  high: '#c62828',
  critical: '#6d0f0f',
  none: '#8a96a1',
  not_assessed: '#8a96a1',
};

/** A figure as a chart can draw it: hidden and missing figures leave a gap rather than a false zero. */
export const plotted = (cell: CellOut | undefined): number | null => (typeof cell === 'number' ? cell : null);

export const isHidden = (cell: CellOut | undefined): boolean => cell === SMALL_CELL || cell === WITHHELD_CELL;

/** A report's totals row as one series over its columns (leaving out a `total` column). */
export function totalsChart(table: ReportTableOut, type: ChartSpec['type'], label: string, colours?: Record<string, string>): ChartSpec {
  const columns = table.columns.filter((column) => column.key !== 'total');
  return {
    type,
    labels: columns.map((column) => column.label),
    series: [{ label, values: columns.map((column) => plotted(table.totals?.[column.key])) }],
    ...(colours ? { colours: columns.map((column) => colours[column.key] ?? '#8a96a1') } : {}),
  };
}

/** A report's rows as categories, one series per chosen column. */
export function rowsChart(table: ReportTableOut, columnKeys: readonly string[], options: Partial<ChartSpec> = {}): ChartSpec {
  const columns = table.columns.filter((column) => columnKeys.includes(column.key));
  return {
    type: 'bar',
    labels: table.rows.map((row) => row.label),
    series: columns.map((column) => ({ label: column.label, values: table.rows.map((row) => plotted(row.cells[column.key])) })),
    ...options,
  };
}

/** Whether a chart has anything to draw: at least one figure above zero that is not hidden. */
export const drawable = (spec: ChartSpec): boolean =>
  spec.series.some((series) => series.values.some((value) => value !== null && value > 0));
