import { z } from 'zod';
import type { DomainRating } from '../assessment/instrument.ts';
import type { FieldProblem } from '../errors.ts';
import { clientId, id, nonEmpty, nonEmptyLine, text, version } from '../schemas/common.ts';
import { choice, dueDate, optional } from '../schemas/person.ts';

/**
 * The family's service plan: goals for the domains the assessment found a problem in, actions under each
 * goal (who does what by when), a review date. A revision is a new plan row; the old one is kept.
 */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** A plan a worker may still edit. */
export const EDITABLE_PLAN_STATUSES: readonly PlanStatus[] = ['draft', 'returned'];

/** Who carries out an action: an organisation from the directory, a worker, or the family itself. */
export const ACTION_PERFORMERS = ['organisation', 'worker', 'family'] as const;
export type ActionPerformer = (typeof ACTION_PERFORMERS)[number];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The domain ratings that count as a problem a plan must answer. */
export const PROBLEM_RATINGS: readonly DomainRating[] = ['some_concern', 'serious_problem'];

const domainKey = z.string({ error: 'required' }).regex(/^[a-z][a-z0-9_.]{0,63}$/, { error: 'domain' });

export const planActionInput = z
  .object({
    /** Kept when editing an action already in the plan; new actions have none. */
    id: id.optional(),
    performer: choice(ACTION_PERFORMERS),
    organisationId: id.nullish(),
    serviceId: id.nullish(),
    userId: id.nullish(),
    /** The family member who does it, when the family does. */
    personId: id.nullish(),
    what: nonEmpty(1000),
    dueDate,
    status: choice(ACTION_STATUSES).default('planned'),
  })
  .superRefine((action, ctx) => {
    if (action.performer === 'organisation' && !action.organisationId)
      ctx.addIssue({ code: 'custom', message: 'required', path: ['organisationId'] });
    if (action.performer === 'worker' && !action.userId) ctx.addIssue({ code: 'custom', message: 'required', path: ['userId'] });
  });
export type PlanActionInput = z.infer<typeof planActionInput>;

export const planGoalInput = z.object({
  id: id.optional(),
  /** The assessed domain the goal answers; null for a goal beyond the assessment. */
  domain: domainKey.nullish(),
  title: nonEmptyLine(500),
  targetDate: dueDate,
  actions: z.array(planActionInput).max(30, { error: 'too_long' }).default([]),
});
export type PlanGoalInput = z.infer<typeof planGoalInput>;

/** A problem domain the plan deliberately sets no goal for, and why. */
export const skippedDomainInput = z.object({ domain: domainKey, reason: nonEmpty(2000) });

const planFields = {
  summary: optional(text(4000)),
  goals: z.array(planGoalInput).max(30, { error: 'too_long' }),
  skippedDomains: z.array(skippedDomainInput).max(30, { error: 'too_long' }),
  /** When the plan is reviewed; default on approval: the risk level's review interval. */
  reviewDate: dueDate.nullish(),
};

export const planCreate = z.object({
  id: clientId.optional(),
  ...planFields,
  /** Start the revision from the goals, actions and skipped domains of the plan in force (those sent are ignored). */
  copyPrevious: z.boolean().default(false),
  goals: planFields.goals.default([]),
  skippedDomains: planFields.skippedDomains.default([]),
});
export type PlanCreate = z.infer<typeof planCreate>;

/** Goals and skipped domains, when sent, replace the plan's whole list. */
export const planUpdate = z.object(planFields).partial().extend({ version });
export type PlanUpdate = z.infer<typeof planUpdate>;

export const planSubmit = z.object({ version });
export type PlanSubmit = z.infer<typeof planSubmit>;

/** An action's progress on a plan in force: its own version. */
export const planActionUpdate = z.object({ status: choice(ACTION_STATUSES), version });
export type PlanActionUpdate = z.infer<typeof planActionUpdate>;

export const planParams = z.object({ id });
export const planActionParams = z.object({ id, actionId: id });

