import { Conflict } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';

/**
 * What erasing a family takes, found from the database's own foreign keys, so that a table added later that
 * hangs off a family, a person or a case goes with them without being listed here. A row that references an
 * erased row through a NOT NULL column goes too (with what hangs off it in turn); through a nullable column it
 * goes only when the column says ownership (OWNED), otherwise the link is cut (set to null) and the row kept —
 * except a kept row that names an erased person: then the person is also in another family's kept record, and
 * the erasure is refused (409 erasure_shared_person) rather than leave their name behind or break that record.
 */

/** Nullable references that still mean "belongs to": the row goes with what it references. */
const OWNED = new Set([
  'notifications.case_id',
  'approvals.case_id',
  'tracing_requests.case_id',
  'tracing_requests.child_id',
  'attachments.contact_id',
  'families.merged_into',
]);

type Reference = { child: string; column: string; parent: string; nullable: boolean; childHasId: boolean };

const owns = (ref: Reference): boolean => !ref.nullable || OWNED.has(`${ref.child}.${ref.column}`);

async function references(trx: Tx): Promise<Reference[]> {
  const { rows } = await sql<Reference>`
    SELECT c.conrelid::regclass::text AS child, a.attname AS column, c.confrelid::regclass::text AS parent,
           NOT a.attnotnull AS nullable,
           EXISTS (SELECT 1 FROM pg_attribute i WHERE i.attrelid = c.conrelid AND i.attname = 'id' AND NOT i.attisdropped) AS "childHasId"
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND n.nspname = current_schema()`.execute(trx);
  return rows;
}

export type ErasurePlan = {
  /** Rows to delete, by table: ids. */
  rows: Map<string, Set<string>>;
  /** Rows of tables without an `id` column to delete: table, column and the ids it points at. */
  byColumn: { table: string; column: string; ids: string[] }[];
  /** Links from kept rows to cut. */
  cut: { table: string; column: string; ids: string[] }[];
  /** Attachment files to remove once the erasure has committed. */
  storageKeys: string[];
};

const ident = (name: string) => sql.id(...name.split('.'));

/**
 * Finds every row that goes with the families (the family, its former records merged into it, its members,
 * cases and all that hangs off them). Refuses when a member is named by a record that is kept.
 */
