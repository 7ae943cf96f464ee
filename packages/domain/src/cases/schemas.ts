import { z } from 'zod';
import { clientId, id, line, listQuery, nonEmpty, nonEmptyLine, searchText, text, version } from '../schemas/common.ts';
import { IDENTIFICATION_SOURCES } from '../schemas/family.ts';
import { choice, dueDate, dueMoment, optional, recordedDate } from '../schemas/person.ts';
import { APPROVAL_DECISIONS, CLOSURE_REASONS, CONTACT_KINDS, RISK_LEVELS, TASK_STATUSES, URGENCIES } from './codes.ts';
import { DUE_CLASSES } from './deadlines.ts';
import { CASE_STATUSES } from './status.ts';

/** Request bodies and queries of the case endpoints (their OpenAPI description is served at /api/docs). Error texts are message keys (`fields.*`). */

const reasonText = nonEmpty(2000);
const optionalText = (max: number) => optional(text(max));
const assignee = z.union([z.literal('me'), id], { error: 'uuid' });

export const caseCreate = z.object({
  id: clientId.optional(),
  familyId: id,
  /** The children (or other members) the case is about; none means the whole family. */
  focusPersonIds: z
    .array(id)
    .max(30, { error: 'too_long' })
    .transform((ids) => [...new Set(ids)])
    .default([]),
  identificationSource: choice(IDENTIFICATION_SOURCES),
  reason: reasonText,
  urgency: choice(URGENCIES).default('routine'),
});
export type CaseCreate = z.infer<typeof caseCreate>;

/** Whether the step is allowed, and whether it needs the reason (reopening), is the state machine's call. */
export const caseTransition = z.object({
  to: choice(CASE_STATUSES),
  reason: optionalText(2000),
  /** The version read; when stale, the answer is 409 with the case as it stands. */
  version,
});
export type CaseTransition = z.infer<typeof caseTransition>;

export const caseAssign = z.object({ userId: id, version });
export type CaseAssign = z.infer<typeof caseAssign>;

export const caseClose = z.object({
  reason: choice(CLOSURE_REASONS),
  outcome: nonEmpty(4000),
  version,
});
export type CaseClose = z.infer<typeof caseClose>;

export const caseReopen = z.object({ reason: reasonText, version });
export type CaseReopen = z.infer<typeof caseReopen>;

export const contactCreate = z.object({
  id: clientId.optional(),
  kind: choice(CONTACT_KINDS),
  /** The day it took place; never in the future, in Tashkent, nor before 2000. */
  date: recordedDate,
  text: nonEmpty(10_000),
  /** Who took part, as the worker writes them ("mother, class teacher"). */
  participants: z.array(nonEmptyLine(200)).max(30, { error: 'too_long' }).optional(),
});
export type ContactCreate = z.infer<typeof contactCreate>;

/** A task is due on a day (`dueDate`) or at a moment (`dueAt`), never both. */
const taskShape = {
  title: nonEmptyLine(300),
  /** From 2000 to five years ahead, as a moment (with its offset, `2026-11-23T09:30:00Z`) or a day. */
  dueDate: dueDate.nullish(),
  dueAt: dueMoment.nullish(),
  assigneeId: id.nullish(),
};

function oneDueForm(task: { dueDate?: string | null; dueAt?: string | null }, ctx: z.RefinementCtx): void {
  if (task.dueDate && task.dueAt) ctx.addIssue({ code: 'custom', message: 'due_one_form', path: ['dueAt'] });
}

export const taskCreate = z
  .object({ ...taskShape, id: clientId.optional() })
  .superRefine(oneDueForm)
  .refine((task) => !!(task.dueDate || task.dueAt), { error: 'required', path: ['dueDate'] });
export type TaskCreate = z.infer<typeof taskCreate>;

export const taskUpdate = z
  .object(taskShape)
  .partial()
  .extend({ version, status: choice(TASK_STATUSES).optional() })
  .superRefine(oneDueForm);
export type TaskUpdate = z.infer<typeof taskUpdate>;

export const approvalDecision = z
  .object({
    decision: choice(APPROVAL_DECISIONS),
    comment: optionalText(2000),
    /** A gatekeeping decision is taken with the guardianship authority: its decision, named when approving. */
    authorityDecision: optional(line(300)),
  })
  .refine((body) => body.decision !== 'return' || !!body.comment, { error: 'comment_required', path: ['comment'] });
export type ApprovalDecisionBody = z.infer<typeof approvalDecision>;

export const caseParams = z.object({ id });
export const taskParams = z.object({ id });
export const approvalParams = z.object({ id });

export const casesQuery = listQuery.extend({
  assignee: assignee.optional(),
  familyId: id.optional(),
  status: choice(CASE_STATUSES).optional(),
  risk: choice(RISK_LEVELS).optional(),
  q: searchText.optional(),
});
export type CasesQuery = z.infer<typeof casesQuery>;

export const tasksQuery = listQuery.extend({
  assignee: assignee.optional(),
  caseId: id.optional(),
  due: choice(DUE_CLASSES).optional(),
  status: choice(TASK_STATUSES).optional(),
});
export type TasksQuery = z.infer<typeof tasksQuery>;
