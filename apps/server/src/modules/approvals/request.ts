import { Conflict } from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import type { CaseRow } from '../cases/repo.ts';
import { recordCaseEvent } from '../cases/repo.ts';
import { notify } from '../notifications/repo.ts';
import { findPendingApproval, insertApproval } from './repo.ts';

export type ApprovalRequest = {
  kind: 'assessment' | 'plan' | 'closure' | 'risk_override' | 'gatekeeping';
  /** What the decision settles (the assessment, the plan, the closure's reason and outcome). */
  payload: Record<string, unknown>;
  /** Said on the timeline beside the approval's id, kind and who decides. */
  event?: Record<string, unknown>;
  /** Said in the audit beside the case and the kind. */
  audit?: Record<string, unknown>;
};

/**
 * Asks the case's supervisor for a decision, in the caller's transaction: the approval, an
 * `approval.requested` event on the timeline, a notification to the supervisor (unless they asked
 * themselves) and an audit entry. A case waits for one decision of a kind at a time (409 approval_pending).
 * Returns the approval's id.
 */
export async function requestApproval(ctx: RequestContext, trx: Tx, theCase: CaseRow, request: ApprovalRequest): Promise<string> {
  const pending = await findPendingApproval(trx, theCase.id, request.kind);
  if (pending) throw new Conflict('approval_pending', undefined, { approvalId: pending.id, kind: request.kind });
  const supervisorId = theCase.supervisor_id ?? theCase.assignee_supervisor_id;
  const approvalId = newId();
  await insertApproval(trx, {
    id: approvalId,
    caseId: theCase.id,
    regionCode: theCase.region_code,
    kind: request.kind,
    requestedBy: ctx.actor.id,
    assignedTo: supervisorId,
    payload: request.payload,
  });
  await recordCaseEvent(trx, {
    caseId: theCase.id,
    regionCode: theCase.region_code,
    kind: 'approval.requested',
    actorId: ctx.actor.id,
    details: { approvalId, approvalKind: request.kind, assignedTo: supervisorId, ...request.event },
  });
  // Nobody is told of what they did themselves (a supervisor closing a case of their own team).
  if (supervisorId && supervisorId !== ctx.actor.id)
    await notify(trx, {
      userId: supervisorId,
      regionCode: theCase.region_code,
      kind: 'approval_requested',
      caseId: theCase.id,
      params: { caseNumber: theCase.number },
    });
  await audit(
    trx,
    ctx,
    'approval.request',
    { type: 'approval', id: approvalId },
    { caseId: theCase.id, kind: request.kind, ...request.audit },
  );
  return approvalId;
}

/**
 * Asks a second system administrator to decide on an erasure (modules/retention). It names no case: the family
 * and its cases go when it is approved, and the approval stays. Any system administrator but the requester
 * decides, so it is assigned to nobody. Returns the approval's id.
 */
export async function requestErasureApproval(
  ctx: RequestContext,
  trx: Tx,
  erasure: { proposalId: string; familyId: string; regionCode: string },
): Promise<string> {
  const approvalId = newId();
  await insertApproval(trx, {
    id: approvalId,
    caseId: null,
    regionCode: erasure.regionCode,
    kind: 'erasure',
    requestedBy: ctx.actor.id,
    assignedTo: null,
    payload: { proposalId: erasure.proposalId, familyId: erasure.familyId },
  });
  await audit(trx, ctx, 'approval.request', { type: 'approval', id: approvalId }, { kind: 'erasure', proposalId: erasure.proposalId });
  return approvalId;
}
