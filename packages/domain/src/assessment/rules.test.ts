import { describe, expect, it } from 'vitest';
import { uzLatinToCyrillic } from './cyrillic.ts';
import { familyInstrument as def } from './family.ts';
import { instrumentDefinition } from './instrument.ts';
import {
  answerProblems,
  computeRisk,
  domainScores,
  effectiveRisk,
  immediateDangers,
  overrideProblem,
  ratingOfScore,
  scoreChanges,
  screeningAnswerProblems,
  screeningUrgency,
  uzCategory,
} from './rules.ts';

/** The Tursunovs: the father abroad sending nothing, the mother without work, a child without a birth certificate. */
const tursunova = {
  'documents.birth_certificates': 'missing',
  'income.employment': 'none',
  'income.sufficiency': 'no',
  'migration.absent_parent': 'one_abroad',
  'migration.contact': 'none',
  'migration.support': 'nothing',
  'safety.violence': 'none',
};

describe('the family instrument', () => {
  it('is valid data, with all four languages and ten domains', () => {
    expect(instrumentDefinition.safeParse(def).success).toBe(true);
    expect(def.domains).toHaveLength(10);
    for (const domain of def.domains) expect(domain.questions.length).toBeGreaterThanOrEqual(2);
    expect(def.domains[0]?.title['uz-Cyrl']).toBe('Хавфсизлик ва ҳимоя');
  });

  it('refuses a definition with duplicate questions or disordered thresholds', () => {
    const first = def.domains[0];
    if (!first) throw new Error('no domain');
    const twice = { ...def, domains: [...def.domains, { ...first, key: 'again' }] };
    expect(instrumentDefinition.safeParse(twice).success).toBe(false);
    const disordered = { ...def, riskRule: { ...def.riskRule, thresholds: { medium: 5, high: 2, critical: 9 } } };
    expect(instrumentDefinition.safeParse(disordered).success).toBe(false);
  });
});

describe('domain scores', () => {
  it('take the highest answer score of the domain as its rating', () => {
    const scores = domainScores(def, tursunova);
    expect(scores.documents_legal).toMatchObject({ score: 3, rating: 'serious_problem', answered: 1, questions: 3 });
    expect(scores.income_employment).toMatchObject({ score: 3, rating: 'serious_problem' });
    expect(scores.safety_protection).toMatchObject({ score: 0, rating: 'clear_strength' });
    expect(scores.education).toMatchObject({ score: null, rating: null, answered: 0 });
  });

  it('map scores to the four ratings', () => {
    expect([0, 1, 2, 3].map(ratingOfScore)).toEqual(['clear_strength', 'strength', 'some_concern', 'serious_problem']);
  });

  it('let the worker adjust a rating, and say so', () => {
    const scores = domainScores(def, tursunova, { documents_legal: 'some_concern' });
    expect(scores.documents_legal).toMatchObject({ computedRating: 'serious_problem', rating: 'some_concern', adjusted: true });
  });

  it('name answers that are not the instrument’s', () => {
    expect(answerProblems(def, { 'safety.violence': 'sometimes', 'nope.q': 'x', 'education.enrolment': 'all' })).toEqual([
      { path: 'answers.safety.violence', code: 'unknown_answer' },
      { path: 'answers.nope.q', code: 'unknown_question' },
    ]);
  });
});

