import type { ActionPerformer, ActionStatus, PlanStatus } from '@hamkor/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { PlanActionsTable, PlanGoalsTable, PlansTable, SkippedDomain } from '../../db/schema-plans.ts';
import { bumpVersioned, updateVersioned } from '../../db/versioned.ts';

export type PlanRow = Selectable<PlansTable>;
export type GoalRow = Selectable<PlanGoalsTable>;
export type ActionRow = Selectable<PlanActionsTable> & {
  organisation_name: string | null;
  service_name: string | null;
  service_category: string | null;
  user_name: string | null;
};
export type PlanChanges = Partial<Omit<Insertable<PlansTable>, 'id' | 'case_id' | 'version' | 'created_at' | 'created_by'>>;

/** Dates as the API writes them, whatever the driver's date parsing. */
const reviewDate = sql<string | null>`plans.review_date::text`.as('review_date');

function selectPlan(db: Db | Tx) {
  return db.selectFrom('plans').selectAll('plans').select(reviewDate);
}

export async function casePlans(db: Db | Tx, caseId: string): Promise<PlanRow[]> {
  return selectPlan(db).where('case_id', '=', caseId).orderBy('revision', 'desc').execute();
}

export async function findPlan(db: Db | Tx, id: string): Promise<PlanRow | undefined> {
  return selectPlan(db).where('id', '=', id).executeTakeFirst();
}

