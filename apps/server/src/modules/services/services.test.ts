import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

type Service = {
  id: string;
  name: string;
  category: string;
  territories: string[];
  organisation: { id: string; name: string };
  version: number;
};

describe('service directory', () => {
  const server = useTestServer();
  let admin: Session;
  let worker: Session;
  let agency: Session;
  let registryId: string;
  let insonId: string;

  const list = async (session: Session, query: string) =>
    (await server.as(session, { method: 'GET', url: `/api/services?${query}` })).json().items as Service[];

  beforeAll(async () => {
    [admin, worker, agency] = [await server.login('admin'), await server.login('worker'), await server.login('agency')];
    const orgs = await server.db.selectFrom('organisations').select(['id', 'kind', 'district_code']).execute();
    registryId = orgs.find((o) => o.kind === 'civil_registry' && o.district_code === '1722226')?.id ?? '';
    insonId = orgs.find((o) => o.kind === 'inson_centre' && o.district_code === '1722226')?.id ?? '';
  });

  it('finds the services offered in a district, by category and by text, for every signed-in user', async () => {
    const shorchi = await list(agency, 'district=1722226&limit=200');
    expect(shorchi.length).toBeGreaterThan(8);
    for (const service of shorchi) expect(service.territories).toContain('1722226');
    const registry = await list(worker, 'district=1722226&category=civil_registry');
    expect(registry.map((s) => s.organisation.id)).toEqual(registry.map(() => registryId));
    // The Denov registry serves Denov only; the Denov training centre serves Shoʻrchi too.
    const denovRegistry = await list(worker, 'district=1722210&category=civil_registry');
    expect(denovRegistry.map((s) => s.organisation.name)).toEqual(['Denov tumani FHDYo boʻlimi']);
    expect((await list(worker, 'district=1722226&category=employment')).map((s) => s.organisation.name)).toEqual(
      expect.arrayContaining(['Denov tumani «Ishga marhamat» monomarkazi', 'Shoʻrchi tumani bandlikka koʻmaklashish markazi']),
    );
    expect((await list(worker, 'q=tikuvchilik')).map((s) => s.category)).toEqual(['employment']);
    const first = (await server.as(worker, { method: 'GET', url: '/api/services?limit=3' })).json();
    const second = (await server.as(worker, { method: 'GET', url: `/api/services?limit=3&cursor=${first.nextCursor}` })).json();
    expect(new Set([...first.items, ...second.items].map((s: Service) => s.id)).size).toBe(6);
    expect((await server.as(worker, { method: 'GET', url: '/api/services?category=magic' })).statusCode).toBe(400);
  });

  it('lets the admin add and change services, with field errors, versions and an audit; others get 404', async () => {
    const payload = {
      organisationId: registryId,
      name: 'Otalikni belgilash',
      category: 'civil_registry',
      territories: ['1722226', '1722210'],
    };
    expect((await server.as(worker, { method: 'POST', url: '/api/services', payload })).statusCode).toBe(404);
    expect((await server.as(agency, { method: 'POST', url: '/api/services', payload })).statusCode).toBe(404);
    const bad = await server.as(admin, {
      method: 'POST',
      url: '/api/services',
      payload: { ...payload, focalPointUserId: worker.userId, territories: ['1799999'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      'territories.0:unknown_district',
      'focalPointUserId:not_in_organisation',
    ]);
    const created = await server.as(admin, {
      method: 'POST',
      url: '/api/services',
      payload: { ...payload, focalPointUserId: agency.userId },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Otalikni belgilash', focalPoint: { displayName: 'Bahodir Qodirov' }, version: 1 });
    const id = created.json().id as string;
    const changed = await server.as(admin, { method: 'PATCH', url: `/api/services/${id}`, payload: { version: 1, active: false } });
    expect(changed.json()).toMatchObject({ active: false, version: 2 });
    const stale = await server.as(admin, { method: 'PATCH', url: `/api/services/${id}`, payload: { version: 1, name: 'Boshqa' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { id, version: 2, name: 'Otalikni belgilash' } });
    // Inactive: gone from the directory and from a reader who does not keep it.
    expect((await list(worker, 'limit=200')).map((s) => s.id)).not.toContain(id);
    expect((await server.as(worker, { method: 'GET', url: `/api/services/${id}` })).statusCode).toBe(404);
    expect((await list(admin, 'includeInactive=true&limit=200')).map((s) => s.id)).toContain(id);
    // The worker's refused read of the hidden service is audited too (access.refused), after its answer.
    const audit = await server.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', 'like', 'service.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['service.create', 'service.update']);
  });

  it('lets an organisation admin keep their own organisation’s services only', async () => {
    const created = await server.as(admin, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'insonadmin',
        displayName: 'Inson admin',
        password: 'a-long-password',
        organisationId: insonId,
        roles: ['org_admin'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const orgAdmin = await server.login('insonadmin', 'a-long-password');
    const own = await server.as(orgAdmin, {
      method: 'POST',
      url: '/api/services',
      payload: { organisationId: insonId, name: 'Uyda parvarish', category: 'other' },
    });
    expect(own.statusCode, own.body).toBe(201);
    const other = await server.as(orgAdmin, {
      method: 'POST',
      url: '/api/services',
      payload: { organisationId: registryId, name: 'Uyda parvarish', category: 'other' },
    });
    expect(other.statusCode).toBe(404);
  });
});
