import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

describe('organisations', () => {
  const server = useTestServer();
  let admin: Session;

  beforeAll(async () => {
    admin = await server.login('admin');
  });

  const create = (payload: Record<string, unknown>, session: Session = admin) =>
    server.as(session, { method: 'POST', url: '/api/organisations', payload });

  it('creates an organisation in a district, serving its own district by default', async () => {
    const response = await create({
      name: 'Shoʻrchi tumani 3-son oilaviy poliklinikasi',
      kind: 'clinic',
      districtCode: '1722226',
      phone: '+998 76 221 30 30',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      kind: 'clinic',
      districtCode: '1722226',
      regionCode: '1722',
      territories: ['1722226'],
      phone: '+998762213030',
      version: 1,
    });
    const events = await server.db.selectFrom('audit_events').selectAll().where('entity_id', '=', response.json().id).execute();
    expect(events.map((e) => e.action)).toEqual(['organisation.create']);
  });

  it('rejects bad input field by field, in the language saved for the user, and writes nothing', async () => {
    const before = await server.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      headers: { 'accept-language': 'en' },
      payload: { name: '  ', kind: 'bank', districtCode: '17', phone: '12345' },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid_input');
    const byPath = Object.fromEntries(error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(Object.keys(byPath).sort()).toEqual(['districtCode', 'kind', 'name', 'phone']);
    // The saved preference (Uzbek Latin for the demo admin) wins over the browser's Accept-Language.
    expect(byPath.name).toBe('Toʻldirilishi shart.');
    expect(byPath.districtCode).toContain('7 raqam');
    const after = await server.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it('refuses a district that does not exist', async () => {
    const response = await create({ name: 'Nomaʼlum', kind: 'ngo', districtCode: '1799999' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([expect.objectContaining({ path: 'districtCode', code: 'unknown_district' })]);
  });

  it('updates with the version read, and answers 409 with the current record when it moved on', async () => {
    const created = (await create({ name: 'Yangi hayot NNT', kind: 'ngo', districtCode: '1722210' })).json();
    const first = await server.as(admin, {
      method: 'PATCH',
      url: `/api/organisations/${created.id}`,
      payload: { version: 1, territories: ['1722210', '1722226'] },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, territories: ['1722210', '1722226'] });
    const stale = await server.as(admin, {
      method: 'PATCH',
      url: `/api/organisations/${created.id}`,
      payload: { version: 1, name: 'Boshqa nom' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect(stale.json().current).toMatchObject({ id: created.id, version: 2, name: 'Yangi hayot NNT' });
    const stored = await server.db
      .selectFrom('organisations')
      .select(['name', 'version'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Yangi hayot NNT', version: 2 });
  });

  it('lists with a cursor and filters by a district served', async () => {
    const firstPage = (await server.as(admin, { method: 'GET', url: '/api/organisations?limit=3' })).json();
    expect(firstPage.items).toHaveLength(3);
    const secondPage = (await server.as(admin, { method: 'GET', url: `/api/organisations?limit=3&cursor=${firstPage.nextCursor}` })).json();
    const names = [...firstPage.items, ...secondPage.items].map((o: { name: string }) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort((a, b) => (a < b ? -1 : 1))).toEqual(names);
    const denov = (await server.as(admin, { method: 'GET', url: '/api/organisations?district=1722210&limit=200' })).json();
    for (const org of denov.items) expect(org.districtCode === '1722210' || org.territories.includes('1722210')).toBe(true);
    expect(denov.items.some((o: { kind: string }) => o.kind === 'ngo')).toBe(true);
    const bad = await server.as(admin, { method: 'GET', url: '/api/organisations?cursor=not-a-cursor' });
    expect(bad.statusCode).toBe(400);
  });

  it('lets an organisation admin edit only their own organisation', async () => {
    const orgs = (await server.as(admin, { method: 'GET', url: '/api/organisations?limit=200' })).json().items;
    const inson = orgs.find((o: { kind: string; districtCode: string }) => o.kind === 'inson_centre' && o.districtCode === '1722226');
    const school = orgs.find((o: { kind: string }) => o.kind === 'school');
    const created = await server.as(admin, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'inson.admin',
        displayName: 'Gulnora Sattorova',
        password: 'long-enough-1',
        organisationId: inson.id,
        roles: ['org_admin'],
      },
    });
    expect(created.statusCode).toBe(201);
    const orgAdmin = await server.login('inson.admin', 'long-enough-1');
    const own = await server.as(orgAdmin, {
      method: 'PATCH',
      url: `/api/organisations/${inson.id}`,
      payload: { version: inson.version, phone: '+998762212041' },
    });
    expect(own.statusCode).toBe(200);
    const other = await server.as(orgAdmin, {
      method: 'PATCH',
      url: `/api/organisations/${school.id}`,
      payload: { version: school.version, phone: '+998762212041' },
    });
    expect(other.statusCode).toBe(404);
  });
});