/** The problem domains of an assessment: rated some concern or serious problem. */
export function problemDomains(ratings: Record<string, DomainRating | null | undefined>): string[] {
  return Object.entries(ratings)
    .filter(([, rating]) => !!rating && PROBLEM_RATINGS.includes(rating))
    .map(([domain]) => domain);
}

/** Problem domains with neither a goal nor a written reason. */
export function unansweredDomains(
  plan: { goals: readonly { domain?: string | null }[]; skippedDomains: readonly { domain: string; reason: string }[] },
  problems: readonly string[],
): string[] {
  const withGoal = new Set(plan.goals.flatMap((goal) => (goal.domain ? [goal.domain] : [])));
  const skipped = new Set(plan.skippedDomains.filter((skip) => skip.reason.trim()).map((skip) => skip.domain));
  return problems.filter((domain) => !withGoal.has(domain) && !skipped.has(domain));
}

/**
 * Why a plan cannot be submitted, as field problems: no goal at all, a goal without an action, or a
 * problem domain answered neither by a goal nor by a reason (`domains.<key>`). Empty when it can.
 */
export function planSubmitProblems(
  plan: {
    goals: readonly { domain?: string | null; actions: readonly unknown[] }[];
    skippedDomains: readonly { domain: string; reason: string }[];
  },
  problems: readonly string[],
): FieldProblem[] {
  const found: FieldProblem[] = [];
  if (plan.goals.length === 0) found.push({ path: 'goals', code: 'required' });
  plan.goals.forEach((goal, index) => {
    if (goal.actions.length === 0) found.push({ path: `goals.${index}.actions`, code: 'required' });
  });
  for (const domain of unansweredDomains(plan, problems))
    found.push({ path: `domains.${domain}`, code: 'goal_or_reason_required', params: { domain } });
  return found;
}

/** Actions done out of those that count (a cancelled action no longer does). */
export function planProgress(actions: readonly { status: ActionStatus }[]): { done: number; total: number } {
  const counted = actions.filter((action) => action.status !== 'cancelled');
  return { done: counted.filter((action) => action.status === 'done').length, total: counted.length };
}

const userRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const planActionOut = z.object({
  id: z.uuid(),
  goalId: z.uuid(),
  performer: z.enum(ACTION_PERFORMERS),
  organisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  service: z.object({ id: z.uuid(), name: z.string(), category: z.string() }).nullable(),
  user: userRef,
  personId: z.uuid().nullable(),
  what: z.string(),
  dueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  /** The task the action became once the plan was approved. */
  taskId: z.uuid().nullable(),
  /** Referrals sent for this action, newest first. */
  referralIds: z.array(z.uuid()),
  completedAt: z.string().nullable(),
  version: z.number().int(),
});
export type PlanActionOut = z.infer<typeof planActionOut>;

export const planGoalOut = z.object({
  id: z.uuid(),
  domain: z.string().nullable(),
  title: z.string(),
  targetDate: z.string(),
  actions: z.array(planActionOut),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type PlanGoalOut = z.infer<typeof planGoalOut>;

export const planOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  /** 1 for the first plan of the case, then one more for each revision. */
  revision: z.number().int(),
  previousId: z.uuid().nullable(),
  status: z.enum(PLAN_STATUSES),
  /** The approved assessment the plan answers, when there is one. */
  assessmentId: z.uuid().nullable(),
  problemDomains: z.array(z.string()),
  /** Problem domains still without a goal or a reason. */
  unansweredDomains: z.array(z.string()),
  summary: z.string().nullable(),
  goals: z.array(planGoalOut),
  skippedDomains: z.array(z.object({ domain: z.string(), reason: z.string() })),
  reviewDate: z.string().nullable(),
  reviewTaskId: z.uuid().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  pendingApprovalId: z.uuid().nullable(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  readOnly: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});
export type PlanOut = z.infer<typeof planOut>;

/** The case's plans, newest revision first. */
export const plansOut = z.object({ items: z.array(planOut) });
