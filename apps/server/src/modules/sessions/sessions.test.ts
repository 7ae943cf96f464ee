import { describe, expect, it } from 'vitest';
import { type Session, TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';
import { summariseDevice } from './device.ts';

const PHONE = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('sessions', () => {
  const server = useTestServer();
  async function signIn(username: string, userAgent: string): Promise<Session> {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'user-agent': userAgent },
      payload: { username, password: TEST_PASSWORD },
    });
    const body = response.json();
    return {
      cookie: `hamkor_session=${response.cookies.find((c) => c.name === 'hamkor_session')?.value}`,
      csrfToken: body.csrfToken,
      userId: body.user.id,
      organisationId: body.user.organisationId,
    };
  }
  const list = async (session: Session) => (await server.as(session, { method: 'GET', url: '/api/sessions' })).json().items;

  it('summarises a device without keeping its User-Agent', () => {
    expect(summariseDevice(PHONE)).toBe('Chrome 131 · Android');
    expect(summariseDevice(DESKTOP)).toBe('Firefox 133 · Windows');
    expect(summariseDevice(undefined)).toBeNull();
  });

  it('lists my sessions with the current one marked, and ends one of mine but never another user’s', async () => {
    const phone = await signIn('worker2', PHONE);
    const office = await signIn('worker2', DESKTOP);
    const items = await list(office);
    const mine = items.filter((s: { device: string }) => s.device === 'Chrome 131 · Android' || s.device === 'Firefox 133 · Windows');
    expect(mine).toHaveLength(2);
    const current = items.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ device: 'Firefox 133 · Windows', ip: '127.0.0.1' });
    expect(Object.keys(current).sort()).toEqual(['createdAt', 'current', 'device', 'id', 'ip', 'lastSeenAt', 'provider']);
    expect(current.provider).toBeNull();
    const phoneId = items.find((s: { device: string }) => s.device === 'Chrome 131 · Android').id;

    // Someone else's session id is not found, and nothing ends.
    const stranger = await signIn('ngo', DESKTOP);
    expect((await server.as(stranger, { method: 'DELETE', url: `/api/sessions/${phoneId}` })).statusCode).toBe(404);
    expect((await server.as(phone, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);

    expect((await server.as(office, { method: 'DELETE', url: `/api/sessions/${phoneId}` })).statusCode).toBe(204);
    expect((await server.as(phone, { method: 'GET', url: '/api/me' })).json().error.code).toBe('session_expired');
    expect((await server.as(office, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    const audited = await server.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('actor_id', '=', office.userId)
      .where('action', 'in', ['session.revoke', 'session.list'])
      .orderBy('seq')
      .execute();
    expect(audited.map((e) => e.action)).toEqual(['session.list', 'session.revoke']);
  });

  it('lets an admin end every session of a user they manage; an organisation admin only in their organisation', async () => {
    const worker = await signIn('worker', PHONE);
    const admin = await server.login('admin');
    const supervisor = await server.login('supervisor');
    expect((await server.as(supervisor, { method: 'DELETE', url: `/api/users/${worker.userId}/sessions` })).statusCode).toBe(404);
    expect((await server.as(worker, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    expect((await server.as(admin, { method: 'DELETE', url: `/api/users/${worker.userId}/sessions` })).statusCode).toBe(204);
    expect((await server.as(worker, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const event = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'user.sessions_end')
      .where('entity_id', '=', worker.userId)
      .executeTakeFirstOrThrow();
    expect(event.details).toMatchObject({ count: expect.any(Number) });
  });

  it('refreshes last seen at most once a minute, not on every request', async () => {
    const session = await signIn('analyst', DESKTOP);
    const before = (await list(session)).find((s: { current: boolean }) => s.current).lastSeenAt;
    for (let i = 0; i < 3; i++) await server.as(session, { method: 'GET', url: '/api/me' });
    expect((await list(session)).find((s: { current: boolean }) => s.current).lastSeenAt).toBe(before);
  });
});
