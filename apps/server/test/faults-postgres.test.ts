import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/db/reference.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { verifyAuditChain } from '../src/modules/audit/repo.ts';
import { loadInstruments } from '../src/modules/instruments/repo.ts';
import { ownCluster, postgresBin } from './cluster.ts';
import { TEST_DB_KIND, TEST_PASSWORD } from './databases.ts';

const bin = postgresBin();
const WAIT_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Digits as letters, so every registered name is different and passes the name rules. */
const letters = (n: number) => [...String(n)].map((digit) => 'abcdefghij'[Number(digit)]).join('');

type Result = { status: number; ms: number; id?: string };

describe.skipIf(TEST_DB_KIND !== 'postgresql' || !bin)('PostgreSQL stopped and started again under a write load', () => {
  let cluster: Awaited<ReturnType<typeof ownCluster>>;
  let database: DatabaseHandle;
  let app: FastifyInstance;
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'hamkor-faults-'));

  beforeAll(async () => {
    cluster = await ownCluster(bin as string);
    database = await openDatabase({ url: cluster.url, dataDir: attachmentsDir, poolSize: 5, acquireTimeoutMs: WAIT_MS });
    await migrate(database.db);
    await loadReferenceData(database.db);
    await loadInstruments(database.db);
    await seedDemo(database.db, TEST_PASSWORD);
    app = await buildApp({ database, attachmentsDir });
    await app.ready();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    cluster?.remove();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After meanwhile (never a 500, never a hang), recovers by itself, and loses no acknowledged write', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker', password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const headers = {
      cookie: `hamkor_session=${login.cookies.find((cookie) => cookie.name === 'hamkor_session')?.value}`,
      'x-csrf-token': login.json().csrfToken as string,
    };

    const results: Result[] = [];
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const started = performance.now();
        const response = await app.inject({
          method: 'POST',
          url: '/api/families',
          headers,
          payload: {
            districtCode: '1722226',
            address: `Navbahor MFY, Sinov koʻchasi, ${n}-${i}-uy`,
            identificationSource: 'mahalla_social_worker',
            members: [
              {
                surname: `Yuklama${letters(n * 10_000 + i)}`,
                givenName: 'Sardor',
                sex: 'male',
                relationship: 'head',
                birthDate: '1984-02-01',
              },
            ],
          },
        });
        const result: Result = { status: response.statusCode, ms: performance.now() - started };
        if (response.statusCode === 201) result.id = response.json().id;
        if (response.statusCode === 503) {
          expect(response.headers['retry-after']).toBe('5');
          expect(response.json().error.code).toBe('unavailable');
        }
        results.push(result);
        if (response.statusCode !== 201) await sleep(100);
      }
    };
    const clients = Array.from({ length: 5 }, (_, n) => client(n));

    await sleep(1_500);
    cluster.stop('fast');
    await sleep(2_000);
    cluster.start();
    await sleep(2_000);
    cluster.stop('immediate');
    await sleep(2_000);
    cluster.start();
    await sleep(3_000);
    const beforeEnd = results.length;
    await sleep(1_500);
    running = false;
    await Promise.all(clients);

    const unexpected = results.filter((result) => result.status !== 201 && result.status !== 503);
    expect(unexpected).toEqual([]);
    expect(results.filter((result) => result.status === 503).length).toBeGreaterThan(0);
    // Bounded: no request waited much past the connection wait.
    expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(WAIT_MS + 5_000);
    // Recovered by itself: the last stretch of the load succeeded.
    const lastStretch = results.slice(beforeEnd);
    expect(lastStretch.length).toBeGreaterThan(0);
    expect(lastStretch.every((result) => result.status === 201)).toBe(true);

    // Every acknowledged write is there, with its member, and the audit chain is whole.
    const acknowledged = results.flatMap((result) => (result.id ? [result.id] : []));
    expect(acknowledged.length).toBeGreaterThan(10);
    const found = await database.db.selectFrom('families').select('id').where('id', 'in', acknowledged).execute();
    expect(found.length).toBe(acknowledged.length);
    const members = await database.db.selectFrom('persons').select('family_id').where('family_id', 'in', acknowledged).execute();
    expect(new Set(members.map((member) => member.family_id)).size).toBe(acknowledged.length);
    const chain = await verifyAuditChain(database.db);
    expect(chain.intact).toBe(true);
  }, 120_000);
});
