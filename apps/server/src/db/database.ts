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
  /** Kysely's query log (the benchmark records the SQL a request runs, to replay it bare). */
  log?: KyselyConfig['log'];
}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
    return { db, kind: 'postgresql', close: () => db.destroy() };
  }
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, { extensions: { pg_trgm } });
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
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

export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
