import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql, type Transaction, type Updateable } from 'kysely';
import type { Tx } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Tables whose records carry a version: a write names the version it read, or changes nothing. Every one
 * also has `updated_at`, which the helper bumps. (`instruments.version` numbers a published definition,
 * which is never edited, so it is not one of them.)
 */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { version: unknown; updated_at: unknown } ? (T extends 'instruments' ? never : T) : never;
}[keyof Database];

type AnyVersionedRow = { id: string; version: number; updated_at: Date; [column: string]: unknown };

/** A column that identifies one record of the table: `id`, or `case_id` for a case's one screening. */
type KeyColumn<T extends VersionedTable> = Extract<keyof Database[T], 'id' | 'case_id'>;

export type VersionedOptions<T extends VersionedTable> = {
  /** The column `id` is matched on, when it is not `id`. */
  key?: KeyColumn<T>;
  /** Date columns returned as 'YYYY-MM-DD' text, as the API writes them, whatever the driver's parsing. */
  dates?: readonly (keyof Database[T] & string)[];
};

/**
 * Applies `changes` only if the stored version is still `expectedVersion`, bumping it and `updated_at`;
 * undefined means someone else wrote first (the caller answers 409 with the current record). This is
 * the only way an edit of a versioned record is written.
 */
export async function updateVersioned<T extends VersionedTable>(
  trx: Tx,
  table: T,
  id: string,
  expectedVersion: number,
  changes: Updateable<Database[T]>,
  options: VersionedOptions<T> = {},
): Promise<Selectable<Database[T]> | undefined> {
  // Kysely cannot type one query over a union of tables; the signature carries the precise types.
  const generic = trx as unknown as Transaction<Record<string, AnyVersionedRow>>;
  let query = generic
    .updateTable(table as string)
    .set((eb) => ({ ...(changes as Partial<AnyVersionedRow>), version: eb('version', '+', 1), updated_at: new Date() }))
    .where((options.key ?? 'id') as string, '=', id)
    .where('version', '=', expectedVersion)
    .returningAll();
  for (const column of options.dates ?? []) query = query.returning(sql`${sql.ref(`${table}.${column}`)}::text`.as(column));
  const row = await query.executeTakeFirst();
  return row as Selectable<Database[T]> | undefined;
}

/**
 * A change the system makes by itself, where nobody typed a version to check (a case's open tasks following
 * its new worker, a plan's tasks cancelled when a newer plan takes over, members moved to another family):
 * every record `where` selects is changed, and its version and `updated_at` are still bumped, so a device
 * holding the old version sees a conflict rather than overwriting the change. Returns the records changed.
 */
export async function bumpVersioned<T extends VersionedTable>(
  trx: Tx,
  table: T,
  where: (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>,
  changes: Updateable<Database[T]>,
): Promise<Selectable<Database[T]>[]> {
  // As above: the query is built untyped, the signature keeps `where` and `changes` to the table's columns.
  const generic = trx as unknown as Transaction<Record<string, AnyVersionedRow>>;
  const rows = await generic
    .updateTable(table as string)
    .set((eb) => ({ ...(changes as Partial<AnyVersionedRow>), version: eb('version', '+', 1), updated_at: new Date() }))
    .where(where as unknown as (eb: ExpressionBuilder<Record<string, AnyVersionedRow>, string>) => Expression<SqlBool>)
    .returningAll()
    .execute();
  return rows as Selectable<Database[T]>[];
}
