import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DatabaseHandle, type Db, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/db/reference.ts';
import { type ReadReplica, readDb, replicaOf, withReadReplica } from '../src/db/replica.ts';
import { withTx } from '../src/db/transactions.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadInstruments } from '../src/modules/instruments/repo.ts';
import { ownCluster, postgresBin } from './cluster.ts';
import { TEST_DB_KIND, TEST_PASSWORD } from './databases.ts';
import { ownStandby } from './standby.ts';

const bin = postgresBin();
const MAX_LAG_MS = 3_000;

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(TEST_DB_KIND !== 'postgresql' || !bin)('reads on a streaming replica (DATABASE_READ_URL)', () => {
  let cluster: Awaited<ReturnType<typeof ownCluster>>;
  let standby: Awaited<ReturnType<typeof ownStandby>>;
  let database: DatabaseHandle;
  let replica: ReadReplica;
  let app: FastifyInstance;
  const logs: string[] = [];
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'hamkor-replica-'));
  const sessions: Record<string, { cookie: string; 'x-csrf-token': string; id: string }> = {};

  /** Runs one statement on the standby itself (pausing and resuming its replay). */
  const onStandby = async (statement: string) => {
    const client = new pg.Client({ connectionString: standby.url() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const get = (who: string, url: string) => {
    const { id: _id, ...headers } = sessions[who] as (typeof sessions)[string];
    return app.inject({ method: 'GET', url, headers });
  };
  const post = (who: string, url: string, payload: object) => {
    const { id: _id, ...headers } = sessions[who] as (typeof sessions)[string];
    return app.inject({ method: 'POST', url, headers, payload });
  };
  /** Which side served `work`'s reads: how many connections each handed out meanwhile. */
  const servedBy = async (work: () => Promise<unknown>) => {
    const before = { ...replica.served };
    await work();
    return { replica: replica.served.replica - before.replica, primary: replica.served.primary - before.primary };
  };
  const household = (surname: string) => ({
    districtCode: '1722226',
    address: 'Guliston MFY, Bogʻbon koʻchasi, 8-uy',
    identificationSource: 'mahalla_social_worker',
    members: [{ surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1990-03-14' }],
  });

  beforeAll(async () => {
    cluster = await ownCluster(bin as string);
    const primary = await openDatabase({ url: cluster.url, dataDir: attachmentsDir, poolSize: 5 });
    await migrate(primary.db);
    await loadReferenceData(primary.db);
    await loadInstruments(primary.db);
    await seedDemo(primary.db, TEST_PASSWORD);
    standby = await ownStandby(bin as string, cluster.url);
    database = await withReadReplica(primary, standby.url(), { checkEveryMs: 100, maxLagMs: MAX_LAG_MS, log: (line) => logs.push(line) });
    replica = replicaOf(database.db) as ReadReplica;
    await replica.waitForReplay();
    await until('the replica is up', () => replica.state === 'up');
    app = await buildApp({ database, attachmentsDir });
    await app.ready();
    for (const username of ['worker', 'analyst']) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      sessions[username] = {
        cookie: `hamkor_session=${login.cookies.find((cookie) => cookie.name === 'hamkor_session')?.value}`,
        'x-csrf-token': login.json().csrfToken as string,
        id: login.json().user.id as string,
      };
    }
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    standby?.remove();
    cluster?.remove();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it('reads dashboards, reports and searches on the replica, and writes their audit on the primary', async () => {
    const worker = sessions.worker?.id as string;
    const inRecovery = async (db: Db) =>
      (await sql<{ standby: boolean }>`SELECT pg_is_in_recovery() AS standby`.execute(db)).rows[0]?.standby;
    expect(await inRecovery(readDb({ db: database.db, actor: { id: worker } }))).toBe(true);
    // Inside a transaction, and everywhere else, the primary.
    expect(await inRecovery(database.db)).toBe(false);
    expect(await withTx(database.db, (trx) => inRecovery(readDb({ db: trx, actor: { id: worker } })))).toBe(false);

    const { surname } = await database.db
      .selectFrom('persons')
      .select('surname')
      .where('district_code', '=', '1722226')
      .executeTakeFirstOrThrow();
    const searchesBefore = await database.db
      .selectFrom('audit_events')
      .where('action', '=', 'person.search')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [who, url] of [
      ['worker', '/api/dashboards/worker'],
      ['worker', `/api/persons?q=${encodeURIComponent(surname)}`],
      ['worker', '/api/families?assignee=me'],
      ['analyst', '/api/dashboards/manager'],
      ['analyst', '/api/reports/caseload'],
    ] as const) {
      let status = 0;
      const served = await servedBy(async () => {
        status = (await get(who, url)).statusCode;
      });
      expect(status, url).toBe(200);
      expect(served.replica, url).toBeGreaterThan(0);
      expect(served.primary, url).toBe(0);
    }
    const searchesAfter = await database.db
      .selectFrom('audit_events')
      .where('action', '=', 'person.search')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(searchesAfter.n).toBe(searchesBefore.n + 1);
  });

  it('reads back what a user has just written at once, from the primary, until the replica has replayed it', async () => {
    const worker = sessions.worker?.id as string;
    const analyst = sessions.analyst?.id as string;
    await onStandby('SELECT pg_wal_replay_pause()');
    try {
      const created = await post('worker', '/api/families', household('Replikova'));
      expect(created.statusCode, created.body).toBe(201);
      const familyId = created.json().id as string;
      // The writer reads from the primary and sees the new family at once; others still read the replica.
      expect(replica.serves(worker)).toBe(false);
      expect(replica.serves(analyst)).toBe(true);
      const listed = await servedBy(async () => {
        const mine = await get('worker', '/api/families?assignee=me');
        expect(mine.json().items.map((item: { id: string }) => item.id)).toContain(familyId);
        const found = await get('worker', `/api/persons?q=${encodeURIComponent('Replikova')}`);
        expect(found.json().items.map((item: { familyId: string }) => item.familyId)).toContain(familyId);
      });
      expect(listed).toEqual({ replica: 0, primary: expect.any(Number) });
      // The replica has not replayed it: read there, the family is not yet to be found.
      const stale = await readDb({ db: database.db, actor: { id: analyst } })
        .selectFrom('families')
        .select('id')
        .where('id', '=', familyId)
        .execute();
      expect(stale).toEqual([]);
    } finally {
      await onStandby('SELECT pg_wal_replay_resume()');
    }
    await until('the replica has replayed the write', () => replica.serves(worker));
    const after = await servedBy(() => get('worker', '/api/families?assignee=me'));
    expect(after.replica).toBeGreaterThan(0);
  });

  it('tells another server behind the load balancer of the write, by a cookie, and ignores a made-up one', async () => {
    const other = await withReadReplica(await openDatabase({ url: cluster.url, dataDir: attachmentsDir, poolSize: 2 }), standby.url(), {
      checkEveryMs: 100,
      maxLagMs: MAX_LAG_MS,
      log: () => {},
    });
    const appB = await buildApp({ database: other, attachmentsDir });
    await appB.ready();
    try {
      const { id: _id, ...headers } = sessions.worker as (typeof sessions)[string];
      const mine = (cookie: string) =>
        appB.inject({ method: 'GET', url: '/api/families?assignee=me', headers: { ...headers, cookie: `${headers.cookie}; ${cookie}` } });
      const ids = (response: { json: () => { items: { id: string }[] } }) => response.json().items.map((item) => item.id);
      await onStandby('SELECT pg_wal_replay_pause()');
      try {
        const created = await post('worker', '/api/families', household('Boshqaserverova'));
        expect(created.statusCode, created.body).toBe(201);
        const written = created.cookies.find((cookie) => cookie.name === 'hamkor_written');
        expect(written?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        // Server B has not seen the write; with the cookie it reads from the primary, without it from the replica.
        expect(ids(await mine('hamkor_written=0/0'))).not.toContain(created.json().id);
        expect(ids(await mine(`hamkor_written=${written?.value}`))).toContain(created.json().id);
      } finally {
        await onStandby('SELECT pg_wal_replay_resume()');
      }
      for (const made of ['FFFFFFFF/FFFFFFFF', 'nonsense', '1/2/3', `${'9'.repeat(40)}/0`]) {
        const response = await mine(`hamkor_written=${encodeURIComponent(made)}`);
        expect(response.statusCode, made).toBe(200);
      }
      // A made-up position far ahead holds the user on the primary only until the replica catches up with now.
      await until('a made-up position is let go', () => (replicaOf(other.db) as ReadReplica).serves(sessions.worker?.id as string));
    } finally {
      await appB.close();
      await other.close();
    }
  });

  it('reads from the primary while the replica lags beyond the bound, says so once, and goes back when it catches up', async () => {
    logs.length = 0;
    await onStandby('SELECT pg_wal_replay_pause()');
    try {
      // Writes the replica does not replay: its lag grows past the bound.
      await until(
        'the replica is lagging',
        async () => {
          await sql`SELECT pg_logical_emit_message(false, 'hamkor-test', 'tick')`.execute(database.db);
          return replica.state === 'lagging';
        },
        MAX_LAG_MS * 4,
      );
      const served = await servedBy(async () => expect((await get('analyst', '/api/dashboards/manager')).statusCode).toBe(200));
      expect(served).toEqual({ replica: 0, primary: expect.any(Number) });
    } finally {
      await onStandby('SELECT pg_wal_replay_resume()');
    }
    await until('the replica is back', () => replica.state === 'up');
    expect(logs.filter((line) => line.includes('behind the primary'))).toHaveLength(1);
    expect(logs.filter((line) => line.includes('read replica is back'))).toHaveLength(1);
    expect((await servedBy(() => get('analyst', '/api/dashboards/manager'))).replica).toBeGreaterThan(0);
  });

  it('answers from the primary when the replica stops, says so once, and uses it again once it is back', async () => {
    logs.length = 0;
    standby.stop();
    // Before the monitor has noticed, as after: every read is answered, from the primary.
    for (let i = 0; i < 5; i++) {
      for (const [who, url] of [
        ['worker', '/api/dashboards/worker'],
        ['worker', `/api/persons?q=${encodeURIComponent('Replikova')}`],
        ['analyst', '/api/reports/caseload'],
      ] as const) {
        const response = await get(who, url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      }
      if (i === 0) await until('the replica is seen down', () => replica.state === 'down');
    }
    expect(logs.filter((line) => line.includes('unavailable'))).toHaveLength(1);
    // No query, name or figure in what is logged.
    expect(logs.join('\n')).not.toMatch(/Replikova|SELECT|hamkor_session/);

    standby.start();
    await until('the replica is back', () => replica.state === 'up');
    expect(logs.filter((line) => line.includes('read replica is back'))).toHaveLength(1);
    const served = await servedBy(() => get('worker', '/api/dashboards/worker'));
    expect(served.replica).toBeGreaterThan(0);
  });
});
