import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readSheet, type Sheet } from './read-file.ts';

const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const workbookXml = `<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="families" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const workbookRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** A workbook as exceljs writes it: the worksheets before the shared strings, the sheet list last. */
async function twoSheets(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const first = workbook.addWorksheet('families');
  first.addRow(['surname', 'given_name', 'birth_year']);
  first.addRow(['Tursunova', 'Sevara', 1987]);
  first.addRow(['Rasulov', 'Otabek', 2012]);
  workbook.addWorksheet('notes').addRow(['not', 'read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const shown = (sheet: Sheet) => [sheet.header, ...sheet.rows.map((row) => [row.row, ...row.cells])];
const expected = [
  ['surname', 'given_name', 'birth_year'],
  [2, 'Tursunova', 'Sevara', '1987'],
  [3, 'Rasulov', 'Otabek', '2012'],
];

describe('reading a workbook', () => {
  // The workbook reader takes an archive as a stream of parts. It used to count the stream as ended as soon as
  // its input was, and drop the parts it had not yet taken (the sheet list, the shared strings): a few reads in
  // a thousand of the same file failed, or came back with empty text cells.
  it('reads the first worksheet of a workbook written by exceljs the same way every time', async () => {
    const data = await twoSheets();
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const outcome = await readSheet({ data, declared: 'xlsx' }).then(
        (sheet) => JSON.stringify(shown(sheet)),
        (error: Error) => `refused: ${JSON.stringify((error as { fields?: unknown }).fields ?? error.message)}`,
      );
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ [JSON.stringify(expected)]: 1000 });
  });

  it('reads the parts in the order Excel stores them, and a workbook that has no shared strings', async () => {
    const parts = unzipSync(await twoSheets());
    // Excel's order: the sheet list first, then the worksheets, the styles and the shared strings.
    const excelOrder = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'];
    const rest = Object.keys(parts).filter((name) => !excelOrder.includes(name));
    const reordered = zipSync(Object.fromEntries([...excelOrder, ...rest].map((name) => [name, parts[name] as Uint8Array])));
    expect(shown(await readSheet({ data: Buffer.from(reordered), declared: 'xlsx' }))).toEqual(expected);

    // Text written in the cells themselves, as some programs save it: no shared strings part at all.
    const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheet = `<worksheet ${ns}><sheetData><row r="1">${inline('A1', 'surname')}${inline('B1', 'given_name')}</row><row r="2">${inline('A2', 'Karimova')}<c r="B2"><v>7</v></c></row></sheetData></worksheet>`;
    const withoutStrings = zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
      'xl/workbook.xml': strToU8(workbookXml),
      'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
    });
    expect(shown(await readSheet({ data: Buffer.from(withoutStrings), declared: 'xlsx' }))).toEqual([
      ['surname', 'given_name'],
      [2, 'Karimova', '7'],
    ]);
  });

  it('refuses an archive without a sheet list as not a workbook, and a workbook without a worksheet as empty', async () => {
    const parts = unzipSync(await twoSheets());
    const without = (...names: string[]) =>
      Buffer.from(zipSync(Object.fromEntries(Object.entries(parts).filter(([name]) => !names.includes(name)))));
    const refusal = async (data: Buffer) =>
      readSheet({ data, declared: 'xlsx' }).then(
        () => null,
        (error: { fields?: { code: string }[] }) => error.fields?.[0]?.code,
      );
    expect(await refusal(without('xl/workbook.xml'))).toBe('file_not_xlsx');
    expect(await refusal(without('xl/_rels/workbook.xml.rels'))).toBe('file_not_xlsx');
    expect(await refusal(without('xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'))).toBe('file_empty');
  });
});
