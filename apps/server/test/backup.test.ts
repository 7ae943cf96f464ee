import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/database.ts';
import { multipart, PNG_BYTES } from '../src/modules/attachments/test-fixtures.ts';
import { BackupRefused, backup, restore } from '../src/ops/backup.ts';
import { adminQuery, databaseUrl, dropDatabase, TEST_DB_KIND } from './databases.ts';
import { useTestServer } from './harness.ts';

/** An empty database of the kind under test: PGlite in memory, or a new PostgreSQL database. */
async function emptyDatabase(): Promise<DatabaseHandle> {
  if (TEST_DB_KIND === 'pglite') return openDatabase({ dataDir: 'memory://' });
  const name = `hamkor_restore_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE template0`);
  const database = await openDatabase({ url: databaseUrl(name), dataDir: '', poolSize: 2 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await dropDatabase(name);
    },
  };
}

const counts = async (db: DatabaseHandle['db'], tables: string[]) =>
  Object.fromEntries(
    await Promise.all(
      tables.map(async (table) => [
        table,
        Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]?.n),
      ]),
    ),
  );

describe('backup and restore', () => {
  const server = useTestServer();
  const work = mkdtempSync(join(tmpdir(), 'hamkor-backups-'));
  const file = join(work, 'hamkor.tar.gz');
  let attachmentKey: string;
  const targets: DatabaseHandle[] = [];

  beforeAll(async () => {
    const worker = await server.login('worker');
    const caseId = (await server.as(worker, { method: 'GET', url: '/api/cases?assignee=me' })).json().items[0].id;
    const uploaded = await server.as(worker, {
      method: 'POST',
      url: `/api/cases/${caseId}/attachments`,
      ...multipart({ name: 'guvohnoma.png', type: 'image/png', data: PNG_BYTES }),
    });
    expect(uploaded.statusCode).toBe(201);
    attachmentKey = (
      await server.db.selectFrom('attachments').select('storage_key').where('id', '=', uploaded.json().id).executeTakeFirstOrThrow()
    ).storage_key;
  });
  afterAll(async () => {
    for (const target of targets) await target.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('round-trips every table, the attachment files and the audit chain into an empty database', async () => {
    const lines: string[] = [];
    const manifest = await backup(server.db, server.attachmentsDir, file, (line) => lines.push(line));
    expect(manifest.tables.families).toBeGreaterThan(5);
    expect(manifest.tables.audit_events).toBeGreaterThan(10);
    expect(manifest.attachments).toBeGreaterThan(0);
    expect(manifest.tables.sessions).toBeUndefined();

    const target = await emptyDatabase();
    targets.push(target);
    const restoredAttachments = join(work, 'restored-attachments');
    await restore(target.db, restoredAttachments, file, () => {});

    const tables = Object.keys(manifest.tables);
    expect(await counts(target.db, tables)).toEqual(await counts(server.db, tables));
    // Row for row the same, down to the JSON of each family.
    const rows = (db: DatabaseHandle['db']) => sql<{ row: unknown }>`SELECT row_to_json(f) AS row FROM families f ORDER BY id`.execute(db);
    expect((await rows(target.db)).rows).toEqual((await rows(server.db)).rows);
    expect(readFileSync(join(restoredAttachments, attachmentKey))).toEqual(PNG_BYTES);
    // The audit sequence continues after the restored events, so new events chain on.
    const next = await sql<{ seq: number }>`SELECT nextval('audit_events_seq_seq') AS seq`.execute(target.db);
    const max = await sql<{ seq: number }>`SELECT max(seq) AS seq FROM audit_events`.execute(target.db);
    expect(Number(next.rows[0]?.seq)).toBeGreaterThan(Number(max.rows[0]?.seq));
  });

  it('refuses a database that is not empty', async () => {
    await expect(restore(server.db, join(work, 'x'), file, () => {})).rejects.toThrow(/not empty/);
  });

  it('refuses a damaged file and changes nothing', async () => {
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    const at = Math.floor(damaged.length / 2);
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    writeFileSync(join(work, 'damaged.tar.gz'), damaged);
    const target = await emptyDatabase();
    targets.push(target);
    await expect(restore(target.db, join(work, 'y'), join(work, 'damaged.tar.gz'), () => {})).rejects.toBeInstanceOf(BackupRefused);
    const users = await sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'users'`.execute(
      target.db,
    );
    expect(Number(users.rows[0]?.n)).toBe(0);
  });

  it('refuses a backup from a newer schema', async () => {
    const unpacked = join(work, 'unpacked');
    rmSync(unpacked, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(unpacked));
    await tar.x({ file, cwd: unpacked });
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
    manifest.migrations.push('9999_from_the_future.sql');
    writeFileSync(join(unpacked, 'manifest.json'), JSON.stringify(manifest));
    const newer = join(work, 'newer.tar.gz');
    await tar.c({ gzip: true, file: newer, cwd: unpacked }, ['manifest.json', 'tables', 'attachments']);
    const target = await emptyDatabase();
    targets.push(target);
    await expect(restore(target.db, join(work, 'z'), newer, () => {})).rejects.toThrow(/newer version/);
  });
});
