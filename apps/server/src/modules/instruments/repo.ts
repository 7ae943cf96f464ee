import { type AnyInstrumentDefinition, FAMILY_INSTRUMENT_VERSIONS, READINESS_INSTRUMENT_VERSIONS } from '@hamkor/domain';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { InstrumentsTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

export type InstrumentRow = Selectable<InstrumentsTable>;

export function toInstrument(row: InstrumentRow) {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    definition: row.definition as AnyInstrumentDefinition,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

export async function listInstruments(db: Db | Tx) {
  return db.selectFrom('instruments').selectAll().orderBy('key').orderBy('version', 'desc').execute();
}

export async function findInstrument(db: Db | Tx, id: string): Promise<InstrumentRow | undefined> {
  return db.selectFrom('instruments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestInstrument(db: Db | Tx, key: string): Promise<InstrumentRow | undefined> {
  return db.selectFrom('instruments').selectAll().where('key', '=', key).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** A new version of the instrument: one more than the newest of its key (the row is locked by the unique key). */
export async function insertNextVersion(trx: Tx, definition: AnyInstrumentDefinition, createdBy: string | null) {
  const latest = await trx
    .selectFrom('instruments')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('key', '=', definition.key)
    .executeTakeFirst();
  return trx
    .insertInto('instruments')
    .values({
      id: newId(),
      key: definition.key,
      version: Number(latest?.version ?? 0) + 1,
      definition: JSON.stringify(definition),
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Loads the built-in instruments' published versions that are missing (the family assessment, the readiness
 * for a child's return); like the reference data, at every start. Idempotent: a version once loaded is never
 * rewritten (the database refuses it), so a changed rule ships as a new version.
 */
export async function loadInstruments(db: Db | Tx): Promise<void> {
  const versions = (list: readonly AnyInstrumentDefinition[]) =>
    list.map((definition, index) => ({ id: newId(), key: definition.key, version: index + 1, definition: JSON.stringify(definition) }));
  await db
    .insertInto('instruments')
    .values([...versions(FAMILY_INSTRUMENT_VERSIONS), ...versions(READINESS_INSTRUMENT_VERSIONS)])
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}
