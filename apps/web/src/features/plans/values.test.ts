import { planUpdate, unansweredDomains } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../api/plans.ts';
import { contentOf, emptyAction, emptyGoal, type PlanValues, valuesOf } from './values.ts';

const goal = (domain: string) => ({
  ...emptyGoal(domain),
  title: 'Tugʻilganlik guvohnomasini olish',
  target: '15.03.2027',
  actions: [{ ...emptyAction(), organisationId: '01a20690-0000-7000-8000-000000000001', what: 'Takroriy nusxa', due: '1.2.2027' }],
});

describe('a plan as the editor holds it', () => {
  it('sends typed dates as ISO dates and only the performer’s own choice', () => {
    const values: PlanValues = { summary: '  ', review: '', goals: [goal('documents_legal')], skipped: {} };
    const { content, dateErrors } = contentOf(values);
    expect(dateErrors).toEqual([]);
    expect(content.summary).toBeNull();
    expect(content.reviewDate).toBeNull();
    expect(content.goals[0]).toMatchObject({ domain: 'documents_legal', targetDate: '2027-03-15' });
    expect(content.goals[0]?.actions[0]).toMatchObject({ performer: 'organisation', dueDate: '2027-02-01', userId: null, personId: null });
    // What the editor sends is what the server's schema takes.
    expect(planUpdate.safeParse({ ...content, version: 1 }).success).toBe(true);
  });

  it('names the dates that are no dates by their field path', () => {
    const broken = { ...goal('income_employment'), target: '31.02.2027' };
    const { dateErrors } = contentOf({ summary: '', review: '40.01.2027', goals: [broken], skipped: {} });
    expect(dateErrors).toEqual(['reviewDate', 'goals.0.targetDate']);
  });

  it('sends a written reason only for a domain that has no goal', () => {
    const values: PlanValues = {
      summary: '',
      review: '',
      goals: [goal('documents_legal')],
      skipped: {
        documents_legal: 'Eski sabab',
        migration_contact: 'Ota bilan aloqa oilaning xohishiga koʻra keyinga qoldirildi',
        housing: '  ',
      },
    };
    const { content } = contentOf(values);
    expect(content.skippedDomains).toEqual([
      { domain: 'migration_contact', reason: 'Ota bilan aloqa oilaning xohishiga koʻra keyinga qoldirildi' },
    ]);
    expect(unansweredDomains(content, ['documents_legal', 'migration_contact', 'income_employment'])).toEqual(['income_employment']);
  });

  it('reads a saved plan back into the same content', () => {
    const { content } = contentOf({ summary: 'Reja', review: '01.06.2027', goals: [goal('documents_legal')], skipped: {} });
    const saved = {
      summary: content.summary,
      reviewDate: content.reviewDate,
      skippedDomains: content.skippedDomains,
      goals: content.goals.map((g, index) => ({
        ...g,
        id: `goal-${index}`,
        actions: g.actions.map((a, at) => ({
          ...a,
          id: `action-${at}`,
          organisation: a.organisationId ? { id: a.organisationId, name: 'FHDYo' } : null,
          service: null,
          user: null,
        })),
      })),
    } as unknown as Plan;
    const again = contentOf(valuesOf(saved)).content;
    expect(again.goals[0]).toMatchObject({ id: 'goal-0', targetDate: '2027-03-15' });
    expect(again.goals[0]?.actions[0]).toMatchObject({
      id: 'action-0',
      dueDate: '2027-02-01',
      organisationId: content.goals[0]?.actions[0]?.organisationId,
    });
    expect(again.reviewDate).toBe('2027-06-01');
  });
});
