import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

type Names = { uz_latn: string; uz_cyrl: string; ru: string; en: string; kaa: string | null };
type Organisation = { id: string; name: string; names: Names; version: number };
type Service = { id: string; name: string; names: Names; organisation: { name: string; names: Names }; version: number };

const CYRILLIC = /^[^A-Za-z]*[\u0400-\u04FF][^A-Za-z]*$/u;

describe('names of organisations and services in every script', () => {
  const server = useTestServer();
  let admin: Session;
  let worker: Session;

  beforeAll(async () => {
    [admin, worker] = [await server.login('admin'), await server.login('worker')];
  });

  it('the demo directory names every organisation and service in Uzbek Cyrillic, Russian and English', async () => {
    const organisations = (await server.as(worker, { method: 'GET', url: '/api/organisations?limit=200' })).json().items as Organisation[];
    const services = (await server.as(worker, { method: 'GET', url: '/api/services?limit=200' })).json().items as Service[];
    expect(organisations.length).toBeGreaterThan(5);
    expect(services.length).toBeGreaterThan(5);
    for (const named of [...organisations, ...services, ...services.map((service) => service.organisation)]) {
      expect(named.names.uz_latn).toBe(named.name);
      expect(named.names.uz_cyrl, named.name).toMatch(CYRILLIC);
      expect(named.names.ru, named.name).toMatch(/[\u0400-\u04FF]/u);
      expect(named.names.en, named.name).toMatch(/^[\x20-\x7E’«»]+$/u);
    }
    const inson = organisations.find((organisation) => organisation.name === 'Shoʻrchi tumani «Inson» ijtimoiy xizmatlar markazi');
    expect(inson?.names.uz_cyrl).toBe('Шўрчи тумани «Инсон» ижтимоий хизматлар маркази');
  });

  it('a referral names its organisations and service in every script too', async () => {
    const outbox = (await server.as(worker, { method: 'GET', url: '/api/referrals?box=outbox&limit=200' })).json().items as {
      toOrganisation: { name: string; names: Names };
      fromOrganisation: { name: string; names: Names };
      service: { name: string; names: Names } | null;
    }[];
    expect(outbox.length).toBeGreaterThan(0);
    for (const referral of outbox) {
      for (const named of [referral.toOrganisation, referral.fromOrganisation, ...(referral.service ? [referral.service] : [])]) {
        expect(named.names.uz_latn).toBe(named.name);
        expect(named.names.uz_cyrl, named.name).toMatch(CYRILLIC);
      }
    }
  });

  it('stores the names an administrator gives, replaces them all on a change, and leaves unknown ones empty', async () => {
    const created = await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      payload: {
        name: 'Shoʻrchi tumani 5-maktab',
        names: { uz_cyrl: 'Шўрчи тумани 5-мактаб', ru: 'Школа № 5 Шурчинского района' },
        kind: 'school',
        districtCode: '1722226',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const organisation = created.json() as Organisation;
    expect(organisation.names).toEqual({
      uz_latn: 'Shoʻrchi tumani 5-maktab',
      uz_cyrl: 'Шўрчи тумани 5-мактаб',
      ru: 'Школа № 5 Шурчинского района',
      en: '',
      kaa: null,
    });
    const changed = await server.as(admin, {
      method: 'PATCH',
      url: `/api/organisations/${organisation.id}`,
      payload: { version: organisation.version, names: { en: 'School No. 5', kaa: 'Shorshı rayonı 5-mektep' } },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().names).toEqual({
      uz_latn: 'Shoʻrchi tumani 5-maktab',
      uz_cyrl: '',
      ru: '',
      en: 'School No. 5',
      kaa: 'Shorshı rayonı 5-mektep',
    });

    const service = await server.as(admin, {
      method: 'POST',
      url: '/api/services',
      payload: {
        organisationId: organisation.id,
        name: 'Toʻgarak mashgʻulotlari',
        names: { uz_cyrl: 'Тўгарак машғулотлари', ru: 'Кружковые занятия', en: 'Hobby clubs' },
        category: 'education',
      },
    });
    expect(service.statusCode, service.body).toBe(201);
    expect(service.json()).toMatchObject({
      names: { uz_latn: 'Toʻgarak mashgʻulotlari', uz_cyrl: 'Тўгарак машғулотлари', ru: 'Кружковые занятия', en: 'Hobby clubs', kaa: null },
      organisation: { names: { en: 'School No. 5' } },
    });
  });

  it('refuses a name in another script that is too long or not one line, field by field', async () => {
    const response = await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      payload: { name: 'Nomli tashkilot', names: { ru: 'x'.repeat(301), en: 'two\nlines' }, kind: 'other', districtCode: '1722226' },
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.fields.map((field: { path: string }) => field.path)
        .sort(),
    ).toEqual(['names.en', 'names.ru']);
  });

  it('finds a service by its name in whichever script the worker types', async () => {
    for (const q of ['Психолог', 'Консультация психолога', 'counselling', 'Psixolog']) {
      const found = (await server.as(worker, { method: 'GET', url: `/api/services?q=${encodeURIComponent(q)}` })).json().items as Service[];
      expect(
        found.map((service) => service.name),
        q,
      ).toContain('Psixolog maslahati');
    }
  });
});
