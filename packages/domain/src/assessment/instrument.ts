import { z } from 'zod';
import { RISK_LEVELS } from '../cases/codes.ts';
import { clientId, nonEmpty, text, version } from '../schemas/common.ts';

/**
 * An assessment instrument is data: a JSON document of domains, questions and fixed answers, with the
 * rule that turns the answers into a risk level. It is versioned; an assessment keeps the version it was
 * made with. Texts are given in every language of the interface (kaa optional).
 */
export const DOMAIN_RATINGS = ['clear_strength', 'strength', 'some_concern', 'serious_problem'] as const;
export type DomainRating = (typeof DOMAIN_RATINGS)[number];

/** Why a domain was not assessed: the family refused, the person it is about was absent, it does not apply, or another reason written out. */
export const NOT_ASSESSED_REASONS = ['family_refused', 'person_absent', 'not_applicable', 'other'] as const;
export type NotAssessedReason = (typeof NOT_ASSESSED_REASONS)[number];

export const UZ_CATEGORIES = ['green', 'yellow', 'red'] as const;
export type UzCategory = (typeof UZ_CATEGORIES)[number];

const key = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, { error: 'invalid' });
/** A question, an answer or a title in every language; several lines at most for a rule's description. */
const instrumentText = nonEmpty(2000);
export const localisedText = z.object({
  'uz-Latn': instrumentText,
  'uz-Cyrl': instrumentText,
  ru: instrumentText,
  en: instrumentText,
  kaa: instrumentText.optional(),
});
export type LocalisedText = z.infer<typeof localisedText>;

const answer = z.object({
  key,
  label: localisedText,
  score: z.number().int().min(0).max(3),
  /** A child in danger now: the risk level is critical whatever else is answered. */
  immediateDanger: z.boolean().optional(),
});
const question = z.object({ key, text: localisedText, answers: z.array(answer).min(2).max(6) });
const domain = z.object({ key, title: localisedText, questions: z.array(question).min(1).max(6) });
const screeningQuestion = z.object({
  key,
  text: localisedText,
  answers: z.array(z.object({ key, label: localisedText, urgent: z.boolean().optional() })).min(2),
});

