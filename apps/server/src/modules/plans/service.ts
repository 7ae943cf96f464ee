import {
  type ActionStatus,
  type AssessmentAnswers,
  type CaseStatus,
  Conflict,
  type DomainRating,
  domainScores,
  EDITABLE_PLAN_STATUSES,
  type FieldProblem,
  type InstrumentDefinition,
  Invalid,
  isCaseReadOnly,
  NotFound,
  type PlanActionUpdate,
  type PlanCreate,
  type PlanGoalInput,
  type PlanStatus,
  type PlanSubmit,
  type PlanUpdate,
  planProgress,
  planReviewDate,
  planSubmitProblems,
  problemDomains,
  type RiskLevel,
  transitionCheck,
  unansweredDomains,
} from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import type { SkippedDomain } from '../../db/schema-plans.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext, SystemContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import type { ApprovalRow } from '../approvals/repo.ts';
import { requestApproval } from '../approvals/request.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { applyStep, gateFacts, stateOf } from '../cases/transitions.ts';
import { dueSort, insertTask, isCaseStaffOf } from '../tasks/repo.ts';
import * as repo from './repo.ts';

/** Statuses in which a plan may be drafted: after intake, while the case is open. */
const PLANNING_STATUSES: readonly CaseStatus[] = ['assessment', 'planning', 'implementation', 'monitoring'];

type AssessmentView = { id: string | null; problems: string[]; domains: Set<string> | null };

/** The problem domains of an assessment (and the domains its instrument knows), or none without one. */
async function assessmentView(db: Db | Tx, assessmentId: string | null): Promise<AssessmentView> {
  return viewOf(assessmentId ? await repo.assessmentFacts(db, assessmentId) : undefined);
}

function viewOf(facts: Awaited<ReturnType<typeof repo.assessmentFacts>>): AssessmentView {
  if (!facts) return { id: null, problems: [], domains: null };
  const def = facts.definition as InstrumentDefinition;
  const scores = domainScores(def, facts.answers as AssessmentAnswers, facts.domain_ratings as Record<string, DomainRating>);
  const ratings = Object.fromEntries(Object.entries(scores).map(([key, score]) => [key, score.rating]));
  return { id: facts.id, problems: problemDomains(ratings), domains: new Set(def.domains.map((d) => d.key)) };
}

/**
 * Plans as the API shows them: goals with their actions and progress, the domains still unanswered. The case's
 * status is given, or how to find each plan's (the offline pull builds hundreds of plans of many cases at once).
 */
export async function toPlans(db: Db | Tx, rows: repo.PlanRow[], caseStatus: CaseStatus | ((row: repo.PlanRow) => CaseStatus)) {
  const ids = rows.map((row) => row.id);
  const [goals, actions, pending, facts] = await Promise.all([
    repo.planGoals(db, ids),
    repo.planActions(db, ids),
    repo.pendingPlanApprovals(db, [...new Set(rows.map((row) => row.case_id))]),
    repo.assessmentFactsOf(db, [...new Set(rows.flatMap((row) => (row.assessment_id ? [row.assessment_id] : [])))]),
  ]);
  const referrals = await repo.actionReferrals(
    db,
    actions.map((a) => a.id),
  );
  const views = new Map(facts.map((row) => [row.id, viewOf(row)]));
  return rows.map((row) => {
    const view = views.get(row.assessment_id ?? '') ?? viewOf(undefined);
    const skipped = (row.skipped_domains ?? []) as SkippedDomain[];
    const planActions = actions.filter((a) => a.plan_id === row.id);
    const planGoals = goals
      .filter((g) => g.plan_id === row.id)
      .map((goal) => {
        const goalActions = planActions
          .filter((a) => a.goal_id === goal.id)
          .map((a) => ({
            id: a.id,
            goalId: a.goal_id,
            performer: a.performer as repo.ActionPerformer,
            organisation: a.organisation_id ? { id: a.organisation_id, name: a.organisation_name ?? '' } : null,
            service: a.service_id ? { id: a.service_id, name: a.service_name ?? '', category: a.service_category ?? 'other' } : null,
            user: a.user_id ? { id: a.user_id, displayName: a.user_name ?? '' } : null,
            personId: a.person_id,
            what: a.what,
            dueDate: a.due_date,
            status: a.status as ActionStatus,
            taskId: a.task_id,
            referralIds: referrals.get(a.id) ?? [],
            completedAt: a.completed_at?.toISOString() ?? null,
            version: a.version,
          }));
        return {
          id: goal.id,
          domain: goal.domain,
          title: goal.title,
          targetDate: goal.target_date,
          actions: goalActions,
          progress: planProgress(goalActions),
        };
      });
    const status = row.status as PlanStatus;
    return {
      id: row.id,
      caseId: row.case_id,
      revision: row.revision,
      previousId: row.previous_id,
      status,
      assessmentId: row.assessment_id,
      problemDomains: view.problems,
      unansweredDomains: unansweredDomains({ goals: planGoals, skippedDomains: skipped }, view.problems),
      summary: row.summary,
      goals: planGoals,
      skippedDomains: skipped,
      reviewDate: row.review_date,
      reviewTaskId: row.review_task_id,
      progress: planProgress(planActions.map((a) => ({ status: a.status as ActionStatus }))),
      pendingApprovalId: pending.get(row.id) ?? null,
      submittedAt: row.submitted_at?.toISOString() ?? null,
      approvedAt: row.approved_at?.toISOString() ?? null,
      readOnly: isCaseReadOnly(typeof caseStatus === 'function' ? caseStatus(row) : caseStatus) || !EDITABLE_PLAN_STATUSES.includes(status),
      version: row.version,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by,
      updatedAt: row.updated_at.toISOString(),
      updatedBy: row.updated_by,
    };
  });
}

