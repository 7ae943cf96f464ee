import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

describe('territories', () => {
  const server = useTestServer();
  let admin: Session;
  let worker: Session;

  beforeAll(async () => {
    admin = await server.login('admin');
    worker = await server.login('worker');
  });

  const csvImport = (csv: string, dryRun: boolean, district = '1722210') =>
    server.as(admin, {
      method: 'POST',
      url: `/api/territories/mahallas/import?district=${district}&dryRun=${dryRun}`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
  const mahallasOf = async (district: string) =>
    (await server.as(admin, { method: 'GET', url: `/api/territories/mahallas?district=${district}` })).json() as {
      code: string;
      name: { uz_latn: string; uz_cyrl: string };
    }[];

  it('has the 14 regions and 206 districts with names in every script', async () => {
    const regions = (await server.as(worker, { method: 'GET', url: '/api/territories/regions' })).json();
    expect(regions).toHaveLength(14);
    expect(regions.find((r: { code: string }) => r.code === '1722').name).toMatchObject({
      uz_latn: 'Surxondaryo viloyati',
      uz_cyrl: 'Сурхондарё вилояти',
      ru: 'Сурхандарьинская область',
      en: 'Surkhandarya Region',
    });
    expect((await server.as(worker, { method: 'GET', url: '/api/territories/districts' })).json()).toHaveLength(206);
    const surxondaryo = (await server.as(worker, { method: 'GET', url: '/api/territories/districts?region=1722' })).json();
    expect(surxondaryo.every((d: { regionCode: string }) => d.regionCode === '1722')).toBe(true);
    expect(surxondaryo.find((d: { code: string }) => d.code === '1722226').name.uz_cyrl).toBe('Шўрчи тумани');
  });

  it('asks for a district when listing mahallas', async () => {
    const response = await server.as(worker, { method: 'GET', url: '/api/territories/mahallas' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].path).toBe('district');
  });

  it('adds and renames a mahalla, keyed by code', async () => {
    const created = await server.as(admin, {
      method: 'POST',
      url: '/api/territories/mahallas',
      payload: { code: '1722226-010', districtCode: '1722226', name: { uz_latn: 'Oqoltin', uz_cyrl: 'Оқолтин' } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: '1722226-010', regionCode: '1722', version: 1 });
    const again = await server.as(admin, {
      method: 'POST',
      url: '/api/territories/mahallas',
      payload: { code: '1722226-010', districtCode: '1722226', name: { uz_latn: 'Boshqa' } },
    });
    expect(again.json().error.fields).toEqual([expect.objectContaining({ path: 'code', code: 'code_taken' })]);
    const renamed = await server.as(admin, {
      method: 'PATCH',
      url: `/api/territories/mahallas/${created.json().id}`,
      payload: { version: 1, name: { uz_latn: 'Oqoltin-2', uz_cyrl: 'Оқолтин-2' } },
    });
    expect(renamed.json()).toMatchObject({ version: 2, name: { uz_latn: 'Oqoltin-2' } });
  });

  it('lets only one of two simultaneous creates with the same code through, refusing the other without a server error', async () => {
    const create = (name: string) =>
      server.as(admin, {
        method: 'POST',
        url: '/api/territories/mahallas',
        payload: { code: '1722226-011', districtCode: '1722226', name: { uz_latn: name } },
      });
    const replies = await Promise.all([create('Birinchi'), create('Ikkinchi')]);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([201, expect.toSatisfy((s: number) => s === 400 || s === 409)]);
    const refused = replies.find((r) => r.statusCode !== 201);
    if (refused?.statusCode === 400)
      expect(refused.json().error.fields).toEqual([expect.objectContaining({ path: 'code', code: 'code_taken' })]);
    expect((await mahallasOf('1722226')).filter((m) => m.code === '1722226-011')).toHaveLength(1);
  });

  it('checks a CSV import row by row, writes nothing while any row is wrong, then imports all of it', async () => {
    const before = await mahallasOf('1722210');
    const bad = [
      'code,name_uz_latn,name_uz_cyrl,name_ru,name_en',
      '1722210-101,Bogʻbon,Боғбон,Богбон,Bogbon',
      '1722210-102,,Ёшлик,,',
      '1722226-001,Navbahor,,,',
      'bad code!,Tinchlik,,,',
    ].join('\n');
    const dry = await csvImport(bad, true);
    expect(dry.statusCode).toBe(400);
    const paths = dry.json().error.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`);
    expect(paths.sort()).toEqual(['rows.3.name_uz_latn:required', 'rows.4.code:code_taken', 'rows.5.code:mahalla_code']);
    expect((await csvImport(bad, false)).statusCode).toBe(400);
    expect(await mahallasOf('1722210')).toEqual(before);

    const good =
      '\uFEFFcode,name_uz_latn,name_uz_cyrl\r\n1722210-101,Bogʻbon,Боғбон\r\n1722210-102,Yoshlik,Ёшлик\r\n1722210-001,Doʻstlik-1,Дўстлик-1\r\n';
    const check = await csvImport(good, true);
    expect(check.json()).toEqual({ dryRun: true, created: 2, updated: 1 });
    expect(await mahallasOf('1722210')).toEqual(before);
    const done = await csvImport(good, false);
    expect(done.json()).toEqual({ dryRun: false, created: 2, updated: 1 });
    const after = await mahallasOf('1722210');
    expect(after).toHaveLength(before.length + 2);
    expect(after.find((m) => m.code === '1722210-001')?.name.uz_cyrl).toBe('Дўстлик-1');
    const events = await server.db.selectFrom('audit_events').select('details').where('action', '=', 'mahalla.import').execute();
    expect(events.map((e) => e.details)).toEqual([{ districtCode: '1722210', created: 2, updated: 1 }]);
  });

  it('names the expected columns when the header is wrong, and refuses other media types', async () => {
    const response = await csvImport('kod;nomi\n1;A\n', true);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0]).toMatchObject({ path: 'file', code: 'csv_header' });
    expect(response.json().error.fields[0].message).toContain('code,name_uz_latn,name_uz_cyrl,name_ru,name_en');
    const xml = await server.as(admin, {
      method: 'POST',
      url: '/api/territories/mahallas/import?district=1722210',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
  });
});
