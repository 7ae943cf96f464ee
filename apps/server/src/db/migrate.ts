import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { serverPath } from '../lib/paths.ts';
import type { Db } from './database.ts';

const MIGRATIONS_DIR = serverPath('src/db/migrations');
/** An arbitrary constant: one migrator at a time across every app instance. */
const MIGRATION_LOCK = 72_411_001;

/** The migrations this version knows, in the order they apply. */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

/**
 * Applies the SQL files of ./migrations in name order, each once, each in its own transaction; with `until`,
 * only those up to that name (a restore first rebuilds the schema its backup was taken from).
 */
export async function migrate(db: Db, options: { until?: string } = {}): Promise<string[]> {
  const files = migrationNames().filter((name) => options.until === undefined || name <= options.until);
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
        conn,
      );
      const done = new Set((await conn.selectFrom('schema_migrations').select('name').execute()).map((row) => row.name));
      const applied: string[] = [];
      for (const name of files.filter((file) => !done.has(file))) {
        const text = readFileSync(join(MIGRATIONS_DIR, name), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await trx.insertInto('schema_migrations').values({ name }).execute();
        });
        applied.push(name);
      }
      return applied;
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