async function toPlan(db: Db | Tx, row: repo.PlanRow, caseStatus: CaseStatus) {
  const [plan] = await toPlans(db, [row], caseStatus);
  if (!plan) throw new Error('a plan without its reply');
  return plan;
}

/**
 * Checks goals and actions against the case and the directory, and turns them into rows. Ids sent for
 * goals and actions already in this plan are kept; others get new ones.
 */
async function goalRows(
  trx: Tx,
  theCase: cases.CaseRow,
  planId: string,
  goals: readonly PlanGoalInput[],
  known: { goalIds: Set<string>; actionIds: Set<string> },
  domains: Set<string> | null,
  actorId: string,
) {
  const problems: FieldProblem[] = [];
  const members = await cases.familyMemberIds(trx, theCase.family_id);
  const all = goals.flatMap((goal) => goal.actions);
  const [organisations, services] = await Promise.all([
    repo.organisationsById(
      trx,
      all.flatMap((a) => (a.organisationId ? [a.organisationId] : [])),
    ),
    repo.servicesById(
      trx,
      all.flatMap((a) => (a.serviceId ? [a.serviceId] : [])),
    ),
  ]);
  const staff = new Map<string, boolean>();
  for (const userId of new Set(all.flatMap((a) => (a.userId ? [a.userId] : []))))
    staff.set(userId, await isCaseStaffOf(trx, userId, theCase.organisation_id));
  const goalValues: repo.GoalValues[] = [];
  const actionValues: repo.ActionValues[] = [];
  const place = { case_id: theCase.id, region_code: theCase.region_code, district_code: theCase.district_code };
  goals.forEach((goal, g) => {
    if (goal.domain && domains && !domains.has(goal.domain)) problems.push({ path: `goals.${g}.domain`, code: 'unknown_domain' });
    const goalId = goal.id && known.goalIds.has(goal.id) ? goal.id : newId();
    goalValues.push({
      id: goalId,
      plan_id: planId,
      ...place,
      position: g,
      domain: goal.domain ?? null,
      title: goal.title,
      target_date: goal.targetDate,
    });
    goal.actions.forEach((action, a) => {
      const path = `goals.${g}.actions.${a}`;
      const service = action.serviceId ? services.get(action.serviceId) : undefined;
      const organisationId = action.organisationId ?? service?.organisation_id ?? null;
      if (action.organisationId && !organisations.get(action.organisationId)?.active)
        problems.push({ path: `${path}.organisationId`, code: 'unknown_organisation' });
      if (action.serviceId && !service) problems.push({ path: `${path}.serviceId`, code: 'unknown_service' });
      else if (service && organisationId !== service.organisation_id)
        problems.push({ path: `${path}.serviceId`, code: 'service_not_of_organisation' });
      if (action.userId && !staff.get(action.userId)) problems.push({ path: `${path}.userId`, code: 'assignee_invalid' });
      if (action.personId && !members.has(action.personId)) problems.push({ path: `${path}.personId`, code: 'not_family_member' });
      actionValues.push({
        id: action.id && known.actionIds.has(action.id) ? action.id : newId(),
        plan_id: planId,
        goal_id: goalId,
        ...place,
        position: a,
        performer: action.performer,
        organisation_id: action.performer === 'organisation' ? organisationId : null,
        service_id: action.performer === 'organisation' ? (action.serviceId ?? null) : null,
        user_id: action.performer === 'worker' ? (action.userId ?? null) : null,
        person_id: action.performer === 'family' ? (action.personId ?? null) : null,
        what: action.what,
        due_date: action.dueDate,
        status: action.status,
        completed_at: action.status === 'done' ? new Date() : null,
        created_by: actorId,
        updated_by: actorId,
      });
    });
  });
  if (problems.length) throw new Invalid(problems);
  return { goalValues, actionValues };
}