export async function planErasure(trx: Tx, familyIds: string[]): Promise<ErasurePlan> {
  const refs = await references(trx);
  const rows = new Map<string, Set<string>>();
  const byColumn: ErasurePlan['byColumn'] = [];
  const candidates: { table: string; column: string; parent: string; id: string | null; ids: string[] }[] = [];
  const queue: { table: string; ids: string[] }[] = [];
  const add = (table: string, ids: string[]) => {
    const set = rows.get(table) ?? new Set<string>();
    rows.set(table, set);
    const fresh = ids.filter((id) => !set.has(id));
    for (const id of fresh) set.add(id);
    if (fresh.length > 0) queue.push({ table, ids: fresh });
  };
  // Members and cases hang off the family by NOT NULL references; the walk finds them with the rest.
  add('families', familyIds);
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { table, ids } = next;
    for (const ref of refs.filter((one) => one.parent === table)) {
      const owned = owns(ref);
      if (!ref.childHasId) {
        if (owned) byColumn.push({ table: ref.child, column: ref.column, ids });
        else candidates.push({ table: ref.child, column: ref.column, parent: table, id: null, ids });
        continue;
      }
      const { rows: found } = await sql<{ id: string }>`
        SELECT id::text AS id FROM ${ident(ref.child)} WHERE ${sql.ref(ref.column)} = ANY(${ids}::uuid[])`.execute(trx);
      if (found.length === 0) continue;
      if (owned)
        add(
          ref.child,
          found.map((row) => row.id),
        );
      else for (const row of found) candidates.push({ table: ref.child, column: ref.column, parent: table, id: row.id, ids });
    }
  }
  // A kept row (not found to go by another path) that names something erased: cut the link, or refuse for a person.
  const cut: ErasurePlan['cut'] = [];
  for (const candidate of candidates) {
    if (candidate.id && rows.get(candidate.table)?.has(candidate.id)) continue;
    if (candidate.parent === 'persons' || candidate.parent === 'families')
      throw new Conflict('erasure_shared_person', undefined, { table: candidate.table });
    cut.push({ table: candidate.table, column: candidate.column, ids: candidate.ids });
  }
  // A row reached through a member that belongs to another family or its case (a consent given for another
  // family's case, a tracing request of another case): the member is in a kept record.
  const families = [...(rows.get('families') ?? [])];
  const cases = [...(rows.get('cases') ?? [])];
  const { rows: owners } = await sql<{ table: string; column: string }>`
    SELECT table_name::text AS table, column_name::text AS column FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name IN ('family_id', 'case_id')`.execute(trx);
  for (const owner of owners) {
    const ids = rows.get(owner.table);
    if (!ids || owner.table === 'families' || owner.table === 'cases') continue;
    const mine = owner.column === 'family_id' ? families : cases;
    const { rows: foreign } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${ident(owner.table)}
       WHERE id = ANY(${[...ids]}::uuid[]) AND ${sql.ref(owner.column)} IS NOT NULL
         AND NOT (${sql.ref(owner.column)} = ANY(${mine}::uuid[]))`.execute(trx);
    if ((foreign[0]?.n ?? 0) > 0) throw new Conflict('erasure_shared_person', undefined, { table: owner.table });
  }
  const attachmentIds = [...(rows.get('attachments') ?? [])];
  const storageKeys = attachmentIds.length
    ? (await trx.selectFrom('attachments').select('storage_key').where('id', 'in', attachmentIds).execute()).map((row) => row.storage_key)
    : [];
  return { rows, byColumn, cut, storageKeys };
}

/**
 * Carries the plan out in the caller's transaction: links from kept rows cut, then each table's rows deleted
 * after every table that references it. Also what names the erased records without a foreign key: offline commands and conflicts,
 * answers kept for repeated requests, and the clear values of audit events' personal fields.
 */
export async function carryOut(trx: Tx, plan: ErasurePlan): Promise<Record<string, number>> {
  const refs = await references(trx);
  for (const link of plan.cut)
    await sql`UPDATE ${ident(link.table)} SET ${sql.ref(link.column)} = NULL WHERE ${sql.ref(link.column)} = ANY(${link.ids}::uuid[])`.execute(
      trx,
    );
  for (const group of plan.byColumn)
    await sql`DELETE FROM ${ident(group.table)} WHERE ${sql.ref(group.column)} = ANY(${group.ids}::uuid[])`.execute(trx);
  // Children before parents, along every reference between erased tables (a table's references to itself are
  // checked at the end of its one DELETE). Only a cycle between tables has its nullable links cleared first.
  const pending = new Set(plan.rows.keys());
  const counts: Record<string, number> = {};
  const blocked = (table: string, nullableToo: boolean) =>
    refs.some((ref) => ref.parent === table && ref.child !== table && pending.has(ref.child) && (nullableToo || !ref.nullable));
  while (pending.size > 0) {
    let ready = [...pending].filter((table) => !blocked(table, true));
    if (ready.length === 0) {
      for (const ref of refs) {
        const erased = plan.rows.get(ref.child);
        const targets = plan.rows.get(ref.parent);
        if (!ref.nullable || ref.child === ref.parent || !pending.has(ref.child) || !pending.has(ref.parent) || !erased || !targets)
          continue;
        await sql`UPDATE ${ident(ref.child)} SET ${sql.ref(ref.column)} = NULL
           WHERE id = ANY(${[...erased]}::uuid[]) AND ${sql.ref(ref.column)} = ANY(${[...targets]}::uuid[])`.execute(trx);
      }
      ready = [...pending].filter((table) => !blocked(table, false));
      // A cycle of NOT NULL references cannot be deleted row by row: let the database say so.
      if (ready.length === 0) ready = [...pending];
    }
    for (const table of ready) {
      const ids = [...(plan.rows.get(table) ?? [])];
      const result = await sql`DELETE FROM ${ident(table)} WHERE id = ANY(${ids}::uuid[])`.execute(trx);
      counts[table] = Number(result.numAffectedRows ?? ids.length);
      pending.delete(table);
    }
  }
  const everyId = [...plan.rows.values()].flatMap((set) => [...set]);
  await trx.deleteFrom('sync_commands').where('entity_id', 'in', everyId).execute();
  await trx.deleteFrom('sync_conflicts').where('entity_id', 'in', everyId).execute();
  await trx.deleteFrom('audit_personal_values').where('subject_id', 'in', everyId).execute();
  // Answers kept for a repeated request hold the records as they were sent back; they name the ids.
  const roots = [...(plan.rows.get('families') ?? []), ...(plan.rows.get('cases') ?? []), ...(plan.rows.get('persons') ?? [])];
  await sql`DELETE FROM idempotency_keys WHERE body IS NOT NULL AND body ~ ${roots.join('|')}`.execute(trx);
  return counts;
}
