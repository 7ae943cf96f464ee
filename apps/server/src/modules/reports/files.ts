import type { CellOut, ReportOut } from '@hamkor/domain';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type ReportFile = { name: string; contentType: string; data: Buffer };

/**
 * A text that a spreadsheet would take for a formula (= + - @, or a tab or carriage return in front) is
 * written with a leading apostrophe, so that opening an export never runs anything; the same rule as
 * csv-stringify's `escape_formulas`, which the CSV uses.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const cellValue = (cell: CellOut | undefined): string | number => (cell === null || cell === undefined ? '' : cell);

/** The table as rows of values: the header, a row per group, the totals. */
function tableRows(report: ReportOut, t: (key: string) => string): (string | number)[][] {
  const header = [t(`reports.groupings.${report.groupBy}`), ...report.columns.map((column) => column.label)];
  const body = report.rows.map((row) => [row.label, ...report.columns.map((column) => cellValue(row.cells[column.key]))]);
  const totals = report.totals ? [[t('reports.total'), ...report.columns.map((column) => cellValue(report.totals?.[column.key]))]] : [];
  return [header, ...body, ...totals];
}

/** A file name from the report's name and period: plain ASCII, so every browser keeps it. */
function fileName(report: ReportOut, extension: string): string {
  return `hamkor-${report.name}-${report.territory.code ?? 'all'}-${report.from}-${report.to}.${extension}`;
}

/** Lines saying what the figures cover, that counts are perturbed (aggregate-only readers) and small ones hidden. */
function captions(report: ReportOut, t: (key: string, options?: Record<string, unknown>) => string): string[] {
  return [
    t('reports.caption', { territory: report.territory.name, from: report.from, to: report.to }),
    ...(report.privacy ? [t('reports.perturbationNote')] : []),
    ...(report.suppressed ? [t('reports.suppressionNote')] : []),
  ];
}

/** CSV in UTF-8 with a byte order mark (Excel then reads Oʻ and Қ right): the table, header first. */
export function reportCsv(report: ReportOut, t: (key: string) => string): ReportFile {
  // escape_formulas: a leading = + - @ tab or carriage return gets an apostrophe in front.
  const text = stringify(tableRows(report, t), { record_delimiter: '\r\n', escape_formulas: true });
  return { name: fileName(report, 'csv'), contentType: 'text/csv; charset=utf-8', data: Buffer.from(`\uFEFF${text}`, 'utf8') };
}

/** XLSX: the title, what it covers, then the table with its header row, frozen below the header. */
export async function reportXlsx(report: ReportOut, t: (key: string, options?: Record<string, unknown>) => string): Promise<ReportFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(report.generatedAt);
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(report.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || report.name);
  sheet.addRow([safeText(report.title)]).font = { bold: true, size: 14 };
  for (const line of captions(report, t)) sheet.addRow([safeText(line)]);
  sheet.addRow([]);
  const [header, ...rest] = tableRows(report, t);
  const headerRow = sheet.addRow((header ?? []).map((value) => (typeof value === 'string' ? safeText(value) : value)));
  headerRow.font = { bold: true };
  for (const row of rest) sheet.addRow(row.map((value) => (typeof value === 'string' ? safeText(value) : value)));
  const last = sheet.lastRow;
  if (report.totals && last) last.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
  sheet.getColumn(1).width = 36;
  for (let i = 2; i <= report.columns.length + 1; i++) sheet.getColumn(i).width = 16;
  return { name: fileName(report, 'xlsx'), contentType: XLSX_TYPE, data: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