function checkSkipped(skipped: readonly SkippedDomain[], domains: Set<string> | null) {
  const problems = skipped.flatMap((skip, index) =>
    domains && !domains.has(skip.domain) ? [{ path: `skippedDomains.${index}.domain`, code: 'unknown_domain' }] : [],
  );
  if (problems.length) throw new Invalid(problems);
}

/** The goals of a plan as inputs again: what a revision copies from the plan in force. */
async function goalsOf(trx: Tx, planId: string): Promise<PlanGoalInput[]> {
  const [goals, actions] = await Promise.all([repo.planGoals(trx, [planId]), repo.planActions(trx, [planId])]);
  return goals.map((goal) => ({
    domain: goal.domain,
    title: goal.title,
    targetDate: goal.target_date,
    actions: actions
      .filter((a) => a.goal_id === goal.id)
      .map((a) => ({
        performer: a.performer as repo.ActionPerformer,
        organisationId: a.organisation_id,
        serviceId: a.service_id,
        userId: a.user_id,
        personId: a.person_id,
        what: a.what,
        dueDate: a.due_date,
        status: a.status as ActionStatus,
      })),
  }));
}

export async function listPlans(ctx: RequestContext, caseId: string) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await caseFor(ctx, trx, caseId, 'case.read');
    const rows = await repo.casePlans(trx, caseId);
    await audit(trx, ctx, 'plan.list', { type: 'case', id: caseId }, { results: rows.length });
    return { items: await toPlans(trx, rows, theCase.status as CaseStatus) };
  });
}

export async function getPlan(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const row = await repo.findPlan(trx, id);
    if (!row) throw new NotFound();
    const theCase = await caseFor(ctx, trx, row.case_id, 'case.read');
    await audit(trx, ctx, 'plan.read', { type: 'plan', id }, { caseId: row.case_id });
    return toPlan(trx, row, theCase.status as CaseStatus);
  });
}

/** A new draft: the case's first plan, or a revision of the plan in force (which stays until the new one is approved). */
export async function createPlan(ctx: RequestContext, caseId: string, input: PlanCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId);
    if (!PLANNING_STATUSES.includes(theCase.status as CaseStatus))
      throw new Conflict('plan_not_allowed_now', undefined, { status: theCase.status });
    const open = await repo.openPlan(trx, caseId);
    if (open) throw new Conflict('plan_in_progress', await toPlan(trx, open, theCase.status as CaseStatus));
    const previous = await repo.planInForce(trx, caseId);
    const view = await assessmentView(trx, await repo.latestApprovedAssessmentId(trx, caseId));
    const goals = input.copyPrevious && previous ? await goalsOf(trx, previous.id) : input.goals;
    const skipped = input.copyPrevious && previous ? ((previous.skipped_domains ?? []) as SkippedDomain[]) : input.skippedDomains;
    checkSkipped(skipped, view.domains);
    const id = input.id?.toLowerCase() ?? newId();
    const { goalValues, actionValues } = await goalRows(
      trx,
      theCase,
      id,
      goals,
      { goalIds: new Set(), actionIds: new Set() },
      view.domains,
      ctx.actor.id,
    );
    const revision = (await repo.lastRevision(trx, caseId)) + 1;
    const row = await repo.insertPlan(trx, {
      id,
      case_id: caseId,
      region_code: theCase.region_code,
      district_code: theCase.district_code,
      revision,
      previous_id: previous?.id ?? null,
      assessment_id: view.id,
      summary: input.copyPrevious && previous ? previous.summary : (input.summary ?? null),
      skipped_domains: JSON.stringify(skipped),
      review_date: input.reviewDate ?? null,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await repo.replaceGoals(trx, id, goalValues, actionValues);
    await cases.recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'plan.created',
      actorId: ctx.actor.id,
      details: { planId: id, revision },
    });
    await audit(
      trx,
      ctx,
      'plan.create',
      { type: 'plan', id },
      { caseId, revision, goals: goalValues.length, actions: actionValues.length },
    );
    return toPlan(trx, row, theCase.status as CaseStatus);
  });
}

