import { readFile } from 'node:fs/promises';
import { schemas } from '@hamkor/domain';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { XLSX_MEDIA_TYPE } from './upload.ts';

type Column = schemas.ImportColumnName;
type Row = Partial<Record<Column, string>>;

const SURNAMES = ['Aliyev', 'Saidov', 'Rasulov', 'Hakimov', 'Nazarov', 'Ismoilov', 'Qosimov', 'Mamatov', 'Sharipov', 'Olimov'];
const SONS = ['Aziz', 'Bekzod', 'Sardor', 'Jasur', 'Otabek', 'Farrux', 'Sherzod', 'Islom'];
const DAUGHTERS = ['Malika', 'Madina', 'Sevara', 'Nigora', 'Zarina', 'Feruza', 'Gulnoza', 'Shahlo'];

/** Household i: a mother and three children; the family columns are filled on the mother's row only. */
function household(i: number): Row[] {
  const surname = SURNAMES[i % SURNAMES.length] as string;
  const child = (j: number): Row => ({
    family_ref: `F${i}`,
    surname: j % 2 ? `${surname}a` : surname,
    given_name: (j % 2 ? DAUGHTERS : SONS)[(i + j) % 8] as string,
    patronymic: j % 2 ? 'Anvar qizi' : 'Anvar oʻgʻli',
    birth_date: `${2008 + j * 4}-0${1 + (i % 9)}-1${i % 10}`,
    sex: j % 2 ? 'female' : 'male',
    relationship: 'child',
  });
  return [
    {
      family_ref: `F${i}`,
      district_code: '1722226',
      mahalla_code: `1722226-00${1 + (i % 4)}`,
      address: `Sinov MFY, ${i}-uy`,
      phone: '+998 90 123 45 67',
      identification_source: 'school',
      surname: `${surname}a`,
      given_name: DAUGHTERS[i % 8] as string,
      patronymic: 'Rustam qizi',
      birth_date: `${1975 + (i % 15)}-05-0${1 + (i % 9)}`,
      sex: 'female',
      relationship: 'head',
    },
    child(1),
    child(2),
    child(3),
  ];
}

const households = (count: number, from = 0) => Array.from({ length: count }, (_, i) => household(from + i)).flat();

