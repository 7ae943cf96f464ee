import type { ActionPerformer, ActionStatus } from '@hamkor/domain';
import type { Plan, PlanContent } from '../../api/plans.ts';
import { formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';

/**
 * A plan as its editor holds it: dates as typed (DD.MM.YYYY), every goal and action with a stable key,
 * the written reasons by domain. Goals and actions already saved keep their ids.
 */
export type ActionValues = {
  key: string;
  id?: string;
  performer: ActionPerformer;
  organisationId: string;
  serviceId: string;
  userId: string;
  personId: string;
  what: string;
  due: string;
  status: ActionStatus;
};
export type GoalValues = { key: string; id?: string; domain: string; title: string; target: string; actions: ActionValues[] };
export type PlanValues = { summary: string; review: string; goals: GoalValues[]; skipped: Record<string, string> };

let counter = 0;
export const newKey = () => `new-${++counter}`;

export const emptyAction = (): ActionValues => ({
  key: newKey(),
  performer: 'organisation',
  organisationId: '',
  serviceId: '',
  userId: '',
  personId: '',
  what: '',
  due: '',
  status: 'planned',
});

export const emptyGoal = (domain = ''): GoalValues => ({ key: newKey(), domain, title: '', target: '', actions: [emptyAction()] });

export function valuesOf(plan: Plan): PlanValues {
  return {
    summary: plan.summary ?? '',
    review: formatIsoDate(plan.reviewDate),
    skipped: Object.fromEntries(plan.skippedDomains.map((skip) => [skip.domain, skip.reason])),
    goals: plan.goals.map((goal) => ({
      key: goal.id,
      id: goal.id,
      domain: goal.domain ?? '',
      title: goal.title,
      target: formatIsoDate(goal.targetDate),
      actions: goal.actions.map((action) => ({
        key: action.id,
        id: action.id,
        performer: action.performer,
        organisationId: action.organisation?.id ?? '',
        serviceId: action.service?.id ?? '',
        userId: action.user?.id ?? '',
        personId: action.personId ?? '',
        what: action.what,
        due: formatIsoDate(action.dueDate),
        status: action.status,
      })),
    })),
  };
}

/** A typed date as ISO, or what was typed when it is no date (the server then says what is wrong). */
const isoOr = (typed: string) => parseDayMonthYear(typed) ?? typed.trim();

/** The plan's content to send, and the dates that are not dates, by field path. */
export function contentOf(values: PlanValues): { content: PlanContent; dateErrors: string[] } {
  const dateErrors: string[] = [];
  const date = (typed: string, path: string) => {
    if (!parseDayMonthYear(typed)) dateErrors.push(path);
    return isoOr(typed);
  };
  const content: PlanContent = {
    summary: values.summary.trim() || null,
    reviewDate: values.review.trim() ? date(values.review, 'reviewDate') : null,
    skippedDomains: Object.entries(values.skipped)
      .filter(([domain, reason]) => reason.trim() && !values.goals.some((goal) => goal.domain === domain))
      .map(([domain, reason]) => ({ domain, reason })),
    goals: values.goals.map((goal, g) => ({
      ...(goal.id && { id: goal.id }),
      domain: goal.domain || null,
      title: goal.title,
      targetDate: date(goal.target, `goals.${g}.targetDate`),
      actions: goal.actions.map((action, a) => ({
        ...(action.id && { id: action.id }),
        performer: action.performer,
        organisationId: action.performer === 'organisation' ? action.organisationId || null : null,
        serviceId: action.performer === 'organisation' ? action.serviceId || null : null,
        userId: action.performer === 'worker' ? action.userId || null : null,
        personId: action.performer === 'family' ? action.personId || null : null,
        what: action.what,
        dueDate: date(action.due, `goals.${g}.actions.${a}.dueDate`),
        status: action.status,
      })),
    })),
  };
  return { content, dateErrors };
}
