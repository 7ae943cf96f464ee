import { CASE_ACTIONS, CASE_STATUSES, CLOSURE_REASONS, OPEN_STATUSES, RISK_LEVELS, schemas, URGENCIES } from '@hamkor/domain';
import { z } from 'zod';

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
  identificationSource: z.enum(schemas.IDENTIFICATION_SOURCES),
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
  pendingApproval: z.object({ id: z.uuid(), kind: z.string(), assignedTo: z.uuid().nullable() }).nullable(),
  /** What the access policy lets the reader do to this case; whether its state allows it now is `readOnly` and `nextStatuses`. */
  actions: z.array(z.enum(CASE_ACTIONS)),
});

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

export const timelineEventOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  at: z.string(),
  actor: person,
  details: z.record(z.string(), z.unknown()),
  /** The receiving organisation of a referral event. */
  organisationName: z.string().nullable(),
});
