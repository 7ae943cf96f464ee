import { z } from 'zod';
import { READINESS_LEVELS } from '../assessment/instrument.ts';
import { ASSESSMENT_STATUSES } from '../schemas/assessment.ts';
import { clientId, id, line, nonEmpty, nonEmptyLine, version } from '../schemas/common.ts';
import { choice, optional, pastDate } from '../schemas/person.ts';

/**
 * Where and with whom a child lives, as a history of arrangements: each from a start date to an end date
 * (the current one has none), decided by an authority, with the reason for the change. A new arrangement
 * ends the current one on its start date, so the history never overlaps.
 */
export const CARE_TYPES = [
  'parents',
  'kinship',
  'guardianship',
  'foster_family',
  'adoption',
  'mehribonlik_home',
  'baby_home',
  'boarding_school',
  'muruvvat_home',
  'transit_centre',
  'independent_living',
  'other',
] as const;
export type CareType = (typeof CARE_TYPES)[number];

export const CARE_CHANGE_REASONS = [
  'abuse_neglect',
  'parent_death',
  'poverty',
  'illness_disability',
  'labour_migration',
  'family_breakdown',
  'education',
  'reintegration',
  'other',
] as const;
export type CareChangeReason = (typeof CARE_CHANGE_REASONS)[number];

/**
 * Placements outside the family: residential institutions and the transit centre. They need a gatekeeping
 * decision first (or an emergency placement reviewed within 72 hours). Kinship care, guardianship and a
 * foster family are the family-based options the gatekeeping weighs, so they are not placements it stops;
 * adoption is decided by a court.
 */
export const OUT_OF_FAMILY_TYPES = ['mehribonlik_home', 'baby_home', 'boarding_school', 'muruvvat_home', 'transit_centre'] as const;
export type OutOfFamilyType = (typeof OUT_OF_FAMILY_TYPES)[number];
export const isOutOfFamily = (type: string): type is OutOfFamilyType => (OUT_OF_FAMILY_TYPES as readonly string[]).includes(type);

/** Returning home: the arrangements a child in care goes back to, which start the reintegration follow-up. */
export const HOME_TYPES = ['parents', 'kinship'] as const;
export const isHomeType = (type: string): boolean => (HOME_TYPES as readonly string[]).includes(type);

/** Which organisation kind an arrangement of a type names: required for institutions, optional for guardianship. */
export function careOrganisationKind(
  type: CareType,
): { kind: 'residential_care' | 'transit_centre' | 'guardianship_authority'; required: boolean } | null {
  if (type === 'transit_centre') return { kind: 'transit_centre', required: true };
  if (isOutOfFamily(type)) return { kind: 'residential_care', required: true };
  if (type === 'guardianship' || type === 'foster_family' || type === 'adoption')
    return { kind: 'guardianship_authority', required: false };
  return null;
}

/**
 * Organisations that children are placed with. They serve no districts: their staff see the children placed
 * with them and nothing else (the policy's `placed` reach).
 */
export const CARE_ORGANISATION_KINDS = ['residential_care', 'transit_centre', 'guardianship_authority'] as const;
export const placesChildren = (kind: string): boolean => (CARE_ORGANISATION_KINDS as readonly string[]).includes(kind);

/** The family-based options a gatekeeping decision must have weighed, each with why it was not enough. */
export const GATEKEEPING_OPTIONS = ['support_at_home', 'kinship_care', 'guardianship', 'foster_family'] as const;
export type GatekeepingOption = (typeof GATEKEEPING_OPTIONS)[number];

/** The hours within which an emergency placement is reviewed. */
export const EMERGENCY_REVIEW_HOURS = 72;

/** The 12-month outcome of a return home. */
export const REINTEGRATION_OUTCOMES = ['stable_at_home', 'returned_to_care', 'other'] as const;
export type ReintegrationOutcome = (typeof REINTEGRATION_OUTCOMES)[number];

/** Months after a return home when a follow-up visit is due: monthly for three months, then quarterly to 12. */
export const REINTEGRATION_VISIT_MONTHS = [1, 2, 3, 6, 9, 12] as const;

const authority = nonEmptyLine(300);

export const careArrangementCreate = z
  .object({
    id: clientId.optional(),
    type: choice(CARE_TYPES),
    startDate: pastDate,
    endDate: optional(pastDate),
    organisationId: optional(id),
    authority,
    documentRef: optional(line(200)),
    changeReason: choice(CARE_CHANGE_REASONS),
    /** The case the arrangement is recorded on (its timeline); by default the gatekeeping's or the family's open case. */
    caseId: optional(id),
  })
  .superRefine((body, issue) => {
    if (body.endDate && body.endDate < body.startDate) issue.addIssue({ code: 'custom', path: ['endDate'], message: 'end_before_start' });
    const organisation = careOrganisationKind(body.type);
    if (organisation?.required && !body.organisationId) issue.addIssue({ code: 'custom', path: ['organisationId'], message: 'required' });
    if (!organisation && body.organisationId)
      issue.addIssue({ code: 'custom', path: ['organisationId'], message: 'organisation_not_expected' });
  });
