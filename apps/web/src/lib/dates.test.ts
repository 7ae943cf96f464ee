import { describe, expect, it } from 'vitest';
import { formatDate } from './dates.ts';

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
