import { isCalendarDate, todayInUzbekistan } from '../persons/birth.ts';
import type { RiskLevel, Urgency } from './codes.ts';

/**
 * Deadlines of case work, and whether a due task is overdue, due today or upcoming. Days are days in
 * Uzbekistan: a task due on the 11th becomes due "today" at midnight in Tashkent (19:00 UTC on the 10th).
 * Asia/Tashkent keeps UTC+5 all year (no daylight saving since 1992), so a fixed offset is exact and
 * plain arithmetic suffices; none of the date libraries is a dependency of this package.
 */
export const TASHKENT_OFFSET = '+05:00';

/** Days from opening a case to the assessment's due date. */
export const ASSESSMENT_DUE_DAYS: Readonly<Record<Urgency, number>> = { routine: 7, urgent: 3, emergency: 1 };

/** Hours from a risk level being set to the first contact with the family; null: the assessment deadline is enough. */
export const FIRST_CONTACT_HOURS: Readonly<Record<RiskLevel, number | null>> = { critical: 24, high: 72, medium: null, low: null };

/** Days from a plan's approval to its review, when the plan does not name a review date itself. */
export const PLAN_REVIEW_DAYS: Readonly<Record<RiskLevel, number>> = { critical: 30, high: 60, medium: 90, low: 180 };

export const DUE_CLASSES = ['overdue', 'today', 'upcoming'] as const;
export type DueClass = (typeof DUE_CLASSES)[number];

/** A moment: a Date, or an ISO timestamp with its offset (`2026-03-10T19:30:00Z`). */
export type Instant = Date | string;

const HOUR_MS = 3_600_000;

function toDate(at: Instant): Date {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a timestamp: ${String(at)}`);
  return date;
}

/** The calendar day in Tashkent of a moment, YYYY-MM-DD. */
export function tashkentDate(at: Instant): string {
  return todayInUzbekistan(toDate(at));
}

/** Calendar arithmetic on YYYY-MM-DD, free of any time zone. */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`Not a date: ${date}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The moment a day begins in Tashkent. */
export function startOfTashkentDay(date: string): Date {
  if (!isCalendarDate(date)) throw new RangeError(`Not a date: ${date}`);
  return new Date(`${date}T00:00:00${TASHKENT_OFFSET}`);
}

/** The day the assessment is due: the day the case was opened, in Tashkent, plus the days for its urgency. */
export function assessmentDueDate(openedAt: Instant, urgency: Urgency = 'routine'): string {
  return addDays(tashkentDate(openedAt), ASSESSMENT_DUE_DAYS[urgency]);
}

/** The moment the family must have been contacted, as an ISO timestamp; null when the risk sets no such deadline. */
export function firstContactDueAt(riskSetAt: Instant, riskLevel: RiskLevel): string | null {
  const hours = FIRST_CONTACT_HOURS[riskLevel];
  return hours === null ? null : new Date(toDate(riskSetAt).getTime() + hours * HOUR_MS).toISOString();
}

/** The default review day of a plan approved at `approvedAt`. */
export function planReviewDate(approvedAt: Instant, riskLevel: RiskLevel): string {
  return addDays(tashkentDate(approvedAt), PLAN_REVIEW_DAYS[riskLevel]);
}

/**
 * Whether something due is overdue, due today or upcoming, as seen in Tashkent at `now`. A due date
 * (YYYY-MM-DD) lasts to the end of that day; a due moment is overdue once it has passed.
 */
export function classifyDue(due: Instant, now: Instant): DueClass {
  const today = tashkentDate(now);
  if (typeof due === 'string' && isCalendarDate(due)) return due < today ? 'overdue' : due === today ? 'today' : 'upcoming';
  const dueAt = toDate(due);
  if (dueAt.getTime() <= toDate(now).getTime()) return 'overdue';
  return tashkentDate(dueAt) === today ? 'today' : 'upcoming';
}

/**
 * The bounds `classifyDue` uses, for a query to select the same tasks: a due date is overdue before
 * `today`; a due moment is overdue at or before `now`, due today before `endOfToday`, upcoming from it.
 */
export function dueBounds(now: Instant): { now: string; today: string; endOfToday: string } {
  const today = tashkentDate(now);
  return { now: toDate(now).toISOString(), today, endOfToday: startOfTashkentDay(addDays(today, 1)).toISOString() };
}
