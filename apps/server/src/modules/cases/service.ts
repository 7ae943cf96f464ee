import {
  type Actor,
  type CaseAssign,
  type CaseClose,
  type CaseCreate,
  type CaseReopen,
  type CaseStatus,
  type CasesQuery,
  type CaseTransition,
  Conflict,
  can,
  caseActions,
  caseReadFilter,
  dueBounds,
  foldForSearch,
  Invalid,
  isCaseReadOnly,
  mayEver,
  NotFound,
  nextStatuses,
  openingTeam,
  parseCaseNumber,
  RISK_LEVELS,
  type RiskLevel,
  type schemas,
  takesCases,
  transitionCheck,
  transitionError,
  type Urgency,
} from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withReadTx, withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { requestApproval } from '../approvals/request.ts';
import { lockFamily } from '../families/repo.ts';
import { notify } from '../notifications/repo.ts';
import * as tasks from '../tasks/repo.ts';
import { assessmentDueTask } from '../tasks/service.ts';
import { findUserById } from '../users/repo.ts';
import { caseFor, caseResource, checkVersion, writableCase } from './access.ts';
import { abbreviations, issueCaseNumber } from './number.ts';
import * as repo from './repo.ts';
import { applyStep, gateFacts, stateOf } from './transitions.ts';

/**
 * The risk level an approval would set: a submitted assessment's, or the one a worker asks to override it with.
 * A readiness assessment (of a child's return) sets none.
 */
function pendingRisk(kind: string, payload: Record<string, unknown>): RiskLevel | null {
  const level = kind === 'assessment' && !payload.readiness ? payload.riskLevel : kind === 'risk_override' ? payload.overrideRisk : null;
  return (RISK_LEVELS as readonly unknown[]).includes(level) ? (level as RiskLevel) : null;
}

/** The case as a reply: its fields, the names it mentions, where it may go next, what it waits for and what the reader may do. */
export async function caseDetail(db: Db | Tx, row: repo.CaseRow, reader: Actor | null) {
  const [names, pending] = await Promise.all([repo.caseNames(db, row), repo.pendingApprovalOf(db, row.id)]);
  return caseReply(row, names, pending, reader);
}

/** The reply from what was read for the case (the offline pull reads it for many cases at once). */
export function caseReply(
  row: repo.CaseRow,
  names: Awaited<ReturnType<typeof repo.caseNames>>,
  pending: Awaited<ReturnType<typeof repo.pendingApprovalOf>>,
  reader: Actor | null,
) {
  return {
    ...repo.toCase(row),
    ...names,
    nextStatuses: nextStatuses(stateOf(row)),
    readOnly: isCaseReadOnly(row.status as CaseStatus),
    pendingApproval: pending
      ? { id: pending.id, kind: pending.kind, assignedTo: pending.assigned_to, riskLevel: pendingRisk(pending.kind, pending.payload) }
      : null,
    actions: reader ? caseActions(reader, caseResource(row)) : [],
  };
}

/**
 * The family must be one the opener may reach, and the focus persons its members. It stays locked (shared)
 * until the case is opened, so a merge cannot move it away between the check and the insert.
 */
async function familyForCase(ctx: RequestContext, trx: Tx, input: CaseCreate) {
  const family = await lockFamily(trx, input.familyId, 'share');
  const resource = family && {
    type: 'case' as const,
    organisationId: family.organisation_id,
    districtCode: family.district_code,
    assignedUserId: null,
    supervisorId: null,
  };
  if (!family || family.merged_into || !resource || !can(ctx.actor, 'case.create', resource))
    throw new Invalid([{ path: 'familyId', code: 'unknown_family' }]);
  const members = await repo.familyMemberIds(trx, family.id);
  const strangers = input.focusPersonIds.flatMap((id, index) =>
    members.has(id) ? [] : [{ path: `focusPersonIds.${index}`, code: 'not_family_member' }],
  );
  if (strangers.length) throw new Invalid(strangers);
  return family;
}

/**
 * Opens a case for a registered family: number from the district's sequence, status intake, and the
 * assessment's deadline task. A worker who opens it works it, under their own supervisor; a supervisor
 * who opens one supervises it until they assign it.
 */
