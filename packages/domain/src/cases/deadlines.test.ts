import { describe, expect, it } from 'vitest';
import {
  ASSESSMENT_DUE_DAYS,
  addDays,
  assessmentDueDate,
  classifyDue,
  dueBounds,
  firstContactDueAt,
  planReviewDate,
  startOfTashkentDay,
  tashkentDate,
} from './deadlines.ts';

describe('days in Tashkent', () => {
  it('starts a day at 19:00 UTC of the day before', () => {
    expect(startOfTashkentDay('2026-03-11').toISOString()).toBe('2026-03-10T19:00:00.000Z');
    expect(tashkentDate('2026-03-10T18:59:59Z')).toBe('2026-03-10');
    expect(tashkentDate('2026-03-10T19:00:00Z')).toBe('2026-03-11');
    expect(tashkentDate(new Date('2026-12-31T19:30:00Z'))).toBe('2027-01-01');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-01-28', 7)).toBe('2026-02-04');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('refuses what is not a moment', () => {
    expect(() => tashkentDate('yesterday')).toThrow(RangeError);
  });
});

describe('deadlines', () => {
  it('makes the assessment due sooner the more urgent the case', () => {
    expect(ASSESSMENT_DUE_DAYS.routine).toBe(7);
    expect(ASSESSMENT_DUE_DAYS.urgent).toBeLessThan(ASSESSMENT_DUE_DAYS.routine);
    expect(ASSESSMENT_DUE_DAYS.emergency).toBeLessThan(ASSESSMENT_DUE_DAYS.urgent);
    expect(assessmentDueDate('2026-03-10T06:00:00Z')).toBe('2026-03-17');
    expect(assessmentDueDate('2026-03-10T06:00:00Z', 'urgent')).toBe('2026-03-13');
    expect(assessmentDueDate('2026-03-10T06:00:00Z', 'emergency')).toBe('2026-03-11');
  });

  it('counts the assessment from the day the case was opened in Tashkent, not in UTC', () => {
    // 00:30 on 11 March in Tashkent, still 10 March in UTC.
    expect(assessmentDueDate('2026-03-10T19:30:00Z')).toBe('2026-03-18');
    expect(assessmentDueDate('2026-03-10T18:30:00Z')).toBe('2026-03-17');
  });

  it('wants first contact within 24 hours at critical risk', () => {
    expect(firstContactDueAt('2026-03-10T21:15:00Z', 'critical')).toBe('2026-03-11T21:15:00.000Z');
    expect(firstContactDueAt(new Date('2026-03-10T21:15:00Z'), 'high')).toBe('2026-03-13T21:15:00.000Z');
    expect(firstContactDueAt('2026-03-10T21:15:00Z', 'low')).toBeNull();
  });

  it('reviews a plan sooner the higher the risk', () => {
    expect(planReviewDate('2026-03-10T10:00:00Z', 'critical')).toBe('2026-04-09');
    expect(planReviewDate('2026-03-10T10:00:00Z', 'low')).toBe('2026-09-06');
    expect(planReviewDate('2026-03-10T19:00:00Z', 'medium')).toBe(addDays('2026-03-11', 90));
  });
});

describe('classifying what is due', () => {
  it('turns a due date into "today" at midnight in Tashkent', () => {
    expect(classifyDue('2026-03-11', '2026-03-10T18:59:59Z')).toBe('upcoming');
    expect(classifyDue('2026-03-11', '2026-03-10T19:00:00Z')).toBe('today');
    expect(classifyDue('2026-03-11', '2026-03-11T18:59:59Z')).toBe('today');
    expect(classifyDue('2026-03-11', '2026-03-11T19:00:00Z')).toBe('overdue');
  });

  it('makes a due moment overdue as soon as it passes', () => {
    const dueAt = '2026-03-10T12:00:00Z';
    expect(classifyDue(dueAt, '2026-03-10T11:59:59Z')).toBe('today');
    expect(classifyDue(dueAt, '2026-03-10T12:00:00Z')).toBe('overdue');
    expect(classifyDue(new Date(dueAt), new Date('2026-03-09T18:59:59Z'))).toBe('upcoming');
  });

  it('puts a moment just after midnight in Tashkent on the next day, though UTC calls it the same day', () => {
    const now = '2026-03-10T10:00:00Z';
    expect(classifyDue('2026-03-10T18:30:00Z', now)).toBe('today');
    expect(classifyDue('2026-03-10T19:30:00Z', now)).toBe('upcoming');
  });

  it('gives a query the same bounds', () => {
    const now = '2026-03-10T20:00:00Z';
    expect(dueBounds(now)).toEqual({ now: '2026-03-10T20:00:00.000Z', today: '2026-03-11', endOfToday: '2026-03-11T19:00:00.000Z' });
    const { endOfToday } = dueBounds(now);
    expect(classifyDue(new Date(Date.parse(endOfToday) - 1), now)).toBe('today');
    expect(classifyDue(endOfToday, now)).toBe('upcoming');
  });
});
