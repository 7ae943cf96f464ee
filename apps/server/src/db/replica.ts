import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import pg from 'pg';
import { acquireTimeout, type DatabaseHandle, type Db, databaseUnavailable, type Tx } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Reads on a streaming replica (`DATABASE_READ_URL`, PostgreSQL only). Dashboards, reports and searches read
 * through `readDb(ctx)`; everything else, and anything inside a transaction, stays on the primary.
 *
 * - Read-your-writes: after a user's write request the primary's WAL position is noted for that user
 *   (`noteWrite`); their reads stay on the primary until the replica has replayed past it.
 * - Fallback: a monitor checks the replica every `checkEveryMs`. Unreachable, not a standby, or more than
 *   `maxLagMs` behind the primary: every read goes to the primary, said once in the log, and back to the
 *   replica once it has caught up. A read that fails on the replica because it just went away, or was
 *   cancelled by a recovery conflict, is run again on the primary: the user never sees the difference.
 */
export type ReadReplica = {
  /** Reads through here go to the replica while it is usable, to the primary otherwise. No transactions. */
  db: Db;
  /** Whether a read by `userId` (null: no user) may be served by the replica now. */
  serves(userId: string | null): boolean;
  /**
   * Notes the primary's WAL position after `userId`'s write: their reads stay on the primary until the replica
   * has replayed it. Returns it ('16/B374D848'), or null when the primary did not say.
   */
  noteWrite(userId: string): Promise<string | null>;
  /** Notes a write of `userId`'s made through another server, at the position that server returned. */
  noteWrittenAt(userId: string, lsn: string): void;
  /** Checks the replica now (the monitor does it every `checkEveryMs`). */
  check(): Promise<void>;
  /** Waits until the replica has replayed everything the primary has written so far (tests, tools). */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** The replica's condition after the last check. */
  readonly state: ReplicaState;
  /** How many reads each side served (connections handed out), for tests and the benchmark. */
  readonly served: { replica: number; primary: number };
  close(): Promise<void>;
};

export type ReplicaState = 'unknown' | 'up' | 'down' | 'lagging' | 'not_standby';

export type ReplicaOptions = {
  poolSize?: number;
  /** Beyond this lag the primary serves every read; `HAMKOR_READ_MAX_LAG_MS`, 5 s by default. */
  maxLagMs?: number;
  checkEveryMs?: number;
  log?: (message: string) => void;
};

const replicas = new WeakMap<Db, ReadReplica>();

/** Read-only transactions a whole request runs in (plugins/auth.ts), with the primary they were opened on. */
const readOnlyRequests = new WeakMap<Db | Tx, Db>();

/**
 * Marks `trx`, a transaction that only reads and records what it read, as one whose replica-eligible reads may
 * still go to the replica of `primary`: it has written nothing the replica could lack.
 */
export function readsBeside(trx: Db | Tx, primary: Db): void {
  readOnlyRequests.set(trx, primary);
}

/** The replica attached to the primary handle `db` (or to the primary of a read-only request's transaction), if any. */
export function replicaOf(db: Db | Tx): ReadReplica | undefined {
  if (!db.isTransaction) return replicas.get(db);
  const primary = readOnlyRequests.get(db);
  return primary && replicas.get(primary);
}

/**
 * Where a replica-eligible read (dashboard, report, search) runs: the replica when one is attached, usable,
 * and has replayed the reader's own last write; otherwise `ctx.db` — the primary, or the transaction the
 * request already runs in. Only for reads: audit events and every write go through `ctx.db`.
 */
export function readDb(ctx: { db: Db; actor: { id: string } | null }): Db {
  const replica = replicaOf(ctx.db);
  return replica?.serves(ctx.actor?.id ?? null) ? replica.db : ctx.db;
}

/**
 * Runs `work` on `readDb(ctx)`, and once more on `ctx.db` when the replica went away under it or cancelled
 * it: for a read made in a transaction of its own, which cannot move to the primary in its middle.
 */
export async function readWith<T>(ctx: { db: Db; actor: { id: string } | null }, work: (db: Db) => Promise<T>): Promise<T> {
  const db = readDb(ctx);
  if (db === ctx.db) return work(db);
  try {
    return await work(db);
  } catch (error) {
    if (!replicaFailed(error)) throw error;
    return work(ctx.db);
  }
}

