import { z } from 'zod';
import { CASE_ACTIONS } from '../access/policy.ts';
import { APPROVAL_KINDS, APPROVAL_STATUSES, CLOSURE_REASONS, RISK_LEVELS, TASK_STATUSES, URGENCIES } from '../cases/codes.ts';
import { DUE_CLASSES } from '../cases/deadlines.ts';
import { CASE_STATUSES, OPEN_STATUSES } from '../cases/status.ts';
import { IDENTIFICATION_SOURCES } from './family.ts';

/** Replies of the case, task, approval and notification endpoints: the server answers with them, the web reads them. */
const person = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const caseFields = {
  id: z.uuid(),
  number: z.string(),
  familyId: z.uuid(),
  focusPersonIds: z.array(z.uuid()),
  organisationId: z.uuid(),
  regionCode: z.string(),
  districtCode: z.string(),
  status: z.enum(CASE_STATUSES),
  statusBeforeClosing: z.enum(OPEN_STATUSES).nullable(),
  riskLevel: z.enum(RISK_LEVELS).nullable(),
  urgency: z.enum(URGENCIES),
  identificationSource: z.enum(IDENTIFICATION_SOURCES),
  reason: z.string(),
  assignedUserId: z.uuid().nullable(),
  supervisorId: z.uuid().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  closureReason: z.enum(CLOSURE_REASONS).nullable(),
  closureOutcome: z.string().nullable(),
  reopenReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
};

/** A case with the names it mentions, where it may go next, the approval it waits for, and what the reader may do to it. */
export const caseOut = z.object({
  ...caseFields,
  familyHead: z.object({ id: z.uuid(), surname: z.string(), givenName: z.string(), patronymic: z.string().nullable() }).nullable(),
  assignee: person,
  supervisor: person,
  nextStatuses: z.array(z.enum(CASE_STATUSES)),
  readOnly: z.boolean(),
  /** What the case waits for; `riskLevel` is what an assessment (or a risk override) waiting for approval would set. */
  pendingApproval: z
    .object({ id: z.uuid(), kind: z.string(), assignedTo: z.uuid().nullable(), riskLevel: z.enum(RISK_LEVELS).nullable() })
    .nullable(),
  /** What the access policy lets the reader do to this case; whether its state allows it now is `readOnly` and `nextStatuses`. */
  actions: z.array(z.enum(CASE_ACTIONS)),
});
export type CaseOut = z.infer<typeof caseOut>;

/** A row of a caseload. */
export const caseloadItemOut = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  riskLevel: z.enum(RISK_LEVELS).nullable(),
  urgency: z.enum(URGENCIES),
  familyId: z.uuid(),
  familyHeadName: z.string().nullable(),
  assignedUserId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  supervisorId: z.uuid().nullable(),
  openedAt: z.string(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  version: z.number().int(),
});
export type CaseloadItemOut = z.infer<typeof caseloadItemOut>;

export const timelineEventOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  at: z.string(),
  actor: person,
  details: z.record(z.string(), z.unknown()),
  /** The receiving organisation of a referral event. */
  organisationName: z.string().nullable(),
});
export type TimelineEventOut = z.infer<typeof timelineEventOut>;

export const taskOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string().optional(),
  title: z.string(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** Overdue, due today or upcoming, as seen in Tashkent now; null once the task is done or cancelled. */
  due: z.enum(DUE_CLASSES).nullable(),
  assigneeId: z.uuid().nullable(),
  status: z.enum(TASK_STATUSES),
  source: z.enum(['manual', 'deadline', 'plan_action', 'plan_review']),
  deadline: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Why the system cancelled the task: `case_closed` (every open task of a closed case), `plan_superseded`. */
  cancelReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});
export type TaskOut = z.infer<typeof taskOut>;

export const approvalOut = z.object({
  id: z.uuid(),
  kind: z.enum(APPROVAL_KINDS),
  caseId: z.uuid(),
  caseNumber: z.string().optional(),
  requestedBy: z.uuid(),
  requestedByName: z.string().nullable().optional(),
  requestedAt: z.string(),
  assignedTo: z.uuid().nullable(),
  status: z.enum(APPROVAL_STATUSES),
  payload: z.record(z.string(), z.unknown()),
  comment: z.string().nullable(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ApprovalOut = z.infer<typeof approvalOut>;

export const notificationOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  caseId: z.uuid().nullable(),
  params: z.record(z.string(), z.string()),
  /** The message in the reader's language. */
  text: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationOut = z.infer<typeof notificationOut>;

export const notificationsOut = z.object({ unread: z.number().int(), items: z.array(notificationOut), nextCursor: z.string().nullable() });
