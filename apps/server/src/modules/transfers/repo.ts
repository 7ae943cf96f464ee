import type { Reach } from '@hamkor/domain';
import { type Insertable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseInReach, inReachSql } from '../../db/reach.ts';
import type { CaseTransfersTable } from '../../db/schema.ts';
import { bumpVersioned, updateVersioned } from '../../db/versioned.ts';

export type TransferValues = Insertable<CaseTransfersTable>;

/** A transfer with what its readers see beside it: the case's number, the family's name, who did what. */
function selectTransfer(db: Db | Tx) {
  return db
    .selectFrom('case_transfers')
    .innerJoin('cases', 'cases.id', 'case_transfers.case_id')
    .innerJoin('organisations as from_org', 'from_org.id', 'case_transfers.from_organisation_id')
    .innerJoin('organisations as to_org', 'to_org.id', 'case_transfers.to_organisation_id')
    .leftJoin('users as sender', 'sender.id', 'case_transfers.sent_by')
    .leftJoin('users as assignee', 'assignee.id', 'case_transfers.assignee_id')
    .leftJoin('users as decider', 'decider.id', 'case_transfers.decided_by')
    .selectAll('case_transfers')
    .select((eb) => [
      'cases.number as case_number',
      'cases.district_code',
      'cases.risk_level',
      'from_org.name as from_organisation_name',
      'to_org.name as to_organisation_name',
      'sender.display_name as sent_by_name',
      'assignee.display_name as assignee_name',
      'decider.display_name as decided_by_name',
      eb
        .selectFrom('persons')
        .select(sql<string>`persons.surname || ' ' || persons.given_name`.as('name'))
        .whereRef('persons.family_id', '=', 'cases.family_id')
        .where('persons.merged_into', 'is', null)
        .orderBy(sql`persons.relationship = 'head'`, 'desc')
        .orderBy('persons.id')
        .limit(1)
        .as('family_name'),
    ]);
}

export type TransferRow = Awaited<ReturnType<typeof findTransfer>> & {};

export async function findTransfer(db: Db | Tx, id: string) {
  return selectTransfer(db).where('case_transfers.id', '=', id).executeTakeFirst();
}

