import {
  type ApprovalDecisionBody,
  Conflict,
  can,
  type ErasureItems,
  type ErasureStatus,
  NotFound,
  type RetentionScheduleUpdate,
} from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { afterTransaction, withReadTx, withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext, SystemContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import * as approvals from '../approvals/repo.ts';
import { requestErasureApproval } from '../approvals/request.ts';
import { caseResource } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { carryOut, planErasure } from './erase.ts';
import { removeAttachmentFiles } from './files.ts';
import * as repo from './repo.ts';

const RETENTION = { type: 'retention' } as const;

function mayManage(ctx: RequestContext): void {
  if (!can(ctx.actor, 'retention.manage', RETENTION)) throw new NotFound();
}

export async function getSchedule(ctx: RequestContext) {
  mayManage(ctx);
  return { items: (await repo.schedule(ctx.db)).map(toScheduleItem) };
}

function toScheduleItem(row: Awaited<ReturnType<typeof repo.schedule>>[number]) {
  return {
    recordType: row.record_type as 'closed_case' | 'audit_event',
    years: row.years,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** Changes how long each record type is kept; each row names the version it was read at (409 when it moved). */
export async function updateSchedule(ctx: RequestContext, input: RetentionScheduleUpdate) {
  mayManage(ctx);
  return withTx(ctx.db, async (trx) => {
    for (const item of input.items) {
      const before = await trx
        .selectFrom('retention_schedule')
        .selectAll()
        .where('record_type', '=', item.recordType)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (before.version !== item.version)
        throw new Conflict('version_conflict', { items: (await repo.schedule(trx)).map(toScheduleItem) });
      if (before.years === item.years) continue;
      await trx
        .updateTable('retention_schedule')
        .set({ years: item.years, version: before.version + 1, updated_at: new Date(), updated_by: ctx.actor.id })
        .where('record_type', '=', item.recordType)
        .execute();
      await audit(trx, ctx, 'retention.schedule_update', null, { recordType: item.recordType, from: before.years, to: item.years });
    }
    return { items: (await repo.schedule(trx)).map(toScheduleItem) };
  });
}

/** Families due for erasure under the schedule, oldest first, with whether a hold stops them and their proposal. */
export async function listDue(ctx: RequestContext) {
  mayManage(ctx);
  return withReadTx(ctx.db, async (trx) => {
    const rows = await repo.dueFamilies(trx, await repo.yearsOf(trx, 'closed_case'), { limit: 200 });
    await audit(trx, ctx, 'retention.due_list', null, { results: rows.length, familyIds: rows.map((row) => row.family_id) });
    return {
      items: rows.map((row) => ({
        familyId: row.family_id,
        regionCode: row.region_code,
        districtCode: row.district_code,
        cases: row.cases,
        lastActivityAt: row.last_activity.toISOString(),
        held: row.held,
        proposalId: row.proposal_id,
      })),
    };
  });
}

/** What erasing the family would take: its cases by number and, by table, how many rows. Refuses a shared member. */
async function itemsOf(trx: Tx, due: repo.DueFamily): Promise<ErasureItems> {
  const plan = await planErasure(trx, await repo.familyWithMerged(trx, due.family_id));
  const counts = Object.fromEntries([...plan.rows].map(([table, ids]) => [table, ids.size]));
  return {
    familyId: due.family_id,
    cases: due.cases,
    counts,
    attachments: plan.storageKeys.length,
    lastActivityAt: due.last_activity.toISOString(),
  };
}

/** The family, if due: 409 when it is not yet due or a legal hold stops it. */
async function dueFamily(trx: Tx, familyId: string): Promise<repo.DueFamily> {
  await trx.selectFrom('families').select('id').where('id', '=', familyId).forUpdate().executeTakeFirst();
  const [due] = await repo.dueFamilies(trx, await repo.yearsOf(trx, 'closed_case'), { familyId, limit: 1 });
  if (!due) throw new Conflict('erasure_not_due', undefined, { familyId });
  if (due.held) throw new Conflict('legal_hold_active', undefined, { familyId });
  return due;
}

/**
 * An administrator proposes the erasure of a due family (taking over the draft of the daily run, if any): the
 * proposal lists what would go, and the approvals module asks a second administrator to decide.
 */
export async function propose(ctx: RequestContext, familyId: string) {
  mayManage(ctx);
  return withTx(ctx.db, async (trx) => {
    const family = await trx.selectFrom('families').select(['id', 'region_code']).where('id', '=', familyId).executeTakeFirst();
    if (!family) throw new NotFound();
    const due = await dueFamily(trx, familyId);
    const open = await repo.openProposalOf(trx, familyId);
    if (open?.status === 'pending') throw new Conflict('erasure_pending', undefined, { proposalId: open.id });
    const items = await itemsOf(trx, due);
    const id = open?.id ?? newId();
    const approvalId = await requestErasureApproval(ctx, trx, { proposalId: id, familyId, regionCode: family.region_code });
    const values = {
      status: 'pending',
      items: JSON.stringify(items),
      approval_id: approvalId,
      proposed_by: ctx.actor.id,
      proposed_at: new Date(),
    };
    if (open) await trx.updateTable('erasure_proposals').set(values).where('id', '=', id).execute();
    else
      await trx
        .insertInto('erasure_proposals')
        .values({ id, family_id: familyId, region_code: family.region_code, ...values })
        .execute();
    await audit(
      trx,
      ctx,
      'retention.propose',
      { type: 'erasure_proposal', id },
      { familyId, approvalId, caseIds: items.cases.map((c) => c.id) },
    );
    return toProposalOut(trx, id);
  });
}

async function toProposalOut(db: Db | Tx, id: string) {
  const row = await repo.findProposal(db, id);
  if (!row) throw new Error('a proposal just written is missing');
  return repo.toProposal(row);
}

export async function listProposals(ctx: RequestContext, status?: ErasureStatus) {
  mayManage(ctx);
  return withReadTx(ctx.db, async (trx) => {
    const rows = await repo.listProposals(trx, status);
    await audit(trx, ctx, 'retention.proposal_list', null, { results: rows.length, proposalIds: rows.map((row) => row.id) });
    return { items: rows.map(repo.toProposal) };
  });
}

export async function getProposal(ctx: RequestContext, id: string) {
  mayManage(ctx);
  return withReadTx(ctx.db, async (trx) => {
    const row = await repo.findProposal(trx, id);
    if (!row) throw new NotFound();
    await audit(trx, ctx, 'retention.proposal_read', { type: 'erasure_proposal', id });
    return repo.toProposal(row);
  });
}

/**
 * The second administrator's decision on an erasure, through the approvals module (kind `erasure`). Approved,
 * the family and everything that hangs off it are erased in this transaction (refused, and nothing changed,
 * while a legal hold exists or a member is in another family's kept record); returned, everything is kept.
 * The one who proposed it cannot decide it.
 */
export async function decideErasure(ctx: RequestContext, trx: Tx, approval: approvals.ApprovalRow, input: ApprovalDecisionBody) {
  const proposal = await repo.proposalByApproval(trx, approval.id);
  if (!proposal || !can(ctx.actor, 'retention.manage', RETENTION)) throw new NotFound(proposal && { type: 'approval', id: approval.id });
  if (approval.status !== 'pending') throw new Conflict('approval_decided', approvals.toApproval(approval));
  if (!can(ctx.actor, 'retention.approve', { type: 'retention', proposedBy: proposal.proposed_by }))
    throw new Conflict('erasure_own_proposal', approvals.toApproval(approval));
  const approve = input.decision === 'approve';
  const decided = await approvals.decideApproval(trx, approval.id, approval.version, {
    status: approve ? 'approved' : 'returned',
    comment: input.comment ?? null,
    decidedBy: ctx.actor.id,
  });
  if (!decided) throw new Error('a locked approval changed under its lock');
  await trx
    .updateTable('erasure_proposals')
    .set({ status: approve ? 'erased' : 'rejected', decided_by: ctx.actor.id, decided_at: new Date() })
    .where('id', '=', proposal.id)
    .execute();
  if (approve) await erase(ctx, trx, proposal.family_id, proposal.id);
  else await audit(trx, ctx, 'retention.reject', { type: 'erasure_proposal', id: proposal.id }, { familyId: proposal.family_id });
  return { ...approvals.toApproval(decided), kind: 'erasure' as const, caseId: null };
}

/** Erases the family now, in the caller's transaction, and records it as `record.erased` with ids only. */
async function erase(ctx: RequestContext | SystemContext, trx: Tx, familyId: string, proposalId: string): Promise<void> {
  const familyIds = await repo.familyWithMerged(trx, familyId);
  await trx.selectFrom('families').select('id').where('id', 'in', familyIds).forUpdate().execute();
  if (await repo.activeHoldOnFamily(trx, familyIds)) throw new Conflict('legal_hold_active', undefined, { familyId });
  const plan = await planErasure(trx, familyIds);
  const counts = await carryOut(trx, plan);
  await audit(
    trx,
    ctx,
    'record.erased',
    { type: 'family', id: familyId },
    {
      proposalId,
      familyIds,
      caseIds: [...(plan.rows.get('cases') ?? [])],
      personIds: [...(plan.rows.get('persons') ?? [])],
      counts,
    },
  );
  const keys = plan.storageKeys;
  if (keys.length > 0) afterTransaction(trx, (committed) => (committed ? removeAttachmentFiles(keys) : undefined));
}

// Legal holds.

async function holdCase(ctx: RequestContext, db: Db | Tx, caseId: string, lock: boolean) {
  const row = lock ? await cases.lockCase(db as Tx, caseId) : await cases.findCase(db, caseId);
  if (!row || !can(ctx.actor, 'legal_hold.set', { type: 'legal_hold', case: caseResource(row) }))
    throw new NotFound(row && { type: 'case', id: row.id });
  return row;
}

async function holdState(db: Db | Tx, caseId: string) {
  const rows = await repo.holdsOfCase(db, caseId);
  const active = rows.find((row) => !row.lifted_at);
  return { active: active ? repo.toHold(active) : null, mayChange: true, history: rows.filter((row) => row.lifted_at).map(repo.toHold) };
}

/** The case's legal hold and its history, for whoever may set one (everyone else: 404). */
export async function getHold(ctx: RequestContext, caseId: string) {
  return withReadTx(ctx.db, async (trx) => {
    await holdCase(ctx, trx, caseId, false);
    await audit(trx, ctx, 'legal_hold.read', { type: 'case', id: caseId });
    return holdState(trx, caseId);
  });
}

export async function setHold(ctx: RequestContext, caseId: string, reason: string) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await holdCase(ctx, trx, caseId, true);
    const current = await trx
      .selectFrom('legal_holds')
      .select('id')
      .where('case_id', '=', caseId)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    if (current) throw new Conflict('legal_hold_exists', await holdState(trx, caseId));
    const id = newId();
    await trx.insertInto('legal_holds').values({ id, case_id: caseId, reason, set_by: ctx.actor.id }).execute();
    await audit(trx, ctx, 'legal_hold.set', { type: 'case', id: caseId }, { holdId: id, familyId: theCase.family_id });
    return holdState(trx, caseId);
  });
}

