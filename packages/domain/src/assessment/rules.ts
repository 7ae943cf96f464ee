import type { RiskLevel } from '../cases/codes.ts';
import {
  type AssessmentAnswers,
  DOMAIN_RATINGS,
  type DomainRating,
  type InstrumentDefinition,
  type ReadinessDefinition,
  type ReadinessLevel,
  type UzCategory,
} from './instrument.ts';

/** What the rules of every kind of instrument read: its domains, questions and answers. */
type Domains = Pick<InstrumentDefinition, 'domains'>;

/** Pure rules of an assessment: domain scores, the overall risk and its reasons, the national category. */

export type DomainScore = {
  /** The highest answer score of the domain (0–3), null while nothing is answered. */
  score: number | null;
  answered: number;
  questions: number;
  computedRating: DomainRating | null;
  /** The worker's adjustment when made, else the computed rating. */
  rating: DomainRating | null;
  adjusted: boolean;
  /** Marked "not assessed" with a reason: not scored, and not counted as a strength either. */
  notAssessed: boolean;
};

export type RiskReason =
  | { kind: 'immediate_danger'; domain: string; question: string; answer: string }
  | { kind: 'serious_problem' | 'some_concern'; domain: string; points: number; questions: string[] }
  | { kind: 'high_if_serious'; domain: string }
  | { kind: 'total'; points: number; thresholds: { medium: number; high: number; critical: number } };

/**
 * `notAssessed` lists the domains marked "not assessed": the level is computed from the assessed domains
 * only, so with any of them it is incomplete — a family nobody asked about is not shown as safe.
 */
export type RiskResult = { level: RiskLevel; points: number; reasons: RiskReason[]; notAssessed: string[]; incomplete: boolean };

export type AnswerProblem = { path: string; code: 'unknown_question' | 'unknown_answer' };

/** Answers that do not belong to the instrument: each one named with its path. */
export function answerProblems(def: Domains, answers: AssessmentAnswers): AnswerProblem[] {
  const questions = new Map(def.domains.flatMap((d) => d.questions.map((q) => [q.key, q] as const)));
  return Object.entries(answers).flatMap(([questionKey, answerKey]): AnswerProblem[] => {
    const question = questions.get(questionKey);
    if (!question) return [{ path: `answers.${questionKey}`, code: 'unknown_question' }];
    if (!question.answers.some((a) => a.key === answerKey)) return [{ path: `answers.${questionKey}`, code: 'unknown_answer' }];
    return [];
  });
}

/** The rating a score stands for: 0 clear strength … 3 serious problem. */
export const ratingOfScore = (score: number): DomainRating => DOMAIN_RATINGS[Math.max(0, Math.min(3, score))] as DomainRating;

/**
 * Each domain's score and rating from the answers, with the worker's adjustments applied. A domain marked
 * "not assessed" has neither: its answers and adjustment, if any are left, do not count.
 */
export function domainScores(
  def: Domains,
  answers: AssessmentAnswers,
  adjustments: Partial<Record<string, DomainRating>> = {},
  notAssessed: Record<string, unknown> = {},
): Record<string, DomainScore> {
  return Object.fromEntries(
    def.domains.map((domain) => {
      if (notAssessed[domain.key])
        return [
          domain.key,
          {
            score: null,
            answered: 0,
            questions: domain.questions.length,
            computedRating: null,
            rating: null,
            adjusted: false,
            notAssessed: true,
          },
        ];
      const scores = domain.questions.flatMap((q) => {
        const chosen = q.answers.find((a) => a.key === answers[q.key]);
        return chosen ? [chosen.score] : [];
      });
      const score = scores.length ? Math.max(...scores) : null;
      const computedRating = score === null ? null : ratingOfScore(score);
      const adjustment = adjustments[domain.key];
      return [
        domain.key,
        {
          score,
          answered: scores.length,
          questions: domain.questions.length,
          computedRating,
          rating: adjustment ?? computedRating,
          adjusted: !!adjustment && adjustment !== computedRating,
          notAssessed: false,
        },
      ];
    }),
  );
}

/** The domains neither answered (not one question) nor marked "not assessed": submission waits for them. */
export function missingDomains(def: Domains, scores: Record<string, DomainScore>): string[] {
  return def.domains.filter((d) => !scores[d.key]?.notAssessed && !scores[d.key]?.answered).map((d) => d.key);
}

/**
 * Why the assessment cannot be submitted yet, each with its path: every domain not answered nor marked
 * "not assessed" (`domains.<key>`), or — every domain marked — nothing assessed at all (`domains`).
 */
export function submissionProblems(
  def: Domains,
  scores: Record<string, DomainScore>,
): { path: string; code: 'domain_not_answered' | 'nothing_assessed' }[] {
  const missing = missingDomains(def, scores);
  if (missing.length) return missing.map((key) => ({ path: `domains.${key}`, code: 'domain_not_answered' as const }));
  if (def.domains.every((d) => scores[d.key]?.notAssessed)) return [{ path: 'domains', code: 'nothing_assessed' }];
  return [];
}

