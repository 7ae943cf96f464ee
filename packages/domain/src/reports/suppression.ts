/**
 * Small-cell suppression for tables of counts shown to aggregate-only readers.
 *
 * A count of 1–4 families is shown as "<5" (primary suppression). Published totals tie cells together: a
 * row total is the sum of its cells, a column total the sum of its column. A single hidden cell in such a
 * line could be worked out by subtraction, and so could two hidden cells whose only consistent values are
 * fixed by other lines; so further cells are withheld ("x", secondary suppression) until every small cell
 * can take at least one other value consistent with everything published.
 *
 * The table is seen extended by its margins: rows × columns of cells, a `total` column when the columns
 * split one whole (`partition`), and a totals row when column totals are shown (`totals`). Each extended
 * row (when partitioned) and each extended column (when totalled) is a relation "the cells sum to the
 * margin". A change of the hidden cells that keeps every relation is a cycle of +d/−d through them; a
 * small cell is protected when such a cycle moves it while every hidden cell stays within what the reader
 * knows of it (a "<5" is 1–4, an "x" is any count).
 */

/** The threshold: counts below it (and above zero) are small. */
export const SUPPRESSION_THRESHOLD = 5;
/** How a small count is shown. */
export const SMALL_CELL = '<5';
/** How a count withheld to protect a small one is shown. */
export const WITHHELD_CELL = 'x';

export type CountCell = number | typeof SMALL_CELL | typeof WITHHELD_CELL;

export type SuppressionInput = {
  /** Counts, rows × columns, non-negative integers. */
  values: readonly (readonly number[])[];
  /** The columns split one whole: each row's total is published. */
  partition: boolean;
  /** Column totals are published (with the grand total when partitioned). */
  totals: boolean;
  threshold?: number;
};

export type SuppressedTable = {
  cells: CountCell[][];
  /** Each row's total (partitioned tables), else null. */
  rowTotals: CountCell[] | null;
  /** Each column's total, else null. */
  columnTotals: CountCell[] | null;
  /** The sum of everything, when both margins are shown. */
  grandTotal: CountCell | null;
  /** Whether anything was hidden. */
  suppressed: boolean;
};

type Mark = 'shown' | 'small' | 'withheld';

/** The extended table: cells plus margins, with what is hidden, and the relations between them. */
class Grid {
  readonly rows: number;
  readonly cols: number;
  readonly value: number[][];
  readonly mark: Mark[][];
  constructor(
    values: readonly (readonly number[])[],
    readonly width: number,
    readonly partition: boolean,
    readonly totals: boolean,
    readonly threshold: number,
  ) {
    const body = values.map((row) => [...row, ...(partition ? [row.reduce((a, b) => a + b, 0)] : [])]);
    if (totals) {
      const cols = width + (partition ? 1 : 0);
      body.push(Array.from({ length: cols }, (_, j) => body.reduce((sum, row) => sum + (row[j] ?? 0), 0)));
    }
    this.value = body;
    this.rows = body.length;
    this.cols = width + (partition ? 1 : 0);
    this.mark = body.map((row) => row.map((v) => (v > 0 && v < threshold ? 'small' : 'shown')));
  }
  hidden(i: number, j: number): boolean {
    return this.mark[i]?.[j] !== 'shown';
  }
  /** Margin cells (row totals, the totals row) are the last column / row when present. */
  isMargin(i: number, j: number): boolean {
    return (this.partition && j === this.cols - 1) || (this.totals && i === this.rows - 1);
  }
  /** Sign turning a cell into the form where every relation reads "sums to zero": margins count negatively. */
  sign(i: number, j: number): number {
    const rowSign = this.totals && i === this.rows - 1 ? -1 : 1;
    const colSign = this.partition && j === this.cols - 1 ? -1 : 1;
    return rowSign * colSign;
  }
  /** Every relation, as the cells it ties together. */
  lines(): [number, number][][] {
    const lines: [number, number][][] = [];
    if (this.partition) for (let i = 0; i < this.rows; i++) lines.push(Array.from({ length: this.cols }, (_, j) => [i, j]));
    if (this.totals) for (let j = 0; j < this.cols; j++) lines.push(Array.from({ length: this.rows }, (_, i) => [i, j]));
    return lines;
  }
  /** Whether a hidden cell may change by `delta` and stay within what the reader knows of it. */
  canMove(i: number, j: number, delta: number): boolean {
    const next = (this.value[i]?.[j] ?? 0) + delta;
    if (this.mark[i]?.[j] === 'small') return next >= 1 && next < this.threshold;
    return next >= 0;
  }
}

/**
 * Whether the hidden cell (i, j) can take another value: a cycle of hidden cells through it, alternating
 * +d and −d in the signed form, that keeps every hidden cell within its known range for d = +1 or −1.
 */
function isProtected(grid: Grid, i: number, j: number): boolean {
  if (!grid.partition && !grid.totals) return true;
  for (const d of [1, -1]) {
    if (!grid.canMove(i, j, d * grid.sign(i, j))) continue;
    if (!grid.partition || !grid.totals) {
      // One kind of relation only: a second hidden cell in the same line balances the change.
      const partners: [number, number][] = grid.partition
        ? Array.from({ length: grid.cols }, (_, k): [number, number] => [i, k]).filter(([, k]) => k !== j)
        : Array.from({ length: grid.rows }, (_, k): [number, number] => [k, j]).filter(([k]) => k !== i);
      if (partners.some(([a, b]) => grid.hidden(a, b) && grid.canMove(a, b, -d * grid.sign(a, b)))) return true;
      continue;
    }
    if (cycleThrough(grid, i, j, d)) return true;
  }
  return false;
}

