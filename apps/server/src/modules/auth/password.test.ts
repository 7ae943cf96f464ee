import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';
import { weakPassword } from '../../lib/passwords.ts';

describe('passwords', () => {
  const server = useTestServer();

  it('refuses common, breached and guessable passwords, and takes long unusual ones', () => {
    expect(weakPassword('password1234')).toBe('password_common');
    expect(weakPassword('qwertyuiop123')).toBe('password_common');
    expect(weakPassword('iloveyou12345')).toBe('password_common');
    expect(weakPassword('dilnoza.karimova', ['dilnoza.karimova', 'Dilnoza Karimova'])).toBe('password_common');
    expect(weakPassword('aaaaaaaaaaaaaa')).not.toBeNull();
    expect(weakPassword('Oltin-kuz-daftari-2026')).toBeNull();
    expect(weakPassword(TEST_PASSWORD)).toBeNull();
  });

  it('refuses a weak password when an admin creates a user, naming the field and why in the admin’s language', async () => {
    const admin = await server.login('admin');
    const organisationId = admin.organisationId;
    const create = (password: string) =>
      server.as(admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'yangi.xodim', displayName: 'Yangi Xodim', password, organisationId, roles: ['social_worker'] },
      });
    const short = await create('short-pass1');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toEqual([{ path: 'password', code: 'password_short', message: 'Kamida 12 ta belgi.' }]);
    const common = await create('password1234');
    expect(common.json().error.fields[0]).toMatchObject({ path: 'password', code: 'password_common' });
    expect((await create('Oltin-kuz-daftari-2026')).statusCode).toBe(201);
  });

  it('changes my own password: checks the current one, refuses a weak one, ends my other sessions', async () => {
    const here = await server.login('worker2');
    const there = await server.login('worker2');
    const change = (currentPassword: string, newPassword: string) =>
      server.as(here, { method: 'POST', url: '/api/auth/password', payload: { currentPassword, newPassword } });
    const wrong = await change('not-my-password', 'Oltin-kuz-daftari-2026');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toMatchObject({ path: 'currentPassword', code: 'password_wrong' });
    expect((await change(TEST_PASSWORD, 'qwertyuiop123')).json().error.fields[0]).toMatchObject({
      path: 'newPassword',
      code: 'password_common',
    });
    expect((await change(TEST_PASSWORD, 'Oltin-kuz-daftari-2026')).statusCode).toBe(204);
    expect((await server.as(there, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await server.as(here, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'worker2', password: 'Oltin-kuz-daftari-2026' },
        })
      ).statusCode,
    ).toBe(200);
    const event = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'auth.password_change')
      .executeTakeFirstOrThrow();
    expect(event.details).toEqual({ otherSessionsEnded: 1 });
  });
});
