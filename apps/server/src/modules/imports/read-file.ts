import { PassThrough } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { Invalid, schemas, TooLarge } from '@hamkor/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Unzip, UnzipInflate, unzipSync, Zip, ZipPassThrough } from 'fflate';
import pLimit from 'p-limit';

/** An uploaded file and what the sender says it is (file name extension or media type), if anything. */
export type Upload = { data: Buffer; declared: 'csv' | 'xlsx' | null };

/** The file as a table: the header, then each non-empty row with the number the spreadsheet shows for it. */
export type Sheet = { header: string[]; rows: { row: number; cells: string[] }[] };

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const fileProblem = (code: string, params?: Record<string, unknown>) => new Invalid([{ path: 'file', code, ...(params && { params }) }]);

const MB = 1024 * 1024;
/**
 * What a file may hold once unpacked. A workbook of the documented largest size (100 000 rows of the
 * template's 28 columns) unpacks to about 110 MB, 10 MB of it shared strings, and holds 2.8 million
 * cells; the limits leave more than twice that. Worksheets are read as a stream, but the workbook reader
 * keeps some parts whole: the shared strings (64 MB of short strings take about 220 MB of memory), and
 * the styles, the sheet list and its relationships (8 MB of styles take about 100 MB; a real workbook's
 * are a few kilobytes).
 */
export const FILE_LIMITS = {
  unpackedBytes: 256 * MB,
  sharedStringsBytes: 64 * MB,
  heldPartBytes: 8 * MB,
  parts: 1000,
  columns: 64,
  cells: schemas.MAX_IMPORT_ROWS * 60,
  /** Files read at once; more wait their turn, so that memory stays bounded however many are sent. */
  concurrentReads: 2,
};
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const HELD_PARTS = new Set(['xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
const partLimit = (name: string) =>
  name === SHARED_STRINGS ? FILE_LIMITS.sharedStringsBytes : HELD_PARTS.has(name) ? FILE_LIMITS.heldPartBytes : FILE_LIMITS.unpackedBytes;
const tooLarge = (bytes: number) => new TooLarge('workbook_too_large', { max: bytes / MB });
const tooManyParts = () => new TooLarge('workbook_too_many_parts', { max: FILE_LIMITS.parts });
const tooManyCells = () => new TooLarge('file_too_many_cells', { max: FILE_LIMITS.cells, columns: FILE_LIMITS.columns });

function occurrences(data: Buffer, byte: number): number {
  let count = 0;
  for (let at = data.indexOf(byte); at !== -1; at = data.indexOf(byte, at + 1)) count++;
  return count;
}

/** Counts the cells read, and refuses a row wider than the limit or a file with too many cells. */
function cellCounter() {
  let cells = 0;
  return (column: number) => {
    if (column > FILE_LIMITS.columns || ++cells > FILE_LIMITS.cells) throw tooManyCells();
  };
}

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
  const sheet = await reading(() => (actual === 'xlsx' ? readXlsx(upload.data) : readCsv(upload.data)));
  if (sheet.rows.length === 0) throw fileProblem('file_empty');
  return sheet;
}

const reading = pLimit(FILE_LIMITS.concurrentReads);

const tooManyRows = () => fileProblem('too_many_rows', { max: schemas.MAX_IMPORT_ROWS });

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
  const delimiter = delimiterOf(text);
  // Every cell but the first of the file follows a separator or a line break: counting those bounds the
  // cells before any is read, so that a file of empty fields is refused before it fills memory.
  const bytes = [delimiter, '\n', '\r'].map((character) => character.charCodeAt(0));
  if (bytes.reduce((cells, byte) => cells + occurrences(data, byte), 1) > FILE_LIMITS.cells) throw tooManyCells();
  const sheet: Sheet = { header: [], rows: [] };
  try {
    parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      // Records are numbered as a spreadsheet shows them: the header is row 1, blank rows keep their number.
      on_record: (cells: string[], { records }) => {
        if (cells.length > FILE_LIMITS.columns) throw tooManyCells();
        if (records === 1) sheet.header = cells;
        else if (!isBlank(cells)) sheet.rows.push({ row: records, cells });
        if (sheet.rows.length > schemas.MAX_IMPORT_ROWS) throw tooManyRows();
        return null;
      },
    });
  } catch (error) {
    if (error instanceof TooLarge || error instanceof Invalid) throw error;
    throw fileProblem('file_not_csv');
  }
  return sheet;
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

