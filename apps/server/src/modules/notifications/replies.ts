import { z } from 'zod';

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

export const notificationsOut = z.object({ unread: z.number().int(), items: z.array(notificationOut), nextCursor: z.string().nullable() });
