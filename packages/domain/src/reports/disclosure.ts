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
 *    column, who is counted, period, organisation), as statistics offices do ("cell key" perturbation):
 *    the same cell always gets the same noise, so asking again reveals nothing, and two different cells
 *    get unrelated noises, so the difference of two answers is no longer the count that changed. Totals
 *    are the sums of the perturbed cells, so every table still adds up; small counts are then hidden as before.
 */

/** The largest noise added to or taken from a count. */
export const NOISE_SPREAD = 2;

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
 * A count with its noise: `draw` is a uniform 32-bit number from the cell's keyed hash. Zero stays zero
 * (nothing to hide, and an empty cell must stay empty); any other count moves by at most NOISE_SPREAD and
 * never below one, so that a count never turns into "none".
 */
export function perturbCount(count: number, draw: number): number {
  if (count <= 0) return 0;
  const noise = (draw % (2 * NOISE_SPREAD + 1)) - NOISE_SPREAD;
  return Math.max(1, count + noise);
}