/** The transfer, locked until the transaction ends: one decision at a time. */
export async function lockTransfer(trx: Tx, id: string): Promise<void> {
  await trx.selectFrom('case_transfers').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertTransfer(trx: Tx, values: TransferValues) {
  await trx.insertInto('case_transfers').values(values).execute();
}

export async function updateTransfer(trx: Tx, id: string, version: number, changes: Partial<TransferValues>) {
  return updateVersioned(trx, 'case_transfers', id, version, changes);
}

export async function pendingTransferOf(db: Db | Tx, caseId: string) {
  return db.selectFrom('case_transfers').select('id').where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
}

export type TransfersListQuery = {
  box: 'inbox' | 'outbox';
  /** Inbox: the organisations whose transfers the reader decides; outbox: the cases the reader reads. */
  filter: Reach;
  status?: string;
  caseId?: string;
  beforeId?: string;
  limit: number;
};

export async function listTransfers(db: Db | Tx, query: TransfersListQuery) {
  return selectTransfer(db)
    .where(
      query.box === 'inbox' ? inReachSql(query.filter, { organisation: 'case_transfers.to_organisation_id' }) : caseInReach(query.filter),
    )
    .$if(!!query.status, (qb) => qb.where('case_transfers.status', '=', query.status as string))
    .$if(!!query.caseId, (qb) => qb.where('case_transfers.case_id', '=', query.caseId as string))
    .$if(!!query.beforeId, (qb) => qb.where('case_transfers.id', '<', query.beforeId as string))
    .orderBy('case_transfers.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/** Who decides on transfers to an organisation: its active supervisors and organisation admins. */
export async function receivingSupervisors(db: Db | Tx, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .where(sql<boolean>`roles && ARRAY['supervisor', 'org_admin']::text[]`)
    .execute();
  return rows.map((row) => row.id);
}

/** An accepted transfer moves the case's open work with it: open tasks to the new worker (or to nobody yet). */
export async function moveOpenTasks(trx: Tx, caseId: string, assigneeId: string | null, actorId: string) {
  return bumpVersioned(trx, 'tasks', (eb) => eb.and([eb('case_id', '=', caseId), eb('status', '=', 'open')]), {
    assignee_id: assigneeId,
    updated_by: actorId,
  });
}

/** The plan's open actions a worker performs pass to the new worker. */
export async function moveWorkerActions(trx: Tx, caseId: string, assigneeId: string, actorId: string) {
  return bumpVersioned(
    trx,
    'plan_actions',
    (eb) => eb.and([eb('case_id', '=', caseId), eb('performer', '=', 'worker'), eb('status', 'in', ['planned', 'in_progress'])]),
    { user_id: assigneeId, updated_by: actorId },
  );
}

/** Requests waiting for a decision go to the case's new supervisor. */
export async function movePendingApprovals(trx: Tx, caseId: string, supervisorId: string | null) {
  return bumpVersioned(trx, 'approvals', (eb) => eb.and([eb('case_id', '=', caseId), eb('status', '=', 'pending')]), {
    assigned_to: supervisorId,
  });
}

/** The family is now served by the receiving organisation (its staff read the family's record through it). */
export async function moveFamily(trx: Tx, familyId: string, fromOrganisationId: string, toOrganisationId: string, actorId: string) {
  return bumpVersioned(trx, 'families', (eb) => eb.and([eb('id', '=', familyId), eb('organisation_id', '=', fromOrganisationId)]), {
    organisation_id: toOrganisationId,
    updated_by: actorId,
  });
}

export async function listShares(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('case_shares')
    .innerJoin('users', 'users.id', 'case_shares.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'case_shares.user_id',
      'users.display_name',
      'users.organisation_id',
      'organisations.name as organisation_name',
      'case_shares.created_at',
      'case_shares.created_by',
    ])
    .where('case_shares.case_id', '=', caseId)
    .orderBy('users.display_name')
    .execute();
}

/**
 * Who a case may be shared with: active case staff (workers and supervisors) of the case's organisation or
 * of an organisation serving the case's district, such as an NGO working beside the "Inson" centre.
 */
function shareableUsers(db: Db | Tx, theCase: { organisation_id: string; district_code: string }) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .where('users.active', '=', true)
    .where('organisations.active', '=', true)
    .where(sql<boolean>`users.roles && ARRAY['social_worker', 'supervisor']::text[]`)
    .where((eb) =>
      eb.or([
        eb('users.organisation_id', '=', theCase.organisation_id),
        sql<boolean>`${theCase.district_code} = ANY (organisations.territories)`,
      ]),
    );
}

export async function shareCandidates(
  db: Db | Tx,
  theCase: { id: string; organisation_id: string; district_code: string; assigned_user_id: string | null },
) {
  return shareableUsers(db, theCase)
    .select(['users.id', 'users.display_name', 'users.organisation_id', 'organisations.name as organisation_name'])
    .where('users.id', 'not in', (eb) => eb.selectFrom('case_shares').select('user_id').where('case_id', '=', theCase.id))
    .$if(!!theCase.assigned_user_id, (qb) => qb.where('users.id', '!=', theCase.assigned_user_id as string))
    .orderBy('organisations.name')
    .orderBy('users.display_name')
    .limit(200)
    .execute();
}

export async function isShareable(db: Db | Tx, theCase: { organisation_id: string; district_code: string }, userId: string) {
  return !!(await shareableUsers(db, theCase).select('users.id').where('users.id', '=', userId).executeTakeFirst());
}

/** Adds a co-worker; false when the case was already shared with them. */
export async function insertShare(trx: Tx, values: { case_id: string; user_id: string; region_code: string; created_by: string }) {
  const rows = await trx
    .insertInto('case_shares')
    .values(values)
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

export async function deleteShare(trx: Tx, caseId: string, userId: string) {
  const rows = await trx
    .deleteFrom('case_shares')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

/** The case's version moves when who reads it changes, so devices pull it (or drop it) on their next sync. */
export async function bumpCase(trx: Tx, caseId: string, actorId: string) {
  await bumpVersioned(trx, 'cases', (eb) => eb('id', '=', caseId), { updated_by: actorId });
}