describe('the overall risk', () => {
  it('is low when nothing is a concern', () => {
    expect(computeRisk(def, { 'safety.violence': 'none', 'education.enrolment': 'all' }).level).toBe('low');
  });

  it('adds the points of serious problems and concerns, weighted, against the thresholds, with its reasons', () => {
    const risk = computeRisk(def, tursunova);
    expect(risk.points).toBe(6);
    expect(risk.level).toBe('high');
    expect(risk.reasons).toContainEqual({
      kind: 'serious_problem',
      domain: 'documents_legal',
      points: 2,
      questions: ['documents.birth_certificates'],
    });
    expect(risk.reasons).toContainEqual({
      kind: 'serious_problem',
      domain: 'income_employment',
      points: 2,
      questions: ['income.employment'],
    });
    expect(risk.reasons.at(-1)).toMatchObject({ kind: 'total', points: 6 });
  });

  it('is medium for one serious problem, and weighs safety most', () => {
    expect(computeRisk(def, { 'documents.birth_certificates': 'missing' }).level).toBe('medium');
    expect(computeRisk(def, { 'income.employment': 'seasonal' }).level).toBe('low');
    const safety = computeRisk(def, { 'safety.neglect': 'often_not' });
    expect(safety).toMatchObject({ level: 'medium', points: 3 });
    expect(computeRisk(def, { 'safety.neglect': 'neglected' })).toMatchObject({ level: 'high', points: 6 });
  });

  it('is at least high for a serious safety problem', () => {
    const rule = { ...def, riskRule: { ...def.riskRule, thresholds: { medium: 20, high: 30, critical: 40 } } };
    const risk = computeRisk(rule, { 'safety.exploitation': 'yes' });
    expect(risk.level).toBe('high');
    expect(risk.reasons).toContainEqual({ kind: 'high_if_serious', domain: 'safety_protection' });
  });

  it('is critical from the thresholds', () => {
    const many = { ...tursunova, 'living.housing': 'unsafe', 'family.parenting': 'unable', 'education.attendance': 'dropped_out' };
    expect(computeRisk(def, many)).toMatchObject({ level: 'critical', points: 12 });
  });

  it('is forced to critical by any immediate-danger answer, which leads its reasons', () => {
    const risk = computeRisk(def, { 'safety.supervision': 'alone_now' });
    expect(risk.level).toBe('critical');
    expect(risk.reasons[0]).toEqual({
      kind: 'immediate_danger',
      domain: 'safety_protection',
      question: 'safety.supervision',
      answer: 'alone_now',
    });
    expect(immediateDangers(def, { 'wellbeing.child': 'self_harm' })).toHaveLength(1);
  });

  it('follows the worker’s adjusted ratings', () => {
    const scores = domainScores(def, tursunova, { documents_legal: 'strength', income_employment: 'strength' });
    expect(computeRisk(def, tursunova, scores)).toMatchObject({ level: 'medium', points: 2 });
  });
});

describe('overrides, categories, screening and changes', () => {
  it('needs a written reason to override the level', () => {
    expect(overrideProblem('low', '')).toBe('override_reason_required');
    expect(overrideProblem('low', '   ')).toBe('override_reason_required');
    expect(overrideProblem('low', 'Qarindoshlar yordam bermoqda')).toBeNull();
    expect(overrideProblem(null, null)).toBeNull();
  });

  it('lets an override stand only once approved', () => {
    expect(effectiveRisk('high', { level: 'medium', approved: false })).toBe('high');
    expect(effectiveRisk('high', { level: 'medium', approved: true })).toBe('medium');
    expect(effectiveRisk('high', { level: null, approved: true })).toBe('high');
  });

  it('shows Uzbekistan’s categories beside the level', () => {
    expect((['low', 'medium', 'high', 'critical'] as const).map(uzCategory)).toEqual(['green', 'yellow', 'red', 'red']);
  });

  it('makes the intake urgent when any screening answer is urgent', () => {
    expect(screeningUrgency(def, { 'screen.danger_now': 'no', 'screen.alone': 'no' })).toBe('routine');
    expect(screeningUrgency(def, { 'screen.danger_now': 'no', 'screen.food_shelter': 'yes' })).toBe('urgent');
  });

  it('checks screening answers against the instrument and asks for every question', () => {
    const all = { 'screen.danger_now': 'no', 'screen.alone': 'no', 'screen.food_shelter': 'no', 'screen.health': 'no' };
    expect(screeningAnswerProblems(def, all)).toEqual([]);
    expect(screeningAnswerProblems(def, { ...all, 'screen.alone': 'maybe', 'safety.violence': 'none' })).toEqual([
      { path: 'answers.screen.alone', code: 'unknown_answer' },
      { path: 'answers.safety.violence', code: 'unknown_question' },
    ]);
    const { 'screen.health': _, ...withoutHealth } = all;
    expect(screeningAnswerProblems(def, withoutHealth)).toEqual([{ path: 'answers.screen.health', code: 'required' }]);
  });

  it('gives the change of each domain between two assessments', () => {
    const before = domainScores(def, tursunova);
    const after = domainScores(def, { ...tursunova, 'documents.birth_certificates': 'all' });
    const change = scoreChanges(before, after);
    expect(change.documents_legal).toBe(-3);
    expect(change.income_employment).toBe(0);
    expect(change.education).toBeNull();
  });
});

describe('Latin to Cyrillic', () => {
  it('writes the common Uzbek letters', () => {
    expect(uzLatinToCyrillic('Oʻgʻil shu yerda, choy ichdi. Ertaga yoʻq')).toBe('Ўғил шу ерда, чой ичди. Эртага йўқ');
  });
});
