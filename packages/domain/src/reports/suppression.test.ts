import { describe, expect, it } from 'vitest';
import { type CountCell, SMALL_CELL, type SuppressionInput, suppressTable, unsuppressedTable, WITHHELD_CELL } from './suppression.ts';

/** The published table extended by its margins, as a reader sees it. */
function published(input: SuppressionInput) {
  const out = suppressTable(input);
  const grid: CountCell[][] = out.cells.map((row, i) => [...row, ...(out.rowTotals ? [out.rowTotals[i] as CountCell] : [])]);
  if (out.columnTotals) grid.push([...out.columnTotals, ...(out.grandTotal !== null ? [out.grandTotal] : [])]);
  return { out, grid };
}

/** The true extended table. */
function truth(input: SuppressionInput): number[][] {
  const plain = unsuppressedTable(input);
  const grid = plain.cells.map((row, i) => [...row, ...(plain.rowTotals ? [plain.rowTotals[i] as CountCell] : [])]);
  if (plain.columnTotals) grid.push([...plain.columnTotals, ...(plain.grandTotal !== null ? [plain.grandTotal] : [])]);
  return grid.map((row) => row.map(Number));
}

/**
 * An attacker: every value of the hidden cell consistent with what is shown ("<5" is 1–4, "x" any count up
 * to the sum of the whole table), by exhaustive search with the row and column sums as constraints.
 */
function possibleValues(input: SuppressionInput, grid: CountCell[][], target: [number, number], stopAfter = 2): Set<number> {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const cap = truth(input)
    .flat()
    .reduce((a, b) => a + b, 0);
  const lines: [number, number][][] = [];
  const rowRelations = input.partition;
  const colRelations = input.totals;
  const sign = (i: number, j: number) => (colRelations && i === rows - 1 ? -1 : 1) * (rowRelations && j === cols - 1 ? -1 : 1);
  if (rowRelations) for (let i = 0; i < rows; i++) lines.push(Array.from({ length: cols }, (_, j) => [i, j]));
  if (colRelations) for (let j = 0; j < cols; j++) lines.push(Array.from({ length: rows }, (_, i) => [i, j]));
  const range = (cell: CountCell): [number, number] => (cell === SMALL_CELL ? [1, 4] : cell === WITHHELD_CELL ? [0, cap] : [cell, cell]);
  const hidden: [number, number][] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (typeof grid[i]?.[j] === 'string') hidden.push([i, j]);
  // Narrow each hidden cell's range by what its lines allow, until nothing changes.
  const bounds = new Map<string, [number, number]>();
  for (const [i, j] of hidden) bounds.set(`${i},${j}`, range(grid[i]?.[j] as CountCell));
  const boundOf = (i: number, j: number): [number, number] => bounds.get(`${i},${j}`) ?? range(grid[i]?.[j] as CountCell);
  for (let round = 0, changed = true; changed && round < 200; round++) {
    changed = false;
    for (const line of lines) {
      for (const [i, j] of line) {
        if (!bounds.has(`${i},${j}`)) continue;
        // s·v = −Σ others s·u
        let lo = 0;
        let hi = 0;
        for (const [a, b] of line) {
          if (a === i && b === j) continue;
          const [x, y] = boundOf(a, b);
          const s = sign(a, b);
          lo += s > 0 ? x : -y;
          hi += s > 0 ? y : -x;
        }
        const s = sign(i, j);
        const [vlo, vhi] = s > 0 ? [-hi, -lo] : [lo, hi];
        const [cur0, cur1] = boundOf(i, j);
        const next: [number, number] = [Math.max(cur0, vlo), Math.min(cur1, vhi)];
        if (next[0] !== cur0 || next[1] !== cur1) {
          bounds.set(`${i},${j}`, next);
          changed = true;
        }
      }
    }
  }
  const found = new Set<number>();
  const assigned = new Map<string, number>();
  const assignedAt = (i: number, j: number) => assigned.get(`${i},${j}`);
  const feasible = () =>
    lines.every((line) => {
      let lo = 0;
      let hi = 0;
      for (const [i, j] of line) {
        const s = sign(i, j);
        const v = assignedAt(i, j);
        const [a, b] = v !== undefined ? [v, v] : boundOf(i, j);
        lo += s > 0 ? a : -b;
        hi += s > 0 ? b : -a;
      }
      return lo <= 0 && hi >= 0;
    });
  const search = (k: number): void => {
    if (found.size >= stopAfter) return;
    if (k === hidden.length) {
      found.add(assignedAt(...target) as number);
      return;
    }
    const [i, j] = hidden[k] as [number, number];
    const [a, b] = boundOf(i, j);
    for (let v = a; v <= b && found.size < stopAfter; v++) {
      assigned.set(`${i},${j}`, v);
      if (feasible()) search(k + 1);
      assigned.delete(`${i},${j}`);
    }
  };
  // Put the target first so that each of its values is tried with a full search behind it.
  hidden.sort(([a, b], [c, d]) => Number(c === target[0] && d === target[1]) - Number(a === target[0] && b === target[1]));
  search(0);
  return found;
}