/** The plan, locked, and its case, locked for a write; a plan not in the works answers 409. */
async function editablePlan(ctx: RequestContext, trx: Tx, id: string, version: number) {
  const found = await repo.findPlan(trx, id);
  if (!found) throw new NotFound();
  await caseFor(ctx, trx, found.case_id, 'case.read');
  const theCase = await writableCase(ctx, trx, found.case_id);
  const row = (await repo.lockPlan(trx, id)) ?? found;
  if (row.version !== version) throw new Conflict('version_conflict', await toPlan(trx, row, theCase.status as CaseStatus));
  if (!EDITABLE_PLAN_STATUSES.includes(row.status as PlanStatus))
    throw new Conflict('plan_not_editable', await toPlan(trx, row, theCase.status as CaseStatus), { status: row.status });
  return { row, theCase };
}

export async function updatePlan(ctx: RequestContext, id: string, input: PlanUpdate) {
  return withTx(ctx.db, async (trx) => {
    const { row, theCase } = await editablePlan(ctx, trx, id, input.version);
    const view = await assessmentView(trx, row.assessment_id);
    if (input.skippedDomains) checkSkipped(input.skippedDomains, view.domains);
    if (input.goals) {
      const [goals, actions] = await Promise.all([repo.planGoals(trx, [id]), repo.planActions(trx, [id])]);
      const known = { goalIds: new Set(goals.map((g) => g.id)), actionIds: new Set(actions.map((a) => a.id)) };
      const { goalValues, actionValues } = await goalRows(trx, theCase, id, input.goals, known, view.domains, ctx.actor.id);
      await repo.replaceGoals(trx, id, goalValues, actionValues);
    }
    const updated = await repo.updatePlan(trx, id, row.version, {
      ...(input.summary !== undefined && { summary: input.summary ?? null }),
      ...(input.skippedDomains !== undefined && { skipped_domains: JSON.stringify(input.skippedDomains) }),
      ...(input.reviewDate !== undefined && { review_date: input.reviewDate ?? null }),
      updated_by: ctx.actor.id,
    });
    if (!updated) throw new Conflict('version_conflict', await toPlan(trx, row, theCase.status as CaseStatus));
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'plan.updated',
      actorId: ctx.actor.id,
      details: { planId: id, revision: row.revision },
    });
    const { version: _version, ...changed } = input;
    await audit(trx, ctx, 'plan.update', { type: 'plan', id }, { caseId: theCase.id, fields: Object.keys(changed) });
    return toPlan(trx, updated, theCase.status as CaseStatus);
  });
}

/**
 * Submits a plan for the supervisor's approval. Every problem domain of the case's latest approved
 * assessment needs a goal or a written reason; every goal needs an action (400 `plan_incomplete`).
 */
export async function submitPlan(ctx: RequestContext, id: string, input: PlanSubmit) {
  return withTx(ctx.db, async (trx) => {
    const { row, theCase } = await editablePlan(ctx, trx, id, input.version);
    const view = await assessmentView(trx, await repo.latestApprovedAssessmentId(trx, theCase.id));
    const [goals, actions] = await Promise.all([repo.planGoals(trx, [id]), repo.planActions(trx, [id])]);
    const problems = planSubmitProblems(
      {
        goals: goals.map((goal) => ({ domain: goal.domain, actions: actions.filter((a) => a.goal_id === goal.id) })),
        skippedDomains: (row.skipped_domains ?? []) as SkippedDomain[],
      },
      view.problems,
    );
    if (problems.length) throw new Invalid(problems, 'plan_incomplete');
    const updated = await repo.updatePlan(trx, id, row.version, {
      status: 'submitted',
      submitted_at: new Date(),
      assessment_id: view.id,
      updated_by: ctx.actor.id,
    });
    if (!updated) throw new Conflict('version_conflict', await toPlan(trx, row, theCase.status as CaseStatus));
    const event = { caseId: theCase.id, regionCode: theCase.region_code, actorId: ctx.actor.id };
    await cases.recordCaseEvent(trx, { ...event, kind: 'plan.submitted', details: { planId: id, revision: row.revision } });
    const approvalId = await requestApproval(ctx, trx, theCase, {
      kind: 'plan',
      payload: { planId: id, revision: row.revision },
      event: { planId: id },
    });
    await audit(trx, ctx, 'plan.submit', { type: 'plan', id }, { caseId: theCase.id, approvalId });
    return toPlan(trx, updated, theCase.status as CaseStatus);
  });
}

