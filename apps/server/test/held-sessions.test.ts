import Fastify from 'fastify';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/lib/tokens.ts';
import { household, register } from '../src/modules/persons/test-fixtures.ts';
import { authPlugin } from '../src/plugins/auth.ts';
import { type Session, useTestServer } from './harness.ts';

/**
 * A read of a case, a caseload, a family or a search confirms the session it was made with inside its own
 * transaction, from what an earlier request read of it (plugins/auth.ts, migration 0036). Whatever changed in
 * the database since — the session ended, idle, its user deactivated or given other roles — the read must answer
 * as a fresh lookup would.
 */
describe('a session held between reads', () => {
  const server = useTestServer();
  let worker: Session;
  let caseId: string;

  const tokenHash = (session: Session) => hashToken(decodeURIComponent(session.cookie.split('=')[1] ?? ''));
  const read = (session: Session) => server.as(session, { method: 'GET', url: `/api/cases/${caseId}` });
  const caseReads = async () =>
    Number(
      (
        await server.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'case.read')
          .where('entity_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const lastSeen = async (session: Session) =>
    (await server.db.selectFrom('sessions').select('last_seen_at').where('token_hash', '=', tokenHash(session)).executeTakeFirstOrThrow())
      .last_seen_at;
  const setLastSeen = (session: Session, secondsAgo: number) =>
    sql`UPDATE sessions SET last_seen_at = now() - make_interval(secs => ${secondsAgo}) WHERE token_hash = ${tokenHash(session)}`.execute(
      server.db,
    );

  beforeAll(async () => {
    worker = await server.login('worker');
    const family = await register(
      server,
      worker,
      household([{ surname: 'Nazarova', givenName: 'Shahlo', sex: 'female', relationship: 'head', birthDate: '1990-04-02' }]),
    );
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: family.id, identificationSource: 'school', reason: 'Bola maktabga bormayapti' },
    });
    expect(opened.statusCode).toBe(201);
    caseId = opened.json().id;
  });

  it('serves a read from the held session without looking it up again, and audits it once', async () => {
    const session = await server.login('worker');
    expect((await read(session)).statusCode).toBe(200);
    // A lookup moves the idle clock on once it is a minute old; a read from the held session does not.
    await setLastSeen(session, 90);
    const before = await lastSeen(session);
    const events = await caseReads();
    expect((await read(session)).statusCode).toBe(200);
    expect(await lastSeen(session)).toEqual(before);
    expect(await caseReads()).toBe(events + 1);
  });

  it('refuses the read of a session ended elsewhere (another server, a sign-out on another device)', async () => {
    const session = await server.login('worker');
    expect((await read(session)).statusCode).toBe(200);
    const events = await caseReads();
    await server.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(session)).execute();
    const response = await read(session);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('session_expired');
    expect(await caseReads()).toBe(events);
  });

  it('answers a request refused before its route runs as its session now stands: 401 once the session has ended', async () => {
    const session = await server.login('worker');
    const invalid = () => server.as(session, { method: 'GET', url: '/api/cases?q=%01' });
    expect((await invalid()).statusCode).toBe(400);
    await server.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(session)).execute();
    const response = await invalid();
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('session_expired');
  });

  it('refuses the read of a session idle too long, though it was held a moment ago', async () => {
    const session = await server.login('worker');
    expect((await read(session)).statusCode).toBe(200);
    await setLastSeen(session, 3 * 3600);
    expect((await read(session)).statusCode).toBe(401);
    expect(await server.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', tokenHash(session)).execute()).toEqual([]);
  });

  it('refuses the reads of a user deactivated since', async () => {
    const session = await server.login('worker2');
    expect((await server.as(session, { method: 'GET', url: '/api/cases?limit=5' })).statusCode).toBe(200);
    await server.db.updateTable('users').set({ active: false }).where('id', '=', session.userId).execute();
    try {
      expect((await server.as(session, { method: 'GET', url: '/api/cases?limit=5' })).statusCode).toBe(401);
    } finally {
      await server.db.updateTable('users').set({ active: true }).where('id', '=', session.userId).execute();
    }
  });

  it('answers as the user’s roles are now, taken away or given back, and audits only the read that was answered', async () => {
    const session = await server.login('worker');
    expect((await read(session)).statusCode).toBe(200);
    const events = await caseReads();
    const roles = (await server.db.selectFrom('users').select('roles').where('id', '=', session.userId).executeTakeFirstOrThrow()).roles;
    await server.db.updateTable('users').set({ roles: [] }).where('id', '=', session.userId).execute();
    try {
      expect((await read(session)).statusCode).toBe(404);
      expect((await server.as(session, { method: 'GET', url: '/api/persons?q=Nazarova' })).statusCode).toBe(404);
    } finally {
      await server.db.updateTable('users').set({ roles }).where('id', '=', session.userId).execute();
    }
    expect(await caseReads()).toBe(events);
    // Given back: the held copy (of no roles) no longer matches, and the read is answered as the roles are now.
    const response = await read(session);
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(caseId);
    expect(await caseReads()).toBe(events + 1);
  });

  it('answers in the language the user has chosen since', async () => {
    const session = await server.login('worker');
    const missing = '/api/cases/00000000-0000-4000-8000-000000000000';
    expect((await server.as(session, { method: 'GET', url: missing })).statusCode).toBe(404);
    const locale = (await server.db.selectFrom('users').select('locale').where('id', '=', session.userId).executeTakeFirstOrThrow()).locale;
    await server.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', session.userId).execute();
    try {
      const response = await server.as(session, { method: 'GET', url: missing });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toMatch(/[А-Яа-я]/);
    } finally {
      await server.db.updateTable('users').set({ locale }).where('id', '=', session.userId).execute();
    }
  });

  it('refuses a read transaction on a route that writes, when the routes are registered', async () => {
    const app = Fastify({ logger: false });
    await app.register(authPlugin, { db: server.db });
    expect(() => app.post('/api/probe', { config: { readTransaction: true } }, async () => ({}))).toThrow(/GET routes only/);
    // The same on a GET is taken.
    app.get('/api/probe', { config: { readTransaction: true } }, async () => ({}));
    await app.close();
  });
});
