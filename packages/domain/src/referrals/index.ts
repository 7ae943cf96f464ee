import { z } from 'zod';
import { URGENCIES, type Urgency } from '../cases/codes.ts';
import { Conflict } from '../errors.ts';
import { clientId, id, listQuery, nonEmpty, text, version } from '../schemas/common.ts';
import { ORGANISATION_KINDS, scriptNamesOut } from '../schemas/organisation.ts';
import { choice, optional } from '../schemas/person.ts';
import { SERVICE_CATEGORIES } from '../services/index.ts';

/**
 * Referrals across agencies: a case's worker asks another organisation to serve the family. The receiver
 * sees a snapshot of the fields the sender chose to share, taken when the referral was sent, and never
 * the case itself.
 */
export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** The steps after sending. The receiver accepts, declines, starts and completes; the sender cancels. */
export const REFERRAL_STEPS = ['accept', 'decline', 'start', 'complete', 'cancel'] as const;
export type ReferralStep = (typeof REFERRAL_STEPS)[number];
export type ReferralSide = 'sender' | 'receiver';

const STEPS: Record<ReferralStep, { from: readonly ReferralStatus[]; to: ReferralStatus; side: ReferralSide }> = {
  accept: { from: ['sent'], to: 'accepted', side: 'receiver' },
  decline: { from: ['sent'], to: 'declined', side: 'receiver' },
  start: { from: ['accepted'], to: 'in_progress', side: 'receiver' },
  complete: { from: ['accepted', 'in_progress'], to: 'completed', side: 'receiver' },
  cancel: { from: ['sent', 'accepted', 'in_progress'], to: 'cancelled', side: 'sender' },
};

export const REFERRAL_FINAL_STATUSES: readonly ReferralStatus[] = ['declined', 'completed', 'cancelled'];

/** The steps a side may take on a referral in this status. */
export function referralSteps(status: ReferralStatus, side: ReferralSide): ReferralStep[] {
  return REFERRAL_STEPS.filter((step) => STEPS[step].side === side && STEPS[step].from.includes(status));
}

export type ReferralStepCheck =
  | { ok: true; to: ReferralStatus }
  | { ok: false; code: 'referral_step_not_allowed'; from: ReferralStatus; step: ReferralStep; allowed: ReferralStep[] };

/** Whether `side` may take `step` now, and the status it leads to. */
export function referralStepCheck(status: ReferralStatus, step: ReferralStep, side: ReferralSide): ReferralStepCheck {
  const rule = STEPS[step];
  if (rule.side === side && rule.from.includes(status)) return { ok: true, to: rule.to };
  return { ok: false, code: 'referral_step_not_allowed', from: status, step, allowed: referralSteps(status, side) };
}

/** 409 for a step the state machine does not allow now. */
export function referralStepError(refusal: Extract<ReferralStepCheck, { ok: false }>, current?: unknown) {
  return new Conflict(refusal.code, current, { from: refusal.from, step: refusal.step, allowed: refusal.allowed });
}

/** Days the receiver has to answer (accept or decline) a referral, by urgency. */
export const REFERRAL_ANSWER_DAYS: Readonly<Record<Urgency, number>> = { emergency: 1, urgent: 3, routine: 7 };
/** Days from acceptance to the outcome, by urgency, before the sender should follow up. */
export const REFERRAL_COMPLETION_DAYS: Readonly<Record<Urgency, number>> = { emergency: 7, urgent: 14, routine: 30 };

const DAY_MS = 86_400_000;

/**
 * When the referral's next answer is due, and whether it is overdue now: an answer within the answer
 * days of sending, then an outcome within the completion days of acceptance. Nothing is due once final.
 */
