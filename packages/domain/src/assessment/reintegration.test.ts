import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { familyInstrument } from './family.ts';
import { instrumentDefinition, instrumentKind, type ReadinessLevel, readinessInstrumentDefinition } from './instrument.ts';
import { readinessInstrument as def, READINESS_INSTRUMENT_VERSIONS } from './reintegration.ts';
import { computeReadiness, domainScores, readinessOfRisk, riskOfReadiness, submissionProblems, uzCategory } from './rules.ts';

/** Every question answered with its calmest answer (score 0): a family with nothing left to prepare. */
const calm = Object.fromEntries(
  def.domains.flatMap((d) => d.questions.map((q) => [q.key, q.answers.find((a) => a.score === 0)?.key ?? ''])),
);
const readiness = (changes: Record<string, string>, notAssessed: Record<string, unknown> = {}) => {
  const answers = { ...calm, ...changes };
  return computeReadiness(def, answers, domainScores(def, answers, {}, notAssessed));
};

describe('the readiness instrument', () => {
  it('is valid data of the readiness kind, in five languages, and the family instrument stays of the risk kind', () => {
    expect(readinessInstrumentDefinition.safeParse(def).success).toBe(true);
    expect(instrumentDefinition.parse(def)).toMatchObject({ kind: 'readiness' });
    expect(instrumentKind(def)).toBe('readiness');
    expect(instrumentKind(instrumentDefinition.parse(familyInstrument))).toBe('risk');
    expect(READINESS_INSTRUMENT_VERSIONS).toEqual([def]);
    expect(def.domains.map((d) => d.key)).toEqual([
      'child_wishes_relationship',
      'caregiver_capacity',
      'safety_reasons_resolved',
      'housing_living',
      'income_basic_needs',
      'child_health_disability',
      'schooling',
      'community_mahalla',
      'services_in_place',
    ]);
    const texts = [
      def.title,
      def.readinessRule.description,
      ...def.domains.flatMap((d) => [d.title, ...d.questions.flatMap((q) => [q.text, ...q.answers.map((a) => a.label)])]),
    ];
    for (const text of texts)
      for (const locale of ['uz-Latn', 'uz-Cyrl', 'ru', 'en', 'kaa'] as const) expect(text[locale]?.trim()).toBeTruthy();
    // Karakalpak in its own 2016 Latin alphabet, not Uzbek copied: no oʻ, gʻ or ʼ.
    for (const text of texts) expect(text.kaa).not.toMatch(/[oOgG]ʻ|ʼ/);
    expect(def.domains[0]?.title['uz-Cyrl']).toBe('Боланинг хоҳиши ва оила билан муносабати');
  });

  it('refuses disordered thresholds, and a family definition under the readiness kind', () => {
    const disordered = { ...def, readinessRule: { ...def.readinessRule, thresholds: { readyWithSupport: 9, notYetReady: 2 } } };
    expect(instrumentDefinition.safeParse(disordered).success).toBe(false);
    expect(instrumentDefinition.safeParse({ ...familyInstrument, kind: 'readiness' }).success).toBe(false);
  });

  it('stands for a risk level and a colour, so every assessment has one: ready green, with support yellow, not yet red', () => {
    expect(['ready', 'ready_with_support', 'not_yet_ready'].map((level) => uzCategory(riskOfReadiness(level as ReadinessLevel)))).toEqual([
      'green',
      'yellow',
      'red',
    ]);
    for (const level of ['ready', 'ready_with_support', 'not_yet_ready'] as const)
      expect(readinessOfRisk(riskOfReadiness(level))).toBe(level);
  });
});

describe('the readiness rule', () => {
  it('names what drove the result', () => {
    const result = readiness({ 'return.child_wish': 'refuses', 'return.housing': 'poor' });
    expect(result).toMatchObject({ level: 'not_yet_ready', points: 9, incomplete: false });
    expect(result.reasons).toEqual([
      { kind: 'serious_problem', domain: 'child_wishes_relationship', points: 8, questions: ['return.child_wish'] },
      { kind: 'not_ready_if_serious', domain: 'child_wishes_relationship' },
      { kind: 'some_concern', domain: 'housing_living', points: 1, questions: ['return.housing'] },
      { kind: 'readiness_total', points: 9, thresholds: { readyWithSupport: 2, notYetReady: 8 } },
    ]);
  });

  it('takes the worker’s adjusted rating, as the family instrument does', () => {
    const scores = domainScores(def, calm, { income_basic_needs: 'serious_problem', housing_living: 'serious_problem' });
    expect(computeReadiness(def, calm, scores)).toMatchObject({ level: 'not_yet_ready', points: 8 });
  });

  it('submits only with every domain answered or marked not assessed', () => {
    expect(submissionProblems(def, domainScores(def, {}))).toHaveLength(def.domains.length);
    expect(submissionProblems(def, domainScores(def, calm))).toEqual([]);
  });

  it('gives the worked examples of docs/assessment.md, row by row', () => {
    const doc = readFileSync(new URL('../../../../docs/assessment.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### Worked examples (readiness'));
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [, answersCell = '', , pointsCell = '', levelCell = ''] of rows) {
      const pairs = [...answersCell.matchAll(/`([a-zA-Z_.]+)=([a-z_]+)`/g)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);
      const answers = Object.fromEntries(pairs.filter(([key]) => key !== 'notAssessed'));
      const marked = Object.fromEntries(
        pairs.filter(([key]) => key === 'notAssessed').map(([, domain]) => [domain, { reason: 'person_absent' }]),
      );
      const result = readiness(answers, marked);
      expect({ row: answersCell, points: result.points, level: result.level }).toEqual({
        row: answersCell,
        points: Number(pointsCell.split('=').at(-1)),
        level: levelCell.match(/`([a-z_]+)`/)?.[1],
      });
    }
  });
});
