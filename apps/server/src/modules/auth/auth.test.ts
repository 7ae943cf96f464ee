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

  it('signs in from a page that has lost its CSRF token, ending the session of the cookie it sent', async () => {
    const stale = await server.login('worker');
    const elsewhere = await server.login('worker');
    // No X-CSRF-Token: the sign-in page of a tab that lost it, while the cookie's session is still live.
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: stale.cookie },
      payload: { username: 'worker', password: 'test-password-1' },
    });
    expect(response.statusCode).toBe(200);
    const fresh = {
      ...stale,
      cookie: `hamkor_session=${response.cookies.find((c) => c.name === 'hamkor_session')?.value}`,
      csrfToken: response.json().csrfToken,
    };
    expect(fresh.cookie).not.toBe(stale.cookie);
    expect((await server.as(fresh, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    // The session the cookie carried has ended; the one on another device stays.
    expect((await server.as(stale, { method: 'GET', url: '/api/me' })).json().error.code).toBe('session_expired');
    expect((await server.as(elsewhere, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    const audit = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'auth.login')
      .where('entity_id', '=', stale.userId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ replacedSession: true });
  });

  it('keeps the cookie’s session when a sign-in made with it fails', async () => {
    const session = await server.login('supervisor');
    const failed = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: session.cookie },
      payload: { username: 'supervisor', password: 'not-the-password' },
    });
    expect(failed.statusCode).toBe(401);
    expect((await server.as(session, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
  });

  it('gives a tab the CSRF token of its live session, so that it can write again', async () => {
    const session = await server.login('worker');
    const recovered = await server.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie } });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.headers['cache-control']).toBe('no-store');
    expect(recovered.json()).toMatchObject({ csrfToken: session.csrfToken, user: { id: session.userId, username: 'worker' } });
    const write = await server.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: session.cookie, 'x-csrf-token': recovered.json().csrfToken },
      payload: { locale: 'uz-Latn' },
    });
    expect(write.statusCode).toBe(200);

    const none = await server.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('not_signed_in');
    await server.as(session, { method: 'POST', url: '/api/auth/logout' });
    const ended = await server.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie } });
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error.code).toBe('session_expired');
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