/** Makes the plan's actions tasks, and its review a task; the assignee is the worker named, else the case's worker. */
export async function createPlanTasks(
  trx: Tx,
  theCase: { id: string; region_code: string; assigned_user_id: string | null; risk_level: string | null },
  plan: repo.PlanRow,
  actorId: string | null,
  now = new Date(),
): Promise<repo.PlanRow> {
  const actions = await repo.planActions(trx, [plan.id]);
  for (const action of actions) {
    if (action.task_id || action.status === 'done' || action.status === 'cancelled') continue;
    const task = await insertTask(trx, {
      id: newId(),
      case_id: theCase.id,
      region_code: theCase.region_code,
      title: action.what.slice(0, 300),
      due_date: action.due_date,
      due_sort: dueSort({ dueDate: action.due_date }),
      assignee_id: action.user_id ?? theCase.assigned_user_id,
      source: 'plan_action',
      created_by: actorId,
      updated_by: actorId,
    });
    await repo.updateAction(trx, action.id, action.version, { task_id: task.id, updated_by: actorId });
  }
  const reviewDate = plan.review_date ?? planReviewDate(now, (theCase.risk_level ?? 'medium') as RiskLevel);
  const review = await insertTask(trx, {
    id: newId(),
    case_id: theCase.id,
    region_code: theCase.region_code,
    title: 'Review the service plan',
    due_date: reviewDate,
    due_sort: dueSort({ dueDate: reviewDate }),
    assignee_id: theCase.assigned_user_id,
    source: 'plan_review',
    deadline: 'plan_review',
    created_by: actorId,
    updated_by: actorId,
  });
  const updated = await repo.updatePlan(trx, plan.id, plan.version, {
    review_date: reviewDate,
    review_task_id: review.id,
    updated_by: actorId,
  });
  if (!updated) throw new Conflict('version_conflict');
  return updated;
}

/**
 * What the supervisor's decision on a plan does: approved, the plan is in force (the one before it is
 * superseded, its open tasks cancelled), its actions and review become tasks, and a case in planning
 * moves to implementation; returned, the worker may edit it again.
 */
export async function settlePlanApproval(ctx: RequestContext, trx: Tx, theCase: cases.CaseRow, approval: ApprovalRow, approve: boolean) {
  const planId = (approval.payload as { planId?: string }).planId;
  const row = planId ? await repo.lockPlan(trx, planId) : undefined;
  if (!row) return;
  const event = { caseId: theCase.id, regionCode: theCase.region_code, actorId: ctx.actor.id };
  if (!approve) {
    const updated = await repo.updatePlan(trx, row.id, row.version, { status: 'returned', updated_by: ctx.actor.id });
    if (!updated) throw new Conflict('version_conflict');
    await cases.recordCaseEvent(trx, { ...event, kind: 'plan.returned', details: { planId: row.id, approvalId: approval.id } });
    return;
  }
  const previous = await repo.planInForce(trx, theCase.id);
  if (previous && previous.id !== row.id) {
    await repo.cancelPlanTasks(trx, previous, ctx.actor.id);
    await repo.updatePlan(trx, previous.id, previous.version, { status: 'superseded', updated_by: ctx.actor.id });
  }
  const approved = await repo.updatePlan(trx, row.id, row.version, {
    status: 'approved',
    approved_at: new Date(),
    approved_by: ctx.actor.id,
    updated_by: ctx.actor.id,
  });
  if (!approved) throw new Conflict('version_conflict');
  await createPlanTasks(trx, theCase, approved, ctx.actor.id);
  await cases.recordCaseEvent(trx, { ...event, kind: 'plan.approved', details: { planId: row.id, approvalId: approval.id } });
  if (theCase.status === 'planning') {
    const check = transitionCheck(stateOf(theCase), 'implementation', await gateFacts(trx, theCase));
    if (check.ok) await applyStep(ctx, trx, theCase, 'implementation');
  }
}

