import { DUE_CLASSES, TASK_STATUSES } from '@hamkor/domain';
import { z } from 'zod';

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
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});
