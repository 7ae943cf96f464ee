import { z } from 'zod';
import { clientId, id, line, listQuery, text, version as versionField } from '../schemas/common.ts';
import { birthDate, choice, countryCode, optional, personName, recordedDate, SEXES } from '../schemas/person.ts';

/**
 * Tracing and reunification: a request to find the family of a separated child (or the child a parent is
 * looking for), proposed matches from the whole register, a worker's verification, the reunification.
 */
export const TRACING_STATUSES = ['open', 'tracing', 'match_proposed', 'verified', 'reunified', 'closed'] as const;
export type TracingStatus = (typeof TRACING_STATUSES)[number];

/** For a separated child (the family is sought) or from a parent (the child is sought). */
export const TRACING_KINDS = ['separated_child', 'parent_seeking'] as const;
export type TracingKind = (typeof TRACING_KINDS)[number];

/** How a relative named in a request stands to the person sought. */
export const TRACING_RELATIONS = ['mother', 'father', 'sibling', 'child', 'grandparent', 'spouse', 'other'] as const;
export type TracingRelation = (typeof TRACING_RELATIONS)[number];

/** Who consented to the tracing: the child (old enough to say), a parent, a guardian, a relative. */
export const TRACING_CONSENT_GIVERS = ['child', 'parent', 'guardian', 'relative', 'other'] as const;

/** The steps a worker takes by hand; `verified` is taken by verifying a match. */
export const TRACING_STEPS = ['start', 'propose', 'reunify', 'close'] as const;
export type TracingStep = (typeof TRACING_STEPS)[number];

export const tracingRelative = z.object({
  relation: choice(TRACING_RELATIONS),
  surname: optional(personName),
  givenName: personName,
});

export const tracingSought = z.object({
  surname: personName,
  givenName: personName,
  patronymic: optional(personName),
  sex: optional(choice(SEXES)),
  approxAge: optional(
    z.number({ error: 'age_years' }).int({ error: 'age_years' }).min(0, { error: 'age_years' }).max(120, { error: 'age_years' }),
  ),
  birthDate: optional(birthDate),
  lastKnownPlace: optional(line(300)),
  country: optional(countryCode),
  relatives: z.array(tracingRelative).max(10, { error: 'too_long' }).optional(),
});
export type TracingSought = z.infer<typeof tracingSought>;

/** Tracing reaches across the register, so it is done only with the consent of the child or a parent, recorded. */
export const tracingConsent = z.object({
  given: z.boolean({ error: 'yes_no' }),
  givenBy: choice(TRACING_CONSENT_GIVERS),
  date: recordedDate,
});

export const tracingCreate = z
  .object({
    id: clientId.optional(),
    kind: choice(TRACING_KINDS).default('separated_child'),
    /** The child in the register, when they are in it: their case gets the timeline and the follow-up visits. */
    childId: id.nullish(),
    sought: tracingSought,
    consent: tracingConsent,
    note: optional(text(2000)),
  })
  .superRefine((value, ctx) => {
    if (value.consent.given !== true)
      ctx.addIssue({ code: 'custom', message: 'tracing_consent_required', path: ['consent', 'given'], input: value.consent.given });
  });
export type TracingCreate = z.infer<typeof tracingCreate>;

export const tracingParams = z.object({ id });
export const tracingMatchParams = z.object({ id, personId: id });
export const tracingQuery = listQuery.extend({ status: optional(choice(TRACING_STATUSES)) });
export type TracingQuery = z.infer<typeof tracingQuery>;

export const tracingStep = z.object({
  step: choice(TRACING_STEPS),
  version: versionField,
  /** The person proposed (`propose`). */
  personId: id.nullish(),
  /** Why a request is closed, or what happened. */
  note: optional(text(2000)),
});
export type TracingStepInput = z.infer<typeof tracingStep>;

export const tracingVerify = z.object({ version: versionField, note: optional(text(2000)) });
export type TracingVerify = z.infer<typeof tracingVerify>;

/** What is known of the person sought, as stored. */
const tracingSoughtOut = z.object({
  surname: z.string(),
  givenName: z.string(),
  patronymic: z.string().nullish(),
  sex: z.enum(SEXES).nullish(),
  approxAge: z.number().nullish(),
  birthDate: z.string().nullish(),
  lastKnownPlace: z.string().nullish(),
  country: z.string().nullish(),
  relatives: z.array(z.object({ relation: z.enum(TRACING_RELATIONS), surname: z.string().nullish(), givenName: z.string() })).optional(),
});

const who = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const tracingRequestOut = z.object({
  id: z.uuid(),
  kind: z.enum(TRACING_KINDS),
  status: z.enum(TRACING_STATUSES),
  childId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  sought: tracingSoughtOut,
  consent: z.object({ given: z.boolean(), givenBy: z.string(), date: z.string() }),
  note: z.string().nullable(),
  /** The person proposed or verified, named as the match list names them. */
  matchedPerson: z.object({ id: z.uuid(), displayName: z.string(), birthYear: z.number().nullable() }).nullable(),
  verifiedBy: who,
  verifiedAt: z.string().nullable(),
  reunifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** What the reader may do now. */
  steps: z.array(z.enum([...TRACING_STEPS, 'verify'])),
  createdAt: z.string(),
  createdBy: who,
  version: z.number().int(),
});
export type TracingRequestOut = z.infer<typeof tracingRequestOut>;
export const tracingPageOut = z.object({ items: z.array(tracingRequestOut), nextCursor: z.string().nullable() });

/** A proposed match: only what is needed to verify it, never the case, address, phone or notes. */
export const tracingMatchOut = z.object({
  personId: z.uuid(),
  score: z.number(),
  reasons: z.array(z.string()),
  surname: z.string(),
  givenName: z.string(),
  patronymic: z.string().nullable(),
  birthYear: z.number().nullable(),
  sex: z.string(),
  district: z.object({ code: z.string(), name: z.string() }),
  relative: z.object({ relation: z.enum(TRACING_RELATIONS), name: z.string() }).nullable(),
});
export type TracingMatchOut = z.infer<typeof tracingMatchOut>;
export const tracingMatchesOut = z.object({ items: z.array(tracingMatchOut) });
