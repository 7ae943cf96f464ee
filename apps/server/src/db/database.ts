import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, type KyselyConfig, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DatabaseKind = 'pglite' | 'postgresql';

export type DatabaseHandle = {
  db: Db;
  kind: DatabaseKind;
  /** PostgreSQL's pool: a read replica (replica.ts) hands its connections out when it cannot serve a read. */
  pool?: pg.Pool;
  close: () => Promise<void>;
};

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date at local midnight would shift across time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// Counts and sequence numbers fit comfortably in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the database: PostgreSQL when a URL is given, otherwise embedded PGlite persisted in `dataDir`
 * (or in memory when `dataDir` is 'memory://'). PGlite is a single in-process session, so its pool has
 * exactly one connection: a transaction holds it until commit, and other requests wait their turn.
 */
export async function openDatabase(options: {
  url?: string;
  dataDir: string;
  poolSize?: number;
  /**
   * How long a request waits for a connection — every one busy, or the server unreachable — before it is
   * answered 503 (databaseUnavailable); `HAMKOR_DB_WAIT_MS`, 15 s by default.
   */
  acquireTimeoutMs?: number;
  /** Kysely's query log (the benchmark records the SQL a request runs, to replay it bare). */
  log?: KyselyConfig['log'];
}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = postgresPool(options.url, { max: options.poolSize ?? 10, acquireTimeoutMs: acquireTimeout(options) });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
    return { db, kind: 'postgresql', pool, close: () => db.destroy() };
  }
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, { extensions: { pg_trgm } });
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: acquireTimeout(options) });
  keepRunningOnIdleErrors(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** How many statements one connection keeps prepared; beyond them a statement is planned each time as before. */
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `h${createHash('sha1').update(text).digest('base64url')}`;
    // The texts are the application's own queries; the bound keeps a flood of one-off texts from growing it.
    if (statementNames.size < 5_000) statementNames.set(text, name);
  }
  return name;
}

/**
 * Marks a statement whose answer nobody reads (see PreparingClient): inside a transaction it is written at once
 * and answered together with the next statement, whose result then also carries its failure. Outside one, and on
 * a driver without PreparingClient (PGlite, HAMKOR_DB_PREPARE=off), the mark is only a comment and the statement
 * answers as any other.
 */
export const ANSWERED_WITH_NEXT = '/* answered with the next statement */ ';

/**
 * A PostgreSQL connection that prepares each statement with parameters once, under a name taken from its text,
 * and then only binds and executes it: PostgreSQL keeps the parsed statement, and its plan once a generic plan
 * costs no more than planning each time. Planning was a good part of the database's work per request (about
 * 1 ms of the session lookup's 1.3). HAMKOR_DB_PREPARE=off turns it off, e.g. behind a pooler in transaction
 * mode that cannot keep a statement prepared on one server connection.
 *
 * It also saves round trips: the connection is in pg's pipeline mode, and a BEGIN, or a statement marked
 * ANSWERED_WITH_NEXT (a read's audit event, which only its COMMIT follows), is not waited for. It is held in the
 * socket's buffer and goes out in one write with the next statement; that statement's result waits for the
 * held ones', and fails with the first of their failures (a statement after a failed one in the same transaction
 * fails anyway: PostgreSQL refuses it, and a COMMIT there rolls back). Only a ROLLBACK does not take their
 * failure: it undoes them. Every other statement is awaited before the next is written, as Kysely does on one
 * connection. A COMMIT that PostgreSQL answers ROLLBACK fails: the transaction had failed, and the failure was
 * caught and gone past by whoever ran it.
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Set<string>();
  /** Statements written and not yet answered: the next statement's result waits for them. */
  #held: Promise<unknown>[] = [];
  /** Between a BEGIN and its COMMIT or ROLLBACK: only there is a statement held (a COMMIT or ROLLBACK always follows). */
  #inTransaction = false;

  constructor(config?: string | pg.ClientConfig) {
    super(typeof config === 'string' ? { connectionString: config, pipeline: true } : { ...config, pipeline: true });
  }

  get #socket(): { cork(): void; uncork(): void } {
    return (this as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads; this one adds a name to one of them
  override query(config: any, values?: any, callback?: any): any {
    // Kysely writes these three in lower case; a longer text is some other statement.
    const command = typeof config === 'string' && config.length <= 8 ? config.toLowerCase() : '';
    if (command === 'begin') this.#inTransaction = true;
    else if (command === 'commit' || command === 'rollback') this.#inTransaction = false;
    if (callback === undefined && this.#inTransaction && isHeld(config, values)) {
      // Buffered until the next statement is written (one cork per run of held statements).
      const first = this.#held.length === 0;
      if (first) this.#socket.cork();
      let sent: Promise<unknown>;
      try {
        sent = this.#send(config, values);
      } catch (error) {
        // Not written (a client already closed): nothing is left in the buffer to wait for a next statement.
        if (first) this.#socket.uncork();
        throw error;
      }
      // Its failure is reported by the statement behind it.
      sent.catch(() => {});
      this.#held.push(sent);
      return Promise.resolve(config === 'begin' ? BEGUN : NOT_READ);
    }
    const held = this.#held;
    this.#held = [];
    const sent = this.#send(config, values, callback);
    const result = command === 'commit' && callback === undefined ? sent.then(committed) : sent;
    if (held.length === 0) return result;
    this.#socket.uncork();
    if (callback !== undefined) return result;
    if (command === 'rollback') return Promise.allSettled(held).then(() => result);
    return Promise.all([...held, result]).then((answers) => answers[answers.length - 1]);
  }

  // biome-ignore lint/suspicious/noExplicitAny: as above
  #send(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = statementName(config);
      if (this.#prepared.has(name) || this.#prepared.size < PREPARED_PER_CONNECTION) {
        this.#prepared.add(name);
        return super.query({ name, text: config, values });
      }
    }
    return super.query(config, values, callback);
  }
}

