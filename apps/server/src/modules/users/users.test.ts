import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

describe('users', () => {
  const server = useTestServer();
  let admin: Session;
  let insonId: string;

  beforeAll(async () => {
    admin = await server.login('admin');
    insonId = (
      await server.db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'inson_centre')
        .where('district_code', '=', '1722226')
        .executeTakeFirstOrThrow()
    ).id;
  });

  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: 'Farrux.Ergashev',
    displayName: 'Farrux Ergashev',
    password: 'a-long-password',
    organisationId: insonId,
    roles: ['social_worker'],
    ...overrides,
  });

  it('creates a user with a hashed password and the default scope of the role', async () => {
    const response = await server.as(admin, { method: 'POST', url: '/api/users', payload: newUser() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ username: 'farrux.ergashev', scope: { level: 'own' }, active: true, version: 1 });
    expect(JSON.stringify(response.json())).not.toContain('a-long-password');
    const stored = await server.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'farrux.ergashev')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    await server.login('farrux.ergashev', 'a-long-password');
  });

  it('refuses a taken username, a short password, an unknown organisation and a territorial scope without territory', async () => {
    const taken = await server.as(admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'worker' }) });
    expect(taken.json().error.fields).toEqual([expect.objectContaining({ path: 'username', code: 'username_taken' })]);
    const short = await server.as(admin, {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: 'short.pw', password: 'short' }),
    });
    expect(short.json().error.fields).toEqual([expect.objectContaining({ path: 'password', code: 'password_short' })]);
    const unknownOrg = await server.as(admin, {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: 'no.org', organisationId: '01900000-0000-7000-8000-000000000000' }),
    });
    expect(unknownOrg.json().error.fields).toEqual([expect.objectContaining({ path: 'organisationId', code: 'unknown_organisation' })]);
    const scope = await server.as(admin, {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: 'no.territory', scope: { level: 'region' } }),
    });
    expect(scope.statusCode).toBe(400);
    expect(scope.json().error.fields).toEqual([expect.objectContaining({ path: 'scope.territoryCode', code: 'territory_required' })]);
  });

  it('lets only one of two simultaneous creates with the same username through, refusing the other without a server error', async () => {
    const create = () => server.as(admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'twice.made' }) });
    const replies = await Promise.all([create(), create()]);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([201, expect.toSatisfy((s: number) => s === 400 || s === 409)]);
    const refused = replies.find((r) => r.statusCode !== 201);
    if (refused?.statusCode === 400)
      expect(refused.json().error.fields).toEqual([expect.objectContaining({ path: 'username', code: 'username_taken' })]);
    const stored = await server.db.selectFrom('users').select('id').where('username', '=', 'twice.made').execute();
    expect(stored).toHaveLength(1);
  });

  it('deactivation ends the user sessions and blocks sign-in', async () => {
    await server.as(admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'leaving.worker' }) });
    const session = await server.login('leaving.worker', 'a-long-password');
    const user = (await server.as(session, { method: 'GET', url: '/api/me' })).json();
    const response = await server.as(admin, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { version: user.version, active: false },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().active).toBe(false);
    expect((await server.as(session, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leaving.worker', password: 'a-long-password' },
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_credentials');
  });

  it('lets a supervisor list only their organisation, and never shows password hashes', async () => {
    const supervisor = await server.login('supervisor');
    const response = await server.as(supervisor, { method: 'GET', url: '/api/users?limit=200' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { organisationId: string; username: string }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((u) => u.organisationId === insonId)).toBe(true);
    expect(items.map((u) => u.username)).not.toContain('ngo');
    expect(response.body).not.toContain('argon2');
    const audited = await server.db.selectFrom('audit_events').select(['actor_id', 'details']).where('action', '=', 'user.list').execute();
    expect(audited.at(-1)).toEqual({ actor_id: supervisor.userId, details: { count: items.length, organisationId: null } });
  });

  it('remembers the interface language per user', async () => {
    const session = await server.login('worker');
    const response = await server.as(session, { method: 'PATCH', url: '/api/me', payload: { locale: 'ru' } });
    expect(response.json().locale).toBe('ru');
    const fresh = await server.login('worker');
    expect((await server.as(fresh, { method: 'GET', url: '/api/me' })).json().locale).toBe('ru');
    const bad = await server.as(session, { method: 'PATCH', url: '/api/me', payload: { locale: 'fr' } });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps an organisation admin from granting more than an organisation has', async () => {
    await server.as(admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'org.admin', roles: ['org_admin'] }) });
    const orgAdmin = await server.login('org.admin', 'a-long-password');
    const escalate = await server.as(orgAdmin, {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: 'sneaky.root', roles: ['system_admin'] }),
    });
    expect(escalate.statusCode).toBe(400);
    expect(escalate.json().error.fields).toEqual([expect.objectContaining({ path: 'roles', code: 'not_grantable' })]);
    const national = await server.as(orgAdmin, {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: 'sneaky.national', roles: ['supervisor'], scope: { level: 'national' } }),
    });
    expect(national.json().error.fields).toEqual([expect.objectContaining({ path: 'scope.level', code: 'not_grantable' })]);
    const fine = await server.as(orgAdmin, {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: 'new.worker', roles: ['social_worker'] }),
    });
    expect(fine.statusCode).toBe(201);
    const promote = await server.as(orgAdmin, {
      method: 'PATCH',
      url: `/api/users/${fine.json().id}`,
      payload: { version: 1, roles: ['auditor'] },
    });
    expect(promote.statusCode).toBe(400);
    const stored = await server.db
      .selectFrom('users')
      .select(['roles'])
      .where('username', 'in', ['sneaky.root', 'sneaky.national', 'new.worker'])
      .execute();
    expect(stored).toEqual([{ roles: ['social_worker'] }]);
  });
});
