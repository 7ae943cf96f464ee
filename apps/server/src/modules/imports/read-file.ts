import { Readable } from 'node:stream';
import { Invalid, schemas } from '@hamkor/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** An uploaded file and what the sender says it is (file name extension or media type), if anything. */
export type Upload = { data: Buffer; declared: 'csv' | 'xlsx' | null };

/** The file as a table: the header, then each non-empty row with the number the spreadsheet shows for it. */
export type Sheet = { header: string[]; rows: { row: number; cells: string[] }[] };

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const fileProblem = (code: string, params?: Record<string, unknown>) => new Invalid([{ path: 'file', code, ...(params && { params }) }]);

/** What the content really is: an XLSX workbook is a ZIP archive; CSV is text without NUL bytes. */
function sniff(data: Buffer): 'csv' | 'xlsx' | 'binary' {
  if (data.subarray(0, 4).equals(ZIP_SIGNATURE)) return 'xlsx';
  return data.subarray(0, 8192).includes(0) ? 'binary' : 'csv';
}

export async function readSheet(upload: Upload): Promise<Sheet> {
  if (upload.data.length === 0) throw fileProblem('file_empty');
  const actual = sniff(upload.data);
  if (upload.declared === 'xlsx' && actual !== 'xlsx') throw fileProblem('file_not_xlsx');
  if (actual !== 'xlsx' && actual !== 'csv') throw fileProblem('file_not_csv');
  if (upload.declared === 'csv' && actual !== 'csv') throw fileProblem('file_not_csv');
  const sheet = actual === 'xlsx' ? await readXlsx(upload.data) : readCsv(upload.data);
  if (sheet.rows.length === 0) throw fileProblem('file_empty');
  if (sheet.rows.length > schemas.MAX_IMPORT_ROWS) throw fileProblem('too_many_rows', { max: schemas.MAX_IMPORT_ROWS });
  return sheet;
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** Excel in Russian and Uzbek settings saves CSV with semicolons; the header row tells which. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') + 1 || undefined);
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function readCsv(data: Buffer): Sheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw fileProblem('file_encoding');
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: false });
  } catch {
    throw fileProblem('file_not_csv');
  }
  const [header = [], ...body] = records;
  // Records are numbered as a spreadsheet shows them: the header is row 1, blank rows keep their number.
  const rows = body.map((cells, index) => ({ row: index + 2, cells })).filter(({ cells }) => !isBlank(cells));
  return { header, rows };
}

/**
 * The text a cell shows. A formula is kept as its own text ("=SUM(A1)"), never its cached result, so
 * nothing a spreadsheet computed (or was made to compute) reaches the records.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value)
    return `=${(value as ExcelJS.CellFormulaValue).formula ?? (value as ExcelJS.CellSharedFormulaValue).sharedFormula}`;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

/** Reads the first worksheet as a stream, so a large workbook is never held as a whole object tree. */
async function readXlsx(data: Buffer): Promise<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  const sheet: Sheet = { header: [], rows: [] };
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[];
        const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, index) => cellText(values[index + 1]));
        if (row.number === 1) sheet.header = cells;
        else if (!isBlank(cells)) sheet.rows.push({ row: row.number, cells });
        if (sheet.rows.length > schemas.MAX_IMPORT_ROWS) break;
      }
      break;
    }
  } catch {
    throw fileProblem('file_not_xlsx');
  }
  return sheet;
}