const replicaFailed = (error: unknown) => databaseUnavailable(error) || STANDBY_CANCELLED.has((error as { code?: string }).code ?? '');

const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/** An LSN as PostgreSQL writes it. */
export const lsnText = (lsn: bigint) => `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

/** An LSN ('16/B374D848') as a number that compares. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** SQLSTATEs of a read the standby cancelled (a conflict with recovery, its database dropped): the primary can answer it. */
const STANDBY_CANCELLED = new Set(['40001', '57P04']);

/**
 * Opens a pool to the replica at `url` and attaches it to the primary `handle` (PostgreSQL): `readDb` then
 * routes there. The returned handle closes both. The server starts even when the replica is away.
 */
export async function withReadReplica(handle: DatabaseHandle, url: string, options: ReplicaOptions = {}): Promise<DatabaseHandle> {
  const primaryPool = handle.pool;
  if (handle.kind !== 'postgresql' || !primaryPool) throw new Error('DATABASE_READ_URL needs PostgreSQL (DATABASE_URL)');
  const log = options.log ?? ((message: string) => console.warn(message));
  const maxLagMs = options.maxLagMs ?? Number(process.env.HAMKOR_READ_MAX_LAG_MS || 5_000);
  const checkEveryMs = options.checkEveryMs ?? 1_000;
  // A replica slow to answer is not worth waiting for: the primary is there.
  const connectTimeout = Math.min(acquireTimeout(), 2_000);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: connectTimeout });
  // The monitor keeps its own connection, so that a busy pool is not taken for a dead replica.
  const monitor = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: connectTimeout, query_timeout: connectTimeout });
  const quiet = () => {
    // A lost replica connection is the monitor's business (it logs once); the pool discards it.
    void check();
  };
  for (const p of [pool, monitor]) {
    p.on('error', quiet);
    p.on('connect', (client) => client.on('error', quiet));
  }

  let state: ReplicaState = 'unknown';
  let replayed = -1n;
  /** The primary's WAL position at each check not yet replayed by the replica: the oldest one dates the lag. */
  let unreplayed: { at: number; lsn: bigint }[] = [];
  /** Users whose own write the replica has not replayed yet: the WAL position after it (null: not known yet). */
  const pending = new Map<string, { lsn: bigint | null }>();
  const served = { replica: 0, primary: 0 };

  let closed = false;

  /** The replica has replayed up to `lsn` (as it says now: a replica rebuilt from older data says less). */
  const advance = (lsn: bigint) => {
    replayed = lsn;
    unreplayed = unreplayed.filter((sample) => sample.lsn > replayed);
    for (const [user, write] of pending) if (write.lsn !== null && write.lsn <= replayed) pending.delete(user);
  };

  const remember = (userId: string, lsn: bigint | null) => {
    const known = pending.get(userId);
    if (known && (known.lsn === null || (lsn !== null && known.lsn >= lsn))) return;
    pending.set(userId, { lsn });
  };

  /** The primary's furthest WAL position this server has seen. */
  let seenOnPrimary = -1n;
  const primaryLsn = async () => {
    const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_flush_lsn()::text AS lsn`.execute(handle.db);
    const lsn = lsnValue(rows[0]?.lsn ?? '0/0');
    if (lsn > seenOnPrimary) seenOnPrimary = lsn;
    return lsn;
  };

  const enter = (next: ReplicaState, message: string) => {
    if (state === next) return;
    // Said once per change, with no query, user or figure in it.
    if (next !== 'up' || state !== 'unknown') log(message);
    state = next;
  };

  const measure = async () => {
    let primary: bigint | null = null;
    try {
      primary = await primaryLsn();
    } catch {
      // The primary away is answered elsewhere (503); the replica's lag cannot be measured meanwhile.
    }
    const now = Date.now();
    if (primary !== null && (unreplayed.at(-1)?.lsn ?? -1n) < primary && unreplayed.length < 10_000)
      unreplayed.push({ at: now, lsn: primary });
    let row: { standby: boolean; lsn: string | null } | undefined;
    try {
      row = (await monitor.query('SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn')).rows[0];
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'no answer';
      return enter('down', `read replica unavailable (${code}): dashboards, reports and searches read from the primary`);
    }
    if (!row?.standby || !row.lsn) {
      return enter('not_standby', 'read replica is not a standby (promoted?): dashboards, reports and searches read from the primary');
    }
    for (const write of pending.values()) if (write.lsn === null && primary !== null) write.lsn = primary;
    advance(lsnValue(row.lsn));
    const lag = unreplayed[0] ? now - unreplayed[0].at : 0;
    if (lag > maxLagMs) {
      return enter(
        'lagging',
        `read replica is ${Math.round(lag / 1000)} s behind the primary (limit ${maxLagMs / 1000} s): dashboards, reports and searches read from the primary`,
      );
    }
    enter('up', 'read replica is back: dashboards, reports and searches read from it again');
  };

  let running: Promise<void> | null = null;
  const check = () => {
    if (closed) return Promise.resolve();
    running ??= measure().finally(() => {
      running = null;
    });
    return running;
  };

  /** A connection for one read: the replica's while it is usable, the primary's otherwise. */
  const routed: PostgresPool = {
    async connect() {
      if (state === 'up') {
        try {
          const client = await pool.connect();
          served.replica++;
          return onReplica(client);
        } catch {
          void check();
        }
      }
      served.primary++;
      return primaryPool.connect();
    },
    end: async () => {},
  };

  /** A replica connection whose reads are answered by the primary when the replica fails them for its own reasons. */
  const onReplica = (client: pg.PoolClient): PostgresPoolClient => {
    let broken = false;
    let inTransaction = false;
    return {
      query: (async (text: string, parameters: unknown[]) => {
        try {
          if (/^\s*(begin|start transaction)/i.test(text)) inTransaction = true;
          else if (/^\s*(commit|rollback)/i.test(text)) inTransaction = false;
          return await client.query(text, parameters);
        } catch (error) {
          if (!replicaFailed(error)) throw error;
          broken = databaseUnavailable(error);
          if (broken) void check();
          // A transaction cannot move to the primary in its middle: readWith runs it again from the start.
          if (inTransaction) throw error;
          served.primary++;
          const other = await primaryPool.connect();
          try {
            return await other.query(text, parameters);
          } finally {
            other.release();
          }
        }
      }) as unknown as PostgresPoolClient['query'],
      release: () => client.release(broken),
    };
  };

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: routed }) });
  const timer = setInterval(() => void check(), checkEveryMs);
  timer.unref();

  const replica: ReadReplica = {
    db,
    serves(userId) {
      if (state !== 'up') return false;
      const write = userId === null ? undefined : pending.get(userId);
      return !write || (write.lsn !== null && write.lsn <= replayed);
    },
    async noteWrite(userId) {
      let lsn: bigint | null = null;
      try {
        lsn = await primaryLsn();
      } catch {
        // Not known: the next check takes the primary's position then, which is after this write.
      }
      remember(userId, lsn);
      return lsn === null ? null : lsnText(lsn);
    },
    noteWrittenAt(userId, text) {
      if (!LSN.test(text)) return;
      const lsn = lsnValue(text);
      if (lsn <= replayed) return;
      // Past what this server last saw of the primary (or made up): the primary's position at the next check
      // is after any real write, and a made-up one cannot keep the user off the replica for ever.
      remember(userId, lsn <= seenOnPrimary ? lsn : null);
    },
    check,
    async waitForReplay(timeoutMs = 10_000) {
      const target = await primaryLsn();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Until the replica answers (starting, or this database not replayed yet), keep asking.
        const rows = await monitor.query('SELECT pg_last_wal_replay_lsn()::text AS lsn').then(
          (result) => result.rows,
          () => [],
        );
        const lsn = rows[0]?.lsn ? lsnValue(rows[0].lsn) : -1n;
        if (lsn >= target) return advance(lsn);
        if (Date.now() > deadline) throw new Error('the read replica did not catch up in time');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
    get state() {
      return state;
    },
    served,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
      await db.destroy();
      await Promise.all([pool.end(), monitor.end()]);
    },
  };
  replicas.set(handle.db, replica);
  await check();
  if (replica.state === 'up') log('read replica ready: dashboards, reports and searches read from it');
  return {
    ...handle,
    async close() {
      await replica.close();
      await handle.close();
    },
  };
}
