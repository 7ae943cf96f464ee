import { z } from 'zod';
import { DOMAIN_RATINGS, instrumentDefinition, NOT_ASSESSED_REASONS, READINESS_LEVELS, UZ_CATEGORIES } from '../assessment/instrument.ts';
import { APPROVAL_STATUSES, RISK_LEVELS, URGENCIES } from '../cases/codes.ts';

/** Replies of the assessment, screening and instrument endpoints. */
export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
const rating = z.enum(DOMAIN_RATINGS).nullable();
const risk = z.enum(RISK_LEVELS);
const readiness = z.enum(READINESS_LEVELS);

export const domainScoreOut = z.object({
  score: z.number().int().nullable(),
  answered: z.number().int(),
  questions: z.number().int(),
  computedRating: rating,
  rating,
  adjusted: z.boolean(),
  /** Marked "not assessed": no score, no rating. */
  notAssessed: z.boolean(),
});
export type DomainScoreOut = z.infer<typeof domainScoreOut>;

export const assessmentOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  /** A readiness assessment: the child in residential care whose return it weighs; null for a family assessment. */
  childId: z.uuid().nullable(),
  instrumentId: z.uuid(),
  instrumentKey: z.string(),
  instrumentVersion: z.number().int(),
  /** A readiness assessment's result (its `riskLevel` is the level it stands for); null for a family assessment. */
  readiness: readiness.nullable(),
  status: z.enum(ASSESSMENT_STATUSES),
  answers: z.record(z.string(), z.string()),
  domainRatings: z.record(z.string(), z.enum(DOMAIN_RATINGS)),
  strengths: z.record(z.string(), z.string()),
  needs: z.record(z.string(), z.string()),
  /** Domains marked "not assessed", with the reason and the worker's note. */
  notAssessed: z.record(z.string(), z.object({ reason: z.enum(NOT_ASSESSED_REASONS), note: z.string().optional() })),
  domainScores: z.record(z.string(), domainScoreOut),
  /** Computed by the instrument's rule; for a draft, as the answers stand now. */
  riskLevel: risk,
  points: z.number().int(),
  /** What drove the level: immediate dangers, domains with serious problems or concerns, the total. */
  reasons: z.array(z.record(z.string(), z.unknown())),
  /** Some domain is marked "not assessed": the level is computed from the assessed domains only. */
  incomplete: z.boolean(),
  category: z.enum(UZ_CATEGORIES),
  overrideRisk: risk.nullable(),
  overrideReason: z.string().nullable(),
  overrideStatus: z.enum(APPROVAL_STATUSES).nullable(),
  /** What the supervisor wrote when returning the assessment for rework, while it is being reworked; else null. */
  returnComment: z.string().nullable(),
  /** The level that stands: an approved override, else the computed level. */
  effectiveRisk: risk,
  effectiveCategory: z.enum(UZ_CATEGORIES),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});
export type AssessmentOut = z.infer<typeof assessmentOut>;

/** One assessment of a case's history, with each domain's score change from the one before. */
export const assessmentSummaryOut = z.object({
  id: z.uuid(),
  status: z.enum(ASSESSMENT_STATUSES),
  instrumentId: z.uuid(),
  instrumentKey: z.string(),
  instrumentVersion: z.number().int(),
  childId: z.uuid().nullable(),
  readiness: readiness.nullable(),
  riskLevel: risk,
  effectiveRisk: risk,
  category: z.enum(UZ_CATEGORIES),
  incomplete: z.boolean(),
  domainScores: z.record(z.string(), z.object({ score: z.number().int().nullable(), rating, notAssessed: z.boolean() })),
  /** Each domain's score change from the assessment before of the same kind (positive: worse); null for the first. */
  change: z.record(z.string(), z.number().int().nullable()).nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  version: z.number().int(),
});
export type AssessmentSummaryOut = z.infer<typeof assessmentSummaryOut>;

/** A text of the instrument in every language, as stored (the instrument was checked when it was loaded). */
const localised = z.object({ 'uz-Latn': z.string(), 'uz-Cyrl': z.string(), ru: z.string(), en: z.string(), kaa: z.string().optional() });
export const screeningOut = z.object({
  caseId: z.uuid(),
  caseUrgency: z.enum(URGENCIES),
  /** Whether the caller may save it now: the case is in intake and theirs to change. */
  editable: z.boolean(),
  /** The questions, from the instrument the screening was made with (the newest one before the first save). */
  form: z.object({
    instrumentId: z.uuid(),
    instrumentVersion: z.number().int(),
    title: localised,
    questions: z.array(
      z.object({
        key: z.string(),
        text: localised,
        answers: z.array(z.object({ key: z.string(), label: localised, urgent: z.boolean().optional() })),
      }),
    ),
  }),
  screening: z
    .object({
      answers: z.record(z.string(), z.string()),
      urgency: z.enum(['urgent', 'routine']),
      version: z.number().int(),
      createdAt: z.string(),
      createdBy: z.uuid().nullable(),
      updatedAt: z.string(),
      updatedBy: z.uuid().nullable(),
    })
    .nullable(),
});
export type ScreeningOut = z.infer<typeof screeningOut>;

export const instrumentOut = z.object({
  id: z.uuid(),
  key: z.string(),
  version: z.number().int(),
  definition: instrumentDefinition,
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
});
export type InstrumentOut = z.infer<typeof instrumentOut>;
