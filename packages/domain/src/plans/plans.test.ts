import { describe, expect, it } from 'vitest';
import { planActionInput, planProgress, planSubmitProblems, problemDomains, unansweredDomains } from './index.ts';

const ratings = {
  documents_legal: 'serious_problem',
  income_employment: 'serious_problem',
  migration_contact: 'some_concern',
  education: 'strength',
  safety_protection: 'clear_strength',
  living_conditions: null,
} as const;

describe('the plan completeness rule', () => {
  it('takes the domains rated some concern or serious problem as the problems', () => {
    expect(problemDomains(ratings)).toEqual(['documents_legal', 'income_employment', 'migration_contact']);
  });

  it('asks for a goal or a written reason for every problem domain', () => {
    const problems = problemDomains(ratings);
    const plan = {
      goals: [
        { domain: 'documents_legal', actions: [{}] },
        { domain: 'income_employment', actions: [{}] },
      ],
      skippedDomains: [],
    };
    expect(unansweredDomains(plan, problems)).toEqual(['migration_contact']);
    expect(planSubmitProblems(plan, problems)).toEqual([
      { path: 'domains.migration_contact', code: 'goal_or_reason_required', params: { domain: 'migration_contact' } },
    ]);
    const withReason = { ...plan, skippedDomains: [{ domain: 'migration_contact', reason: 'Ota bilan aloqa tiklangan, nazoratda' }] };
    expect(planSubmitProblems(withReason, problems)).toEqual([]);
    const blankReason = { ...plan, skippedDomains: [{ domain: 'migration_contact', reason: '  ' }] };
    expect(unansweredDomains(blankReason, problems)).toEqual(['migration_contact']);
  });

  it('needs at least one goal, and an action under every goal', () => {
    expect(planSubmitProblems({ goals: [], skippedDomains: [] }, [])).toEqual([{ path: 'goals', code: 'required' }]);
    expect(planSubmitProblems({ goals: [{ domain: null, actions: [] }], skippedDomains: [] }, [])).toEqual([
      { path: 'goals.0.actions', code: 'required' },
    ]);
  });

  it('counts done actions out of those not cancelled', () => {
    expect(planProgress([{ status: 'done' }, { status: 'planned' }, { status: 'cancelled' }, { status: 'in_progress' }])).toEqual({
      done: 1,
      total: 3,
    });
    expect(planProgress([])).toEqual({ done: 0, total: 0 });
  });
});

describe('plan actions', () => {
  const action = { what: 'FHDYo bilan uchrashuv', dueDate: '2026-12-01' };

  it('names an organisation when an organisation does it, and a worker when a worker does', () => {
    expect(planActionInput.safeParse({ ...action, performer: 'organisation' }).error?.issues[0]?.path).toEqual(['organisationId']);
    expect(planActionInput.safeParse({ ...action, performer: 'worker' }).error?.issues[0]?.path).toEqual(['userId']);
    expect(planActionInput.parse({ ...action, performer: 'family' })).toMatchObject({ status: 'planned' });
  });
});
