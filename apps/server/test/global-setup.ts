import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { Db } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/db/reference.ts';
import type { Database } from '../src/db/schema.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadInstruments } from '../src/modules/instruments/repo.ts';
import { adminQuery, databaseUrl, dropDatabase, TEST_DB_KIND, TEST_PASSWORD } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

async function prepare(db: Db): Promise<void> {
  await migrate(db);
  await loadReferenceData(db);
  await loadInstruments(db);
  await seedDemo(db, TEST_PASSWORD);
}

/** Builds the template every test file copies, once per run: migrations, reference data, demo accounts. */
export default async function setup(project: TestProject) {
  if (TEST_DB_KIND === 'postgresql') {
    const name = `hamkor_template_${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(`CREATE DATABASE ${name}`);
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl(name), max: 2 }) }),
    });
    await prepare(db);
    await db.destroy();
    project.provide('databaseTemplate', name);
    return () => dropDatabase(name);
  }
  const pglite = await PGlite.create('memory://', { extensions: { pg_trgm } });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...createPgConfig(pglite), max: 1 }) }) });
  await prepare(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  await pglite.close();
  const file = join(tmpdir(), `hamkor-test-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('databaseTemplate', file);
  return async () => rm(file, { force: true });
}