/** A small deterministic random source, so the property test is repeatable. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('suppressTable', () => {
  it('hides counts of 1 to 4 as "<5" and keeps zeros and larger counts', () => {
    const { out } = published({ values: [[0, 3, 12]], partition: false, totals: false });
    expect(out.cells).toEqual([[0, SMALL_CELL, 12]]);
    expect(out.suppressed).toBe(true);
  });

  it('shows everything when no count is small', () => {
    const out = suppressTable({
      values: [
        [10, 20],
        [5, 7],
      ],
      partition: true,
      totals: true,
    });
    expect(out).toEqual({
      cells: [
        [10, 20],
        [5, 7],
      ],
      rowTotals: [30, 12],
      columnTotals: [15, 27],
      grandTotal: 42,
      suppressed: false,
    });
  });

  it('withholds a second cell of a row whose total is shown, so the small one cannot be subtracted out', () => {
    const out = suppressTable({ values: [[3, 40, 10]], partition: true, totals: false });
    expect(out.cells[0]?.[0]).toBe(SMALL_CELL);
    // The smallest other cell of the row goes with it; the row total stays.
    expect(out.cells[0]).toEqual([SMALL_CELL, 40, WITHHELD_CELL]);
    expect(out.rowTotals).toEqual([53]);
  });

  it('withholds within columns when only column totals are shown', () => {
    const out = suppressTable({ values: [[2], [30], [9]], partition: false, totals: true });
    expect(out.cells.map((row) => row[0])).toEqual([SMALL_CELL, 30, WITHHELD_CELL]);
    expect(out.columnTotals).toEqual([41]);
  });

  it('hides a small total too, and what would give it away', () => {
    const out = suppressTable({
      values: [
        [1, 2],
        [20, 30],
      ],
      partition: true,
      totals: true,
    });
    expect(out.rowTotals?.[0]).toBe(SMALL_CELL);
    for (const [i, j] of [
      [0, 0],
      [0, 1],
    ] as const)
      expect(out.cells[i]?.[j]).toBe(SMALL_CELL);
  });

  it('does not rely on zero cells alone to protect a small one', () => {
    const values = [
      [3, 0, 0],
      [0, 0, 0],
      [0, 0, 50],
    ];
    const input = { values, partition: true, totals: true };
    const { grid } = published(input);
    expect(possibleValues(input, grid, [0, 0]).size).toBeGreaterThan(1);
  });

  it('never lets a "<5" be worked out from the totals (random tables, exhaustive check)', () => {
    const next = random(7);
    let checked = 0;
    for (let n = 0; n < 120; n++) {
      const rows = 2 + Math.floor(next() * 3);
      const cols = 2 + Math.floor(next() * 3);
      const values = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (next() < 0.35 ? Math.floor(next() * 5) : Math.floor(next() * 15))),
      );
      const input: SuppressionInput = { values, partition: next() < 0.7, totals: next() < 0.8 };
      const { out, grid } = published(input);
      const real = truth(input);
      for (const [i, row] of grid.entries()) {
        for (const [j, cell] of row.entries()) {
          const value = real[i]?.[j] as number;
          if (typeof cell === 'number') {
            expect(cell).toBe(value);
            expect(cell === 0 || cell >= 5).toBe(true);
          }
          if (cell === SMALL_CELL) {
            expect(value).toBeGreaterThan(0);
            expect(value).toBeLessThan(5);
            if (input.partition || input.totals) {
              const values = possibleValues(input, grid, [i, j]);
              expect(values.size, JSON.stringify({ input, grid, i, j })).toBeGreaterThan(1);
              checked++;
            }
          }
        }
      }
      expect(out.suppressed).toBe(grid.flat().some((cell) => typeof cell === 'string'));
    }
    expect(checked).toBeGreaterThan(50);
  }, 60_000);
});

describe('unsuppressedTable', () => {
  it('adds the margins and hides nothing', () => {
    expect(unsuppressedTable({ values: [[1, 2]], partition: true, totals: true })).toEqual({
      cells: [[1, 2]],
      rowTotals: [3],
      columnTotals: [1, 2],
      grandTotal: 3,
      suppressed: false,
    });
  });
});