export async function liftHold(ctx: RequestContext, caseId: string, reason: string | null) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await holdCase(ctx, trx, caseId, true);
    const lifted = await trx
      .updateTable('legal_holds')
      .set({ lifted_at: new Date(), lifted_by: ctx.actor.id, lift_reason: reason })
      .where('case_id', '=', caseId)
      .where('lifted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!lifted) throw new Conflict('legal_hold_none', await holdState(trx, caseId));
    await audit(trx, ctx, 'legal_hold.lift', { type: 'case', id: caseId }, { holdId: lifted.id, familyId: theCase.family_id });
    return holdState(trx, caseId);
  });
}

/** Every case under a legal hold now (the administrators' list). */
export async function listHolds(ctx: RequestContext) {
  mayManage(ctx);
  return withReadTx(ctx.db, async (trx) => {
    const rows = await repo.activeHolds(trx);
    await audit(trx, ctx, 'legal_hold.list', null, { results: rows.length, caseIds: rows.map((row) => row.case_id) });
    return { items: rows.map((row) => ({ ...repo.toHold(row), caseNumber: row.case_number })) };
  });
}

// The daily run.

/** How many proposals one run drafts at most; the rest wait for the next day. */
export const DRAFTS_PER_RUN = 100;

export type RunReport = { drafted: number; due: number; held: number; personalValuesRemoved: number };