/** What an instrument's answers make: a family's risk (the family instrument) or a family's readiness for a child's return. */
export const INSTRUMENT_KINDS = ['risk', 'readiness'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

type DomainList = { domains: { key: string; questions: { key: string; answers: { key: string }[] }[] }[] };
/** Question keys are unique across the instrument, answer keys within a question, domain keys within it. */
function checkKeys(def: DomainList, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  for (const d of def.domains)
    for (const q of d.questions) {
      if (seen.has(q.key)) ctx.addIssue({ code: 'custom', message: 'duplicate', path: ['domains', d.key, q.key] });
      seen.add(q.key);
      if (new Set(q.answers.map((a) => a.key)).size !== q.answers.length)
        ctx.addIssue({ code: 'custom', message: 'duplicate', path: ['domains', d.key, q.key] });
    }
  if (new Set(def.domains.map((d) => d.key)).size !== def.domains.length)
    ctx.addIssue({ code: 'custom', message: 'duplicate', path: ['domains'] });
}

/** A family-risk instrument (the family assessment): `kind` is absent from the versions published before there were two kinds. */
export const riskInstrumentDefinition = z
  .object({
    kind: z.literal('risk').optional(),
    key,
    title: localisedText,
    /** How a domain's rating follows from its answers: the highest answer score, 0–3, indexes `DOMAIN_RATINGS`. */
    domainRule: z.object({ description: localisedText }),
    /**
     * The overall risk: each domain rated serious_problem or some_concern adds `points[rating] × weight`
     * (weights default to 1; safety weighs most); the sum is compared with the thresholds. Any answer
     * marked immediateDanger makes the level critical.
     */
    riskRule: z.object({
      description: localisedText,
      weights: z.record(key, z.number().int().min(1).max(10)),
      points: z.object({ serious_problem: z.number().int().min(0).max(100), some_concern: z.number().int().min(0).max(100) }),
      thresholds: z.object({
        medium: z.number().int().min(1).max(10_000),
        high: z.number().int().min(1).max(10_000),
        critical: z.number().int().min(1).max(10_000),
      }),
      /** A serious problem in one of these domains makes the level at least high. */
      highIfSerious: z.array(key).max(20).default([]),
    }),
    screening: z.object({ title: localisedText, questions: z.array(screeningQuestion).min(1).max(8) }),
    domains: z.array(domain).min(1).max(20),
  })
  .superRefine((def, ctx) => {
    checkKeys(def, ctx);
    const t = def.riskRule.thresholds;
    if (!(t.medium <= t.high && t.high <= t.critical))
      ctx.addIssue({ code: 'custom', message: 'invalid', path: ['riskRule', 'thresholds'] });
  });
/** A family-risk instrument: the family assessment's (screening, risk rule). */
export type InstrumentDefinition = z.infer<typeof riskInstrumentDefinition>;

/** How a family's readiness for a child's return reads: ready, ready with support, not yet ready. */
export const READINESS_LEVELS = ['ready', 'ready_with_support', 'not_yet_ready'] as const;
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

/**
 * A readiness instrument (the family's readiness for the return of a child in residential care): domains and
 * questions as a risk instrument's, no screening, and a readiness rule in place of the risk rule.
 */
export const readinessInstrumentDefinition = z
  .object({
    kind: z.literal('readiness'),
    key,
    title: localisedText,
    domainRule: z.object({ description: localisedText }),
    /**
     * Each domain rated serious_problem or some_concern adds `points[rating] × weight`; from `readyWithSupport`
     * points the family is ready with support, from `notYetReady` not yet ready. A serious problem in a
     * `notReadyIfSerious` domain, or any answer marked immediateDanger, is not yet ready whatever the total.
     */
    readinessRule: z.object({
      description: localisedText,
      weights: z.record(key, z.number().int().min(1).max(10)),
      points: z.object({ serious_problem: z.number().int().min(0).max(100), some_concern: z.number().int().min(0).max(100) }),
      thresholds: z.object({
        readyWithSupport: z.number().int().min(1).max(10_000),
        notYetReady: z.number().int().min(1).max(10_000),
      }),
      notReadyIfSerious: z.array(key).max(20).default([]),
    }),
    domains: z.array(domain).min(1).max(20),
  })
  .superRefine((def, ctx) => {
    checkKeys(def, ctx);
    const t = def.readinessRule.thresholds;
    if (!(t.readyWithSupport <= t.notYetReady)) ctx.addIssue({ code: 'custom', message: 'invalid', path: ['readinessRule', 'thresholds'] });
  });
export type ReadinessDefinition = z.infer<typeof readinessInstrumentDefinition>;

/** Any instrument: a readiness instrument says so (`kind: "readiness"`); anything else is a family-risk one. */
export const instrumentDefinition = z.union([readinessInstrumentDefinition, riskInstrumentDefinition]);
export type AnyInstrumentDefinition = InstrumentDefinition | ReadinessDefinition;
export const instrumentKind = (def: AnyInstrumentDefinition): InstrumentKind => (def.kind === 'readiness' ? 'readiness' : 'risk');
export const isReadiness = (def: AnyInstrumentDefinition): def is ReadinessDefinition => def.kind === 'readiness';

export const instrumentCreate = z.object({ definition: instrumentDefinition });
export type InstrumentCreate = z.infer<typeof instrumentCreate>;

/** Answers: question key → answer key. */
export const assessmentAnswers = z.record(key, key);
export type AssessmentAnswers = z.infer<typeof assessmentAnswers>;
const answerText = text(4000);
const riskLevel = z.enum(RISK_LEVELS, { error: 'choice' });

/** A domain marked "not assessed": the reason from the list, and a note (needed when the reason is "other"). */
export const notAssessedMark = z
  .object({ reason: z.enum(NOT_ASSESSED_REASONS, { error: 'choice' }), note: text(1000).optional() })
  .superRefine((mark, ctx) => {
    if (mark.reason === 'other' && !mark.note) ctx.addIssue({ code: 'custom', message: 'not_assessed_note_required', path: ['note'] });
  });
export type NotAssessedMark = z.infer<typeof notAssessedMark>;

export const assessmentCreate = z.object({
  id: clientId.optional(),
  /** The instrument version; the newest version of the family instrument when omitted. */
  instrumentId: z.uuid({ error: 'uuid' }).optional(),
  /** A readiness assessment: the child in residential care whose return it weighs (the family's only one when omitted). */
  childId: z.uuid({ error: 'uuid' }).optional(),
  /** Omitted: prefilled from the case's last approved assessment (a reassessment). */
  answers: assessmentAnswers.optional(),
});
export type AssessmentCreate = z.infer<typeof assessmentCreate>;

/** Saving as you go: every field optional; answers are merged, a null answer clears it. */
export const assessmentUpdate = z
  .object({
    version,
    answers: z.record(key, key.nullable()).optional(),
    /** The worker's adjustment of a domain's computed rating; null returns to the computed one. */
    domainRatings: z.record(key, z.enum(DOMAIN_RATINGS, { error: 'choice' }).nullable()).optional(),
    strengths: z.record(key, answerText).optional(),
    needs: z.record(key, answerText).optional(),
    /** Domains marked "not assessed", with the reason; null takes the mark away. A marked domain's answers are dropped. */
    notAssessed: z.record(key, notAssessedMark.nullable()).optional(),
    overrideRisk: riskLevel.nullable().optional(),
    overrideReason: text(2000).nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.overrideRisk && !body.overrideReason)
      ctx.addIssue({ code: 'custom', message: 'override_reason_required', path: ['overrideReason'] });
  });
export type AssessmentUpdate = z.infer<typeof assessmentUpdate>;

/**
 * The intake screening: every question of the instrument's screening answered, and the version read —
 * null when none was stored yet (the first save), so a save never replaces one its author has not seen.
 */
export const screeningSave = z.object({
  version: version.nullable(),
  answers: z.record(key, key),
});
export type ScreeningSave = z.infer<typeof screeningSave>;

export const assessmentParams = z.object({ id: z.uuid({ error: 'uuid' }) });
