import { describe, expect, it } from 'vitest';
import { birthFacts, isCalendarDate, todayInUzbekistan } from './birth.ts';

describe('birth dates', () => {
  it('counts days in Uzbekistan’s time zone (UTC+5), not in UTC', () => {
    expect(todayInUzbekistan(new Date('2026-01-01T18:59:00Z'))).toBe('2026-01-01');
    expect(todayInUzbekistan(new Date('2026-01-01T19:00:00Z'))).toBe('2026-01-02');
  });

  it('knows real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-13-01')).toBe(false);
    expect(isCalendarDate('2023-1-01')).toBe(false);
    expect(isCalendarDate('14.03.1990')).toBe(false);
  });

  it('gives every form of birth date a year', () => {
    expect(birthFacts({ birthDate: '2015-04-02' })).toEqual({
      birthDate: '2015-04-02',
      birthYear: 2015,
      precision: 'exact',
      ageStated: null,
    });
    expect(birthFacts({ birthYear: 2012 })).toEqual({ birthDate: null, birthYear: 2012, precision: 'year', ageStated: null });
    expect(birthFacts({ ageStated: { years: 7, on: '2026-03-01' } })).toEqual({
      birthDate: null,
      birthYear: 2019,
      precision: 'age',
      ageStated: { years: 7, on: '2026-03-01' },
    });
    expect(birthFacts({})).toEqual({ birthDate: null, birthYear: null, precision: null, ageStated: null });
  });
});
