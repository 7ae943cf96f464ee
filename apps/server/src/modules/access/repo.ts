import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { EmergencyAccessesTable } from '../../db/schema.ts';

export type EmergencyRow = Selectable<EmergencyAccessesTable> & {
  user_name: string;
  organisation_name: string;
  reviewer_name: string | null;
};

const selectAccess = (db: Db | Tx) =>
  db
    .selectFrom('emergency_accesses as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .leftJoin('users as r', 'r.id', 'e.reviewed_by')
    .selectAll('e')
    .select(['u.display_name as user_name', 'o.name as organisation_name', 'r.display_name as reviewer_name']);

export async function findAccess(db: Db | Tx, id: string): Promise<EmergencyRow | undefined> {
  return selectAccess(db).where('e.id', '=', id).executeTakeFirst();
}

/** The user's accesses not yet ended: those still running and those found expired (to be ended now). */
export async function openAccessesOf(db: Db | Tx, userId: string) {
  return db
    .selectFrom('emergency_accesses')
    .select(['id', 'family_id', 'entity_type', 'entity_id', 'expires_at', sql<boolean>`expires_at > now()`.as('running')])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Marks an access ended, once: undefined when it had ended already (another request ended it first). */
export async function endAccess(trx: Tx, id: string, userId: string | null) {
  return trx
    .updateTable('emergency_accesses')
    .set({ ended_at: sql`least(now(), expires_at)`, updated_at: new Date(), updated_by: userId, version: sql`version + 1` })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returning(['id', 'entity_type', 'entity_id', 'ended_at'])
    .executeTakeFirst();
}

export type AccessFilter = {
  status?: 'active' | 'pending_review' | 'reviewed' | null;
  organisationId?: string | null;
  /** Tashkent days, inclusive. */
  from?: string | null;
  to?: string | null;
  /** Only those this user may see: their own, and those they review; null: every one (auditors). */
  visibleTo: string | null;
  before?: { at: string; id: string };
  limit: number;
};

export async function listAccesses(db: Db | Tx, filter: AccessFilter): Promise<EmergencyRow[]> {
  let query = selectAccess(db).orderBy('e.started_at', 'desc').orderBy('e.id', 'desc').limit(filter.limit);
  if (filter.visibleTo) {
    const me = filter.visibleTo;
    query = query.where((eb) => eb.or([eb('e.user_id', '=', me), sql<boolean>`${me}::uuid = ANY(e.reviewers)`]));
  }
  if (filter.status === 'active') query = query.where('e.ended_at', 'is', null).where(sql<boolean>`e.expires_at > now()`);
  if (filter.status === 'pending_review') query = query.where('e.reviewed_at', 'is', null);
  if (filter.status === 'reviewed') query = query.where('e.reviewed_at', 'is not', null);
  if (filter.organisationId) query = query.where('e.organisation_id', '=', filter.organisationId);
  if (filter.from) query = query.where('e.started_at', '>=', new Date(`${filter.from}T00:00:00+05:00`));
  if (filter.to) query = query.where(sql<boolean>`e.started_at < ${`${filter.to}T00:00:00+05:00`}::timestamptz + interval '1 day'`);
  if (filter.before) {
    const { at, id } = filter.before;
    query = query.where((eb) =>
      eb.or([eb('e.started_at', '<', new Date(at)), eb.and([eb('e.started_at', '=', new Date(at)), eb('e.id', '<', id)])]),
    );
  }
  return query.execute();
}

/** Supervisors who answer for a case: its supervisor and its worker's supervisor. */
export async function caseSupervisors(db: Db | Tx, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .leftJoin('users as w', 'w.id', 'cases.assigned_user_id')
    .select(['cases.supervisor_id', 'w.supervisor_id as worker_supervisor'])
    .where('cases.id', '=', caseId)
    .execute();
  return [...new Set(rows.flatMap((row) => [row.supervisor_id, row.worker_supervisor]).filter((id): id is string => !!id))];
}

/** Supervisors who answer for a family: those of its cases, else its organisation's supervisors. */
export async function familySupervisors(db: Db | Tx, familyId: string, organisationId: string): Promise<string[]> {
  const cases = await db.selectFrom('cases').select('id').where('family_id', '=', familyId).execute();
  const ids = new Set<string>();
  for (const row of cases) for (const id of await caseSupervisors(db, row.id)) ids.add(id);
  if (ids.size > 0) return [...ids];
  return usersWithRole(db, organisationId, 'supervisor');
}

export async function usersWithRole(db: Db | Tx, organisationId: string, role: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .where(sql<boolean>`${role} = ANY(roles)`)
    .execute();
  return rows.map((row) => row.id);
}
