import { z } from 'zod';
import { clientId, id, listQuery, nonEmpty } from '../schemas/common.ts';
import { choice } from '../schemas/person.ts';

/**
 * A case sent to another organisation when the family moves (or comes back from abroad): pending while
 * the receiving supervisor decides, then accepted (the case, its plan and its open tasks move) or returned
 * with a reason (the case stays where it was).
 */
export const TRANSFER_STATUSES = ['pending', 'accepted', 'returned'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const transferCreate = z.object({
  id: clientId.optional(),
  toOrganisationId: id,
  reason: nonEmpty(2000),
  /** The consent covering the receiving organisation; without one, an active consent of the case that covers it. */
  consentId: id.nullish(),
});
export type TransferCreate = z.infer<typeof transferCreate>;

/** The receiving supervisor accepts, naming the worker of their organisation who takes the case (or none yet). */
export const transferAccept = z.object({ assigneeId: id.nullish() });
export type TransferAccept = z.infer<typeof transferAccept>;
export const transferReturn = z.object({ reason: nonEmpty(2000) });
export type TransferReturn = z.infer<typeof transferReturn>;

export const transferParams = z.object({ id });
export const transfersQuery = listQuery.extend({
  box: z.enum(['inbox', 'outbox'], { error: 'choice' }).default('inbox'),
  status: choice(TRANSFER_STATUSES).optional(),
  caseId: id.optional(),
});
export type TransfersQuery = z.infer<typeof transfersQuery>;

const person = z.object({ id: z.uuid(), displayName: z.string() }).nullable();
const organisation = z.object({ id: z.uuid(), name: z.string() });

export const transferOut = z.object({
  id: z.uuid(),
  status: z.enum(TRANSFER_STATUSES),
  caseId: z.uuid(),
  caseNumber: z.string(),
  /** The family as the receiver needs it to decide: its head's name and district (covered by the consent). */
  familyName: z.string(),
  districtCode: z.string(),
  riskLevel: z.string().nullable(),
  fromOrganisation: organisation,
  toOrganisation: organisation,
  reason: z.string(),
  consentId: z.uuid(),
  sentBy: person,
  sentAt: z.string(),
  assignee: person,
  decidedBy: person,
  decidedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** What the reader may do now: `accept` and `return` on the receiving side while it is pending. */
  steps: z.array(z.enum(['accept', 'return'])),
  version: z.number().int(),
});
export type TransferOut = z.infer<typeof transferOut>;
export const transfersPageOut = z.object({ items: z.array(transferOut), nextCursor: z.string().nullable() });

/** A co-worker a case is shared with. */
export const caseShareCreate = z.object({ userId: id });
export type CaseShareCreate = z.infer<typeof caseShareCreate>;
export const caseShareParams = z.object({ id, userId: id });
export const caseShareOut = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  organisation: organisation,
  sharedAt: z.string(),
  sharedBy: z.uuid().nullable(),
});
export const caseSharesOut = z.object({
  items: z.array(caseShareOut),
  /** Whether the reader may add and remove co-workers. */
  canManage: z.boolean(),
  /** Who the case can be shared with: staff of the organisations working in the case's district (for the form). */
  candidates: z.array(z.object({ id: z.uuid(), displayName: z.string(), organisation })),
});
export type CaseSharesOut = z.infer<typeof caseSharesOut>;
