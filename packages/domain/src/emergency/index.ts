import { z } from 'zod';
import { id, listQuery, nonEmpty } from '../schemas/common.ts';
import { choice, isoDate, optional } from '../schemas/person.ts';

/**
 * Break-the-glass: a case worker opens a family or case outside their reach with a reason, for a few hours,
 * read only and never offline; each opening is reviewed afterwards (docs/access.md).
 */
export const EMERGENCY_REASON_CODES = ['immediate_danger', 'referral_in_progress', 'court_request', 'other'] as const;
export type EmergencyReasonCode = (typeof EMERGENCY_REASON_CODES)[number];
export const EMERGENCY_ENTITY_TYPES = ['family', 'case'] as const;
export const EMERGENCY_OUTCOMES = ['justified', 'not_justified'] as const;
export type EmergencyOutcome = (typeof EMERGENCY_OUTCOMES)[number];
/** `active`: still open; `pending_review`: not yet reviewed (active or not); `reviewed`: done. */
export const EMERGENCY_STATUSES = ['active', 'pending_review', 'reviewed'] as const;

export const emergencyCreate = z.object({
  entityType: choice(EMERGENCY_ENTITY_TYPES),
  entityId: id,
  reasonCode: choice(EMERGENCY_REASON_CODES),
  reason: nonEmpty(2000),
});
export type EmergencyCreate = z.infer<typeof emergencyCreate>;

export const emergencyReview = z.object({ outcome: choice(EMERGENCY_OUTCOMES), comment: nonEmpty(2000) });
export type EmergencyReview = z.infer<typeof emergencyReview>;

export const emergencyParams = z.object({ id });

const fromBeforeTo = (query: { from?: string | null; to?: string | null }) => !query.from || !query.to || query.from <= query.to;

export const emergencyQuery = z
  .object({
    status: optional(choice(EMERGENCY_STATUSES)),
    /** The record's organisation (the report per organisation). */
    organisationId: optional(id),
    /** First and last day of the period the accesses started in, inclusive, in Tashkent. */
    from: optional(isoDate),
    to: optional(isoDate),
    format: optional(choice(['json', 'csv'] as const)),
  })
  .extend(listQuery.shape)
  .refine(fromBeforeTo, { path: ['to'], error: 'invalid' });
export type EmergencyQuery = z.infer<typeof emergencyQuery>;

export const emergencyOpened = z.object({ id, expiresAt: z.string() });

export const emergencyAccessOut = z.object({
  id,
  user: z.object({ id, displayName: z.string() }),
  entityType: z.enum(EMERGENCY_ENTITY_TYPES),
  entityId: id,
  familyId: id,
  organisation: z.object({ id, name: z.string() }),
  reasonCode: z.enum(EMERGENCY_REASON_CODES),
  reason: z.string(),
  startedAt: z.string(),
  expiresAt: z.string(),
  endedAt: z.string().nullable(),
  active: z.boolean(),
  review: z
    .object({
      outcome: z.enum(EMERGENCY_OUTCOMES),
      comment: z.string(),
      reviewer: z.object({ id, displayName: z.string() }),
      at: z.string(),
    })
    .nullable(),
  version: z.number().int(),
});
export type EmergencyAccessOut = z.infer<typeof emergencyAccessOut>;
export const emergencyAccessesOut = z.object({ items: z.array(emergencyAccessOut), nextCursor: z.string().nullable() });

/** Audit viewer: who did what, to which record, when, allowed or refused (docs/audit.md). */
export const AUDIT_OUTCOMES = ['allowed', 'refused'] as const;
export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const auditQuery = z
  .object({
    userId: optional(id),
    /** The older name of `userId`, kept for existing callers. */
    actorId: optional(id),
    entityId: optional(id),
    /** An action (`case.read`) or a family of them (`emergency.`, ending with a dot). */
    action: optional(
      z
        .string({ error: 'invalid' })
        .trim()
        .max(100, { error: 'too_long' })
        // An action is always `area.verb`: a word alone names none.
        .regex(/^[a-z_]+\.[a-z_.]*$/, { error: 'invalid' }),
    ),
    outcome: optional(choice(AUDIT_OUTCOMES)),
    from: optional(isoDate),
    to: optional(isoDate),
    /** Only reads of personal data ("who has seen this record"). */
    reads: optional(z.enum(['true', 'false'], { error: 'choice' })),
    format: optional(choice(AUDIT_EXPORT_FORMATS)),
  })
  .extend(listQuery.shape)
  .refine(fromBeforeTo, { path: ['to'], error: 'invalid' });
export type AuditQuery = z.infer<typeof auditQuery>;
