import { type Action, type CaseResource, type CaseStatus, Conflict, can, isCaseReadOnly, NotFound } from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import type { RequestContext } from '../../lib/context.ts';
import * as repo from './repo.ts';

type CaseAction = Extract<Action, `case.${string}`>;

export const caseResource = (row: repo.CaseRow): CaseResource => ({
  type: 'case',
  organisationId: row.organisation_id,
  districtCode: row.district_code,
  assignedUserId: row.assigned_user_id,
  supervisorId: row.supervisor_id,
  assigneeSupervisorId: row.assignee_supervisor_id,
  sharedWith: row.shared_with,
  familyId: row.family_id,
});

/** The case if the actor may perform the action on it; 404 otherwise, so its existence does not leak. */
export async function caseFor(ctx: RequestContext, db: Db | Tx, id: string, action: CaseAction): Promise<repo.CaseRow> {
  const row = await repo.findCase(db, id);
  if (!row || !can(ctx.actor, action, caseResource(row))) throw new NotFound(row && { type: 'case', id: row.id });
  return row;
}

/** The case, locked for a write the actor may make; a closed case is read-only (409 case_closed). */
export async function writableCase(ctx: RequestContext, trx: Tx, id: string, action: CaseAction = 'case.update'): Promise<repo.CaseRow> {
  const row = await repo.lockCase(trx, id);
  if (!row || !can(ctx.actor, action, caseResource(row))) throw new NotFound(row && { type: 'case', id: row.id });
  if (isCaseReadOnly(row.status as CaseStatus)) throw new Conflict('case_closed', repo.toCase(row));
  return row;
}

/** A write that sent the version it read is refused when the case has moved on since. */
export function checkVersion(row: repo.CaseRow, version: number): void {
  if (version !== row.version) throw new Conflict('version_conflict', repo.toCase(row));
}
