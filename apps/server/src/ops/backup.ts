import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import * as tar from 'tar';
import type { Db } from '../db/database.ts';
import { migrate, migrationNames } from '../db/migrate.ts';
import { loadReferenceData } from '../db/reference.ts';
import { isEmptyDatabase } from '../demo/seed.ts';
import { verifyAuditChain } from '../modules/audit/repo.ts';
import { loadInstruments } from '../modules/instruments/repo.ts';

/**
 * Backups: one .tar.gz holding every table's rows as JSON lines, the attachment files, and a manifest with
 * the schema (the migrations applied), each table's row count and each file's SHA-256. Taken in one
 * REPEATABLE READ transaction, so it is consistent while the server runs; attachment files are immutable
 * once placed, and only those whose rows are in the snapshot are copied.
 */
export const BACKUP_FORMAT = 'hamkor-backup';
export const BACKUP_VERSION = 1;

/** Transient or security state a restored server must not inherit (sign-in sessions, throttles, replays). */
const NOT_BACKED_UP = new Set(['schema_migrations', 'sessions', 'login_attempts', 'idempotency_keys']);
const FETCH = 2000;

export type Manifest = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
  tables: Record<string, number>;
  attachments: number;
  sha256: Record<string, string>;
};

export class BackupRefused extends Error {}

async function tablesOf(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  return rows.rows.map((row) => row.name).filter((name) => !NOT_BACKED_UP.has(name));
}

const sha256Of = async (path: string) => {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
};