async function setActionStatus(
  ctx: RequestContext | SystemContext,
  trx: Tx,
  action: NonNullable<Awaited<ReturnType<typeof repo.findAction>>>,
  status: ActionStatus,
  regionCode: string,
) {
  const updated = await repo.updateAction(trx, action.id, action.version, {
    status,
    completed_at: status === 'done' ? new Date() : null,
    updated_by: ctx.actor?.id ?? null,
  });
  if (!updated) return undefined;
  await cases.recordCaseEvent(trx, {
    caseId: action.case_id,
    regionCode,
    kind: 'plan.action_updated',
    actorId: ctx.actor?.id ?? null,
    details: { planId: action.plan_id, actionId: action.id, status },
  });
  return updated;
}

/** Progress on a plan in force: an action planned, in progress, done or cancelled; its task follows. */
export async function updateAction(ctx: RequestContext, planId: string, actionId: string, input: PlanActionUpdate) {
  return withTx(ctx.db, async (trx) => {
    const plan = await repo.findPlan(trx, planId);
    const found = await repo.findAction(trx, actionId);
    if (!plan || !found || found.plan_id !== planId) throw new NotFound();
    await caseFor(ctx, trx, plan.case_id, 'case.read');
    const theCase = await writableCase(ctx, trx, plan.case_id);
    if (plan.status !== 'approved') throw new Conflict('plan_not_in_force', undefined, { status: plan.status });
    const action = (await repo.lockAction(trx, actionId)) ?? found;
    const actionOut = async () =>
      (await toPlan(trx, plan, theCase.status as CaseStatus)).goals.flatMap((g) => g.actions).find((a) => a.id === actionId);
    if (action.version !== input.version) throw new Conflict('version_conflict', await actionOut());
    if (action.status !== input.status) {
      const updated = await setActionStatus(ctx, trx, action, input.status, theCase.region_code);
      if (!updated) throw new Conflict('version_conflict', await actionOut());
      if (action.task_id)
        await repo.setTaskStatus(
          trx,
          action.task_id,
          input.status === 'done' ? 'done' : input.status === 'cancelled' ? 'cancelled' : 'open',
          ctx.actor.id,
        );
      await audit(
        trx,
        ctx,
        'plan.action_update',
        { type: 'plan_action', id: actionId },
        { caseId: theCase.id, planId, status: input.status },
      );
    }
    return toPlan(trx, (await repo.findPlan(trx, planId)) ?? plan, theCase.status as CaseStatus);
  });
}

/** A task done, cancelled or reopened moves the plan action it came from along (called by the tasks module, in its transaction). */
export async function syncActionFromTask(ctx: RequestContext, trx: Tx, task: { id: string; status: string; region_code: string }) {
  const action = await repo.actionByTask(trx, task.id);
  if (!action) return;
  const status: ActionStatus =
    task.status === 'done'
      ? 'done'
      : task.status === 'cancelled'
        ? 'cancelled'
        : action.status === 'in_progress'
          ? 'in_progress'
          : 'planned';
  if (status !== action.status) await setActionStatus(ctx, trx, action, status, task.region_code);
}

/** The problem domains of the case's latest approved assessment (a referral's assessment summary). */
export async function caseProblemDomains(db: Db | Tx, caseId: string): Promise<string[]> {
  return (await assessmentView(db, await repo.latestApprovedAssessmentId(db, caseId))).problems;
}

/**
 * A referral made for a plan action moves the action along: accepted, the action is in progress; completed,
 * it is done (and its task with it). Only actions of the plan in force, and never backwards.
 */
export async function actionFollowsReferral(
  ctx: RequestContext,
  trx: Tx,
  actionId: string,
  step: 'accept' | 'complete',
  regionCode: string,
) {
  const action = await repo.lockAction(trx, actionId);
  const plan = action && (await repo.findPlan(trx, action.plan_id));
  if (!action || plan?.status !== 'approved') return;
  const status: ActionStatus = step === 'complete' ? 'done' : 'in_progress';
  const order: ActionStatus[] = ['planned', 'in_progress', 'done'];
  if (!order.includes(action.status as ActionStatus) || order.indexOf(status) <= order.indexOf(action.status as ActionStatus)) return;
  await setActionStatus(ctx, trx, action, status, regionCode);
  if (status === 'done' && action.task_id) await repo.setTaskStatus(trx, action.task_id, 'done', ctx.actor.id);
}