/**
 * What the daily run does (and `hamkor retention run`): drafts a proposal for every due family without a hold or
 * an open proposal (an administrator proposes it, a second decides), and deletes the clear values of audit
 * events' personal fields older than the schedule keeps them. It erases nothing by itself.
 */
export async function runRetention(ctx: SystemContext): Promise<RunReport> {
  return withTx(ctx.db, async (trx) => {
    // At most a hundred drafts a day: each walks every table that references the family's records.
    const due = await repo.dueFamilies(trx, await repo.yearsOf(trx, 'closed_case'), { limit: DRAFTS_PER_RUN });
    let drafted = 0;
    for (const family of due) {
      if (family.held || family.proposal_id) continue;
      let items: ErasureItems;
      try {
        items = await itemsOf(trx, family);
      } catch (error) {
        if (error instanceof Conflict) continue; // A member in another family's kept record: listed as due, not drafted.
        throw error;
      }
      const id = newId();
      await trx
        .insertInto('erasure_proposals')
        .values({ id, family_id: family.family_id, region_code: family.region_code, status: 'drafted', items: JSON.stringify(items) })
        .execute();
      await audit(trx, ctx, 'retention.draft', { type: 'erasure_proposal', id }, { familyId: family.family_id });
      drafted += 1;
    }
    const auditYears = await repo.yearsOf(trx, 'audit_event');
    const removed = await sql`DELETE FROM audit_personal_values WHERE at < now() - make_interval(years => ${auditYears}::int)`.execute(trx);
    const personalValuesRemoved = Number(removed.numAffectedRows ?? 0);
    const report = { drafted, due: due.length, held: due.filter((family) => family.held).length, personalValuesRemoved };
    await audit(trx, ctx, 'retention.run', null, report);
    return report;
  });
}