export type CareArrangementCreate = z.infer<typeof careArrangementCreate>;

/** What can be corrected or added later: the type and start stay (a different placement is a new arrangement). */
export const careArrangementUpdate = z.object({
  version,
  endDate: optional(pastDate),
  authority: authority.optional(),
  documentRef: optional(line(200)),
  changeReason: choice(CARE_CHANGE_REASONS).optional(),
  outcome: optional(choice(REINTEGRATION_OUTCOMES)),
});
export type CareArrangementUpdate = z.infer<typeof careArrangementUpdate>;

export const gatekeepingCreate = z
  .object({
    childId: id,
    optionsConsidered: z
      .array(z.object({ option: choice(GATEKEEPING_OPTIONS), why: nonEmpty(2000) }), { error: 'required' })
      .max(GATEKEEPING_OPTIONS.length, { error: 'too_long' }),
    proposedType: choice(OUT_OF_FAMILY_TYPES),
    emergency: z.boolean({ error: 'required' }),
  })
  .superRefine((body, issue) => {
    const given = body.optionsConsidered.map((entry) => entry.option);
    for (const option of GATEKEEPING_OPTIONS)
      if (!given.includes(option)) issue.addIssue({ code: 'custom', path: ['optionsConsidered', option], message: 'option_missing' });
    given.forEach((option, index) => {
      if (given.indexOf(option) !== index)
        issue.addIssue({ code: 'custom', path: ['optionsConsidered', index, 'option'], message: 'duplicate' });
    });
  });
export type GatekeepingCreate = z.infer<typeof gatekeepingCreate>;

export const careArrangementParams = z.object({ id });
export const placementsQuery = z.object({ familyId: id.optional() });

const organisationOut = z.object({ id: z.uuid(), name: z.string(), kind: z.string() }).nullable();

export const careArrangementOut = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  caseId: z.uuid().nullable(),
  type: z.enum(CARE_TYPES),
  startDate: z.string(),
  endDate: z.string().nullable(),
  current: z.boolean(),
  organisation: organisationOut,
  authority: z.string(),
  documentRef: z.string().nullable(),
  changeReason: z.enum(CARE_CHANGE_REASONS),
  /** The gatekeeping decision a placement outside the family rests on, and whether it came first as an emergency. */
  gatekeepingApprovalId: z.uuid().nullable(),
  emergency: z.boolean(),
  /** The 72-hour review of an emergency placement: its task, and whether it is still waiting. */
  reviewTaskId: z.uuid().nullable(),
  reviewPending: z.boolean(),
  outcome: z.enum(REINTEGRATION_OUTCOMES).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type CareArrangementOut = z.infer<typeof careArrangementOut>;

export const careHistoryOut = z.object({
  person: z.object({ id: z.uuid(), displayName: z.string(), birthDate: z.string().nullable(), familyId: z.uuid() }),
  items: z.array(careArrangementOut),
  /** What the reader may do: record a new arrangement or change one. */
  steps: z.array(z.enum(['record'])),
  /**
   * The child's latest assessment of the family's readiness for the return: its result (null while a draft),
   * and whether the reader may open it (the case's staff; the child's residential carers see the result only).
   */
  readiness: z
    .object({
      assessmentId: z.uuid(),
      caseId: z.uuid(),
      status: z.enum(ASSESSMENT_STATUSES),
      level: z.enum(READINESS_LEVELS).nullable(),
      date: z.string(),
      mayOpen: z.boolean(),
    })
    .nullable(),
});
export type CareHistoryOut = z.infer<typeof careHistoryOut>;

/** Children in care within the reader's reach (a residential organisation sees those placed with it). */
export const placementsOut = z.object({
  items: z.array(careArrangementOut.extend({ personName: z.string(), birthDate: z.string().nullable() })),
});

export const gatekeepingOut = z.object({ approvalId: z.uuid(), status: z.literal('pending'), reviewTaskId: z.uuid().nullable() });

/** A case's gatekeeping decisions, newest first, with the 72-hour review of an emergency placement. */
export const gatekeepingListOut = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(['pending', 'approved', 'returned']),
      childId: z.uuid(),
      childName: z.string(),
      proposedType: z.enum(OUT_OF_FAMILY_TYPES),
      emergency: z.boolean(),
      optionsConsidered: z.array(z.object({ option: z.enum(GATEKEEPING_OPTIONS), why: z.string() })),
      authorityDecision: z.string().nullable(),
      comment: z.string().nullable(),
      requestedAt: z.string(),
      decidedAt: z.string().nullable(),
      review: z.object({ taskId: z.uuid(), dueAt: z.string(), open: z.boolean(), overdue: z.boolean() }).nullable(),
    }),
  ),
  /** Whether the reader decides on them (the case's supervisor) and may ask for one (its staff). */
  mayDecide: z.boolean(),
  mayRequest: z.boolean(),
});
export type GatekeepingListOut = z.infer<typeof gatekeepingListOut>;
