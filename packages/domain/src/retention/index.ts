import { z } from 'zod';
import { id, nonEmpty } from '../schemas/common.ts';
import { choice, optional } from '../schemas/person.ts';

/**
 * Retention (docs/audit.md, "Retention and erasure"): how long closed cases with their families and the clear
 * values of audit events' personal fields are kept, legal holds that stop an erasure, and erasure proposals a
 * second administrator approves.
 */
export const RETENTION_RECORD_TYPES = ['closed_case', 'audit_event'] as const;
export type RetentionRecordType = (typeof RETENTION_RECORD_TYPES)[number];
/** `drafted` by the daily run, `pending` once an administrator proposed it, then `erased` or `rejected`. */
export const ERASURE_STATUSES = ['drafted', 'pending', 'erased', 'rejected'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

export const retentionScheduleOut = z.object({
  items: z.array(
    z.object({
      recordType: z.enum(RETENTION_RECORD_TYPES),
      years: z.number().int(),
      version: z.number().int(),
      updatedAt: z.string(),
      updatedBy: id.nullable(),
    }),
  ),
});
export type RetentionScheduleOut = z.infer<typeof retentionScheduleOut>;

const years = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'too_small' }).max(100, { error: 'too_big' });

export const retentionScheduleUpdate = z.object({
  items: z
    .array(
      z.object({ recordType: choice(RETENTION_RECORD_TYPES), years, version: z.number({ error: 'invalid' }).int({ error: 'invalid' }) }),
    )
    .min(1, { error: 'too_small' })
    .max(RETENTION_RECORD_TYPES.length, { error: 'too_big' })
    .refine((items) => new Set(items.map((item) => item.recordType)).size === items.length, { error: 'duplicate' }),
});
export type RetentionScheduleUpdate = z.infer<typeof retentionScheduleUpdate>;

/** What an erasure takes: ids, numbers and counts only, so that the proposal itself holds nothing personal. */
export const erasureItems = z.object({
  familyId: id,
  cases: z.array(z.object({ id, number: z.string(), closedAt: z.string().nullable() })),
  counts: z.record(z.string(), z.number().int()),
  attachments: z.number().int(),
  lastActivityAt: z.string(),
});
export type ErasureItems = z.infer<typeof erasureItems>;

export const retentionDueOut = z.object({
  items: z.array(
    z.object({
      familyId: id,
      regionCode: z.string(),
      districtCode: z.string(),
      cases: z.array(z.object({ id, number: z.string(), closedAt: z.string().nullable() })),
      lastActivityAt: z.string(),
      /** A case of the family is under a legal hold: nothing may be proposed. */
      held: z.boolean(),
      /** The pending proposal, if one was made. */
      proposalId: id.nullable(),
    }),
  ),
});
export type RetentionDueOut = z.infer<typeof retentionDueOut>;

export const erasureProposalCreate = z.object({ familyId: id });

export const erasureProposalOut = z.object({
  id,
  familyId: id,
  status: z.enum(ERASURE_STATUSES),
  items: erasureItems,
  approvalId: id.nullable(),
  proposedBy: z.object({ id, displayName: z.string() }).nullable(),
  proposedAt: z.string(),
  decidedBy: z.object({ id, displayName: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
});
export type ErasureProposalOut = z.infer<typeof erasureProposalOut>;
export const erasureProposalsOut = z.object({ items: z.array(erasureProposalOut) });
export const erasureProposalsQuery = z.object({ status: optional(choice(ERASURE_STATUSES)) });
export const erasureProposalParams = z.object({ id });

export const legalHoldSet = z.object({ reason: nonEmpty(2000) });
export const legalHoldLift = z.object({ reason: optional(nonEmpty(2000)) });
export const legalHoldOut = z.object({
  id,
  caseId: id,
  reason: z.string(),
  setBy: z.object({ id, displayName: z.string() }),
  setAt: z.string(),
  liftedBy: z.object({ id, displayName: z.string() }).nullable(),
  liftedAt: z.string().nullable(),
  liftReason: z.string().nullable(),
});
export type LegalHoldOut = z.infer<typeof legalHoldOut>;
/** The case's hold now (null when none), whether the reader may set or lift one, and the lifted ones. */
export const legalHoldStateOut = z.object({ active: legalHoldOut.nullable(), mayChange: z.boolean(), history: z.array(legalHoldOut) });
export type LegalHoldStateOut = z.infer<typeof legalHoldStateOut>;
export const legalHoldsOut = z.object({ items: z.array(legalHoldOut.extend({ caseNumber: z.string() })) });
