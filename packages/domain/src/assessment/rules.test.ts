import { describe, expect, it } from 'vitest';
import { uzLatinToCyrillic } from './cyrillic.ts';
import { familyInstrumentV1 as def, FAMILY_INSTRUMENT_VERSIONS, familyInstrument } from './family.ts';
import { assessmentUpdate, instrumentDefinition, notAssessedMark } from './instrument.ts';
import {
  answerProblems,
  computeRisk,
  domainScores,
  effectiveRisk,
  immediateDangers,
  missingDomains,
  overrideProblem,
  ratingOfScore,
  scoreChanges,
  screeningAnswerProblems,
  screeningUrgency,
  submissionProblems,
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

/** Every question of the instrument answered with its calmest answer (score 0): a family with no concern anywhere. */
const calm = Object.fromEntries(
  familyInstrument.domains.flatMap((d) => d.questions.map((q) => [q.key, q.answers.find((a) => a.score === 0)?.key ?? ''])),
);

describe('version 2 of the family instrument', () => {
  const v2 = familyInstrument;

  it('asks what version 1 asks; only the risk rule differs, and the versions are published in order', () => {
    expect(instrumentDefinition.safeParse(v2).success).toBe(true);
    expect(v2.domains).toEqual(def.domains);
    expect(v2.riskRule.thresholds).toEqual({ medium: 2, high: 8, critical: 20 });
    expect(def.riskRule.thresholds).toEqual({ medium: 2, high: 5, critical: 9 });
    expect(FAMILY_INSTRUMENT_VERSIONS).toEqual([def, v2]);
  });

  it('makes mild concern in four domains, safety and health among them, medium (yellow) where version 1 said high (red)', () => {
    // The issue's migrant family: a child often alone, not vaccinated, day labour, both parents abroad.
    const mild = {
      ...calm,
      'safety.supervision': 'often_alone',
      'health.care': 'rarely',
      'income.employment': 'casual',
      'migration.absent_parent': 'both_abroad',
    };
    expect(computeRisk(def, mild)).toMatchObject({ level: 'high', points: 7 });
    expect(computeRisk(v2, mild)).toMatchObject({ level: 'medium', points: 7 });
    expect(uzCategory(computeRisk(v2, mild).level)).toBe('yellow');
  });

  it('gives the worked examples of docs/assessment.md', () => {
    const level = (changes: Record<string, string>) => computeRisk(v2, { ...calm, ...changes });
    expect(level({})).toMatchObject({ level: 'low', points: 0 });
    expect(level({ 'income.employment': 'casual' })).toMatchObject({ level: 'low', points: 1 });
    expect(level({ 'income.employment': 'casual', 'living.housing': 'poor' })).toMatchObject({ level: 'medium', points: 2 });
    expect(level({ 'documents.birth_certificates': 'missing' })).toMatchObject({ level: 'medium', points: 4 });
    expect(level({ 'documents.birth_certificates': 'missing', 'income.employment': 'none' })).toMatchObject({ level: 'high', points: 8 });
    // A serious problem in a child's health, or in safety, is at least high.
    expect(level({ 'health.nutrition': 'malnourished' })).toMatchObject({ level: 'high', points: 8 });
    expect(level({ 'safety.neglect': 'neglected' })).toMatchObject({ level: 'high', points: 12 });
    // Concern everywhere, nothing serious: high, never critical.
    const concernEverywhere = Object.fromEntries(
      v2.domains.map((d) => {
        const q = d.questions.find((question) => question.answers.some((a) => a.score === 2 && !a.immediateDanger));
        return [q?.key ?? '', q?.answers.find((a) => a.score === 2)?.key ?? ''];
      }),
    );
    expect(level(concernEverywhere)).toMatchObject({ level: 'high', points: 13 });
    expect(level({ 'safety.neglect': 'neglected', 'health.nutrition': 'malnourished' })).toMatchObject({ level: 'critical', points: 20 });
    expect(level({ 'safety.supervision': 'alone_now' }).level).toBe('critical');
  });
});

describe('a domain not assessed', () => {
  const v2 = familyInstrument;
  const refused = { family_relationships_parenting: { reason: 'family_refused' as const } };

  it('has no score nor rating, and its answers and adjustment do not count', () => {
    const scores = domainScores(v2, { 'family.parenting': 'unable' }, { family_relationships_parenting: 'serious_problem' }, refused);
    expect(scores.family_relationships_parenting).toMatchObject({ score: null, rating: null, answered: 0, notAssessed: true });
    expect(scores.safety_protection).toMatchObject({ notAssessed: false });
  });

  it('leaves the level to the assessed domains and flags it incomplete, naming the domains', () => {
    const answers = { ...calm, 'family.parenting': 'unable' };
    const whole = computeRisk(v2, answers);
    expect(whole).toMatchObject({ level: 'medium', incomplete: false, notAssessed: [] });
    const partial = computeRisk(v2, answers, domainScores(v2, answers, {}, refused));
    expect(partial).toMatchObject({ level: 'low', points: 0, incomplete: true, notAssessed: ['family_relationships_parenting'] });
  });

  it('hides no immediate danger it does not contain, and keeps those of the assessed domains', () => {
    const answers = { 'safety.supervision': 'alone_now' };
    const scores = domainScores(v2, answers, {}, { psychosocial_wellbeing: { reason: 'person_absent' } });
    expect(computeRisk(v2, answers, scores)).toMatchObject({ level: 'critical', incomplete: true });
  });

  it('counts toward submission, which needs every domain answered or marked, and at least one answered', () => {
    const scores = domainScores(v2, { 'safety.violence': 'none' }, {}, refused);
    const missing = v2.domains.map((d) => d.key).filter((key) => key !== 'safety_protection' && key !== 'family_relationships_parenting');
    expect(missingDomains(v2, scores)).toEqual(missing);
    expect(submissionProblems(v2, scores)).toEqual(missing.map((key) => ({ path: `domains.${key}`, code: 'domain_not_answered' })));
    const rest = Object.fromEntries(missing.map((key) => [key, { reason: 'not_applicable' }]));
    expect(submissionProblems(v2, domainScores(v2, { 'safety.violence': 'none' }, {}, { ...refused, ...rest }))).toEqual([]);
    const everyDomain = Object.fromEntries(v2.domains.map((d) => [d.key, { reason: 'family_refused' }]));
    expect(submissionProblems(v2, domainScores(v2, {}, {}, everyDomain))).toEqual([{ path: 'domains', code: 'nothing_assessed' }]);
    expect(submissionProblems(v2, domainScores(v2, {}))).toHaveLength(v2.domains.length);
  });

  it('is marked with a reason from the list; "other" needs its note', () => {
    expect(notAssessedMark.safeParse({ reason: 'person_absent' }).success).toBe(true);
    expect(notAssessedMark.safeParse({ reason: 'other', note: 'Ona kasalxonada' }).success).toBe(true);
    expect(notAssessedMark.safeParse({ reason: 'other' }).error?.issues[0]).toMatchObject({ message: 'not_assessed_note_required' });
    expect(notAssessedMark.safeParse({ reason: 'bored' }).success).toBe(false);
    const saved = assessmentUpdate.safeParse({
      version: 3,
      notAssessed: { education: { reason: 'not_applicable' }, income_employment: null },
    });
    expect(saved.success).toBe(true);
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