export async function backup(db: Db, attachmentsDir: string, out: string, log: (line: string) => void): Promise<Manifest> {
  const work = await mkdtemp(join(tmpdir(), 'hamkor-backup-'));
  try {
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migrations: [],
      tables: {},
      attachments: 0,
      sha256: {},
    };
    await mkdir(join(work, 'tables'));
    await db.connection().execute(async (conn) => {
      await sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`.execute(conn);
      try {
        manifest.migrations = (await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(conn)).rows.map(
          (row) => row.name,
        );
        for (const table of await tablesOf(conn)) {
          const file = join(work, 'tables', `${table}.jsonl`);
          const stream = createWriteStream(file);
          let count = 0;
          await sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${sql.table(table)} t`.execute(conn);
          for (;;) {
            const batch = await sql<{ line: string }>`FETCH ${sql.raw(String(FETCH))} FROM backup_rows`.execute(conn);
            for (const row of batch.rows) stream.write(`${row.line}\n`);
            count += batch.rows.length;
            if (batch.rows.length < FETCH) break;
          }
          await sql`CLOSE backup_rows`.execute(conn);
          await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
          manifest.tables[table] = count;
          log(`${table}: ${count} rows`);
        }
        // The files of the attachments in this snapshot; a file placed after it belongs to the next backup.
        const keys = manifest.tables.attachments
          ? (await sql<{ key: string }>`SELECT storage_key AS key FROM attachments`.execute(conn)).rows.map((row) => row.key)
          : [];
        for (const key of keys) {
          const target = join(work, 'attachments', key);
          await mkdir(dirname(target), { recursive: true });
          await copyFile(join(attachmentsDir, key), target);
        }
        manifest.attachments = keys.length;
        log(`attachments: ${keys.length} files`);
      } finally {
        await sql`COMMIT`.execute(conn);
      }
    });
    for (const entry of await listFiles(work)) manifest.sha256[entry] = await sha256Of(join(work, entry));
    await writeFile(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await tar.c({ gzip: true, file: out, cwd: work, portable: true }, [
      'manifest.json',
      'tables',
      ...(manifest.attachments ? ['attachments'] : []),
    ]);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function listFiles(root: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

/**
 * Restores a backup into an empty database: checks the archive (gzip, every file's SHA-256) and its schema
 * (refused when newer than this version), rebuilds the schema the backup was taken from, loads every row in
 * one transaction, applies the later migrations, then checks each table's row count and the audit chain.
 */
export async function restore(db: Db, attachmentsDir: string, file: string, log: (line: string) => void): Promise<Manifest> {
  const work = await mkdtemp(join(tmpdir(), 'hamkor-restore-'));
  try {
    try {
      await tar.x({ file, cwd: work, strict: true });
    } catch (error) {
      throw new BackupRefused(`the file is not a readable backup (${(error as Error).message})`);
    }
    if (!existsSync(join(work, 'manifest.json'))) throw new BackupRefused('the file has no manifest: it is not a Hamkor backup');
    const manifest = JSON.parse(await readFile(join(work, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== BACKUP_FORMAT || manifest.version > BACKUP_VERSION)
      throw new BackupRefused(`unknown backup format ${manifest.format} ${manifest.version}`);
    const present = await listFiles(work);
    for (const entry of Object.keys(manifest.sha256)) {
      if (!present.includes(entry) || (await sha256Of(join(work, entry))) !== manifest.sha256[entry])
        throw new BackupRefused(`the backup is damaged: ${entry} does not match its checksum`);
    }
    const known = migrationNames();
    const unknown = manifest.migrations.filter((name) => !known.includes(name));
    if (unknown.length)
      throw new BackupRefused(`the backup comes from a newer version of Hamkor (migrations ${unknown.join(', ')}): upgrade first`);
    const last = manifest.migrations.at(-1);
    await migrate(db, last === undefined ? {} : { until: last });
    if (!(await isEmptyDatabase(db)))
      throw new BackupRefused('the database is not empty: a backup is restored only into an empty database');

    await db.transaction().execute(async (trx) => {
      // Rows go in as they were, in any order: foreign keys and triggers wait (as pg_restore --disable-triggers).
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      const tables = Object.keys(manifest.tables);
      // What the migrations themselves inserted goes; the database has no users, so nothing of anyone's is lost.
      if (tables.length) await sql`TRUNCATE ${sql.join(tables.map((table) => sql.table(table)))} CASCADE`.execute(trx);
      for (const table of tables) {
        const columns = (
          await sql<{ name: string; identity: string | null }>`
            SELECT column_name AS name, identity_generation AS identity FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`.execute(trx)
        ).rows;
        const list = sql.join(columns.map((column) => sql.ref(column.name)));
        const overriding = columns.some((column) => column.identity === 'ALWAYS') ? sql`OVERRIDING SYSTEM VALUE` : sql``;
        let batch: string[] = [];
        const flush = async () => {
          if (!batch.length) return;
          await sql`INSERT INTO ${sql.table(table)} (${list}) ${overriding}
            SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${`[${batch.join(',')}]`}::json)`.execute(trx);
          batch = [];
        };
        const lines = createInterface({ input: createReadStream(join(work, 'tables', `${table}.jsonl`)), crlfDelay: Infinity });
        for await (const line of lines) {
          if (!line) continue;
          batch.push(line);
          if (batch.length >= 1000) await flush();
        }
        await flush();
      }
      // Sequences continue after the restored rows.
      const sequences = await sql<{ table: string; column: string; sequence: string }>`
        SELECT c.table_name AS table, c.column_name AS column, pg_get_serial_sequence(c.table_name, c.column_name) AS sequence
        FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND pg_get_serial_sequence(c.table_name, c.column_name) IS NOT NULL`.execute(trx);
      for (const row of sequences.rows) {
        await sql`SELECT setval(${row.sequence}::regclass, COALESCE((SELECT max(${sql.ref(row.column)}) FROM ${sql.table(row.table)}), 0) + 1, false)`.execute(
          trx,
        );
      }
      for (const [table, expected] of Object.entries(manifest.tables)) {
        const { count } = (await sql<{ count: number }>`SELECT count(*)::int AS count FROM ${sql.table(table)}`.execute(trx)).rows[0] ?? {
          count: -1,
        };
        if (count !== expected) throw new BackupRefused(`${table}: ${count} rows restored, the backup holds ${expected}`);
      }
    });
    log(`rows restored: ${Object.values(manifest.tables).reduce((sum, n) => sum + n, 0)} in ${Object.keys(manifest.tables).length} tables`);

    const later = await migrate(db);
    if (later.length) log(`migrations applied after the restore: ${later.join(', ')}`);
    await loadReferenceData(db);
    await loadInstruments(db);

    if (manifest.attachments) {
      const source = join(work, 'attachments');
      for (const entry of (await listFiles(work)).filter((name) => name.startsWith('attachments/'))) {
        const target = join(attachmentsDir, entry.slice('attachments/'.length));
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        await copyFile(join(source, entry.slice('attachments/'.length)), target);
      }
      log(`attachments restored: ${manifest.attachments} files`);
    }
    const chain = await verifyAuditChain(db);
    if (!chain.intact) throw new BackupRefused('the restored audit chain does not verify: see `hamkor audit verify`');
    log('audit chain verified');
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
