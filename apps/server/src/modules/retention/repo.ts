import type { RetentionRecordType } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

export async function schedule(db: Db | Tx) {
  return db.selectFrom('retention_schedule').selectAll().orderBy('record_type').execute();
}

export async function yearsOf(db: Db | Tx, recordType: RetentionRecordType): Promise<number> {
  const row = await db.selectFrom('retention_schedule').select('years').where('record_type', '=', recordType).executeTakeFirstOrThrow();
  return row.years;
}

export type DueFamily = {
  family_id: string;
  region_code: string;
  district_code: string;
  last_activity: Date;
  held: boolean;
  proposal_id: string | null;
  proposal_status: string | null;
  cases: { id: string; number: string; closedAt: string | null }[];
};

/**
 * Families whose time has come: no case still open, and nothing happened to them (the family record changed,
 * a case closed) for `years`. A family merged into another goes with the one it was merged into. `held`: a case
 * of the family is under a legal hold. `familyId` asks about that family only.
 */
export async function dueFamilies(db: Db | Tx, years: number, options: { familyId?: string; limit: number }): Promise<DueFamily[]> {
  const { rows } = await sql<DueFamily>`
    SELECT f.id AS family_id, f.region_code, f.district_code,
           greatest(f.updated_at, max(c.closed_at)) AS last_activity,
           coalesce(bool_or(h.id IS NOT NULL), false) AS held,
           (SELECT p.id FROM erasure_proposals p WHERE p.family_id = f.id AND p.status IN ('drafted', 'pending')) AS proposal_id,
           (SELECT p.status FROM erasure_proposals p WHERE p.family_id = f.id AND p.status IN ('drafted', 'pending')) AS proposal_status,
           coalesce(json_agg(json_build_object('id', c.id, 'number', c.number, 'closedAt', c.closed_at) ORDER BY c.opened_at)
                      FILTER (WHERE c.id IS NOT NULL), '[]') AS cases
      FROM families f
      LEFT JOIN cases c ON c.family_id = f.id
      LEFT JOIN legal_holds h ON h.case_id = c.id AND h.lifted_at IS NULL
     WHERE f.merged_into IS NULL ${options.familyId ? sql`AND f.id = ${options.familyId}` : sql``}
     GROUP BY f.id
    HAVING bool_and(c.id IS NULL OR c.status = 'closed')
       AND greatest(f.updated_at, max(c.closed_at)) < now() - make_interval(years => ${years}::int)
     ORDER BY last_activity, f.id
     LIMIT ${options.limit}`.execute(db);
  return rows.map((row) => ({ ...row, last_activity: new Date(row.last_activity) }));
}

/** The family and the former records merged into it (they go together). */
export async function familyWithMerged(trx: Tx, familyId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE merged(id) AS (
      SELECT ${familyId}::uuid UNION SELECT f.id FROM families f JOIN merged m ON f.merged_into = m.id)
    SELECT id::text AS id FROM merged`.execute(trx);
  return rows.map((row) => row.id);
}

export async function activeHoldOnFamily(trx: Tx, familyIds: string[]): Promise<boolean> {
  const row = await trx
    .selectFrom('legal_holds')
    .innerJoin('cases', 'cases.id', 'legal_holds.case_id')
    .select('legal_holds.id')
    .where('cases.family_id', 'in', familyIds)
    .where('legal_holds.lifted_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

const proposalColumns = [
  'p.id',
  'p.family_id',
  'p.region_code',
  'p.status',
  'p.items',
  'p.approval_id',
  'p.proposed_by',
  'p.proposed_at',
  'p.decided_by',
  'p.decided_at',
  'proposer.display_name as proposed_by_name',
  'decider.display_name as decided_by_name',
] as const;

function selectProposals(db: Db | Tx) {
  return db
    .selectFrom('erasure_proposals as p')
    .leftJoin('users as proposer', 'proposer.id', 'p.proposed_by')
    .leftJoin('users as decider', 'decider.id', 'p.decided_by')
    .select(proposalColumns);
}

export type ProposalRow = Awaited<ReturnType<typeof findProposal>> & object;

export async function findProposal(db: Db | Tx, id: string) {
  return selectProposals(db).where('p.id', '=', id).executeTakeFirst();
}

export async function lockProposal(trx: Tx, id: string) {
  return trx.selectFrom('erasure_proposals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function openProposalOf(trx: Tx, familyId: string) {
  return trx
    .selectFrom('erasure_proposals')
    .selectAll()
    .where('family_id', '=', familyId)
    .where('status', 'in', ['drafted', 'pending'])
    .forUpdate()
    .executeTakeFirst();
}

export async function proposalByApproval(trx: Tx, approvalId: string) {
  return trx.selectFrom('erasure_proposals').selectAll().where('approval_id', '=', approvalId).forUpdate().executeTakeFirst();
}

export async function listProposals(db: Db | Tx, status: string | undefined) {
  return selectProposals(db)
    .$if(!!status, (query) => query.where('p.status', '=', status as string))
    .orderBy('p.proposed_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(200)
    .execute();
}

export function toProposal(row: ProposalRow) {
  return {
    id: row.id,
    familyId: row.family_id,
    status: row.status as 'drafted' | 'pending' | 'erased' | 'rejected',
    items: row.items as never,
    approvalId: row.approval_id,
    proposedBy: row.proposed_by ? { id: row.proposed_by, displayName: row.proposed_by_name ?? '' } : null,
    proposedAt: row.proposed_at.toISOString(),
    decidedBy: row.decided_by ? { id: row.decided_by, displayName: row.decided_by_name ?? '' } : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

function selectHolds(db: Db | Tx) {
  return db
    .selectFrom('legal_holds as h')
    .innerJoin('users as setter', 'setter.id', 'h.set_by')
    .leftJoin('users as lifter', 'lifter.id', 'h.lifted_by')
    .innerJoin('cases', 'cases.id', 'h.case_id')
    .selectAll('h')
    .select(['setter.display_name as set_by_name', 'lifter.display_name as lifted_by_name', 'cases.number as case_number']);
}

export type HoldRow = Awaited<ReturnType<typeof holdsOfCase>>[number];

export async function holdsOfCase(db: Db | Tx, caseId: string) {
  return selectHolds(db).where('h.case_id', '=', caseId).orderBy('h.set_at', 'desc').execute();
}

export async function activeHolds(db: Db | Tx) {
  return selectHolds(db).where('h.lifted_at', 'is', null).orderBy('h.set_at', 'desc').limit(500).execute();
}

export function toHold(row: HoldRow) {
  return {
    id: row.id,
    caseId: row.case_id,
    reason: row.reason,
    setBy: { id: row.set_by, displayName: row.set_by_name },
    setAt: row.set_at.toISOString(),
    liftedBy: row.lifted_by ? { id: row.lifted_by, displayName: row.lifted_by_name ?? '' } : null,
    liftedAt: row.lifted_at?.toISOString() ?? null,
    liftReason: row.lift_reason,
  };
}
