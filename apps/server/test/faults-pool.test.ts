import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './harness.ts';

// A short wait for a connection, so the test sees the 503 within a second; set before the database opens.
process.env.HAMKOR_DB_WAIT_MS = '800';

describe('every database connection held by slow work', () => {
  const server = useTestServer();

  it('makes new requests wait a bounded time and answers 503 with Retry-After; health still answers; then it serves again', async () => {
    const worker = await server.login('worker');
    const size = server.database.kind === 'pglite' ? 1 : 10;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let acquired = 0;
    const holders = Array.from({ length: size }, () =>
      server.db.connection().execute(async (conn) => {
        await sql`SELECT 1`.execute(conn);
        acquired += 1;
        await held;
      }),
    );
    while (acquired < size) await new Promise((resolve) => setTimeout(resolve, 10));

    try {
      const started = performance.now();
      const busy = await server.as(worker, { method: 'GET', url: '/api/cases', headers: { 'accept-language': 'ru' } });
      const waited = performance.now() - started;
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.json().error).toEqual({
        code: 'unavailable',
        message: 'Сервис временно недоступен. Ничего не изменено; повторите через несколько секунд.',
      });
      expect(waited).toBeGreaterThanOrEqual(700);
      expect(waited).toBeLessThan(5_000);

      // A write meanwhile is refused the same way and leaves nothing behind.
      const write = await server.as(worker, {
        method: 'POST',
        url: '/api/families',
        payload: {
          districtCode: '1722226',
          address: 'Navbahor MFY, Kutish koʻchasi, 3-uy',
          identificationSource: 'mahalla_social_worker',
          members: [{ surname: 'Kutilganov', givenName: 'Sardor', sex: 'male', relationship: 'head', birthDate: '1984-02-01' }],
        },
      });
      expect(write.statusCode).toBe(503);

      const health = await server.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      const ready = await server.app.inject({ method: 'GET', url: '/api/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'database_unavailable' });
    } finally {
      release();
      await Promise.all(holders);
    }

    expect((await server.as(worker, { method: 'GET', url: '/api/cases' })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    const kept = await server.db.selectFrom('persons').select('id').where('surname', '=', 'Kutilganov').execute();
    expect(kept).toEqual([]);
  });
});