export async function lockPlan(trx: Tx, id: string): Promise<PlanRow | undefined> {
  return selectPlan(trx).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The case's plan still being worked on or waiting for its decision, if any. */
export async function openPlan(db: Db | Tx, caseId: string): Promise<PlanRow | undefined> {
  return selectPlan(db).where('case_id', '=', caseId).where('status', 'in', ['draft', 'submitted', 'returned']).executeTakeFirst();
}

/** The plan in force: the case's approved plan (older approved ones are superseded). */
export async function planInForce(db: Db | Tx, caseId: string): Promise<PlanRow | undefined> {
  return selectPlan(db)
    .where('case_id', '=', caseId)
    .where('status', '=', 'approved')
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function lastRevision(db: Db | Tx, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('plans')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row?.revision ?? 0;
}

export async function insertPlan(trx: Tx, values: Insertable<PlansTable>): Promise<PlanRow> {
  return trx
    .insertInto('plans')
    .values(values)
    .returningAll()
    .returning(sql<string | null>`review_date::text`.as('review_date'))
    .executeTakeFirstOrThrow();
}

export async function updatePlan(trx: Tx, id: string, expectedVersion: number, changes: PlanChanges): Promise<PlanRow | undefined> {
  return updateVersioned(trx, 'plans', id, expectedVersion, changes, { dates: ['review_date'] });
}

export async function planGoals(db: Db | Tx, planIds: readonly string[]): Promise<GoalRow[]> {
  if (!planIds.length) return [];
  return db
    .selectFrom('plan_goals')
    .selectAll()
    .select(sql<string>`target_date::text`.as('target_date'))
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}

export async function planActions(db: Db | Tx, planIds: readonly string[]): Promise<ActionRow[]> {
  if (!planIds.length) return [];
  return db
    .selectFrom('plan_actions')
    .leftJoin('organisations', 'organisations.id', 'plan_actions.organisation_id')
    .leftJoin('services', 'services.id', 'plan_actions.service_id')
    .leftJoin('users', 'users.id', 'plan_actions.user_id')
    .selectAll('plan_actions')
    .select([
      'organisations.name as organisation_name',
      'services.name as service_name',
      'services.category as service_category',
      'users.display_name as user_name',
      sql<string>`plan_actions.due_date::text`.as('due_date'),
    ])
    .where('plan_actions.plan_id', 'in', [...planIds])
    .orderBy('plan_actions.position')
    .execute();
}

/** Referral ids by the plan action they carry out, newest first. */
export async function actionReferrals(db: Db | Tx, actionIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (!actionIds.length) return found;
  const rows = await db
    .selectFrom('referrals')
    .select(['id', 'plan_action_id'])
    .where('plan_action_id', 'in', [...actionIds])
    .orderBy('sent_at', 'desc')
    .execute();
  for (const row of rows) if (row.plan_action_id) found.set(row.plan_action_id, [...(found.get(row.plan_action_id) ?? []), row.id]);
  return found;
}

/** The pending plan approvals of these plans, by plan id. */
export async function pendingPlanApprovals(db: Db | Tx, caseIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!caseIds.length) return found;
  const rows = await db
    .selectFrom('approvals')
    .select(['id', 'payload'])
    .where('case_id', 'in', [...caseIds])
    .where('kind', '=', 'plan')
    .where('status', '=', 'pending')
    .execute();
  for (const row of rows) {
    const planId = (row.payload as { planId?: string }).planId;
    if (planId) found.set(planId, row.id);
  }
  return found;
}

export type GoalValues = Insertable<PlanGoalsTable>;
export type ActionValues = Insertable<PlanActionsTable>;

/** Replaces a draft's goals and actions with the ones given (a draft's actions have no task or referral yet). */
export async function replaceGoals(trx: Tx, planId: string, goals: GoalValues[], actions: ActionValues[]): Promise<void> {
  await trx.deleteFrom('plan_actions').where('plan_id', '=', planId).execute();
  await trx.deleteFrom('plan_goals').where('plan_id', '=', planId).execute();
  if (goals.length) await trx.insertInto('plan_goals').values(goals).execute();
  if (actions.length) await trx.insertInto('plan_actions').values(actions).execute();
}

export async function findAction(db: Db | Tx, id: string) {
  return db.selectFrom('plan_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockAction(trx: Tx, id: string) {
  return trx.selectFrom('plan_actions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function actionByTask(db: Db | Tx, taskId: string) {
  return db.selectFrom('plan_actions').selectAll().where('task_id', '=', taskId).executeTakeFirst();
}

export async function updateAction(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: { status?: ActionStatus; task_id?: string | null; completed_at?: Date | null; updated_by: string | null },
) {
  return updateVersioned(trx, 'plan_actions', id, expectedVersion, changes);
}

/** Open tasks of a plan's actions and its review, cancelled when a newer plan takes its place. */
export async function cancelPlanTasks(trx: Tx, plan: PlanRow, actorId: string | null): Promise<void> {
  const actions = await trx.selectFrom('plan_actions').select('task_id').where('plan_id', '=', plan.id).execute();
  const taskIds = [...actions.map((a) => a.task_id), plan.review_task_id].filter((id): id is string => !!id);
  if (!taskIds.length) return;
  await bumpVersioned(trx, 'tasks', (eb) => eb.and([eb('status', '=', 'open'), eb('id', 'in', taskIds)]), {
    status: 'cancelled',
    cancel_reason: 'plan_superseded',
    completed_at: new Date(),
    updated_by: actorId,
  });
}

/** Sets a task's status from its plan action (a done action's task is done), bumping its version. */
export async function setTaskStatus(trx: Tx, taskId: string, status: 'open' | 'done' | 'cancelled', actorId: string | null): Promise<void> {
  await bumpVersioned(trx, 'tasks', (eb) => eb.and([eb('id', '=', taskId), eb('status', '!=', status)]), {
    status,
    completed_at: status === 'open' ? null : new Date(),
    updated_by: actorId,
  });
}

/** What the completeness rule and the goals' domains are checked against: an assessment, its instrument and ratings. */
export async function assessmentFacts(db: Db | Tx, assessmentId: string) {
  return db
    .selectFrom('assessments')
    .innerJoin('instruments', 'instruments.id', 'assessments.instrument_id')
    .select(['assessments.id', 'assessments.answers', 'assessments.domain_ratings', 'instruments.definition'])
    .where('assessments.id', '=', assessmentId)
    .executeTakeFirst();
}

/** The facts of many assessments; each instrument's definition (a large document) is read once, not once a row. */
export async function assessmentFactsOf(db: Db | Tx, assessmentIds: readonly string[]) {
  if (!assessmentIds.length) return [];
  const rows = await db
    .selectFrom('assessments')
    .select(['id', 'answers', 'domain_ratings', 'instrument_id'])
    .where('id', 'in', [...assessmentIds])
    .execute();
  const instruments = await db
    .selectFrom('instruments')
    .select(['id', 'definition'])
    .where('id', 'in', [...new Set(rows.map((row) => row.instrument_id))])
    .execute();
  const definitions = new Map(instruments.map((row) => [row.id, row.definition]));
  return rows.flatMap(({ instrument_id, ...row }) =>
    definitions.has(instrument_id) ? [{ ...row, definition: definitions.get(instrument_id) }] : [],
  );
}

export async function latestApprovedAssessmentId(db: Db | Tx, caseId: string): Promise<string | null> {
  const row = await db
    .selectFrom('assessments')
    .select('id')
    .where('case_id', '=', caseId)
    // The family assessment: a readiness assessment (of one child's return) is not what a plan answers.
    .where('child_id', 'is', null)
    .where('status', '=', 'approved')
    .orderBy('approved_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function organisationsById(db: Db | Tx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, { id: string; active: boolean }>();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'active'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function servicesById(db: Db | Tx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, { id: string; organisation_id: string }>();
  const rows = await db
    .selectFrom('services')
    .select(['id', 'organisation_id'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export type { ActionPerformer, PlanStatus, SkippedDomain };