/** Answers marked as an immediate danger, in the instrument's order (a domain not assessed has none). */
export function immediateDangers(def: Domains, answers: AssessmentAnswers, notAssessed: Record<string, unknown> = {}) {
  return def.domains.flatMap((domain) =>
    (notAssessed[domain.key] ? [] : domain.questions).flatMap((q) => {
      const chosen = q.answers.find((a) => a.key === answers[q.key]);
      return chosen?.immediateDanger ? [{ domain: domain.key, question: q.key, answer: chosen.key }] : [];
    }),
  );
}

/** The answers scoring at least a rating's score in a domain: what a reason points at. */
const drivingQuestions = (domain: Domains['domains'][number], answers: AssessmentAnswers, rating: 'serious_problem' | 'some_concern') =>
  domain.questions
    .filter((q) => (q.answers.find((a) => a.key === answers[q.key])?.score ?? 0) >= (rating === 'serious_problem' ? 3 : 2))
    .map((q) => q.key);

const LEVEL_ORDER: RiskLevel[] = ['low', 'medium', 'high', 'critical'];
const atLeast = (level: RiskLevel, floor: RiskLevel): RiskLevel =>
  LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(floor) ? level : floor;

/**
 * The overall risk, as the instrument's `riskRule` says: points for every domain rated a serious problem
 * or some concern, times the domain's weight, against the thresholds; a serious problem in a
 * `highIfSerious` domain is at least high; any immediate danger is critical. The reasons say what drove it.
 */
export function computeRisk(def: InstrumentDefinition, answers: AssessmentAnswers, scores = domainScores(def, answers)): RiskResult {
  const rule = def.riskRule;
  const notAssessed = def.domains.filter((d) => scores[d.key]?.notAssessed).map((d) => d.key);
  const skipped = Object.fromEntries(notAssessed.map((key) => [key, true]));
  const reasons: RiskReason[] = [];
  let points = 0;
  let floor: RiskLevel = 'low';
  for (const domain of def.domains) {
    const rating = scores[domain.key]?.rating;
    if (rating !== 'serious_problem' && rating !== 'some_concern') continue;
    const earned = rule.points[rating] * (rule.weights[domain.key] ?? 1);
    points += earned;
    reasons.push({ kind: rating, domain: domain.key, points: earned, questions: drivingQuestions(domain, answers, rating) });
    if (rating === 'serious_problem' && rule.highIfSerious.includes(domain.key)) {
      floor = 'high';
      reasons.push({ kind: 'high_if_serious', domain: domain.key });
    }
  }
  const t = rule.thresholds;
  const byPoints: RiskLevel = points >= t.critical ? 'critical' : points >= t.high ? 'high' : points >= t.medium ? 'medium' : 'low';
  reasons.push({ kind: 'total', points, thresholds: t });
  const dangers = immediateDangers(def, answers, skipped);
  const incomplete = notAssessed.length > 0;
  if (dangers.length)
    return {
      level: 'critical',
      points,
      reasons: [...dangers.map((d) => ({ kind: 'immediate_danger' as const, ...d })), ...reasons],
      notAssessed,
      incomplete,
    };
  return { level: atLeast(byPoints, floor), points, reasons, notAssessed, incomplete };
}

export type ReadinessReason =
  | { kind: 'immediate_danger'; domain: string; question: string; answer: string }
  | { kind: 'serious_problem' | 'some_concern'; domain: string; points: number; questions: string[] }
  | { kind: 'not_ready_if_serious'; domain: string }
  | { kind: 'not_assessed'; domains: string[] }
  | { kind: 'readiness_total'; points: number; thresholds: { readyWithSupport: number; notYetReady: number } };

export type ReadinessResult = {
  level: ReadinessLevel;
  points: number;
  reasons: ReadinessReason[];
  notAssessed: string[];
  incomplete: boolean;
};

const READINESS_ORDER: ReadinessLevel[] = ['ready', 'ready_with_support', 'not_yet_ready'];
const atLeastReadiness = (level: ReadinessLevel, floor: ReadinessLevel): ReadinessLevel =>
  READINESS_ORDER.indexOf(level) >= READINESS_ORDER.indexOf(floor) ? level : floor;

/**
 * A family's readiness for a child's return, as the instrument's `readinessRule` says: points for every
 * domain rated a serious problem or some concern, times its weight, against the thresholds; a serious
 * problem in a `notReadyIfSerious` domain or any answer marked immediateDanger is not yet ready. A domain
 * not assessed is no evidence of readiness: an incomplete assessment is at best ready with support.
 */
