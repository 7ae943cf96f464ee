import { z } from 'zod';
import { clientId, id, text, version } from '../schemas/common.ts';
import { optional, recordedDate } from '../schemas/person.ts';
import { isServiceCategory, SERVICE_CATEGORIES, type ServiceCategory } from '../services/index.ts';

/**
 * A family's consent to share: given by one member (or a parent or guardian for a child), for sharing
 * with categories of service or named organisations, from a date, until withdrawn. A referral relies on
 * one consent that covers the receiving organisation and every person it is about.
 */
export const CONSENT_STATUSES = ['active', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Purposes a consent may be given for beside sharing: reminders of appointments sent to the family (docs/reminders.md). */
export const CONSENT_PURPOSES = ['appointment_reminders'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
const isConsentPurpose = (value: string): value is ConsentPurpose => (CONSENT_PURPOSES as readonly string[]).includes(value);

/** A scope entry: a service category, a purpose, or the id of an organisation. */
const scopeEntry = z.union([z.enum(SERVICE_CATEGORIES), z.enum(CONSENT_PURPOSES), z.uuid()], { error: 'consent_scope' });

export const consentCreate = z.object({
  id: clientId.optional(),
  givenByPersonId: id,
  /** The children (or others) the giver consents for; the giver always consents for themselves. */
  onBehalfOfPersonIds: z
    .array(id)
    .max(30, { error: 'too_long' })
    .transform((ids) => [...new Set(ids)])
    .default([]),
  scope: z
    .array(scopeEntry)
    .min(1, { error: 'required' })
    .max(50, { error: 'too_long' })
    .transform((entries) => [...new Set(entries)]),
  /** The day consent was given; never in the future, nor before 2000. */
  date: recordedDate,
  note: optional(text(2000)),
});
export type ConsentCreate = z.infer<typeof consentCreate>;

export const consentWithdraw = z.object({
  reason: optional(text(2000)),
  version,
});
export type ConsentWithdraw = z.infer<typeof consentWithdraw>;

export const consentParams = z.object({ id });

/** The scope split as it is stored: categories, organisation ids and purposes. */
export function splitConsentScope(scope: readonly string[]): {
  categories: ServiceCategory[];
  organisationIds: string[];
  purposes: ConsentPurpose[];
} {
  return {
    categories: scope.filter(isServiceCategory),
    organisationIds: scope.filter((entry) => !isServiceCategory(entry) && !isConsentPurpose(entry)),
    purposes: scope.filter(isConsentPurpose),
  };
}

export type ConsentFacts = {
  status: ConsentStatus;
  givenByPersonId: string;
  onBehalfOfPersonIds: readonly string[];
  categories: readonly string[];
  organisationIds: readonly string[];
};

export type ConsentProblem = 'consent_withdrawn' | 'consent_scope' | 'consent_persons';

/**
 * What a referral shares and with whom: the receiving organisation, the service categories the sharing is
 * for (the named service's category; when none is named, every category the organisation offers), and
 * the persons it is about.
 */
export type ConsentSharing = { organisationId: string; categories: readonly string[]; personIds: readonly string[] };

/**
 * Whether a consent covers a sharing (docs/consent.md): it names the organisation, or one of the categories
 * the sharing is for; and it was given by, or on behalf of, every person the sharing is about. Null when
 * it covers it, else why not.
 */
export function consentProblem(consent: ConsentFacts, sharing: ConsentSharing): ConsentProblem | null {
  if (consent.status !== 'active') return 'consent_withdrawn';
  const coversReceiver =
    consent.organisationIds.includes(sharing.organisationId) ||
    sharing.categories.some((category) => consent.categories.includes(category));
  if (!coversReceiver) return 'consent_scope';
  if (uncoveredPersons(consent, sharing).length) return 'consent_persons';
  return null;
}

/** The persons a sharing is about for whom the consent was not given. */
export function uncoveredPersons(consent: ConsentFacts, sharing: ConsentSharing): string[] {
  const persons = new Set([consent.givenByPersonId, ...consent.onBehalfOfPersonIds]);
  return sharing.personIds.filter((personId) => !persons.has(personId));
}

export const consentOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  givenByPersonId: z.uuid(),
  givenBy: z.object({ id: z.uuid(), surname: z.string(), givenName: z.string(), patronymic: z.string().nullable() }).nullable(),
  onBehalfOfPersonIds: z.array(z.uuid()),
  /** As given: categories and organisation ids together. */
  scope: z.array(z.string()),
  scopeCategories: z.array(z.enum(SERVICE_CATEGORIES)),
  /** Purposes beside sharing, e.g. `appointment_reminders`. */
  purposes: z.array(z.enum(CONSENT_PURPOSES)),
  scopeOrganisations: z.array(z.object({ id: z.uuid(), name: z.string() })),
  date: z.string(),
  note: z.string().nullable(),
  status: z.enum(CONSENT_STATUSES),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.uuid().nullable(),
  withdrawReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
});
export type ConsentOut = z.infer<typeof consentOut>;
export const consentsOut = z.object({ items: z.array(consentOut) });
