import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { acquireTimeout, type DatabaseHandle, postgresPool } from '../src/db/database.ts';
import { replicaOf, withReadReplica } from '../src/db/replica.ts';
import type { Database } from '../src/db/schema.ts';

/** Tests run on PGlite unless HAMKOR_TEST_DB=postgresql, which needs TEST_DATABASE_URL. */
export const TEST_DB_KIND = process.env.HAMKOR_TEST_DB === 'postgresql' ? 'postgresql' : 'pglite';
export const TEST_PASSWORD = 'test-password-1';

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('HAMKOR_TEST_DB=postgresql needs TEST_DATABASE_URL');
  return url;
}

/**
 * TEST_DATABASE_READ_URL: a streaming replica of TEST_DATABASE_URL's cluster (`.ci/run` starts one). Each test
 * file's database then has its dashboards, reports and searches read there (src/db/replica.ts).
 */
export const TEST_READ_URL = TEST_DB_KIND === 'postgresql' ? process.env.TEST_DATABASE_READ_URL || undefined : undefined;

/** The URL of another database on the same PostgreSQL server. */
export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its connections have really closed: the pool's end() returns before the
 * sockets do, and forcing the drop would kill them mid-goodbye.
 */
export async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * A fresh database for one test file, copied from the template the global setup prepared (migrated, with
 * reference and demo data): a PGlite data-dir dump, or a PostgreSQL template database.
 */
export async function freshDatabase(template: string): Promise<DatabaseHandle> {
  if (TEST_DB_KIND === 'postgresql') {
    const name = `hamkor_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    // The same wait and the same resilience as the server's own pool (src/db/database.ts).
    const pool = postgresPool(databaseUrl(name), { max: 10, acquireTimeoutMs: acquireTimeout() });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const handle: DatabaseHandle = {
      db,
      kind: 'postgresql',
      pool,
      close: async () => {
        await db.destroy();
        await dropDatabase(name);
      },
    };
    return TEST_READ_URL ? onReplica(handle, name, TEST_READ_URL) : handle;
  }
  const pglite = await PGlite.create({ loadDataDir: new Blob([await readFile(template)]), extensions: { pg_trgm } });
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: acquireTimeout() });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** The test database `name` with its reads on the replica, once the replica has replayed its creation. */
async function onReplica(handle: DatabaseHandle, name: string, readUrl: string): Promise<DatabaseHandle> {
  const url = new URL(readUrl);
  url.pathname = `/${name}`;
  const database = await withReadReplica(handle, url.toString(), { log: () => {} });
  const replica = replicaOf(database.db);
  await replica?.waitForReplay();
  await replica?.check();
  if (replica?.state !== 'up') throw new Error(`the read replica at ${readUrl} is ${replica?.state}`);
  return database;
}

export { sql };