export function referralDue(
  referral: { status: ReferralStatus; urgency: Urgency; sentAt: Date | string; acceptedAt?: Date | string | null },
  now: Date = new Date(),
): { dueAt: string | null; overdue: boolean } {
  let dueAt: Date | null = null;
  if (referral.status === 'sent') dueAt = new Date(new Date(referral.sentAt).getTime() + REFERRAL_ANSWER_DAYS[referral.urgency] * DAY_MS);
  else if ((referral.status === 'accepted' || referral.status === 'in_progress') && referral.acceptedAt)
    dueAt = new Date(new Date(referral.acceptedAt).getTime() + REFERRAL_COMPLETION_DAYS[referral.urgency] * DAY_MS);
  return { dueAt: dueAt?.toISOString() ?? null, overdue: !!dueAt && dueAt.getTime() < now.getTime() };
}

/** What the sender may share about each person; the reason is always shared. */
export const SHARED_FIELDS = ['name', 'birthDate', 'sex', 'address', 'phone', 'documents', 'whereabouts', 'assessmentSummary'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];
export const DEFAULT_SHARED_FIELDS: readonly SharedField[] = ['name', 'birthDate', 'phone'];

export const referralCreate = z
  .object({
    id: clientId.optional(),
    caseId: id,
    toOrganisationId: id,
    serviceId: id.nullish(),
    /** The plan action the referral carries out, when it comes from a plan. */
    planActionId: id.nullish(),
    /** The declined (or cancelled) referral this one sends again elsewhere. */
    resentFromId: id.nullish(),
    reason: nonEmpty(2000),
    urgency: choice(URGENCIES).default('routine'),
    /** Omitted: the server uses an active consent of the case that covers this sharing, if there is one. */
    consentId: id.nullish(),
    consentOverrideReason: optional(nonEmpty(2000)),
    /** The persons the referral is about; default the case's focus persons (or the family head). */
    personIds: z
      .array(id)
      .min(1, { error: 'required' })
      .max(30, { error: 'too_long' })
      .transform((ids) => [...new Set(ids)])
      .optional(),
    sharedFields: z
      .array(choice(SHARED_FIELDS))
      .max(SHARED_FIELDS.length, { error: 'too_long' })
      .transform((fields) => [...new Set(fields)])
      .optional(),
  })
  .refine((body) => !(body.consentId && body.consentOverrideReason), { error: 'consent_or_override', path: ['consentOverrideReason'] });
export type ReferralCreate = z.infer<typeof referralCreate>;

export const referralStepBody = z.object({
  version,
  note: optional(text(2000)),
});
export const referralDecline = z.object({ reason: nonEmpty(2000), version });
export const referralComplete = z.object({ outcome: nonEmpty(4000), version });
export const referralCancel = z.object({ reason: nonEmpty(2000), version });
export type ReferralStepBody = z.infer<typeof referralStepBody>;
export type ReferralDecline = z.infer<typeof referralDecline>;
export type ReferralComplete = z.infer<typeof referralComplete>;
export type ReferralCancel = z.infer<typeof referralCancel>;

export const referralParams = z.object({ id });
export const referralsQuery = listQuery.extend({
  box: z.enum(['inbox', 'outbox'], { error: 'choice' }).default('inbox'),
  status: choice(REFERRAL_STATUSES).optional(),
  caseId: id.optional(),
  overdue: z
    .enum(['true', 'false'], { error: 'choice' })
    .transform((value) => value === 'true')
    .optional(),
});
export type ReferralsQuery = z.infer<typeof referralsQuery>;

/** One person as the receiver sees them: only the fields shared, as they stood when sent. */
export const sharedPersonOut = z.object({
  name: z.string().optional(),
  birthDate: z.string().nullable().optional(),
  age: z.number().int().nullable().optional(),
  sex: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().nullable().optional(),
  documents: z.object({ held: z.array(z.string()), missing: z.array(z.string()) }).optional(),
  whereabouts: z
    .object({
      status: z.string(),
      country: z.string().nullable(),
      since: z.string().nullable(),
      contactChannel: z.string().nullable(),
    })
    .optional(),
});
export type SharedPerson = z.infer<typeof sharedPersonOut>;

