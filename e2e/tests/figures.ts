import { expect, type Locator, type Page } from '@playwright/test';
import { type Translate, ui } from './helpers.ts';

/** Helpers of the dashboard and report tests: what the server answered, written as the screen writes it. */

export type Cell = number | '<5' | 'x' | null;
export type Table = {
  columns: { key: string; label: string; kind: 'count' | 'days' }[];
  rows: { key: string; label: string; cells: Record<string, Cell> }[];
  totals: Record<string, Cell> | null;
  drillDown: string | null;
  suppressed: boolean;
};

/** The signed-in user's interface texts, in the language saved on their account. */
export async function signedInTexts(page: Page): Promise<{ t: Translate; locale: string }> {
  const me = (await (await page.request.get('/api/me')).json()) as { locale: string };
  return { t: ui(me.locale), locale: me.locale };
}

export async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

/** A figure as the screen shows it: numbers in the language's way, "<5" and "x" as they are, "—" for none. */
export function cellText(value: Cell | undefined, locale: string, kind: 'count' | 'days' = 'count'): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: kind === 'days' ? 1 : 0 }).format(value);
}

/** Spaces in numbers differ between ICU builds (no-break, narrow no-break): compare without them. */
export const compact = (texts: string[]) => texts.map((text) => text.replace(/\s/g, ''));

/** Every row of a report table on screen matches the server's reply, cell by cell, and so does the totals row. */
export async function expectTableMatches(table: Locator, reply: Table, locale: string): Promise<void> {
  for (const row of reply.rows) {
    const line = table.locator(`tr[data-row="${row.key}"]`);
    await expect(line.locator('th')).toHaveText(row.label);
    const expected = reply.columns.map((column) => cellText(row.cells[column.key], locale, column.kind));
    expect(compact(await line.locator('td').allTextContents())).toEqual(compact(expected));
  }
  await expect(table.locator('tbody tr[data-row]')).toHaveCount(reply.rows.length);
  if (reply.totals) {
    const totals = reply.totals;
    const expected = reply.columns.map((column) => cellText(totals[column.key], locale, column.kind));
    expect(compact(await table.locator('tr[data-row="totals"] td').allTextContents())).toEqual(compact(expected));
  }
}

/** Switches a dashboard figure to its table view and returns the table. */
export async function tableOf(page: Page, t: Translate, figure: string, testId: string): Promise<Locator> {
  const card = page.locator(`[data-figure="${figure}"]`);
  const toggle = card.getByRole('button', { name: t('dashboards.table'), exact: true });
  if (await toggle.count()) await toggle.click();
  const table = card.getByTestId(testId);
  await expect(table).toBeVisible();
  return table;
}

/** Whether any cell of a reply (rows or totals) is the given mark. */
export const hasCell = (table: Table, mark: Cell) =>
  table.rows.some((row) => Object.values(row.cells).includes(mark)) || Object.values(table.totals ?? {}).includes(mark);

/** The page fits a phone's width: nothing scrolls sideways except tables in their own scroll box. */
export async function expectFitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}