const quote = (cell: string) => (/[",\n;]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const toCsv = (rows: Row[], delimiter = ',') =>
  [
    schemas.IMPORT_COLUMN_NAMES.join(delimiter),
    ...rows.map((row) => schemas.IMPORT_COLUMN_NAMES.map((c) => quote(row[c] ?? '')).join(delimiter)),
  ].join('\r\n');

/** The ten bad cells: data row index, the change, and the problem expected at (row, column). */
const BAD: [number, Row, Column, string][] = [
  [0, { district_code: '1799999' }, 'district_code', 'unknown_district'],
  [41, { birth_date: '2999-01-01' }, 'birth_date', 'birth_date_future'],
  [100, { mahalla_code: '1722226-999' }, 'mahalla_code', 'unknown_mahalla'],
  [203, { pinfl: '1234567890123' }, 'pinfl', 'pinfl_format'],
  [350, { surname: '' }, 'surname', 'required'],
  [404, { identification_source: 'radio' }, 'identification_source', 'choice'],
  [555, { sex: 'x' }, 'sex', 'choice'],
  [613, { relationship: 'cousin' }, 'relationship', 'choice'],
  [777, { whereabouts: 'abroad', abroad_country: 'RU', sends_support: 'maybe' }, 'sends_support', 'yes_no'],
  [999, { birth_date: '31.02.2015' }, 'birth_date', 'date'],
];

function multipart(fileName: string, contentType: string, data: Buffer) {
  const boundary = '----hamkor-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

describe('family import', () => {
  const server = useTestServer();
  let supervisor: Session;

  const count = async (table: 'families' | 'persons') =>
    Number(
      (
        await server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({ families: await count('families'), persons: await count('persons') });
  const upload = (csv: string, dryRun: boolean) =>
    server.as(supervisor, {
      method: 'POST',
      url: `/api/imports/families?dryRun=${dryRun}`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });

  beforeAll(async () => {
    supervisor = await server.login('supervisor');
  });

  it('reports exactly the ten bad cells of a 1 000-row file by row and column in a dry run, and writes nothing', async () => {
    const rows = households(250);
    for (const [index, change] of BAD) Object.assign(rows[index] as Row, change);
    const before = await counts();
    const response = await upload(toCsv(rows), true);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ dryRun: true, importId: null, rows: 1000, families: 250, persons: 1000 });
    expect(report.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual(
      BAD.map(([index, , column, code]) => [index + 2, column, code]),
    );
    expect(report.errors[1].message).toBe('Tugʻilgan sana kelajakda boʻlishi mumkin emas.');
    expect(await counts()).toEqual(before);
    const audit = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'import.dry_run')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ rows: 1000, errors: 10 });

    const confirmed = await upload(toCsv(rows), false);
    expect(confirmed.statusCode).toBe(400);
    expect(confirmed.json().error.code).toBe('import_invalid');
    expect(confirmed.json().error.fields).toHaveLength(10);
    expect(confirmed.json().error.fields[0]).toEqual({
      path: 'rows.2.district_code',
      code: 'unknown_district',
      message: 'Bunday tuman yoʻq.',
    });
    expect(await counts()).toEqual(before);
  });

  it('answers in the user’s language', async () => {
    const russian = await server.login('supervisor');
    await server.as(russian, { method: 'PATCH', url: '/api/me', payload: { locale: 'ru' } });
    const rows = households(1);
    Object.assign(rows[1] as Row, { birth_date: '2999-01-01' });
    const response = await server.as(russian, {
      method: 'POST',
      url: '/api/imports/families?dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: toCsv(rows),
    });
    expect(response.json().errors).toEqual([
      { row: 3, column: 'birth_date', code: 'birth_date_future', message: 'Дата рождения не может быть в будущем.' },
    ]);
    await server.as(russian, { method: 'PATCH', url: '/api/me', payload: { locale: 'uz-Latn' } });
  });

  it('writes a clean file in one go, every family tagged with the import, and flags people already registered', async () => {
    const before = await counts();
    const rows = households(50, 1000);
    Object.assign(rows[0] as Row, { surname: 'Tursunova', given_name: 'Gulnora', patronymic: 'Baxtiyor qizi', birth_date: '12.06.1989' });
    const response = await upload(toCsv(rows, ';'), false);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ dryRun: false, rows: 200, families: 50, persons: 200, errors: [] });
    expect(report.importId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(report.duplicates[0]).toMatchObject({
      row: 2,
      candidates: [{ surname: 'Tursunova', reasons: ['name_same_key', 'birth_date_equal', 'same_district'] }],
    });
    expect(await counts()).toEqual({ families: before.families + 50, persons: before.persons + 200 });
    const tagged = await server.db.selectFrom('families').select('id').where('import_id', '=', report.importId).execute();
    expect(tagged).toHaveLength(50);
    const audit = await server.db.selectFrom('audit_events').selectAll().where('entity_id', '=', report.importId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'import.families',
      entity_type: 'import',
      details: { rows: 200, families: 50, persons: 200, duplicates: 1 },
    });
    const family = await server.db.selectFrom('families').selectAll().where('import_id', '=', report.importId).executeTakeFirstOrThrow();
    expect(family).toMatchObject({ organisation_id: supervisor.organisationId, created_by: supervisor.userId, phones: ['+998901234567'] });
  });

  it('finds the true duplicate of a common name among hundreds of registered namesakes born the same year', async () => {
    const namesake = (i: number, patronymic: string, birthDate: string): Row => ({
      family_ref: `N${i}`,
      district_code: '1722226',
      mahalla_code: '1722226-001',
      address: `Sinov MFY, ${i}-uy`,
      identification_source: 'school',
      surname: 'Xolmatov',
      given_name: 'Ulugʻbek',
      patronymic,
      birth_date: birthDate,
      sex: 'male',
      relationship: 'head',
    });
    const day = (i: number) => `${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + Math.floor(i / 28)).padStart(2, '0')}.1990`;
    // 250 namesakes born in 1990 on other days (never 15 July), then the person himself, registered last.
    const others = Array.from({ length: 250 }, (_, i) => namesake(i, 'Anvar oʻgʻli', day(i >= 182 ? i + 1 : i)));
    const registered = await upload(toCsv([...others, namesake(250, 'Botir oʻgʻli', '15.07.1990')]), false);
    expect(registered.statusCode, registered.body).toBe(200);

    // The same name typed in Cyrillic, among rows that each have hundreds of namesakes to weigh.
    const probes = Array.from({ length: 300 }, (_, i) => namesake(1000 + i, 'Anvar oʻgʻli', day(i % 250)));
    Object.assign(probes[7] as Row, { surname: 'Холматов', given_name: 'Улуғбек', patronymic: 'Ботир ўғли', birth_date: '15.07.1990' });
    const started = Date.now();
    const response = await upload(toCsv(probes), true);
    expect(response.statusCode, response.body).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    const duplicates = response.json().duplicates as {
      row: number;
      candidates: { patronymic: string; birthDate: string; reasons: string[] }[];
    }[];
    expect(duplicates).toHaveLength(300);
    expect(duplicates.find((duplicate) => duplicate.row === 9)?.candidates[0]).toMatchObject({
      patronymic: 'Botir oʻgʻli',
      birthDate: '1990-07-15',
      reasons: ['name_same_key', 'birth_date_equal', 'same_district'],
    });
    // Namesakes born on another day of the same year are different people to the scorer, whoever comes first.
    for (const { candidates } of duplicates) for (const candidate of candidates) expect(candidate.reasons).toContain('birth_date_equal');
  });

  it('tells of rows matching someone outside the importer’s reach one capped count for the file, never which rows or where', async () => {
    // Нарматов Сардор (2012) is registered in Denov, outside the Shoʻrchi supervisor's reach.
    const rows = households(30, 3000);
    for (let i = 0; i < 30; i++)
      Object.assign(rows[i * 4 + 2] as Row, { surname: 'Narmatov', given_name: 'Sardor', birth_date: `0${1 + (i % 9)}.03.2012` });
    const response = await upload(toCsv(rows), true);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.outsideReach).toEqual({ rows: 20, more: true, resolvedBy: 'system_admin' });
    expect(report.duplicates.filter((d: { row: number }) => (d.row - 4) % 4 === 0)).toEqual([]);
    expect(response.body).not.toContain('1722210');
    const audit = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'import.dry_run')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ rows: 120, outOfScope: 30 });
    const few = await upload(toCsv(rows.slice(0, 8)), true);
    expect(few.json().outsideReach).toEqual({ rows: 2, more: false, resolvedBy: 'system_admin' });
    expect((await upload(toCsv(households(1, 3100)), true)).json().outsideReach).toBeNull();
  });

  it('stores formula-like cells as the text typed, never evaluated', async () => {
    const rows = households(1, 2000);
    Object.assign(rows[0] as Row, { address: '=1+2', family_notes: '@SUM(A1:A9)' });
    Object.assign(rows[1] as Row, { patronymic: '' });
    const response = await upload(toCsv(rows), false);
    expect(response.statusCode).toBe(200);
    const family = await server.db
      .selectFrom('families')
      .selectAll()
      .where('import_id', '=', response.json().importId)
      .executeTakeFirstOrThrow();
    expect(family).toMatchObject({ address: '=1+2', notes: '@SUM(A1:A9)' });
  });

  it('imports an XLSX workbook sent as a form upload, keeping a formula as its text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('families');
    sheet.addRow([...schemas.IMPORT_COLUMN_NAMES]);
    const values = (row: Row) => schemas.IMPORT_COLUMN_NAMES.map((column) => row[column] ?? null);
    const [mother, son] = households(1, 3000) as [Row, Row];
    const motherCells: ExcelJS.CellValue[] = values(mother);
    motherCells[schemas.IMPORT_COLUMN_NAMES.indexOf('address')] = {
      formula: 'HYPERLINK("http://example.invalid","Navbahor")',
      result: 'Navbahor',
    };
    motherCells[schemas.IMPORT_COLUMN_NAMES.indexOf('birth_date')] = new Date(Date.UTC(1984, 2, 9));
    motherCells[schemas.IMPORT_COLUMN_NAMES.indexOf('pinfl')] = 40903840260011;
    motherCells[schemas.IMPORT_COLUMN_NAMES.indexOf('phone')] = 998901234567;
    sheet.addRow(motherCells);
    sheet.addRow(values(son));
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await server.as(supervisor, {
      method: 'POST',
      url: '/api/imports/families',
      ...multipart('register.xlsx', XLSX_MEDIA_TYPE, data),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ families: 1, persons: 2, errors: [] });
    const importId = response.json().importId;
    const family = await server.db.selectFrom('families').selectAll().where('import_id', '=', importId).executeTakeFirstOrThrow();
    expect(family).toMatchObject({ address: '=HYPERLINK("http://example.invalid","Navbahor")', phones: ['+998901234567'] });
    const head = await server.db
      .selectFrom('persons')
      .selectAll()
      .where('family_id', '=', family.id)
      .where('relationship', '=', 'head')
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({ birth_date: '1984-03-09', pinfl: '40903840260011' });
  });

  it('refuses a text file named .xlsx, and a binary file sent as CSV, with the field "file"', async () => {
    const before = await counts();
    const text = Buffer.from(toCsv(households(1)));
    const named = await server.as(supervisor, {
      method: 'POST',
      url: '/api/imports/families',
      ...multipart('register.xlsx', XLSX_MEDIA_TYPE, text),
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.fields).toEqual([{ path: 'file', code: 'file_not_xlsx', message: expect.any(String) }]);
    const raw = await server.as(supervisor, {
      method: 'POST',
      url: '/api/imports/families',
      headers: { 'content-type': XLSX_MEDIA_TYPE },
      payload: text,
    });
    expect(raw.json().error.fields[0].code).toBe('file_not_xlsx');
    const binary = await server.as(supervisor, {
      method: 'POST',
      url: '/api/imports/families',
      ...multipart('register.csv', 'text/csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 1])),
    });
    expect(binary.json().error.fields[0].code).toBe('file_not_csv');
    const headerless = await upload('name,surname\nAli,Valiyev\n', true);
    expect(headerless.json().error.fields[0]).toMatchObject({ path: 'file', code: 'import_header' });
    expect(await counts()).toEqual(before);
  });

  it('answers a file over 50 MB with 413, sent raw or as a form', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024 + 1, 'a');
    const raw = await server.as(supervisor, {
      method: 'POST',
      url: '/api/imports/families',
      headers: { 'content-type': 'text/csv' },
      payload: huge,
    });
    expect(raw.statusCode).toBe(413);
    expect(raw.json().error.code).toBe('payload_too_large');
    const form = await server.as(supervisor, { method: 'POST', url: '/api/imports/families', ...multipart('big.csv', 'text/csv', huge) });
    expect(form.statusCode).toBe(413);
    expect(form.json().error.code).toBe('payload_too_large');
  });

  it('accepts the example of docs/import-template.md as it stands', async () => {
    const doc = await readFile(new URL('../../../../../docs/import-template.md', import.meta.url), 'utf8');
    const example = /```csv\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const report = (await upload(example, true)).json();
    expect(report).toMatchObject({ rows: 3, families: 1, errors: [] });
  });

  it('hands out the template as CSV and as XLSX', async () => {
    const csv = await server.as(supervisor, { method: 'GET', url: '/api/imports/families/template?format=csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace(/^\uFEFF/, '').trim()).toBe(schemas.IMPORT_COLUMN_NAMES.join(','));
    const xlsx = await server.as(supervisor, { method: 'GET', url: '/api/imports/families/template?format=xlsx' });
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="hamkor-families.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('families')?.getRow(1).values).toEqual([undefined, ...schemas.IMPORT_COLUMN_NAMES]);
    expect(workbook.getWorksheet('columns')?.rowCount).toBe(schemas.IMPORT_COLUMNS.length + 1);
  });
});
