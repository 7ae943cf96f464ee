import { describe, expect, it } from 'vitest';
import { formatDate, formatIsoDate, maskDayMonthYear, parseDayMonthYear, yearsBetween } from './dates.ts';

describe('formatDate', () => {
  it('writes DD.MM.YYYY', () => {
    expect(formatDate('2026-11-23T10:00:00Z')).toBe('23.11.2026');
  });

  it('uses Tashkent time, five hours ahead of UTC', () => {
    expect(formatDate('2026-12-31T20:30:00Z')).toBe('01.01.2027');
  });

  it('gives nothing for a value that is not a date', () => {
    expect(formatDate('not a date')).toBe('');
  });
});

describe('dates typed as DD.MM.YYYY', () => {
  it('reads calendar days only', () => {
    expect(parseDayMonthYear('12.06.1989')).toBe('1989-06-12');
    expect(parseDayMonthYear(' 1.6.1989 ')).toBe('1989-06-01');
    expect(parseDayMonthYear('1989-06-12')).toBe('1989-06-12');
    expect(parseDayMonthYear('30.02.2020')).toBeNull();
    expect(parseDayMonthYear('12/06/1989')).toBeNull();
    expect(parseDayMonthYear('')).toBeNull();
  });

  it('writes ISO dates back as DD.MM.YYYY', () => {
    expect(formatIsoDate('2024-03-10')).toBe('10.03.2024');
    expect(formatIsoDate(null)).toBe('');
  });

  it('puts in the dots while digits are typed', () => {
    expect(maskDayMonthYear('1')).toBe('1');
    expect(maskDayMonthYear('120')).toBe('12.0');
    expect(maskDayMonthYear('12061989')).toBe('12.06.1989');
    expect(maskDayMonthYear('12.06.19891')).toBe('12.06.1989');
    expect(maskDayMonthYear('12.')).toBe('12.');
    expect(maskDayMonthYear('1.6.1989')).toBe('1.6.1989');
    expect(maskDayMonthYear('12.061')).toBe('12.06.1');
  });

  it('counts full years', () => {
    expect(yearsBetween('2011-09-01', '2026-08-31')).toBe(14);
    expect(yearsBetween('2011-09-01', '2026-09-01')).toBe(15);
  });
});
