import { z } from 'zod';
import { id, nonEmpty } from './common.ts';

/**
 * Replies of the offline sync's conflict screen (GET /api/sync/conflicts, POST /api/sync/conflicts/:id/resolve).
 * A field is named by its dotted path in the command's payload (`address`, `livingConditions.rooms`,
 * `answers.q3`), with its value on the device before the edit (`base`), on the server now (`theirs`) and as
 * typed offline (`mine`).
 */
export const syncConflictFieldOut = z.object({ path: z.string(), base: z.unknown(), theirs: z.unknown(), mine: z.unknown() });
export type SyncConflictField = z.infer<typeof syncConflictFieldOut>;

export const syncConflictOut = z.object({
  id: z.uuid(),
  commandId: z.uuid(),
  type: z.string(),
  entityType: z.string(),
  entityId: z.uuid(),
  createdAt: z.string(),
  fields: z.array(syncConflictFieldOut),
});
export type SyncConflict = z.infer<typeof syncConflictOut>;

export const syncConflictsOut = z.object({ items: z.array(syncConflictOut) });

/** For each field: keep the device's value, the server's, or a new one typed on the conflict screen. */
export const syncConflictChoice = z.union([z.enum(['mine', 'theirs']), z.object({ value: z.unknown() }).strict()], { error: 'choice' });
export type SyncConflictChoice = z.infer<typeof syncConflictChoice>;

export const syncResolvedOut = z.object({ status: z.literal('applied'), entityId: z.string(), version: z.number().int().nullable() });
export type SyncResolved = z.infer<typeof syncResolvedOut>;

/**
 * A note to the worker's own supervisor: what they typed in a change the server refused (the case moved on
 * while they were offline), with the case it was about if any, so nothing typed is lost.
 */
export const supervisorNoteCreate = z
  .object({
    text: nonEmpty(4000),
    caseId: id.nullable().optional(),
  })
  .strict();
export type SupervisorNoteCreate = z.infer<typeof supervisorNoteCreate>;
export const supervisorNoteOut = z.object({ id: z.uuid(), supervisorName: z.string() });
