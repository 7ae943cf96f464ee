import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, TEST_PASSWORD } from '../../../test/databases.ts';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { openSecret } from '../auth/totp.ts';
import { type OneIdStandIn, startOneIdStandIn } from './oneid-standin.ts';
import { readIdentitySettings } from './providers.ts';
import { signInAtProvider, startTestProvider, type TestProvider } from './test-provider.ts';

/** Where the tests say Hamkor is reached: the provider only sends browsers back to a registered address. */
const PUBLIC_URL = 'http://127.0.0.1:3999';
const callbackOf = (name: string) => `${PUBLIC_URL}/api/auth/oidc/${name}/callback`;

let database: DatabaseHandle;
let app: FastifyInstance;
let provider: TestProvider;
let oneId: OneIdStandIn;

beforeAll(async () => {
  database = await freshDatabase(inject('databaseTemplate'));
  provider = await startTestProvider({ redirectUris: [callbackOf('keycloak')] });
  oneId = await startOneIdStandIn();
  app = await buildApp({
    database,
    identity: {
      publicUrl: PUBLIC_URL,
      providers: [
        {
          kind: 'oidc',
          name: 'keycloak',
          label: 'Keycloak',
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          scope: 'openid',
        },
        {
          kind: 'oneid',
          name: 'oneid',
          label: 'OneID',
          url: oneId.url,
          clientId: oneId.clientId,
          clientSecret: oneId.clientSecret,
          scope: 'hamkor',
        },
      ],
    },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await provider?.close();
  await oneId?.close();
});

const cookieOf = (response: { cookies: { name: string; value: string }[] }, name: string) =>
  response.cookies.find((c) => c.name === name)?.value;

async function passwordLogin(username: string) {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  expect(response.statusCode).toBe(200);
  return {
    cookie: `hamkor_session=${cookieOf(response, 'hamkor_session')}`,
    csrf: response.json().csrfToken as string,
    userId: response.json().user.id as string,
  };
}

/** Start → the provider (signing in as `subject`) → back at the callback URL, with the browser's flow cookie. */
async function throughProvider(name: string, subject: string, options: { intent?: 'login' | 'link'; cookie?: string } = {}) {
  const start = await app.inject({
    method: 'GET',
    url: `/api/auth/oidc/${name}/start${options.intent ? `?intent=${options.intent}` : ''}`,
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  expect(start.statusCode, start.body).toBe(302);
  const flow = cookieOf(start, 'hamkor_oidc') ?? '';
  const location = start.headers.location ?? '';
  const callback = name === 'oneid' ? await followOneId(location, subject) : await signInAtProvider(location, subject);
  expect(callback.startsWith(callbackOf(name))).toBe(true);
  const path = callback.slice(PUBLIC_URL.length);
  return { flow, path, authorization: new URL(location) };
}

async function followOneId(location: string, pin: string) {
  oneId.signInAs = pin;
  const response = await fetch(location, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

const callback = (path: string, cookie: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: path, headers: { cookie, ...headers } });

const auditOf = (action: string) =>
  database.db
    .selectFrom('audit_events')
    .select(['actor_id', 'details', 'entity_id'])
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .execute();

describe('sign-in with an OpenID Connect provider', () => {
  it('lists the configured providers, for the sign-in page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(response.json().items).toEqual([
      { name: 'keycloak', label: 'Keycloak', kind: 'oidc' },
      { name: 'oneid', label: 'OneID', kind: 'oneid' },
    ]);
  });

  it('sends the browser to the provider with PKCE (S256), a state and a nonce', async () => {
    const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/keycloak/start' });
    const url = new URL(start.headers.location ?? '');
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('state')).toBe(cookieOf(start, 'hamkor_oidc'));
    expect(url.searchParams.get('redirect_uri')).toBe(callbackOf('keycloak'));
  });

  it('refuses an identity linked to no account, with a message for the sign-in page, and creates no account', async () => {
    const users = await database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const { flow, path } = await throughProvider('keycloak', 'stranger-42');
    const api = await callback(path, `hamkor_oidc=${flow}`);
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('oidc_unknown_identity');
    const again = await throughProvider('keycloak', 'stranger-42');
    const page = await callback(again.path, `hamkor_oidc=${again.flow}`, { 'sec-fetch-mode': 'navigate' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/sign-in?signInError=oidc_unknown_identity');
    expect(cookieOf(page, 'hamkor_session')).toBeUndefined();
    const after = await database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(users.n));
    const [failed] = await auditOf('auth.login_failed');
    expect(failed?.details).toMatchObject({ reason: 'unknown_identity', method: 'keycloak' });
    expect(JSON.stringify(failed?.details)).not.toContain('stranger-42');
  });

  it('links an identity from a signed-in session (audited), signs in with it, and unlinks it (audited)', async () => {
    const worker = await passwordLogin('worker2');
    const link = await throughProvider('keycloak', 'dilnoza@ngo', { intent: 'link', cookie: worker.cookie });
    const linked = await callback(link.path, `${worker.cookie}; hamkor_oidc=${link.flow}`);
    expect(linked.statusCode, linked.body).toBe(302);
    expect(linked.headers.location).toBe('/security?linked=keycloak');
    const [linkEvent] = await auditOf('auth.identity_link');
    expect(linkEvent).toMatchObject({ actor_id: worker.userId, entity_id: worker.userId, details: { provider: 'keycloak' } });

    const mine = await app.inject({ method: 'GET', url: '/api/auth/identities', headers: { cookie: worker.cookie } });
    expect(mine.json().items).toMatchObject([{ provider: 'keycloak', label: 'Keycloak', lastUsedAt: null }]);
    expect(mine.body).not.toContain('dilnoza@ngo');

    // Signed out, the same identity signs in: a session like a password's, audited with its method.
    const { flow, path } = await throughProvider('keycloak', 'dilnoza@ngo');
    const signedIn = await callback(path, `hamkor_oidc=${flow}`);
    expect(signedIn.statusCode, signedIn.body).toBe(302);
    expect(signedIn.headers.location).toBe('/');
    const session = cookieOf(signedIn, 'hamkor_session');
    expect(session).toBeTruthy();
    const me = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `hamkor_session=${session}` } });
    expect(me.json().user.username).toBe('worker2');
    const [login] = await auditOf('auth.login');
    expect(login).toMatchObject({ actor_id: worker.userId, details: { method: 'keycloak' } });

    const id = mine.json().items[0].id;
    // Another account cannot unlink it: 404, as for one that does not exist.
    const other = await passwordLogin('ngo');
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/api/auth/identities/${id}`,
      headers: { cookie: other.cookie, 'x-csrf-token': other.csrf },
    });
    expect(foreign.statusCode).toBe(404);
    const unlinked = await app.inject({
      method: 'DELETE',
      url: `/api/auth/identities/${id}`,
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf },
    });
    expect(unlinked.statusCode).toBe(204);
    const [unlinkEvent] = await auditOf('auth.identity_unlink');
    expect(unlinkEvent).toMatchObject({ actor_id: worker.userId, details: { provider: 'keycloak', identityId: id } });
    const refused = await throughProvider('keycloak', 'dilnoza@ngo');
    expect((await callback(refused.path, `hamkor_oidc=${refused.flow}`)).json().error.code).toBe('oidc_unknown_identity');
  });

  it('does not let one identity be linked to two accounts', async () => {
    const first = await passwordLogin('ngo');
    const a = await throughProvider('keycloak', 'shared-subject', { intent: 'link', cookie: first.cookie });
    expect((await callback(a.path, `${first.cookie}; hamkor_oidc=${a.flow}`)).statusCode).toBe(302);
    const second = await passwordLogin('agency');
    const b = await throughProvider('keycloak', 'shared-subject', { intent: 'link', cookie: second.cookie });
    const clash = await callback(b.path, `${second.cookie}; hamkor_oidc=${b.flow}`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('oidc_identity_taken');
  });

  it('needs a session to link, and a link finished by another account is refused', async () => {
    const stranger = await app.inject({ method: 'GET', url: '/api/auth/oidc/keycloak/start?intent=link' });
    expect(stranger.statusCode).toBe(401);
    const analyst = await passwordLogin('analyst');
    const link = await throughProvider('keycloak', 'analyst-sub', { intent: 'link', cookie: analyst.cookie });
    const other = await passwordLogin('worker');
    const refused = await callback(link.path, `${other.cookie}; hamkor_oidc=${link.flow}`);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('oidc_link_session');
  });

  it('answers 400, never 500, to a state that is missing, foreign, replayed or made up', async () => {
    const worker = await passwordLogin('worker');
    const link = await throughProvider('keycloak', 'replay-sub', { intent: 'link', cookie: worker.cookie });
    // Another browser (no flow cookie, or another one) bringing the same callback.
    const foreign = await callback(link.path, 'hamkor_oidc=someone-elses-state');
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({ code: 'oidc_state_invalid', fields: [{ path: 'state', code: 'oidc_state' }] });
    expect((await callback(link.path, '')).statusCode).toBe(400);
    expect((await callback(link.path, `${worker.cookie}; hamkor_oidc=${link.flow}`)).statusCode).toBe(302);
    // The same callback again: the flow is used up.
    const replay = await callback(link.path, `${worker.cookie}; hamkor_oidc=${link.flow}`);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('oidc_state_invalid');
    const madeUp = await callback('/api/auth/oidc/keycloak/callback?code=x&state=y', 'hamkor_oidc=y');
    expect(madeUp.statusCode).toBe(400);
    const noisy = await callback(`/api/auth/oidc/keycloak/callback?code=${'x'.repeat(5000)}&state=y`, 'hamkor_oidc=y');
    expect(noisy.statusCode).toBe(400);
    // A person's browser is sent back to the sign-in page with the reason.
    const page = await callback(link.path, `hamkor_oidc=${link.flow}`, { 'sec-fetch-mode': 'navigate' });
    expect(page.headers.location).toBe('/sign-in?signInError=oidc_state_invalid');
  });

  it('answers anything a callback may be sent with a 4xx of the contract, never a 500', async () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('', '%', '\u0000', '../', 'access_denied', 'x'.repeat(3000)));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ code: text, state: text, error: text, iss: text }, { requiredKeys: [] }),
        fc.boolean(),
        fc.constantFrom('keycloak', 'oneid'),
        async (query, sameCookie, name) => {
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const cookie = sameCookie && query.state ? `hamkor_oidc=${encodeURIComponent(query.state)}` : 'hamkor_oidc=other';
          const response = await callback(`/api/auth/oidc/${name}/callback?${search}`, cookie);
          expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, response.body).toBeLessThan(500);
          expect(response.json().error.code).toMatch(/^[a-z_]+$/);
        },
      ),
      { numRuns: 150 },
    );
    // Each callback with a matching state counted on the address's sign-in budget; the next tests start afresh.
    await database.db.deleteFrom('login_attempts').execute();
  });

  it('takes a refusal at the provider as a message, not a crash', async () => {
    const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/keycloak/start' });
    const state = cookieOf(start, 'hamkor_oidc') ?? '';
    const denied = await callback(`/api/auth/oidc/keycloak/callback?error=access_denied&state=${state}`, `hamkor_oidc=${state}`, {
      'sec-fetch-mode': 'navigate',
    });
    expect(denied.headers.location).toBe('/sign-in?signInError=oidc_cancelled');
    const start2 = await app.inject({ method: 'GET', url: '/api/auth/oidc/keycloak/start' });
    const state2 = cookieOf(start2, 'hamkor_oidc') ?? '';
    const badCode = await callback(
      `/api/auth/oidc/keycloak/callback?code=not-a-code&state=${state2}&iss=${encodeURIComponent(provider.issuer)}`,
      `hamkor_oidc=${state2}`,
    );
    expect(badCode.statusCode).toBe(401);
    expect(badCode.json().error.code).toBe('oidc_refused');
  });

  it('asks for the second factor of an account that has one, after the provider', async () => {
    const worker = await passwordLogin('worker.denov');
    const headers = { cookie: worker.cookie, 'x-csrf-token': worker.csrf };
    await app.inject({ method: 'POST', url: '/api/auth/totp/enrol', headers });
    const row = await database.db
      .selectFrom('user_totp')
      .select('secret_sealed')
      .where('user_id', '=', worker.userId)
      .executeTakeFirstOrThrow();
    const totp = new TOTP({ secret: Secret.fromBase32(await openSecret(database.db, row.secret_sealed)) });
    const code = (offset: number) => totp.generate({ timestamp: Date.now() + offset * 30_000 });
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers, payload: { code: code(-1) } })).statusCode).toBe(
      200,
    );
    const link = await throughProvider('keycloak', 'denov-sub', { intent: 'link', cookie: worker.cookie });
    expect((await callback(link.path, `${worker.cookie}; hamkor_oidc=${link.flow}`)).statusCode).toBe(302);

    const { flow, path } = await throughProvider('keycloak', 'denov-sub');
    const asked = await callback(path, `hamkor_oidc=${flow}`);
    expect(asked.headers.location).toBe('/sign-in?provider=keycloak&step=code');
    expect(cookieOf(asked, 'hamkor_session')).toBeUndefined();
    const ticket = cookieOf(asked, 'hamkor_oidc');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/oidc/keycloak/second-factor',
      headers: { cookie: `hamkor_oidc=${ticket}` },
      payload: { totp: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    // One try per trip through the provider: the ticket is used up.
    const again = await throughProvider('keycloak', 'denov-sub');
    const ticket2 = cookieOf(await callback(again.path, `hamkor_oidc=${again.flow}`), 'hamkor_oidc');
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/auth/oidc/keycloak/second-factor',
      headers: { cookie: `hamkor_oidc=${ticket2}` },
      payload: { totp: code(0) },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user.username).toBe('worker.denov');
    expect(cookieOf(signedIn, 'hamkor_session')).toBeTruthy();
    const [login] = await auditOf('auth.login');
    expect(login?.details).toMatchObject({ method: 'keycloak', secondFactor: 'totp' });
    const replay = await app.inject({
      method: 'POST',
      url: '/api/auth/oidc/keycloak/second-factor',
      headers: { cookie: `hamkor_oidc=${ticket2}` },
      payload: { totp: code(1) },
    });
    expect(replay.statusCode).toBe(400);
  });

  it('tells the person when the provider cannot be reached, and an API client 503', async () => {
    const down = await buildApp({
      database,
      identity: {
        publicUrl: PUBLIC_URL,
        providers: [
          { kind: 'oidc', name: 'down', label: 'Down', issuer: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's', scope: 'openid' },
        ],
      },
    });
    try {
      const api = await down.inject({ method: 'GET', url: '/api/auth/oidc/down/start' });
      expect(api.statusCode).toBe(503);
      expect(api.json().error.code).toBe('oidc_unavailable');
      const page = await down.inject({ method: 'GET', url: '/api/auth/oidc/down/start', headers: { 'sec-fetch-mode': 'navigate' } });
      expect(page.headers.location).toBe('/sign-in?signInError=oidc_unavailable');
    } finally {
      await down.close();
    }
  });

  it('answers 404 for a provider that is not configured', async () => {
    for (const url of ['/api/auth/oidc/azure/start', '/api/auth/oidc/azure/callback?state=x', '/api/auth/oidc/NOT%20A%20NAME/start']) {
      const response = await app.inject({ method: 'GET', url });
      expect([400, 404], url).toContain(response.statusCode);
    }
    expect((await app.inject({ method: 'GET', url: '/api/auth/oidc/azure/start' })).statusCode).toBe(404);
  });
});

describe('sign-in with OneID', () => {
  it('signs in the account with the PINFL OneID names, and signing out calls one_log_out with its token', async () => {
    const admin = await passwordLogin('admin');
    const user = await database.db.selectFrom('users').select(['id', 'version']).where('username', '=', 'worker').executeTakeFirstOrThrow();
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { version: user.version, pinfl: '3120 5880 1234 56' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().pinfl).toBe('31205880123456');
    // Only those who keep the account see it: a supervisor reading their worker does not.
    const supervisor = await passwordLogin('supervisor');
    const read = await app.inject({ method: 'GET', url: `/api/users/${user.id}`, headers: { cookie: supervisor.cookie } });
    expect(read.statusCode).toBe(200);
    expect(read.json().pinfl).toBeNull();

    const { flow, path, authorization } = await throughProvider('oneid', '31205880123456');
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      response_type: 'one_code',
      client_id: 'hamkor',
      scope: 'hamkor',
    });
    const signedIn = await callback(path, `hamkor_oidc=${flow}`);
    expect(signedIn.statusCode, signedIn.body).toBe(302);
    const session = `hamkor_session=${cookieOf(signedIn, 'hamkor_session')}`;
    const me = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session } });
    expect(me.json().user.username).toBe('worker');
    // "My sessions" says how it was opened.
    const sessions = await app.inject({ method: 'GET', url: '/api/sessions', headers: { cookie: session } });
    expect(sessions.json().items.find((item: { current: boolean }) => item.current)).toMatchObject({ provider: 'oneid' });
    expect(oneId.calls.map((c) => c.grant)).toEqual(['one_authorization_code', 'one_access_token_identify']);
    // The access token stays on the server: sealed in the session row, never in a cookie or an answer.
    const token = oneId.calls[1]?.accessToken ?? '';
    const row = await database.db
      .selectFrom('sessions')
      .select(['provider', 'provider_token_sealed'])
      .where('provider', '=', 'oneid')
      .executeTakeFirstOrThrow();
    expect(row.provider_token_sealed).toBeTruthy();
    expect(row.provider_token_sealed).not.toContain(token);
    expect(signedIn.headers['set-cookie']?.toString()).not.toContain(token);
    expect(me.body).not.toContain(token);

    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session, 'x-csrf-token': me.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(oneId.calls.at(-1)).toEqual({ grant: 'one_log_out', accessToken: token });
    expect(oneId.live.has(token)).toBe(false);
  });

  it('signs out of OneID when the session is ended from another device (My sessions)', async () => {
    const { flow, path } = await throughProvider('oneid', '31205880123456');
    const oneIdSession = `hamkor_session=${cookieOf(await callback(path, `hamkor_oidc=${flow}`), 'hamkor_session')}`;
    const token = oneId.calls.at(-1)?.accessToken ?? '';
    expect(oneId.live.has(token)).toBe(true);
    const office = await passwordLogin('worker');
    const listed = await app.inject({ method: 'GET', url: '/api/sessions', headers: { cookie: office.cookie } });
    const target = listed.json().items.find((item: { provider: string | null }) => item.provider === 'oneid');
    const ended = await app.inject({
      method: 'DELETE',
      url: `/api/sessions/${target.id}`,
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
    });
    expect(ended.statusCode).toBe(204);
    expect(oneId.calls.at(-1)).toEqual({ grant: 'one_log_out', accessToken: token });
    expect(oneId.live.has(token)).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: oneIdSession } })).statusCode).toBe(401);
  });

  it('signs out of OneID when a change ends the sessions: a new password, an administrator ending them, a deactivation', async () => {
    const oneIdSession = async () => {
      const { flow, path } = await throughProvider('oneid', '31205880123456');
      const cookie = `hamkor_session=${cookieOf(await callback(path, `hamkor_oidc=${flow}`), 'hamkor_session')}`;
      const token = oneId.calls.at(-1)?.accessToken ?? '';
      expect(oneId.live.has(token)).toBe(true);
      return { cookie, token };
    };
    const signedOut = async (session: { cookie: string; token: string }) => {
      expect(oneId.calls.at(-1)).toEqual({ grant: 'one_log_out', accessToken: session.token });
      expect(oneId.live.has(session.token)).toBe(false);
      expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    };
    const admin = await passwordLogin('admin');
    const adminHeaders = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const worker = await database.db.selectFrom('users').select('id').where('username', '=', 'worker').executeTakeFirstOrThrow();
    const patchWorker = async (changes: object) => {
      const { version } = await database.db.selectFrom('users').select('version').where('id', '=', worker.id).executeTakeFirstOrThrow();
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/users/${worker.id}`,
        headers: adminHeaders,
        payload: { version, ...changes },
      });
      expect(patched.statusCode, patched.body).toBe(200);
    };

    // The worker changes their password at the office: the OneID session on the other computer ends there too.
    let session = await oneIdSession();
    const office = await passwordLogin('worker');
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Bahor kelganda 2027 yil!' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    await signedOut(session);
    // The administrator sets it back: every session ends, at OneID too.
    session = await oneIdSession();
    await patchWorker({ password: TEST_PASSWORD });
    await signedOut(session);
    // The administrator ends every session of the worker; again with an Idempotency-Key, where the request runs
    // in a transaction of its own and OneID is called once that has committed.
    session = await oneIdSession();
    const ended = await app.inject({ method: 'DELETE', url: `/api/users/${worker.id}/sessions`, headers: adminHeaders });
    expect(ended.statusCode).toBe(204);
    await signedOut(session);
    session = await oneIdSession();
    const endedOnce = await app.inject({
      method: 'DELETE',
      url: `/api/users/${worker.id}/sessions`,
      headers: { ...adminHeaders, 'idempotency-key': crypto.randomUUID() },
    });
    expect(endedOnce.statusCode, endedOnce.body).toBe(204);
    await signedOut(session);
    // The account is deactivated (and then active again for the tests after this one).
    session = await oneIdSession();
    await patchWorker({ active: false });
    await signedOut(session);
    await patchWorker({ active: true });
    // A change that ends no session calls nobody.
    const calls = oneId.calls.length;
    await patchWorker({ displayName: 'Dilnoza Karimova' });
    expect(oneId.calls.length).toBe(calls);
  });

  it('refuses a PINFL no account holds, with a clear message', async () => {
    const { flow, path } = await throughProvider('oneid', '49999999999999');
    const refused = await callback(path, `hamkor_oidc=${flow}`, { 'sec-fetch-mode': 'navigate' });
    expect(refused.headers.location).toBe('/sign-in?signInError=oidc_unknown_identity');
  });

  it('signs out of Hamkor even when OneID does not answer', async () => {
    const { flow, path } = await throughProvider('oneid', '31205880123456');
    const session = `hamkor_session=${cookieOf(await callback(path, `hamkor_oidc=${flow}`), 'hamkor_session')}`;
    const me = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session } });
    oneId.clientSecret = 'changed';
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session, 'x-csrf-token': me.json().csrfToken },
    });
    oneId.clientSecret = 'hamkor-oneid-secret';
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session } })).statusCode).toBe(401);
  });

  it('keeps a PINFL to one account, and 14 digits', async () => {
    const admin = await passwordLogin('admin');
    const other = await database.db
      .selectFrom('users')
      .select(['id', 'version'])
      .where('username', '=', 'worker2')
      .executeTakeFirstOrThrow();
    const patch = (pinfl: unknown) =>
      app.inject({
        method: 'PATCH',
        url: `/api/users/${other.id}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { version: other.version, pinfl },
      });
    const taken = await patch('31205880123456');
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.fields).toMatchObject([{ path: 'pinfl', code: 'pinfl_taken' }]);
    const short = await patch('123');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0].path).toBe('pinfl');
  });

  it('has nothing to link: OneID finds accounts by PINFL', async () => {
    const worker = await passwordLogin('worker2');
    const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/oneid/start?intent=link', headers: { cookie: worker.cookie } });
    expect(start.statusCode).toBe(400);
  });
});

describe('settings', () => {
  it('reads providers from the environment and stops on a wrong one', () => {
    const settings = readIdentitySettings({
      HAMKOR_OIDC_PROVIDERS: 'keycloak, partner-ngo',
      HAMKOR_OIDC_KEYCLOAK_ISSUER: 'https://id.example.uz/realms/hamkor',
      HAMKOR_OIDC_KEYCLOAK_CLIENT_ID: 'hamkor',
      HAMKOR_OIDC_KEYCLOAK_CLIENT_SECRET: 's',
      HAMKOR_OIDC_KEYCLOAK_LABEL: 'Tashkilot hisobi',
      HAMKOR_OIDC_PARTNER_NGO_ISSUER: 'http://127.0.0.1:9000',
      HAMKOR_OIDC_PARTNER_NGO_CLIENT_ID: 'c',
      HAMKOR_OIDC_PARTNER_NGO_CLIENT_SECRET: 's',
      HAMKOR_ONEID_URL: 'https://sso.egov.uz/sso/oauth/Authorization.do',
      HAMKOR_ONEID_CLIENT_ID: 'hamkor_uz',
      HAMKOR_ONEID_CLIENT_SECRET: 'x',
    });
    expect(settings.providers.map((p) => [p.name, p.label, p.scope])).toEqual([
      ['keycloak', 'Tashkilot hisobi', 'openid'],
      ['partner-ngo', 'partner-ngo', 'openid'],
      ['oneid', 'OneID', 'hamkor_uz'],
    ]);
    expect(readIdentitySettings({}).providers).toEqual([]);
    // Hamkor on plain http in an office network is fine; a provider over plain http elsewhere is not.
    expect(readIdentitySettings({ HAMKOR_PUBLIC_URL: 'http://192.168.1.10:3000/' }).publicUrl).toBe('http://192.168.1.10:3000');
    expect(() => readIdentitySettings({ HAMKOR_OIDC_PROVIDERS: 'keycloak' })).toThrow(/HAMKOR_OIDC_KEYCLOAK_ISSUER/);
    expect(() =>
      readIdentitySettings({
        HAMKOR_OIDC_PROVIDERS: 'x',
        HAMKOR_OIDC_X_ISSUER: 'http://id.example.uz',
        HAMKOR_OIDC_X_CLIENT_ID: 'c',
        HAMKOR_OIDC_X_CLIENT_SECRET: 's',
      }),
    ).toThrow(/https/);
    expect(() => readIdentitySettings({ HAMKOR_ONEID_URL: 'https://sso.egov.uz/x' })).toThrow(/CLIENT_ID/);
  });
});
