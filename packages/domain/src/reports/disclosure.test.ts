import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellNoise, isStock, lastCompleteMonthEnd, monthBefore, NOISE_SPREAD, perturbCount, wholeMonths } from './disclosure.ts';

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
  it('keeps zero, never turns a count into zero, and moves it by at most the spread', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: -NOISE_SPREAD, max: NOISE_SPREAD }), (count, noise) => {
        const shown = perturbCount(count, noise);
        if (count === 0) expect(shown).toBe(0);
        else {
          expect(shown).toBeGreaterThanOrEqual(1);
          expect(Math.abs(shown - count)).toBeLessThanOrEqual(NOISE_SPREAD);
        }
      }),
    );
  });

  /** A stand-in for the keyed hash: any fixed function of the name will do for these properties. */
  const draw = (seed: number) => (name: string) => {
    let h = seed >>> 0;
    for (const char of name) h = Math.imul(h ^ char.charCodeAt(0), 2654435761) >>> 0;
    return h;
  };
  const month = fc.integer({ min: 0, max: 35 }).map((n) => `${2024 + Math.floor(n / 12)}-${String(1 + (n % 12)).padStart(2, '0')}`);

  it('isolates a month by subtracting two periods only ever with that month’s one noise, whatever the start', () => {
    fc.assert(
      fc.property(fc.nat(), month, month, month, (seed, a, b, target) => {
        const noise = (first: string, last: string) =>
          cellNoise(draw(seed), { identity: 'caseload|closed|1722210|', first, last, stock: false });
        const startOf = (m: string) => (m < target ? m : '2023-06');
        const [start1, start2] = [startOf(a), startOf(b)];
        const previous = monthBefore(target);
        // (start…target) − (start…month before): the same for every start, and the month's own cell's.
        const isolated = (start: string) => noise(start, target) - noise(start, previous);
        expect(isolated(start1)).toBe(isolated(start2));
        expect(isolated(start1)).toBe(noise(target, target));
        expect(Math.abs(noise(start1, target))).toBeLessThanOrEqual(NOISE_SPREAD);
      }),
    );
  });

  it('draws the noises evenly', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const noise = cellNoise(draw(7), { identity: `cell${i}`, first: '2026-01', last: '2026-06', stock: true });
      counts.set(noise, (counts.get(noise) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
    expect(isStock('caseload', 'open')).toBe(true);
    expect(isStock('caseload', 'closed')).toBe(false);
  });
});