export const sharedSnapshotOut = z.object({
  persons: z.array(sharedPersonOut),
  /** The case's risk level and the domains the assessment rated as problems, when shared. */
  assessmentSummary: z.object({ riskLevel: z.string().nullable(), problemDomains: z.array(z.string()) }).nullable(),
});
export type SharedSnapshot = z.infer<typeof sharedSnapshotOut>;

const organisationRef = z.object({ id: z.uuid(), name: z.string(), names: scriptNamesOut, kind: z.enum(ORGANISATION_KINDS) });
const userRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

/** What both sides see. */
const referralCommon = {
  id: z.uuid(),
  status: z.enum(REFERRAL_STATUSES),
  urgency: z.enum(URGENCIES),
  reason: z.string(),
  fromOrganisation: organisationRef,
  toOrganisation: organisationRef,
  service: z.object({ id: z.uuid(), name: z.string(), names: scriptNamesOut, category: z.enum(SERVICE_CATEGORIES) }).nullable(),
  sharedFields: z.array(z.enum(SHARED_FIELDS)),
  shared: sharedSnapshotOut,
  sentAt: z.string(),
  acceptedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** The receiving user who last answered. */
  handledBy: userRef,
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** The steps the reader may take now. */
  steps: z.array(z.enum(REFERRAL_STEPS)),
  version: z.number().int(),
};

export const referralOut = z.discriminatedUnion('view', [
  z.object({
    view: z.literal('sender'),
    ...referralCommon,
    caseId: z.uuid(),
    caseNumber: z.string(),
    personIds: z.array(z.uuid()),
    planActionId: z.uuid().nullable(),
    consentId: z.uuid().nullable(),
    consentOverrideReason: z.string().nullable(),
    sentBy: userRef,
    resentFromId: z.uuid().nullable(),
    resentAsId: z.uuid().nullable(),
  }),
  z.object({ view: z.literal('receiver'), ...referralCommon }),
]);
export type ReferralOut = z.infer<typeof referralOut>;
export const referralsPageOut = z.object({ items: z.array(referralOut), nextCursor: z.string().nullable() });

/** What the server knows of a person and their family when a referral is sent. */
export type SnapshotSource = {
  surname: string;
  givenName: string;
  patronymic: string | null;
  birthDate: string | null;
  birthYear: number | null;
  sex: string;
  documentsHeld: readonly string[];
  documentsMissing: readonly string[];
  whereabouts: { status: string; country: string | null; since: string | null; contactChannel: string | null };
};

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
function yearsBetween(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The snapshot the receiver reads: for each person only the fields shared, as they stand on `today`;
 * the assessment summary only when shared. The reason travels separately and is always shared.
 */
export function sharedSnapshot(
  persons: readonly SnapshotSource[],
  family: { address: string; phone: string | null },
  fields: readonly SharedField[],
  assessment: { riskLevel: string | null; problemDomains: readonly string[] },
  today: string,
): SharedSnapshot {
  const has = (field: SharedField) => fields.includes(field);
  return {
    persons: persons.map((p) => ({
      ...(has('name') && { name: [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ') }),
      ...(has('birthDate') && {
        birthDate: p.birthDate,
        age: p.birthDate ? yearsBetween(p.birthDate, today) : p.birthYear ? Number(today.slice(0, 4)) - p.birthYear : null,
      }),
      ...(has('sex') && { sex: p.sex }),
      ...(has('address') && { address: family.address }),
      ...(has('phone') && { phone: family.phone }),
      ...(has('documents') && { documents: { held: [...p.documentsHeld], missing: [...p.documentsMissing] } }),
      ...(has('whereabouts') && { whereabouts: { ...p.whereabouts } }),
    })),
    assessmentSummary: has('assessmentSummary')
      ? { riskLevel: assessment.riskLevel, problemDomains: [...assessment.problemDomains] }
      : null,
  };
}
