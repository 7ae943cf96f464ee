import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/database.ts';

/**
 * Where generated rows go. PostgreSQL takes them by COPY, one stream per table on its own connection,
 * so the server parses one table while this process builds the next rows; PGlite (small sizes) takes
 * multi-row INSERTs, parents before children.
 */
export type Row = Record<string, unknown>;

export interface Sink {
  add(table: string, rows: readonly Row[]): Promise<void>;
  finish(): Promise<void>;
}

/** One value in COPY's text format. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeCopy(`{${value.map((item) => `"${String(item).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  return escapeCopy(typeof value === 'string' ? value : JSON.stringify(value));
}

const escapeCopy = (text: string) =>
  text.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));

type CopyTable = { client: pg.Client; stream: NodeJS.WritableStream; columns: string[]; buffer: string[]; size: number };

export class CopySink implements Sink {
  private readonly tables = new Map<string, Promise<CopyTable>>();

  constructor(private readonly url: string) {}

  private async open(table: string, columns: string[]): Promise<CopyTable> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    // Rows are consistent by construction; checking every foreign key row by row would double the load time.
    await client.query('SET session_replication_role = replica').catch(() => undefined);
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    return { client, stream, columns, buffer: [], size: 0 };
  }

  async add(table: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    let pending = this.tables.get(table);
    if (!pending) {
      pending = this.open(table, Object.keys(rows[0] as Row));
      this.tables.set(table, pending);
    }
    const target = await pending;
    for (const row of rows) {
      const line = `${target.columns.map((column) => copyValue(row[column])).join('\t')}\n`;
      target.buffer.push(line);
      target.size += line.length;
    }
    if (target.size > 1 << 18) await this.flush(target);
  }

  private async flush(target: CopyTable): Promise<void> {
    if (target.buffer.length === 0) return;
    const chunk = target.buffer.join('');
    target.buffer = [];
    target.size = 0;
    if (!target.stream.write(chunk)) await once(target.stream, 'drain');
  }

  async finish(): Promise<void> {
    for (const pending of this.tables.values()) {
      const target = await pending;
      await this.flush(target);
      target.stream.end();
      await finished(target.stream);
      await target.client.end();
    }
  }
}

/** Tables in the order their foreign keys need. */
const ORDER = [
  'organisations',
  'users',
  'services',
  'mahallas',
  'families',
  'persons',
  'cases',
  'assessments',
  'tasks',
  'contacts',
  'case_events',
  'approvals',
  'consents',
  'plans',
  'plan_goals',
  'plan_actions',
  'referrals',
];

export class InsertSink implements Sink {
  private readonly buffers = new Map<string, Row[]>();

  constructor(private readonly db: Db) {}

  async add(table: string, rows: readonly Row[]): Promise<void> {
    const buffer = this.buffers.get(table) ?? this.buffers.set(table, []).get(table)!;
    buffer.push(...rows);
    if (buffer.length >= 500) await this.flushAll();
  }

  private async flushAll(): Promise<void> {
    const tables = [...this.buffers.keys()].sort((a, b) => rank(a) - rank(b));
    for (const table of tables) {
      const rows = this.buffers.get(table) ?? [];
      this.buffers.set(table, []);
      for (let start = 0; start < rows.length; start += 500) {
        await sql`INSERT INTO ${sql.table(table)} ${insertValues(rows.slice(start, start + 500))}`.execute(this.db);
      }
    }
  }

  async finish(): Promise<void> {
    await this.flushAll();
  }
}

/** `(columns) VALUES (…), (…)` with every value a parameter; the generator writes many tables through one path. */
function insertValues(rows: readonly Row[]) {
  const columns = Object.keys(rows[0] as Row);
  return sql`(${sql.join(columns.map((c) => sql.ref(c)))}) VALUES ${sql.join(
    rows.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`),
  )}`;
}

const rank = (table: string) => {
  const index = ORDER.indexOf(table);
  return index === -1 ? ORDER.length : index;
};

/** Secondary indexes of the bulk-loaded tables: dropped before a load into empty tables, rebuilt after. */
export async function dropSecondaryIndexes(db: Db, tables: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    SELECT i.indexname AS name, i.indexdef AS definition
    FROM pg_indexes i
    JOIN pg_class c ON c.relname = i.indexname
    WHERE i.schemaname = 'public' AND i.tablename = ANY(${[...tables]})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
    ORDER BY i.indexname`.execute(db);
  for (const row of rows) await sql.raw(`DROP INDEX ${row.name}`).execute(db);
  return rows.map((row) => row.definition);
}

/** Rebuilds the indexes on `connections` sessions at once; the largest (trigram) start first. */
export async function createIndexes(url: string, definitions: readonly string[], connections: number): Promise<void> {
  const queue = [...definitions].sort((a, b) => Number(b.includes('gin')) - Number(a.includes('gin')));
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query("SET maintenance_work_mem = '512MB'");
        for (let next = queue.shift(); next; next = queue.shift()) await client.query(next);
      } finally {
        await client.end();
      }
    }),
  );
}
