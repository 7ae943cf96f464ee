import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';
import { THROTTLE } from './service.ts';

/**
 * Sign-in throttling under real parallel requests against the real app. Each test signs in from addresses of
 * its own (inject's remoteAddress), so that the per-address counts of one test do not reach into another.
 */
describe('sign-in throttling', () => {
  const server = useTestServer();

  const attempt = (username: string, password: string, remoteAddress: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  const tally = (statuses: number[]) => {
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  };
  const attemptsOf = async (key: string) =>
    (await server.db.selectFrom('login_attempts').select('attempts').where('key', '=', key).executeTakeFirst())?.attempts;
  /** Lets the waiting time of a key run out, as time passing would. */
  const waitOut = (key: string) =>
    server.db.updateTable('login_attempts').set({ next_at: sql`now() - interval '1 second'` }).where('key', '=', key).execute();
  const failuresAudited = async () =>
    Number(
      (
        await server.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'auth.login_failed')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('checks only three of 100 parallel wrong passwords for one account from one address, and audits one', async () => {
    const audited = await failuresAudited();
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt('ngo', `wrong-${i}`, '198.51.100.1')));
    expect(tally(replies.map((r) => r.statusCode))).toEqual({ 401: 3, 429: 97 });
    const refused = replies.find((r) => r.statusCode === 429);
    expect(refused?.json().error.code).toBe('too_many_requests');
    // About 30 s; parallel requests start a moment apart, so a refused one may see a second more.
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(31);
    expect(await attemptsOf('user:ngo')).toBe(3);
    expect((await failuresAudited()) - audited).toBe(1);
  });

  it('lets no parallel guess through beside a right password, and gives back only the success’s own count', async () => {
    const passwords = [TEST_PASSWORD, ...Array.from({ length: 24 }, (_, i) => `wrong-${i}`)];
    const replies = await Promise.all(passwords.map((password) => attempt('supervisor', password, '198.51.100.2')));
    const statuses = tally(replies.map((r) => r.statusCode));
    // At most three wrong passwords are checked while the address is new to the account, whatever the order. A
    // success that lands early gives back its own count and makes the address one the account signs in from,
    // which has five tries at once (docs/security.md): guesses counted after it may reach five, never more.
    const wrong = statuses[401] ?? 0;
    expect(wrong).toBeGreaterThanOrEqual(2);
    expect(wrong).toBeLessThanOrEqual(statuses[200] ? THROTTLE.pair.freeKnown : THROTTLE.pair.free);
    expect(statuses[200] ?? 0).toBeLessThanOrEqual(1);
    expect(statuses[429]).toBe(25 - (statuses[200] ?? 0) - (statuses[401] ?? 0));
    // The success does not clear the count: the failures made beside it stay counted against the account.
    expect(await attemptsOf('user:supervisor')).toBe(statuses[401]);
  });

  it('slows an address down with a doubling wait, while the account stays open from elsewhere', async () => {
    const here = '198.51.100.3';
    const pair = `pair:worker2 ${here}`;
    for (let i = 0; i < 3; i++) expect((await attempt('worker2', `wrong-${i}`, here)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const refused = await attempt('worker2', TEST_PASSWORD, here);
      expect(refused.statusCode).toBe(429);
      waits.push(Number(refused.headers['retry-after']));
      await waitOut(pair);
      expect((await attempt('worker2', `wrong-again-${round}`, here)).statusCode).toBe(401);
    }
    expect(waits.map((s) => Math.round(s / 30) * 30)).toEqual([30, 60, 120, 240]);
    const capped = await attempt('worker2', TEST_PASSWORD, here);
    expect(Number(capped.headers['retry-after'])).toBeLessThanOrEqual(300);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(240);

    // Another address has a budget of its own: the worker signs in from the office while the guessing goes on.
    expect((await attempt('worker2', TEST_PASSWORD, '203.0.113.3')).statusCode).toBe(200);
    // Once the wait has run out, the right password works from the slowed address too: nothing is locked.
    await waitOut(pair);
    expect((await attempt('worker2', TEST_PASSWORD, here)).statusCode).toBe(200);
  });

  it('caps guesses at an account from many addresses, but not from an address it signs in from', async () => {
    const office = '192.0.2.10';
    expect((await attempt('analyst', TEST_PASSWORD, office)).statusCode).toBe(200);

    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt('analyst', `guess-${i}`, `10.9.0.${i + 1}`)));
    expect(tally(replies.map((r) => r.statusCode))).toEqual({ 401: 20, 429: 20 });
    const stranger = await attempt('analyst', TEST_PASSWORD, '10.9.1.1');
    expect(stranger.statusCode).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);

    // The analyst's own office is not shut out by the guessing elsewhere.
    expect((await attempt('analyst', TEST_PASSWORD, office)).statusCode).toBe(200);
  });

  it('answers a deactivated account as a wrong password, and still counts the try', async () => {
    await server.db.updateTable('users').set({ active: false }).where('username', '=', 'agency').execute();
    const reply = await attempt('agency', TEST_PASSWORD, '198.51.100.5');
    expect(reply.statusCode).toBe(401);
    expect(reply.json().error).toEqual((await attempt('nobody-at-all', TEST_PASSWORD, '198.51.100.5')).json().error);
    expect(reply.json().error.code).toBe('invalid_credentials');
    expect(await attemptsOf('user:agency')).toBe(1);
    await server.db.updateTable('users').set({ active: true }).where('username', '=', 'agency').execute();
  });

  it('slows down, never shuts out, an office behind one address', async () => {
    const office = '198.51.100.6';
    const replies = await Promise.all(Array.from({ length: 101 }, (_, i) => attempt(`no-such-user-${i}`, 'wrong', office)));
    expect(tally(replies.map((r) => r.statusCode))).toEqual({ 401: 100, 429: 1 });
    // From now on one try every 5 seconds goes ahead from this address: the administrator gets in...
    await waitOut(`ip:${office}`);
    expect((await attempt('admin', TEST_PASSWORD, office)).statusCode).toBe(200);
    // ...and the next try from the office waits its turn, a few seconds at most.
    const slowed = await attempt('worker', TEST_PASSWORD, office);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(5);
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    const app = await buildApp({ database: server.database, trustProxy: ['10.0.0.1'] });
    try {
      const via = (remoteAddress: string, client: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'worker', password: 'wrong' },
          remoteAddress,
          headers: { 'x-forwarded-for': client },
        });
      // A client that writes its own X-Forwarded-For is counted by its own address, whatever it writes.
      const rotated = [];
      for (let i = 0; i < 6; i++) rotated.push((await via('198.51.100.7', `203.0.113.${i + 10}`)).statusCode);
      expect(rotated).toEqual([401, 401, 401, 429, 429, 429]);
      // Through the proxy, each client behind it has a budget of its own.
      for (let i = 0; i < 3; i++) expect((await via('10.0.0.1', '203.0.113.50')).statusCode).toBe(401);
      expect((await via('10.0.0.1', '203.0.113.50')).statusCode).toBe(429);
      expect((await via('10.0.0.1', '203.0.113.51')).statusCode).toBe(401);
      expect(await attemptsOf('pair:worker 203.0.113.50')).toBe(3);
      expect(await attemptsOf('pair:worker 203.0.113.10')).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
