import type { Selectable, Transaction, Updateable } from 'kysely';
import type { Tx } from './database.ts';
import type { Database } from './schema.ts';

/** Tables whose records carry a version: a write names the version it read, or changes nothing. */
export type VersionedTable = 'organisations' | 'users' | 'mahallas' | 'families' | 'persons';

type AnyVersionedRow = { id: string; version: number; updated_at: Date; [column: string]: unknown };

/**
 * Applies `changes` only if the stored version is still `expectedVersion`, bumping it; undefined means
 * someone else wrote first (the caller answers 409 with the current record).
 */
export async function updateVersioned<T extends VersionedTable>(
  trx: Tx,
  table: T,
  id: string,
  expectedVersion: number,
  changes: Updateable<Database[T]>,
): Promise<Selectable<Database[T]> | undefined> {
  // Kysely cannot type one query over a union of tables; the signature carries the precise types.
  const generic = trx as unknown as Transaction<Record<string, AnyVersionedRow>>;
  const row = await generic
    .updateTable(table as string)
    .set((eb) => ({ ...(changes as Partial<AnyVersionedRow>), version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
  return row as Selectable<Database[T]> | undefined;
}