/** The parts the workbook reader needs before a worksheet, in the order it needs them. */
const WORKBOOK_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', SHARED_STRINGS, 'xl/styles.xml'] as const;
/** The worksheet parts the workbook reader recognises; the first of them in the archive is the one read. */
const WORKSHEET = /^xl\/worksheets\/sheet\d+[.]xml$/;
const NO_SHARED_STRINGS = new TextEncoder().encode(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * Unpacks what the workbook reader needs: the sheet list and its relationships, the shared strings, the styles
 * and the first worksheet, as chunks. A workbook that unpacks to more than the limits is refused first: the
 * sizes the archive's directory declares are checked; as they can lie, every part is then inflated and its
 * bytes counted as they come out, and the parts not needed thrown away: at most the limit is ever inflated.
 */
async function unpackWorkbook(data: Buffer): Promise<{ parts: Map<string, Uint8Array[]>; worksheet: string | null }> {
  let parts = 0;
  let declared = 0;
  try {
    unzipSync(data, {
      filter: (file) => {
        declared += file.originalSize;
        if (++parts > FILE_LIMITS.parts) throw tooManyParts();
        if (file.originalSize > partLimit(file.name)) throw tooLarge(partLimit(file.name));
        if (declared > FILE_LIMITS.unpackedBytes) throw tooLarge(FILE_LIMITS.unpackedBytes);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof TooLarge) throw error;
    throw fileProblem('file_not_xlsx');
  }

  let failure: Error | null = null;
  let total = 0;
  parts = 0;
  const kept = new Map<string, Uint8Array[]>();
  let worksheet: string | null = null;
  const unzip = new Unzip((file) => {
    if (++parts > FILE_LIMITS.parts) failure ??= tooManyParts();
    const limit = partLimit(file.name);
    if (!worksheet && WORKSHEET.test(file.name)) worksheet = file.name;
    const chunks: Uint8Array[] | null = (WORKBOOK_PARTS as readonly string[]).includes(file.name) || file.name === worksheet ? [] : null;
    if (chunks) kept.set(file.name, chunks);
    let size = 0;
    file.ondata = (error, chunk) => {
      if (error) failure ??= fileProblem('file_not_xlsx');
      size += chunk?.length ?? 0;
      total += chunk?.length ?? 0;
      if (size > limit) failure ??= tooLarge(limit);
      if (total > FILE_LIMITS.unpackedBytes) failure ??= tooLarge(FILE_LIMITS.unpackedBytes);
      if (failure) file.terminate();
      else if (chunks && chunk?.length) chunks.push(chunk);
    };
    if (!failure) file.start();
  });
  unzip.register(UnzipInflate);
  // Small steps (deflate inflates at most about 1 000 times its input), with a pause between them so
  // that other requests are answered meanwhile.
  const step = 16 * 1024;
  for (let offset = 0; offset < data.length && !failure; offset += step) {
    try {
      unzip.push(data.subarray(offset, offset + step), offset + step >= data.length);
    } catch {
      failure ??= fileProblem('file_not_xlsx');
    }
    await setImmediate();
  }
  if (failure) throw failure;
  return { parts: kept, worksheet };
}

const PIECE = 16 * 1024;

/**
 * The parts again as an archive, stored, in the order the workbook reader needs them: the sheet list, its
 * relationships, the shared strings (an empty list when the workbook has none) and the styles before the
 * worksheet, which comes last. The workbook reader (exceljs over unzipper) reads an archive as a stream of
 * parts and counts the stream as ended as soon as its input is: parts it had not yet taken were dropped at
 * random (the sheet list or the shared strings, which came after the worksheet in workbooks saved by Excel
 * and by exceljs), so a workbook read now and then as broken, or with its text cells empty. In this order
 * it reads the worksheet the moment it comes to it, and the input is ended only then (see readXlsx).
 */
function repack(parts: Map<string, Uint8Array[]>, worksheet: string): PassThrough {
  const input = new PassThrough();
  // Called as each part is pushed, before this returns; an error here is a mistake of this code, not of the file.
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    input.write(chunk);
  });
  for (const name of [...WORKBOOK_PARTS, worksheet]) {
    const chunks = parts.get(name) ?? (name === SHARED_STRINGS ? [NO_SHARED_STRINGS] : null);
    if (!chunks) continue;
    const file = new ZipPassThrough(name);
    zip.add(file);
    // In pieces of a stream's usual size (views, not copies): the reader parses each piece it is handed whole,
    // and inflated chunks of a megabyte and more made it three times slower.
    const pieces = chunks.flatMap((chunk) =>
      Array.from({ length: Math.ceil(chunk.length / PIECE) }, (_, i) => chunk.subarray(i * PIECE, (i + 1) * PIECE)),
    );
    if (pieces.length === 0) file.push(new Uint8Array(0), true);
    pieces.forEach((piece, index) => {
      file.push(piece, index === pieces.length - 1);
    });
  }
  zip.end();
  return input;
}

/** Reads the first worksheet as a stream, so a large workbook is never held as a whole object tree. */
async function readXlsx(data: Buffer): Promise<Sheet> {
  const { parts, worksheet } = await unpackWorkbook(data);
  if (!parts.has('xl/workbook.xml') || !parts.has('xl/_rels/workbook.xml.rels')) throw fileProblem('file_not_xlsx');
  if (!worksheet) throw fileProblem('file_empty');
  const count = cellCounter();
  const input = repack(parts, worksheet);
  parts.clear();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  // The input ends once the reader has come to the worksheet: every part it needs is taken by then. Should it
  // never come to it (a sheet list it cannot read), the input ends after a while, and the reader with it.
  const end = () => input.end();
  // (The reader is an event emitter; its types leave that out.)
  (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string }) => {
    if (entry.type === 'worksheet') end();
  });
  const fallback = setTimeout(end, 30_000);
  const sheet: Sheet = { header: [], rows: [] };
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        // The values are sparse (index = column): only the cells the file holds are visited.
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        count(1);
        values.forEach((value, column) => {
          count(column);
          cells[column - 1] = cellText(value);
        });
        const dense = Array.from(cells, (cell) => cell ?? '');
        if (row.number === 1) sheet.header = dense;
        else if (!isBlank(dense)) sheet.rows.push({ row: row.number, cells: dense });
        if (sheet.rows.length > schemas.MAX_IMPORT_ROWS) throw tooManyRows();
      }
      break;
    }
  } catch (error) {
    if (error instanceof TooLarge || error instanceof Invalid) throw error;
    throw fileProblem('file_not_xlsx');
  } finally {
    clearTimeout(fallback);
    input.destroy();
  }
  return sheet;
}
