import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/harness.ts';

describe('sign-in', () => {
  const server = useTestServer();

  it('signs in, returns the user and a CSRF token, and sets a safe session cookie', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'worker', password: 'test-password-1' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'worker', displayName: 'Nodira Karimova', roles: ['social_worker'] });
    expect(body.user.organisation.kind).toBe('inson_centre');
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = response.cookies.find((c) => c.name === 'hamkor_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
  });

  it('answers a wrong password with 401 invalid_credentials in the language asked for', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'ru-RU,ru;q=0.9' },
      payload: { username: 'ngo', password: 'wrong-password' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toEqual({ code: 'invalid_credentials', message: 'Неверное имя пользователя или пароль.' });
  });

  it('gives the same answer for an unknown account as for a wrong password', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody-here', password: 'whatever-1' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
  });

  it('locks an account after five failures, even for the right password, and audits without flooding', async () => {
    const before = await server.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'auth.login_failed')
      .executeTakeFirstOrThrow();
    const attempt = (password: string) =>
      server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst', password } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(`wrong-${i}`)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    const locked = await attempt('test-password-1');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    const after = await server.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'auth.login_failed')
      .executeTakeFirstOrThrow();
    // Five counted failures, audited at the first and at the lock: two rows, not five.
    expect(Number(after.n) - Number(before.n)).toBe(2);
  });

  it('requires the CSRF token on writes made with the session cookie', async () => {
    const session = await server.login('admin');
    const withoutToken = await server.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: session.cookie },
      payload: { locale: 'en' },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('csrf');
    const wrongToken = await server.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload: { locale: 'en' },
    });
    expect(wrongToken.statusCode).toBe(403);
    const withToken = await server.as(session, { method: 'PATCH', url: '/api/me', payload: { locale: 'en' } });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json().locale).toBe('en');
  });

  it('answers in the language saved for the user', async () => {
    const session = await server.login('supervisor');
    await server.as(session, { method: 'PATCH', url: '/api/me', payload: { locale: 'uz-Cyrl' } });
    const response = await server.as(session, { method: 'GET', url: '/api/organisations/00000000-0000-7000-8000-000000000000' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe('Топилмади.');
  });

  it('ends the session on logout', async () => {
    const session = await server.login('worker');
    expect((await server.as(session, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    expect((await server.as(session, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const after = await server.as(session, { method: 'GET', url: '/api/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('session_expired');
  });

  it('says 401 not_signed_in without a session and 404 as JSON for unknown routes', async () => {
    const me = await server.app.inject({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('not_signed_in');
    const unknown = await server.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('route_not_found');
  });
});