/** Depth-first search for an alternating cycle of hidden cells from column j back to row i. */
function cycleThrough(grid: Grid, i: number, j: number, d: number): boolean {
  const usedRows = new Set([i]);
  const usedCols = new Set([j]);
  let budget = 20_000;
  // From a column, a hidden cell of another row takes the opposite change; from that row, a cell of another
  // column takes the change again; the cycle closes when a column leads back to row i.
  const fromColumn = (col: number, delta: number): boolean => {
    for (let r = 0; r < grid.rows; r++) {
      if (budget-- <= 0) return false;
      if (usedRows.has(r) || !grid.hidden(r, col) || !grid.canMove(r, col, delta * grid.sign(r, col))) continue;
      usedRows.add(r);
      if (fromRow(r, -delta)) return true;
      usedRows.delete(r);
    }
    return false;
  };
  const fromRow = (row: number, delta: number): boolean => {
    for (let c = 0; c < grid.cols; c++) {
      if (budget-- <= 0) return false;
      if (usedCols.has(c) || !grid.hidden(row, c) || !grid.canMove(row, c, delta * grid.sign(row, c))) continue;
      // Column c closes the cycle when its cell in row i can take the opposite change.
      if (grid.hidden(i, c) && grid.canMove(i, c, -delta * grid.sign(i, c))) return true;
      usedCols.add(c);
      if (fromColumn(c, -delta)) return true;
      usedCols.delete(c);
    }
    return false;
  };
  return fromColumn(j, -d);
}

/** The cell to withhold so that a line no longer has a lone hidden cell: the smallest non-zero inner cell first. */
function complementIn(grid: Grid, line: readonly [number, number][]): [number, number] | null {
  const candidates = line.filter(([i, j]) => !grid.hidden(i, j));
  const rank = ([i, j]: [number, number]) => {
    const v = grid.value[i]?.[j] ?? 0;
    return [v === 0 ? 1 : 0, grid.isMargin(i, j) ? 1 : 0, v] as const;
  };
  candidates.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return candidates[0] ?? null;
}

/** Hides small counts and enough others that no small count can be worked out from what is shown. */
export function suppressTable(input: SuppressionInput): SuppressedTable {
  const width = input.values[0]?.length ?? 0;
  const grid = new Grid(input.values, width, input.partition, input.totals, input.threshold ?? SUPPRESSION_THRESHOLD);
  const lines = grid.lines();
  for (let guard = 0; guard < grid.rows * grid.cols + 1; guard++) {
    let changed = false;
    for (const line of lines) {
      const hidden = line.filter(([i, j]) => grid.hidden(i, j)).length;
      if (hidden !== 1) continue;
      const pick = complementIn(grid, line);
      if (!pick) continue;
      grid.mark[pick[0]]![pick[1]] = 'withheld';
      changed = true;
    }
    if (changed) continue;
    // Every line now has none or several hidden cells; check each small cell can really move.
    for (let i = 0; i < grid.rows && !changed; i++) {
      for (let j = 0; j < grid.cols && !changed; j++) {
        if (grid.mark[i]?.[j] !== 'small' || isProtected(grid, i, j)) continue;
        const own = lines.filter((line) => line.some(([a, b]) => a === i && b === j));
        for (const line of own) {
          const pick = complementIn(grid, line);
          if (!pick) continue;
          grid.mark[pick[0]]![pick[1]] = 'withheld';
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
  const show = (i: number, j: number): CountCell => {
    const mark = grid.mark[i]?.[j];
    if (mark === 'small') return SMALL_CELL;
    if (mark === 'withheld') return WITHHELD_CELL;
    return grid.value[i]?.[j] ?? 0;
  };
  const bodyRows = input.values.length;
  const cells = input.values.map((row, i) => row.map((_, j) => show(i, j)));
  const rowTotals = input.partition ? input.values.map((_, i) => show(i, width)) : null;
  const columnTotals = input.totals ? Array.from({ length: width }, (_, j) => show(bodyRows, j)) : null;
  const grandTotal = input.partition && input.totals ? show(bodyRows, width) : null;
  const suppressed = grid.mark.some((row) => row.some((mark) => mark !== 'shown'));
  return { cells, rowTotals, columnTotals, grandTotal, suppressed };
}

/** Every cell shown as it is: the same shape, for readers who see case records anyway. */
export function unsuppressedTable(input: SuppressionInput): SuppressedTable {
  const width = input.values[0]?.length ?? 0;
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const columnTotals = input.totals ? Array.from({ length: width }, (_, j) => sum(input.values.map((row) => row[j] ?? 0))) : null;
  return {
    cells: input.values.map((row) => [...row]),
    rowTotals: input.partition ? input.values.map(sum) : null,
    columnTotals,
    grandTotal: input.partition && columnTotals ? sum(columnTotals) : null,
    suppressed: false,
  };
}
