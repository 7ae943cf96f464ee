import type { Reach } from '@hamkor/domain';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseInReach } from '../../db/reach.ts';
import type { ApprovalsTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type ApprovalRow = Selectable<ApprovalsTable> & { case_number?: string; requested_by_name?: string | null };

export function toApproval(row: ApprovalRow) {
  return {
    id: row.id,
    kind: row.kind as 'assessment' | 'plan' | 'closure' | 'risk_override' | 'gatekeeping',
    caseId: row.case_id,
    ...(row.case_number !== undefined && { caseNumber: row.case_number }),
    requestedBy: row.requested_by,
    ...(row.requested_by_name !== undefined && { requestedByName: row.requested_by_name }),
    requestedAt: row.requested_at.toISOString(),
    assignedTo: row.assigned_to,
    status: row.status as 'pending' | 'approved' | 'returned',
    payload: row.payload,
    comment: row.comment,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    version: row.version,
  };
}

/** The approval of a kind still waiting on a case, if any: a case asks for one decision of a kind at a time. */
export async function findPendingApproval(trx: Tx, caseId: string, kind: string): Promise<{ id: string } | undefined> {
  return trx
    .selectFrom('approvals')
    .select('id')
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function insertApproval(
  trx: Tx,
  approval: {
    id: string;
    /** Null for an erasure, which outlives the family's cases (modules/retention). */
    caseId: string | null;
    regionCode: string;
    kind: string;
    requestedBy: string;
    assignedTo: string | null;
    payload: unknown;
  },
): Promise<void> {
  await trx
    .insertInto('approvals')
    .values({
      id: approval.id,
      case_id: approval.caseId,
      region_code: approval.regionCode,
      kind: approval.kind,
      requested_by: approval.requestedBy,
      assigned_to: approval.assignedTo,
      payload: JSON.stringify(approval.payload),
    })
    .execute();
}

export async function lockApproval(trx: Tx, id: string): Promise<ApprovalRow | undefined> {
  return trx.selectFrom('approvals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Settles a pending approval read (locked) at `expectedVersion`; undefined if it changed since. */
export async function decideApproval(
  trx: Tx,
  id: string,
  expectedVersion: number,
  decision: { status: 'approved' | 'returned'; comment: string | null; decidedBy: string },
): Promise<ApprovalRow | undefined> {
  return updateVersioned(trx, 'approvals', id, expectedVersion, {
    status: decision.status,
    comment: decision.comment,
    decided_by: decision.decidedBy,
    decided_at: new Date(),
  });
}

/** The caller's box: what waits for their decision, and what they asked for themselves; newest first. */
export async function listMine(db: Db | Tx, query: { userId: string; filter: Reach; status?: string; beforeId?: string; limit: number }) {
  return db
    .selectFrom('approvals')
    .innerJoin('cases', 'cases.id', 'approvals.case_id')
    .innerJoin('users as requester', 'requester.id', 'approvals.requested_by')
    .selectAll('approvals')
    .select(['cases.number as case_number', 'requester.display_name as requested_by_name'])
    .where(caseInReach(query.filter))
    .where((eb) =>
      eb.or([
        eb.and([eb('approvals.assigned_to', '=', query.userId), eb('approvals.status', '=', 'pending')]),
        eb('approvals.requested_by', '=', query.userId),
      ]),
    )
    .$if(!!query.status, (qb) => qb.where('approvals.status', '=', query.status as string))
    .$if(!!query.beforeId, (qb) => qb.where('approvals.id', '<', query.beforeId as string))
    .orderBy('approvals.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}
