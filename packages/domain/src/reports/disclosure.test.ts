import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastCompleteMonthEnd, NOISE_SPREAD, perturbCount, wholeMonths } from './disclosure.ts';

describe('periods for aggregate-only readers', () => {
  it('widens a period to whole months and stops at the end of the last complete month', () => {
    const today = '2026-11-10';
    expect(wholeMonths({ from: '2026-01-01', to: '2026-11-03' }, today)).toEqual({ from: '2026-01-01', to: '2026-10-31' });
    expect(wholeMonths({ from: '2026-01-01', to: '2026-11-04' }, today)).toEqual({ from: '2026-01-01', to: '2026-10-31' });
    expect(wholeMonths({ from: '2026-02-15', to: '2026-06-02' }, today)).toEqual({ from: '2026-02-01', to: '2026-06-30' });
    expect(wholeMonths({ from: '2024-02-03', to: '2024-02-03' }, today)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    // Wholly in the running month: the last complete one instead.
    expect(wholeMonths({ from: '2026-11-02', to: '2026-11-09' }, today)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(lastCompleteMonthEnd('2027-01-05')).toBe('2026-12-31');
  });

  it('gives every day of a month the same period, so periods a day apart cannot be told apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 27 }), fc.integer({ min: 1, max: 12 }), (day, month) => {
        const to = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const next = `2025-${String(month).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
        expect(wholeMonths({ from: '2025-01-01', to }, '2026-03-01')).toEqual(wholeMonths({ from: '2025-01-01', to: next }, '2026-03-01'));
      }),
    );
  });
});

describe('perturbed counts', () => {
  it('keeps zero, never turns a count into zero, and moves it by at most the spread, each way as often', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.nat({ max: 2 ** 32 - 1 }), (count, draw) => {
        const shown = perturbCount(count, draw);
        if (count === 0) expect(shown).toBe(0);
        else {
          expect(shown).toBeGreaterThanOrEqual(1);
          expect(Math.abs(shown - count)).toBeLessThanOrEqual(NOISE_SPREAD);
        }
      }),
    );
    const noises = Array.from({ length: 5 }, (_, draw) => perturbCount(100, draw) - 100);
    expect(noises.sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });
});
