import {
  type ApprovalDecisionBody,
  type CaseStatus,
  Conflict,
  can,
  caseReadFilter,
  mayEver,
  NotFound,
  transitionCheck,
  transitionError,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { settleAssessmentApproval } from '../assessments/service.ts';
import { settleGatekeeping } from '../care/service.ts';
import { caseResource } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { applyStep, gateFacts, stateOf } from '../cases/transitions.ts';
import { notify } from '../notifications/repo.ts';
import { settlePlanApproval } from '../plans/service.ts';
import { decideErasure } from '../retention/service.ts';
import * as repo from './repo.ts';

export type ApprovalsQuery = { box: 'mine'; status?: 'pending' | 'approved' | 'returned'; limit: number; cursor?: string };

export async function listApprovals(ctx: RequestContext, query: ApprovalsQuery) {
  if (!mayEver(ctx.actor, 'case.read')) throw new NotFound();
  const before = decodeCursor(query.cursor, { id: cursorKey.id });
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listMine(trx, {
      userId: ctx.actor.id,
      filter: caseReadFilter(ctx.actor),
      status: query.status,
      beforeId: before?.id,
      limit: query.limit,
    });
    const result = page(rows, query.limit, (row) => ({ id: row.id }));
    await audit(trx, ctx, 'approval.list', null, { results: result.items.length, caseIds: result.items.map((row) => row.case_id) });
    return { items: result.items.map(repo.toApproval), nextCursor: result.nextCursor };
  });
}

/** What an approved or returned closure does to its case: closed with its reason and outcome, or back where it was. */
async function settleClosure(ctx: RequestContext, trx: Tx, theCase: cases.CaseRow, approval: repo.ApprovalRow, approve: boolean) {
  if (theCase.status !== 'closing')
    throw new Conflict('transition_not_allowed', cases.toCase(theCase), { from: theCase.status, to: 'closed' });
  const to = (approve ? 'closed' : theCase.status_before_closing) as CaseStatus | null;
  if (!to) throw new Error('a closing case without the status it came from');
  const facts = { ...(await gateFacts(trx, theCase)), closureApproved: approve };
  const check = transitionCheck(stateOf(theCase), to, facts);
  if (!check.ok) throw transitionError(check, cases.toCase(theCase));
  const payload = approval.payload as { reason?: string; outcome?: string };
  await applyStep(ctx, trx, theCase, to, approve ? { closure: { reason: payload.reason ?? 'other', outcome: payload.outcome ?? '' } } : {});
}

/**
 * The supervisor's decision on a request: approve or return with a comment. A closure approved closes
 * the case; returned, the case goes back to where it was. The requester is told either way.
 */
export async function decideOnApproval(ctx: RequestContext, id: string, input: ApprovalDecisionBody) {
  return withTx(ctx.db, async (trx) => {
    const approval = await repo.lockApproval(trx, id);
    // An erasure is a system administrator's decision on a family, not a case supervisor's (modules/retention).
    if (approval?.kind === 'erasure') return decideErasure(ctx, trx, approval, input);
    const theCase = approval && (await cases.lockCase(trx, approval.case_id));
    if (!approval || !theCase || !can(ctx.actor, 'case.approve', caseResource(theCase)))
      throw new NotFound(approval && theCase && { type: 'approval', id: approval.id });
    if (approval.status !== 'pending') throw new Conflict('approval_decided', repo.toApproval(approval));
    const approve = input.decision === 'approve';
    const decided = await repo.decideApproval(trx, id, approval.version, {
      status: approve ? 'approved' : 'returned',
      comment: input.comment ?? null,
      decidedBy: ctx.actor.id,
    });
    // The approval is locked above, so its version cannot have moved; a miss here is a bug, not a race.
    if (!decided) throw new Error('a locked approval changed under its lock');
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: approve ? 'approval.approved' : 'approval.returned',
      actorId: ctx.actor.id,
      // The comment says what must change; the timeline is read behind the case's access, like the approval.
      details: { approvalId: id, approvalKind: approval.kind, ...(input.comment && { comment: input.comment }) },
    });
    if (approval.kind === 'closure') await settleClosure(ctx, trx, theCase, approval, approve);
    if (approval.kind === 'assessment' || approval.kind === 'risk_override')
      await settleAssessmentApproval(ctx, trx, theCase, approval, approve);
    if (approval.kind === 'plan') await settlePlanApproval(ctx, trx, theCase, approval, approve);
    if (approval.kind === 'gatekeeping') await settleGatekeeping(ctx, trx, approval, approve, input);
    if (approval.requested_by !== ctx.actor.id)
      await notify(trx, {
        userId: approval.requested_by,
        regionCode: theCase.region_code,
        kind: approve ? 'approval_approved' : 'approval_returned',
        caseId: theCase.id,
        params: { caseNumber: theCase.number },
      });
    await audit(
      trx,
      ctx,
      'approval.decide',
      { type: 'approval', id },
      { caseId: theCase.id, kind: approval.kind, decision: input.decision },
    );
    return repo.toApproval({ ...decided, case_number: theCase.number });
  });
}
