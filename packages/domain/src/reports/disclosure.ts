/**
 * What aggregate-only readers (analysts, managers) may be shown, whichever table they ask for. Hiding
 * small counts in one table is not enough: two answers for periods a day apart, or a district's row beside
 * the totals of its mahallas, differ by exactly the case closed that day. So every figure they get passes
 * through two rules, applied in one place on the server (docs/reports.md, "Differencing"):
 *
 * 1. Whole months only, and only months that are over: a period runs from the first day of its first
 *    month to the last day of its last month, at most to the end of the month before the current one.
 *    No two questions differ by a day, and the same question asked tomorrow gets the same answer.
 * 2. Every count is perturbed by a small noise drawn from a keyed hash of the cell's identity (report,
 *    column, who is counted, organisation, months), as statistics offices do ("cell key" perturbation):
 *    the same cell always gets the same noise, so asking again reveals nothing, and the difference of two
 *    answers is no longer the count that changed (`cellNoise`). Totals are the sums of the perturbed
 *    cells, so every table still adds up; small counts are then hidden as before.
 */

export type WholePeriod = { from: string; to: string };

const pad = (n: number) => String(n).padStart(2, '0');
/** The last day of a month, `YYYY-MM-DD`. */
function endOfMonth(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

/** The last complete month before `today`: its last day. */
export function lastCompleteMonthEnd(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month === 1 ? endOfMonth(year - 1, 12) : endOfMonth(year, month - 1);
}

/**
 * A period widened to whole calendar months and cut at the end of the last complete month. A period lying
 * wholly in the current month becomes the last complete month.
 */
export function wholeMonths(period: WholePeriod, today: string): WholePeriod {
  const [toYear, toMonth] = period.to.split('-').map(Number) as [number, number];
  const limit = lastCompleteMonthEnd(today);
  const wanted = endOfMonth(toYear, toMonth);
  const to = wanted < limit ? wanted : limit;
  const from = `${period.from.slice(0, 7)}-01`;
  return { from: from <= to ? from : `${to.slice(0, 7)}-01`, to };
}

/**
 * How far each draw moves a count: a count over a period (cases opened, closed, referrals sent…) is a
 * difference of two running totals, each perturbed by −1..+1 at its month's end, so it moves by −2..+2;
 * a count at the end of a period (cases open, by risk…) is perturbed by −2..+2 at that month's end.
 */
export const BOUNDARY_SPREAD = 1;
export const STOCK_SPREAD = 2;
/** The largest noise a published count carries. */
export const NOISE_SPREAD = 2;

/** A noise of −spread..+spread from a uniform 32-bit draw. */
export const noiseFrom = (draw: number, spread: number) => (draw % (2 * spread + 1)) - spread;

/** The month before `YYYY-MM`. */
export function monthBefore(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${pad(m - 1)}`;
}

/** Figures taken at the end of the period rather than counted over it. */
export function isStock(report: string, column: string): boolean {
  return report === 'risk' || report === 'migration' || report === 'workforce' || (report === 'caseload' && column === 'open');
}

/**
 * The noise of a cell. `identity` names what is counted without the period (report, column, whom,
 * organisation); `first` and `last` are the period's months (`YYYY-MM`). A count over the period gets
 * the noise of the running total at the end of its last month minus that at the end of the month before
 * its first: so every way of subtracting two periods to isolate a month (January–November minus
 * January–October, February–November minus February–October…) carries that month's same noise, and
 * asking with many different starts averages nothing away. `draw` is the keyed hash of a name.
 */
export function cellNoise(draw: (name: string) => number, cell: { identity: string; first: string; last: string; stock: boolean }): number {
  if (cell.stock) return noiseFrom(draw(`${cell.identity}|at|${cell.last}`), STOCK_SPREAD);
  const runningTotal = (month: string) => noiseFrom(draw(`${cell.identity}|to|${month}`), BOUNDARY_SPREAD);
  return runningTotal(cell.last) - runningTotal(monthBefore(cell.first));
}

/**
 * A count with its noise. Zero stays zero (nothing to hide, and an empty cell must stay empty); any other
 * count never falls below one, so that a count never turns into "none".
 */
export function perturbCount(count: number, noise: number): number {
  if (count <= 0) return 0;
  return Math.max(1, count + noise);
}
