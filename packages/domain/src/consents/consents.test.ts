import { describe, expect, it } from 'vitest';
import { consentCreate, consentProblem, splitConsentScope, uncoveredPersons } from './index.ts';

const registry = '0190c3a0-0000-7000-8000-0000000000aa';
const ngo = '0190c3a0-0000-7000-8000-0000000000bb';
const mother = '0190c3a0-0000-7000-8000-000000000001';
const child = '0190c3a0-0000-7000-8000-000000000002';
const father = '0190c3a0-0000-7000-8000-000000000003';

const consent = {
  status: 'active' as const,
  givenByPersonId: mother,
  onBehalfOfPersonIds: [child],
  categories: ['employment'],
  organisationIds: [registry],
};

describe('what a consent covers', () => {
  it('covers a named organisation, or a service of a category named, for the giver and those they answer for', () => {
    expect(consentProblem(consent, { organisationId: registry, categories: [], personIds: [mother, child] })).toBeNull();
    expect(consentProblem(consent, { organisationId: ngo, categories: ['employment'], personIds: [mother] })).toBeNull();
  });

  it('does not cover another organisation or category, nor another family member', () => {
    expect(consentProblem(consent, { organisationId: ngo, categories: ['psychosocial'], personIds: [mother] })).toBe('consent_scope');
    expect(consentProblem(consent, { organisationId: ngo, categories: [], personIds: [mother] })).toBe('consent_scope');
    expect(consentProblem(consent, { organisationId: registry, categories: [], personIds: [father] })).toBe('consent_persons');
  });

  it('covers an organisation offering a service of a consented category, even when no service is named', () => {
    expect(consentProblem(consent, { organisationId: ngo, categories: ['health', 'employment'], personIds: [mother, child] })).toBeNull();
    expect(consentProblem(consent, { organisationId: ngo, categories: ['health'], personIds: [mother] })).toBe('consent_scope');
  });

  it('names the persons a consent was not given for', () => {
    expect(uncoveredPersons(consent, { organisationId: registry, categories: [], personIds: [mother, father, child] })).toEqual([father]);
  });

  it('covers nothing once withdrawn', () => {
    expect(consentProblem({ ...consent, status: 'withdrawn' }, { organisationId: registry, categories: [], personIds: [mother] })).toBe(
      'consent_withdrawn',
    );
  });
});

describe('consent request', () => {
  it('takes categories and organisation ids together in its scope, and splits them', () => {
    const parsed = consentCreate.parse({ givenByPersonId: mother, scope: ['health', registry, 'health'], date: '2026-11-01' });
    expect(parsed.scope).toEqual(['health', registry]);
    expect(splitConsentScope(parsed.scope)).toEqual({ categories: ['health'], organisationIds: [registry], purposes: [] });
  });

  it('refuses an empty scope, an unknown category and a future date', () => {
    const problems = (body: object) =>
      consentCreate
        .safeParse({ givenByPersonId: mother, date: '2026-11-01', scope: ['health'], ...body })
        .error?.issues.map((i) => i.path.join('.'));
    expect(problems({ scope: [] })).toEqual(['scope']);
    expect(problems({ scope: ['astrology'] })).toEqual(['scope.0']);
    expect(problems({ date: '2999-01-01' })).toEqual(['date']);
  });
});