export function computeReadiness(
  def: ReadinessDefinition,
  answers: AssessmentAnswers,
  scores = domainScores(def, answers),
): ReadinessResult {
  const rule = def.readinessRule;
  const notAssessed = def.domains.filter((d) => scores[d.key]?.notAssessed).map((d) => d.key);
  const reasons: ReadinessReason[] = [];
  let points = 0;
  let floor: ReadinessLevel = 'ready';
  for (const domain of def.domains) {
    const rating = scores[domain.key]?.rating;
    if (rating !== 'serious_problem' && rating !== 'some_concern') continue;
    const earned = rule.points[rating] * (rule.weights[domain.key] ?? 1);
    points += earned;
    reasons.push({ kind: rating, domain: domain.key, points: earned, questions: drivingQuestions(domain, answers, rating) });
    if (rating === 'serious_problem' && rule.notReadyIfSerious.includes(domain.key)) {
      floor = 'not_yet_ready';
      reasons.push({ kind: 'not_ready_if_serious', domain: domain.key });
    }
  }
  const dangers = immediateDangers(def, answers, Object.fromEntries(notAssessed.map((key) => [key, true])));
  if (dangers.length) floor = 'not_yet_ready';
  if (notAssessed.length) {
    floor = atLeastReadiness(floor, 'ready_with_support');
    reasons.push({ kind: 'not_assessed', domains: notAssessed });
  }
  const t = rule.thresholds;
  const byPoints: ReadinessLevel =
    points >= t.notYetReady ? 'not_yet_ready' : points >= t.readyWithSupport ? 'ready_with_support' : 'ready';
  reasons.push({ kind: 'readiness_total', points, thresholds: t });
  return {
    level: atLeastReadiness(byPoints, floor),
    points,
    reasons: [...dangers.map((d) => ({ kind: 'immediate_danger' as const, ...d })), ...reasons],
    notAssessed,
    incomplete: notAssessed.length > 0,
  };
}

/**
 * The risk level a readiness stands for, so that every assessment answers with a risk level and a colour:
 * ready is low (green), ready with support medium (yellow), not yet ready high (red). It never sets the case's risk.
 */
export function riskOfReadiness(level: ReadinessLevel): RiskLevel {
  return level === 'ready' ? 'low' : level === 'ready_with_support' ? 'medium' : 'high';
}
export function readinessOfRisk(level: RiskLevel): ReadinessLevel {
  return level === 'low' ? 'ready' : level === 'medium' ? 'ready_with_support' : 'not_yet_ready';
}

/** Uzbekistan's own categories beside the risk level: green (low), yellow (medium), red (high, critical). */
export function uzCategory(level: RiskLevel): UzCategory {
  return level === 'low' ? 'green' : level === 'medium' ? 'yellow' : 'red';
}

/** The risk that stands: an approved override, else the computed level. */
export function effectiveRisk(computed: RiskLevel, override: { level: RiskLevel | null; approved: boolean }): RiskLevel {
  return override.level && override.approved ? override.level : computed;
}

/** An override of the computed level needs a written reason. */
export function overrideProblem(override: RiskLevel | null | undefined, reason: string | null | undefined): string | null {
  return override && !reason?.trim() ? 'override_reason_required' : null;
}

/** The intake screening's urgency: urgent when any answer given is marked urgent. */
export function screeningUrgency(def: InstrumentDefinition, answers: AssessmentAnswers): 'urgent' | 'routine' {
  return def.screening.questions.some((q) => q.answers.find((a) => a.key === answers[q.key])?.urgent) ? 'urgent' : 'routine';
}

/** Screening answers that are not the instrument's, and its questions left unanswered, each with its path. */
export function screeningAnswerProblems(
  def: InstrumentDefinition,
  answers: AssessmentAnswers,
): { path: string; code: AnswerProblem['code'] | 'required' }[] {
  const questions = new Map(def.screening.questions.map((q) => [q.key, q] as const));
  const strangers = Object.entries(answers).flatMap(([questionKey, answerKey]): AnswerProblem[] => {
    const question = questions.get(questionKey);
    if (!question) return [{ path: `answers.${questionKey}`, code: 'unknown_question' }];
    if (!question.answers.some((a) => a.key === answerKey)) return [{ path: `answers.${questionKey}`, code: 'unknown_answer' }];
    return [];
  });
  const missing = def.screening.questions
    .filter((q) => answers[q.key] === undefined)
    .map((q) => ({ path: `answers.${q.key}`, code: 'required' as const }));
  return [...strangers, ...missing];
}

/** The change of each domain's score from one assessment to the next (positive: worse). */
export function scoreChanges(
  before: Record<string, Pick<DomainScore, 'score'>>,
  after: Record<string, Pick<DomainScore, 'score'>>,
): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(after).map(([domain, now]) => {
      const then = before[domain]?.score;
      return [domain, now.score === null || then === null || then === undefined ? null : now.score - then];
    }),
  );
}
