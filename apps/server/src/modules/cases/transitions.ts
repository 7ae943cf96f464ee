import { type CaseState, type CaseStatus, Conflict, type GateFacts, type OpenStatus, stateAfter } from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { cancelOpenTasks } from '../tasks/repo.ts';
import * as repo from './repo.ts';

export const stateOf = (row: repo.CaseRow): CaseState => ({
  status: row.status as CaseStatus,
  statusBeforeClosing: row.status_before_closing as OpenStatus | null,
});

/** What the state machine's gates need to know about the case and its organisation. */
export async function gateFacts(trx: Tx, row: repo.CaseRow): Promise<GateFacts> {
  const [approved, gatesOn] = await Promise.all([repo.approvedKinds(trx, row.id), repo.approvalGatesOn(trx, row.organisation_id)]);
  return {
    assessmentApproved: approved.has('assessment'),
    planApproved: approved.has('plan'),
    closureApproved: approved.has('closure'),
    approvalGatesOn: gatesOn,
  };
}

type StepDetails = {
  gateSkipped?: string;
  reopenReason?: string | null;
  closure?: { reason: string; outcome: string };
};

/**
 * Moves an allowed step (the caller has asked the state machine): the case's columns, its timeline and
 * the audit, in the caller's transaction. Returns the case as it now stands.
 */
export async function applyStep(ctx: RequestContext, trx: Tx, row: repo.CaseRow, to: CaseStatus, step: StepDetails = {}) {
  const from = row.status as CaseStatus;
  const next = stateAfter(stateOf(row), to);
  const updated = await repo.updateCase(trx, row.id, row.version, {
    status: next.status,
    status_before_closing: next.statusBeforeClosing ?? null,
    ...(to === 'closed' && {
      closed_at: new Date(),
      closure_reason: step.closure?.reason ?? row.closure_reason,
      closure_outcome: step.closure?.outcome ?? row.closure_outcome,
    }),
    ...(from === 'closed' && { closed_at: null, closure_reason: null, closure_outcome: null, reopen_reason: step.reopenReason ?? null }),
    updated_by: ctx.actor.id,
  });
  if (!updated) throw new Conflict('version_conflict', repo.toCase(row));
  if (next.status === 'closed') await cancelOpenTasks(trx, row.id, 'case_closed', ctx.actor.id);
  const event = { caseId: row.id, regionCode: row.region_code, actorId: ctx.actor.id };
  if (step.gateSkipped)
    await repo.recordCaseEvent(trx, { ...event, kind: 'approval.skipped', details: { gate: step.gateSkipped, from, to } });
  await repo.recordCaseEvent(trx, {
    ...event,
    kind: from === 'closed' ? 'case.reopened' : 'case.status_changed',
    details: { from, to, ...(step.closure && { closureReason: step.closure.reason }) },
  });
  await audit(
    trx,
    ctx,
    'case.transition',
    { type: 'case', id: row.id },
    { from, to, ...(step.gateSkipped && { gateSkipped: step.gateSkipped }) },
  );
  return { ...row, ...updated };
}
