import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { ContactsTable } from '../../db/schema.ts';

export type ContactRow = Selectable<ContactsTable>;

export function toContact(row: ContactRow) {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as 'home_visit' | 'phone' | 'office' | 'case_conference' | 'other',
    date: row.date,
    text: row.text,
    participants: row.participants,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export async function insertContact(trx: Tx, values: Insertable<ContactsTable>): Promise<ContactRow> {
  return trx.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A case's contacts, the latest day first. */
export async function listContacts(db: Db | Tx, caseId: string, query: { after?: { date: string; id: string }; limit: number }) {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('case_id', '=', caseId)
    .$if(!!query.after, (qb) =>
      qb.where((eb) => eb(eb.refTuple('date', 'id'), '<', eb.tuple(query.after?.date ?? '', query.after?.id ?? ''))),
    )
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
}
