import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { type Session, TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';

/** The code an authenticator app shows for a secret `steps` periods from now. */
const codeFor = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

describe('second factor', () => {
  const server = useTestServer();
  const login = (username: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username, password: TEST_PASSWORD, ...extra } });
  const events = async (action: string, entityId: string) =>
    server.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute();

  /** Enrols and confirms TOTP for an account; returns its secret and recovery codes. */
  async function turnOn(session: Session) {
    const enrol = await server.as(session, { method: 'POST', url: '/api/auth/totp/enrol' });
    expect(enrol.statusCode, enrol.body).toBe(200);
    const { secret, uri, qr } = enrol.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Hamkor:/);
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const confirm = await server.as(session, { method: 'POST', url: '/api/auth/totp/confirm', payload: { code: codeFor(secret) } });
    expect(confirm.statusCode, confirm.body).toBe(200);
    return { secret: secret as string, recoveryCodes: confirm.json().recoveryCodes as string[] };
  }

  afterEach(() => {
    delete process.env.HAMKOR_REQUIRE_TOTP_ROLES;
  });

  it('enrols, keeps the secret sealed, asks for the code at sign-in and takes each code once', async () => {
    const session = await server.login('worker2');
    const { secret, recoveryCodes } = await turnOn(session);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const row = await server.db.selectFrom('user_totp').selectAll().where('user_id', '=', session.userId).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    const stored = await server.db.selectFrom('totp_recovery_codes').select('code_hash').where('user_id', '=', session.userId).execute();
    expect(stored.map((c) => c.code_hash)).not.toContain(recoveryCodes[0]);
    // Once on, the secret is never given again: a second enrolment is refused.
    expect((await server.as(session, { method: 'POST', url: '/api/auth/totp/enrol' })).json().error.code).toBe('totp_already_on');

    const missing = await login('worker2', {}, { 'accept-language': 'en' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('totp_required');
    expect(missing.cookies.find((c) => c.name === 'hamkor_session')).toBeUndefined();

    expect((await login('worker2', { totp: '000000' })).json().error.code).toBe('totp_invalid');
    // The next period's code: the confirmation took this period's, and a code is accepted once.
    const code = codeFor(secret, 1);
    expect((await login('worker2', { totp: code })).statusCode).toBe(200);
    expect((await login('worker2', { totp: code })).json().error.code).toBe('totp_invalid');
    // The refused second enrolment wrote nothing.
    expect(await events('auth.totp_enrol', session.userId)).toHaveLength(1);
    expect(await events('auth.totp_confirm', session.userId)).toHaveLength(1);
  });

  it('takes a recovery code once, in any case or spacing, and audits its use', async () => {
    const session = await server.login('ngo');
    const { recoveryCodes } = await turnOn(session);
    const code = recoveryCodes[3] ?? '';
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect((await login('ngo', { totp: typed })).statusCode).toBe(200);
    expect((await login('ngo', { totp: code })).json().error.code).toBe('totp_invalid');
    const used = await events('auth.recovery_code_used', session.userId);
    expect(used).toEqual([{ action: 'auth.recovery_code_used', details: { left: 9 } }]);
  });

  it('throttles wrong codes as it throttles wrong passwords', async () => {
    const session = await server.login('agency');
    await turnOn(session);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('agency', { totp: '123456' })).statusCode);
    // Five tries at once from an address the account signs in from, then the next waits: the password was right every time.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('remembers a device for 30 days with a signed cookie, until the second factor is reset', async () => {
    const session = await server.login('analyst');
    const { secret } = await turnOn(session);
    const first = await login('analyst', { totp: codeFor(secret, 1), rememberDevice: true });
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'hamkor_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });
    expect(new Date(device?.expires ?? 0).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    const cookie = `hamkor_device=${device?.value}`;
    expect((await login('analyst', {}, { cookie })).statusCode).toBe(200);
    // Another account on the same browser gains nothing from it; a forged signature neither.
    expect((await login('worker', {}, { cookie })).statusCode).toBe(200);
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await login('analyst', {}, { cookie: forged })).json().error.code).toBe('totp_required');

    const admin = await server.login('admin');
    const reset = await server.as(admin, { method: 'DELETE', url: `/api/users/${session.userId}/totp` });
    expect(reset.statusCode).toBe(204);
    expect(await events('user.totp_reset', session.userId)).toHaveLength(1);
    // Reset and enrolled again: the old remembered device is not trusted any more.
    const again = await server.login('analyst');
    await turnOn(again);
    expect((await login('analyst', {}, { cookie })).json().error.code).toBe('totp_required');
  });

  it('lets only an administrator of the user reset their second factor', async () => {
    const supervisor = await server.login('supervisor');
    const worker = await server.login('worker');
    expect((await server.as(supervisor, { method: 'DELETE', url: `/api/users/${worker.userId}/totp` })).statusCode).toBe(404);
    expect((await server.as(worker, { method: 'DELETE', url: `/api/users/${worker.userId}/totp` })).statusCode).toBe(404);
  });

  it('refuses a confirmation with a wrong code, naming the field', async () => {
    const session = await server.login('worker');
    expect(
      (await server.as(session, { method: 'POST', url: '/api/auth/totp/confirm', payload: { code: '123456' } })).json().error.code,
    ).toBe('totp_not_enrolling');
    await server.as(session, { method: 'POST', url: '/api/auth/totp/enrol' });
    const wrong = await server.as(session, {
      method: 'POST',
      url: '/api/auth/totp/confirm',
      payload: { code: '12345x' },
    });
    expect(wrong.statusCode).toBe(400);
    // In the signed-in worker's own language.
    expect(wrong.json().error.fields).toEqual([{ path: 'code', code: 'totp_format', message: 'Olti raqam.' }]);
    const bad = await server.as(session, { method: 'POST', url: '/api/auth/totp/confirm', payload: { code: '000000' } });
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'code', code: 'totp_invalid' });
    expect((await server.as(session, { method: 'GET', url: '/api/auth/totp' })).json()).toEqual({ on: false, recoveryCodesLeft: 0 });
  });

  it('gives a role that must have a second factor a session that can only enrol one, until it has', async () => {
    process.env.HAMKOR_REQUIRE_TOTP_ROLES = 'supervisor';
    const response = await login('supervisor');
    expect(response.statusCode).toBe(200);
    expect(response.json().enrolmentRequired).toBe(true);
    const session: Session = {
      cookie: `hamkor_session=${response.cookies.find((c) => c.name === 'hamkor_session')?.value}`,
      csrfToken: response.json().csrfToken,
      userId: response.json().user.id,
      organisationId: response.json().user.organisationId,
    };
    const refused = await server.as(session, { method: 'GET', url: '/api/cases' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('totp_enrolment_required');
    expect((await server.as(session, { method: 'GET', url: '/api/auth/session' })).json().enrolmentRequired).toBe(true);
    // Other roles are not asked.
    expect((await login('worker')).json().enrolmentRequired).toBe(false);

    await turnOn(session);
    expect((await server.as(session, { method: 'GET', url: '/api/cases' })).statusCode).toBe(200);
    expect((await server.as(session, { method: 'GET', url: '/api/auth/session' })).json().enrolmentRequired).toBe(false);
  });
});