export async function openCase(ctx: RequestContext, input: CaseCreate) {
  if (!mayEver(ctx.actor, 'case.create')) throw new NotFound();
  // The checks read through the transaction that writes, so the case is opened on what they saw.
  return withTx(ctx.db, async (trx) => {
    const family = await familyForCase(ctx, trx, input);
    const opener = await findUserById(trx, ctx.actor.id);
    const { assignedUserId, supervisorId } = openingTeam(ctx.actor, opener?.supervisor_id ?? null);
    const letters = await abbreviations(trx);
    const openedAt = new Date();
    const place = { districtCode: family.district_code, regionCode: family.region_code };
    const inserted = await repo.insertCase(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      number: await issueCaseNumber(trx, letters, place, openedAt),
      family_id: family.id,
      focus_person_ids: input.focusPersonIds,
      organisation_id: ctx.actor.organisationId,
      region_code: family.region_code,
      district_code: family.district_code,
      status: 'intake',
      urgency: input.urgency,
      identification_source: input.identificationSource,
      reason: input.reason,
      assigned_user_id: assignedUserId,
      supervisor_id: supervisorId,
      opened_at: openedAt,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    const task = await tasks.insertTask(trx, assessmentDueTask(inserted, assignedUserId ?? ctx.actor.id, ctx.actor.id));
    await repo.recordCaseEvent(trx, {
      caseId: inserted.id,
      regionCode: inserted.region_code,
      kind: 'case.opened',
      actorId: ctx.actor.id,
      at: openedAt,
      details: { number: inserted.number, assignedUserId, urgency: input.urgency, assessmentDue: task.due_date },
    });
    await audit(
      trx,
      ctx,
      'case.create',
      { type: 'case', id: inserted.id },
      { familyId: family.id, focusPersons: input.focusPersonIds.length },
    );
    const row = await repo.findCase(trx, inserted.id);
    if (!row) throw new Error('the case just opened is missing');
    return caseDetail(trx, row, ctx.actor);
  });
}

/** A case the caller may see; the read is recorded. */
export async function getCase(ctx: RequestContext, id: string) {
  return withReadTx(ctx.db, async (trx) => {
    const row = await caseFor(ctx, trx, id, 'case.read');
    // The reads first: the audit event takes the chain's lock, held until commit, so it comes last.
    const detail = await caseDetail(trx, row, ctx.actor);
    await audit(trx, ctx, 'case.read', { type: 'case', id }, {});
    return detail;
  });
}

/** What `q` asks for: a whole case number, the start of one, or a family member's name in any script. */
function caseloadSearch(q: string | undefined) {
  if (!q) return {};
  const parsed = parseCaseNumber(q);
  if (parsed) return { number: parsed.number };
  if (/^[A-Za-z]{3}-|\d/.test(q)) return { numberPrefix: q.toUpperCase().replace(/\s+/g, '-') };
  const nameKey = foldForSearch(q);
  // Nothing left to look for (a letter of another script, say): refused as a person search refuses it.
  if (!nameKey) throw new Invalid([{ path: 'q', code: 'search_text' }]);
  return { nameKey };
}

/** The caller's caseload: the cases they may see, newest first, filtered as asked. */
export async function listCaseload(ctx: RequestContext, query: CasesQuery) {
  if (!mayEver(ctx.actor, 'case.read')) throw new NotFound();
  const before = decodeCursor(query.cursor, { id: cursorKey.id });
  const now = new Date();
  return withReadTx(ctx.db, async (trx) => {
    const rows = await repo.listCaseload(trx, {
      filter: caseReadFilter(ctx.actor),
      assigneeId: query.assignee === 'me' ? ctx.actor.id : query.assignee,
      familyId: query.familyId,
      status: query.status,
      risk: query.risk,
      ...caseloadSearch(query.q),
      beforeId: before?.id,
      today: dueBounds(now).today,
      now,
      limit: query.limit,
    });
    const result = page(rows, query.limit, (row) => ({ id: row.id }));
    await audit(trx, ctx, 'case.list', null, {
      results: result.items.length,
      searched: !!query.q,
      caseIds: result.items.map((row) => row.id),
    });
    return {
      items: result.items.map((row) => ({
        id: row.id,
        number: row.number,
        status: row.status as CaseStatus,
        riskLevel: row.risk_level as RiskLevel | null,
        urgency: row.urgency as Urgency,
        familyId: row.family_id,
        familyHeadName: row.family_head_name,
        assignedUserId: row.assigned_user_id,
        assigneeName: row.assignee_name,
        supervisorId: row.supervisor_id,
        openedAt: row.opened_at.toISOString(),
        openTasks: row.open_tasks ?? 0,
        overdueTasks: row.overdue_tasks ?? 0,
        version: row.version,
      })),
      nextCursor: result.nextCursor,
    };
  });
}

/** The worker a case may be given: an active social worker of the case's organisation. */
async function assignableWorker(trx: Tx, userId: string, organisationId: string) {
  const user = await findUserById(trx, userId);
  if (!user?.active || user.organisation_id !== organisationId || !takesCases(user))
    throw new Invalid([{ path: 'userId', code: 'assignee_invalid' }]);
  return user;
}

/** Gives the case to a worker (its supervisor or an organisation admin): open tasks follow, the worker is told. */
export async function assignCase(ctx: RequestContext, id: string, input: CaseAssign) {
  return withTx(ctx.db, async (trx) => {
    const row = await writableCase(ctx, trx, id, 'case.assign');
    checkVersion(row, input.version);
    const worker = await assignableWorker(trx, input.userId, row.organisation_id);
    const updated = await repo.updateCase(trx, id, row.version, {
      assigned_user_id: worker.id,
      supervisor_id: worker.supervisor_id ?? row.supervisor_id,
      updated_by: ctx.actor.id,
    });
    if (!updated) throw new Conflict('version_conflict', repo.toCase(row));
    await tasks.reassignOpenTasks(trx, id, row.assigned_user_id, worker.id, ctx.actor.id);
    await repo.recordCaseEvent(trx, {
      caseId: id,
      regionCode: row.region_code,
      kind: 'case.assigned',
      actorId: ctx.actor.id,
      details: { from: row.assigned_user_id, to: worker.id },
    });
    if (worker.id !== ctx.actor.id)
      await notify(trx, {
        userId: worker.id,
        regionCode: row.region_code,
        kind: 'case_assigned',
        caseId: id,
        params: { caseNumber: row.number },
      });
    await audit(trx, ctx, 'case.assign', { type: 'case', id }, { from: row.assigned_user_id, to: worker.id });
    return caseDetail(trx, (await repo.findCase(trx, id)) ?? row, ctx.actor);
  });
}

/**
 * Moves a case one step, as the state machine allows. A closure is requested with POST /close, and a
 * closing case waits for its supervisor's decision; a closed case only reopens, with a reason.
 */
export async function transitionCase(ctx: RequestContext, id: string, input: CaseTransition) {
  if (input.to === 'closing') throw new Invalid([{ path: 'to', code: 'closure_via_close' }]);
  return withTx(ctx.db, async (trx) => {
    const row = await repo.lockCase(trx, id);
    if (!row || !can(ctx.actor, 'case.update', caseResource(row))) throw new NotFound();
    if (row.status === 'closed' && input.to !== 'assessment') throw new Conflict('case_closed', repo.toCase(row));
    checkVersion(row, input.version);
    if (row.status === 'closing') throw new Conflict('approval_required', repo.toCase(row), { gate: 'closure' });
    const check = transitionCheck(stateOf(row), input.to, await gateFacts(trx, row), input.reason);
    if (!check.ok) throw transitionError(check, repo.toCase(row));
    const moved = await applyStep(ctx, trx, row, input.to, { gateSkipped: check.gateSkipped, reopenReason: input.reason });
    return caseDetail(trx, moved, ctx.actor);
  });
}

export const reopenCase = (ctx: RequestContext, id: string, input: CaseReopen) =>
  transitionCase(ctx, id, { to: 'assessment', reason: input.reason, version: input.version });

/**
 * Asks to close the case: it goes to closing and its supervisor gets a closure approval with the reason
 * and outcome. Where the organisation has turned approval gates off, it closes at once, and says so.
 */
export async function requestClosure(ctx: RequestContext, id: string, input: CaseClose) {
  return withTx(ctx.db, async (trx) => {
    const row = await writableCase(ctx, trx, id, 'case.close');
    checkVersion(row, input.version);
    const facts = await gateFacts(trx, row);
    const check = transitionCheck(stateOf(row), 'closing', facts);
    if (!check.ok) throw transitionError(check, repo.toCase(row));
    const closing = await applyStep(ctx, trx, row, 'closing');
    const closure = { reason: input.reason, outcome: input.outcome };
    if (!facts.approvalGatesOn)
      return caseDetail(trx, await applyStep(ctx, trx, closing, 'closed', { gateSkipped: 'closure', closure }), ctx.actor);
    await requestApproval(ctx, trx, row, {
      kind: 'closure',
      payload: closure,
      event: { closureReason: input.reason },
      audit: { reason: input.reason },
    });
    return caseDetail(trx, closing, ctx.actor);
  });
}

/** Every event of the case, newest first, each with who and when; the read is recorded. */
export async function caseTimeline(ctx: RequestContext, id: string, query: schemas.ListQuery) {
  const before = decodeCursor(query.cursor, { at: cursorKey.moment, id: cursorKey.id });
  return withTx(ctx.db, async (trx) => {
    await caseFor(ctx, trx, id, 'case.read');
    const rows = await repo.listCaseEvents(trx, id, { before, limit: query.limit });
    const result = page(rows, query.limit, (row) => ({ at: row.at.toISOString(), id: row.id }));
    await audit(trx, ctx, 'case.timeline_read', { type: 'case', id }, { results: result.items.length });
    return {
      items: result.items.map((row) => ({
        id: row.id,
        kind: row.kind,
        at: row.at.toISOString(),
        actor: row.actor_id ? { id: row.actor_id, displayName: row.display_name ?? '' } : null,
        details: row.details,
        organisationName: row.organisation_name,
      })),
      nextCursor: result.nextCursor,
    };
  });
}