/**
 * A COMMIT that PostgreSQL answers ROLLBACK: the transaction had failed, and a statement's failure was caught and
 * gone past (one answered with a later statement, say). Nothing was written; it must not pass for a commit.
 */
function committed(result: pg.QueryResult): pg.QueryResult {
  if (result.command === 'ROLLBACK')
    throw Object.assign(new Error('the transaction had failed: its COMMIT rolled it back'), { code: '25P02' });
  return result;
}

/** A transaction's BEGIN, or a statement marked ANSWERED_WITH_NEXT. */
// biome-ignore lint/suspicious/noExplicitAny: as above
function isHeld(config: any, values: any): boolean {
  if (config === 'begin') return values === undefined || values.length === 0;
  return typeof config === 'string' && config.startsWith(ANSWERED_WITH_NEXT);
}

/** What a held statement answers at once: nobody reads it. */
const NOT_READ = { command: 'SELECT', rowCount: null, oid: 0, fields: [], rows: [] };

/** The pool of PostgreSQL connections the server uses (the tests too, so that they run on the same client). */
export function postgresPool(url: string, options: { max: number; acquireTimeoutMs: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    ...(process.env.HAMKOR_DB_PREPARE === 'off' ? {} : { Client: PreparingClient }),
    max: options.max,
    connectionTimeoutMillis: options.acquireTimeoutMs,
  });
  keepRunningOnIdleErrors(pool);
  return pool;
}

/** What a BEGIN answers (Kysely reads nothing of it). */
const BEGUN = { command: 'BEGIN', rowCount: null, oid: 0, fields: [], rows: [] };

export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

export function acquireTimeout(options: { acquireTimeoutMs?: number } = {}): number {
  return options.acquireTimeoutMs ?? Number(process.env.HAMKOR_DB_WAIT_MS || 15_000);
}

/**
 * A connection dies when PostgreSQL restarts; pg reports it as an 'error' event, which unheard would end the
 * process. The pool drops that client and opens a new one on the next request, so the
 * server recovers by itself once the database is back.
 */
export function keepRunningOnIdleErrors(pool: pg.Pool): void {
  const report = (error: Error) =>
    console.error(`database connection lost (${(error as { code?: string }).code ?? error.message}); reconnecting on demand`);
  pool.on('error', report);
  // A connection lost while a request holds it is reported twice: its query fails (the request gets 503) and
  // the client emits 'error', which nobody else hears. The pool then discards it rather than reuse it.
  pool.on('connect', (client) => client.on('error', report));
}

/** SQLSTATE classes and codes that say the database cannot be reached now, not that the request was wrong. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /Connection ended unexpectedly/i,
  /Client has encountered a connection error/i,
];

/**
 * Whether an error means the database is unreachable or saturated for the moment (stopped, restarting,
 * every connection busy past the wait): such a request is answered 503 with Retry-After, never 500.
 */
export function databaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
