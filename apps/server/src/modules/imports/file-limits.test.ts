import { constants, crc32, deflateRawSync } from 'node:zlib';
import { schemas } from '@hamkor/domain';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { FILE_LIMITS } from './read-file.ts';
import { XLSX_MEDIA_TYPE } from './upload.ts';

type Part = { name: string; deflated: Buffer; size: number; crc: number };

const part = (name: string, text: string): Part => {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
};

/** A ZIP archive of deflated parts, each declaring the size given (which may lie). */
function zip(parts: Part[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, deflated, size, crc } of parts) {
    const fileName = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(deflated.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(deflated.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, fileName, deflated);
    central.push(entry, fileName);
    offset += header.length + fileName.length + deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/**
 * A workbook whose shared strings unpack to about 1 GB from about 1 MB: one deflated megabyte of strings,
 * flushed so that it stands alone, repeated. `declared` is the size its directory claims for that part.
 */
function bomb(declared: 'honest' | 'lying'): Buffer {
  const unit = Buffer.from(`<si><t>${'A'.repeat(1000)}</t></si>`.repeat(1000));
  const repeats = 1000;
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">');
  const tail = Buffer.from('</sst>');
  const flushed = (data: Buffer) => deflateRawSync(data, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const block = flushed(unit);
  const deflated = Buffer.concat([flushed(head), ...Array.from({ length: repeats }, () => block), deflateRawSync(tail)]);
  const size = head.length + unit.length * repeats + tail.length;
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip([
    part(
      '[Content_Types].xml',
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    part(
      'xl/workbook.xml',
      `<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="families" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    { name: 'xl/sharedStrings.xml', deflated, size: declared === 'honest' ? size : 4096, crc: 0 },
    part('xl/worksheets/sheet1.xml', `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`),
  ]);
}

function multipart(fileName: string, type: string, data: Buffer) {
  const boundary = '----hamkorlimits';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const letters = (i: number) => String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26));

/** A workbook of the template's columns: `count` one-person families, and `extra` cells to the right if asked. */
async function register(count: number, extra?: { column: number; value: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('families');
  sheet.addRow([...schemas.IMPORT_COLUMN_NAMES]);
  const row: Partial<Record<schemas.ImportColumnName, string>> = {
    district_code: '1722226',
    address: 'Sinov MFY',
    identification_source: 'school',
    surname: 'Olimova',
    sex: 'female',
    relationship: 'head',
  };
  for (let i = 0; i < count; i++) {
    const cells = schemas.IMPORT_COLUMN_NAMES.map((column) =>
      column === 'family_ref' ? `L${i}` : column === 'given_name' ? `Malika${letters(i)}` : (row[column] ?? null),
    );
    sheet.addRow(cells);
  }
  if (extra) sheet.getRow(2).getCell(extra.column).value = extra.value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('bounds on what an import file may unpack to', () => {
  const server = useTestServer();
  let supervisor: Session;
  const send = (fileName: string, type: string, data: Buffer, query = '?dryRun=true') =>
    server.as(supervisor, { method: 'POST', url: `/api/imports/families${query}`, ...multipart(fileName, type, data) });

  beforeAll(async () => {
    supervisor = await server.login('supervisor');
  });

  it.each(['honest', 'lying'] as const)(
    'refuses a workbook bomb whose directory is %s with 413, quickly and without the memory it asks for',
    async (declared) => {
      const data = bomb(declared);
      expect(data.length).toBeLessThan(3 * 1024 * 1024);
      global.gc?.();
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const response = await send('register.xlsx', XLSX_MEDIA_TYPE, data);
      const grew = process.memoryUsage().rss - before;
      expect(response.statusCode, response.body).toBe(413);
      expect(response.json().error).toMatchObject({ code: 'workbook_too_large', message: expect.stringContaining('64 MB') });
      expect(grew).toBeLessThan(200 * 1024 * 1024);
      expect(Date.now() - started).toBeLessThan(10_000);
    },
  );

  it('refuses a workbook whose styles, held whole by the reader, unpack to more than their own limit', async () => {
    const xf = '<xf numFmtId="14"/>';
    const styles = part(
      'xl/styles.xml',
      `<styleSheet><cellXfs>${xf.repeat((FILE_LIMITS.heldPartBytes / xf.length) * 2)}</cellXfs></styleSheet>`,
    );
    for (const size of [styles.size, 2048]) {
      const response = await send('register.xlsx', XLSX_MEDIA_TYPE, zip([{ ...styles, size }]));
      expect(response.statusCode, response.body).toBe(413);
      expect(response.json().error).toMatchObject({ code: 'workbook_too_large', message: expect.stringContaining('8 MB') });
    }
  });

  it('refuses a CSV file of empty fields, and a row wider than the limit, with 413, before it fills memory', async () => {
    const header = schemas.IMPORT_COLUMN_NAMES.join(',');
    // Twice as many cells as allowed, in rows of 60 columns: 12 MB of commas.
    const row = `${','.repeat(59)}x\n`;
    const wide = Buffer.from(`${header}\n${row.repeat((2 * FILE_LIMITS.cells) / 60)}`);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const many = await send('register.csv', 'text/csv', wide);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(many.statusCode, many.body).toBe(413);
    expect(many.json().error).toMatchObject({ code: 'file_too_many_cells', message: expect.stringContaining(String(FILE_LIMITS.cells)) });

    const tooWide = await send('register.csv', 'text/csv', Buffer.from(`${header}\n${','.repeat(FILE_LIMITS.columns)}x\n`));
    expect(tooWide.statusCode, tooWide.body).toBe(413);
    expect(tooWide.json().error.message).toContain(String(FILE_LIMITS.columns));
  });

  it('refuses a workbook row with a value beyond the column limit', async () => {
    const response = await send('register.xlsx', XLSX_MEDIA_TYPE, await register(2, { column: 16_000, value: 'x' }));
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().error.code).toBe('file_too_many_cells');
  });

  it('still imports an ordinary workbook of 100 rows', async () => {
    const data = await register(100);
    const dryRun = await send('register.xlsx', XLSX_MEDIA_TYPE, data);
    expect(dryRun.statusCode, dryRun.body).toBe(200);
    expect(dryRun.json()).toMatchObject({ families: 100, persons: 100, errors: [] });
    const written = await send('register.xlsx', XLSX_MEDIA_TYPE, data, '');
    expect(written.statusCode, written.body).toBe(200);
    expect(written.json()).toMatchObject({ families: 100, persons: 100 });
  });
});
