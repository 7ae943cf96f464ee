import { expect, type Page, test } from '@playwright/test';
import { cellText, compact, expectFitsWidth, expectTableMatches, getJson, hasCell, signedInTexts, type Table, tableOf } from './figures.ts';
import { signIn } from './helpers.ts';

/**
 * Each role's dashboard on the home page shows what the server counts for that user: the figures on
 * screen are compared with the API's reply, not with numbers written here.
 */

type Manager = {
  territory: { code: string | null; name: string };
  privacy: boolean;
  suppressed: boolean;
  byTerritory: Table;
  byMonth: Table;
  risk: Table;
  referrals: Table;
};

type Supervisor = {
  workers: { userId: string; displayName: string; open: number; byRisk: Record<string, number>; overdueTasks: number }[];
  overdue: { assessments: number; plans: number; reviews: number; items: { caseId: string; caseNumber: string }[] };
  pendingApprovals: { count: number; byKind: { key: string; count: number }[] };
  noContact: { days: number; items: { caseId: string; caseNumber: string }[] };
};

type Worker = {
  caseload: { total: number; byStatus: { key: string; count: number }[]; byRisk: { key: string; count: number }[] };
  tasks: { overdue: number; today: number; upcoming: number; next: { id: string; caseNumber: string }[] };
  referralsAwaiting: { count: number };
};

const RISK_KEYS = ['low', 'medium', 'high', 'critical', 'none'];

/** The manager dashboard on screen matches the reply for the same territory: totals, and the tables checked. */
async function expectManagerDashboard(page: Page, territory: string | null): Promise<Manager> {
  const { t, locale } = await signedInTexts(page);
  const reply = await getJson<Manager>(page, `/api/dashboards/manager${territory ? `?territory=${territory}` : ''}`);
  const dashboard = page.getByTestId('manager-dashboard');
  // The path ends at the territory shown: the screen has the figures of this territory, not the last one's.
  const here = dashboard.getByRole('navigation', { name: t('dashboards.manager.territoryPath') }).locator('[aria-current="page"]');
  await expect(here).toHaveText(reply.territory.name);
  await expect(dashboard).toHaveAttribute('aria-busy', 'false');
  for (const key of ['opened', 'closed', 'open']) {
    await expect(page.getByTestId('manager-totals').locator(`[data-stat="${key}"] dd`)).toHaveText(
      cellText(reply.byTerritory.totals?.[key], locale),
    );
  }
  await expectTableMatches(await tableOf(page, t, 'byTerritory', 'table-byTerritory'), reply.byTerritory, locale);
  await expectTableMatches(await tableOf(page, t, 'risk', 'table-risk'), reply.risk, locale);
  await expectTableMatches(await tableOf(page, t, 'referrals', 'table-referrals'), reply.referrals, locale);
  await expect(page.getByTestId('privacy-note')).toHaveCount(reply.privacy ? 1 : 0);
  return reply;
}

/** A row of the territory table with cases in it, to drill down into. */
function busiestRow(table: Table): Table['rows'][number] {
  const weight = (cell: unknown) => (typeof cell === 'number' ? cell : cell === '<5' ? 1 : 0);
  const rows = table.rows.filter((row) => row.key !== 'unknown').sort((a, b) => weight(b.cells.open) - weight(a.cells.open));
  expect(rows[0], 'the demo data has cases in at least one territory').toBeDefined();
  return rows[0]!;
}

test('the supervisor sees their team: caseload per worker, overdue work, approvals, cases without contact', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signIn(page, 'supervisor');
  const { t, locale } = await signedInTexts(page);
  const reply = await getJson<Supervisor>(page, '/api/dashboards/supervisor?noContactDays=14');
  await expect(page.getByTestId('supervisor-dashboard')).toBeVisible();
  expect(reply.workers.length, 'the demo supervisor has a team').toBeGreaterThan(0);

  const team = await tableOf(page, t, 'team-caseload', 'team-caseload');
  for (const worker of reply.workers) {
    const row = team.locator(`tr[data-row="${worker.userId}"]`);
    await expect(row.locator('th')).toHaveText(worker.displayName);
    const expected = [worker.open, ...RISK_KEYS.map((key) => worker.byRisk[key] ?? 0), worker.overdueTasks].map((n) => cellText(n, locale));
    expect(compact(await row.locator('td').allTextContents())).toEqual(compact(expected));
  }
  for (const key of ['assessments', 'plans', 'reviews'] as const) {
    await expect(page.getByTestId('overdue-counts').locator(`[data-stat="${key}"] dd`)).toHaveText(cellText(reply.overdue[key], locale));
  }
  await expect(
    page.getByRole('heading', { name: t('dashboards.supervisor.approvals', { n: cellText(reply.pendingApprovals.count, locale) }) }),
  ).toBeVisible();
  for (const kind of reply.pendingApprovals.byKind) {
    await expect(page.getByTestId('pending-approvals').locator(`[data-stat="${kind.key}"] dd`)).toHaveText(cellText(kind.count, locale));
  }
  const noContact = page.getByTestId('no-contact');
  await expect(noContact.getByRole('link')).toHaveCount(reply.noContact.items.length);
  for (const item of reply.noContact.items) await expect(noContact.getByRole('link', { name: item.caseNumber, exact: true })).toBeVisible();
  await expectFitsWidth(page, 360);

  // A longer silence lists no more cases than a shorter one, and the list follows the choice.
  const longer = await getJson<Supervisor>(page, '/api/dashboards/supervisor?noContactDays=60');
  const asked = page.waitForResponse((response) => response.url().includes('noContactDays=60'));
  await page.getByLabel(t('dashboards.supervisor.noContactFor')).selectOption('60');
  await asked;
  await expect(page.getByTestId('no-contact').getByRole('link')).toHaveCount(longer.noContact.items.length);
  expect(longer.noContact.items.length).toBeLessThanOrEqual(reply.noContact.items.length);

  // The figures of the supervisor's reach open from the dashboard.
  await page.getByRole('link', { name: t('dashboards.supervisor.figures') }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expectManagerDashboard(page, null);
});

test('the analyst sees figures of the whole country without names, small counts as "<5", and drills down', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signIn(page, 'analyst');
  const { t } = await signedInTexts(page);
  const national = await expectManagerDashboard(page, null);
  await expectFitsWidth(page, 360);
  expect(national.privacy).toBe(true);
  await expect(page.getByTestId('privacy-note')).toContainText(t('dashboards.privacy'));
  // The demo's few families make small counts: whatever the server hid is hidden on screen too.
  expect(hasCell(national.byTerritory, '<5') || hasCell(national.risk, '<5'), 'the demo data has small counts').toBe(true);
  await expect(page.getByTestId('table-risk').getByText('<5').first()).toBeVisible();
  // No case, family or person is linked or named.
  await expect(page.locator('a[href*="/cases/"], a[href*="/families/"]')).toHaveCount(0);
  await expect(page.getByText('Tursunova')).toHaveCount(0);

  const region = busiestRow(national.byTerritory);
  await page.getByTestId('table-byTerritory').getByRole('link', { name: region.label, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`territory=${region.key}`));
  const regional = await expectManagerDashboard(page, region.key);
  expect(regional.territory.code).toBe(region.key);
  await page.getByRole('link', { name: t('dashboards.manager.wholeCountry') }).click();
  await expect(page).not.toHaveURL(/territory=/);
  await expect(page.getByTestId('table-byTerritory').locator(`tr[data-row="${region.key}"]`)).toBeVisible();
});

test('the administrator sees exact national figures, drills down region → district → mahalla, with charts and tables', async ({ page }) => {
  await signIn(page, 'admin');
  const { t } = await signedInTexts(page);
  const national = await expectManagerDashboard(page, null);
  expect(national.privacy).toBe(false);
  expect(hasCell(national.byTerritory, '<5')).toBe(false);

  // A chart is drawn, and its table is one key press away.
  const card = page.locator('[data-figure="byMonth"]');
  await expect(card.locator('canvas')).toBeVisible();
  await card.getByRole('button', { name: t('dashboards.table'), exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('table-byMonth')).toBeVisible();
  await expect(card.locator('a[href*="/api/reports/caseload.xlsx"]')).toHaveAttribute('href', /groupBy=month/);

  const region = busiestRow(national.byTerritory);
  await page.getByTestId('table-byTerritory').getByRole('link', { name: region.label, exact: true }).click();
  const regional = await expectManagerDashboard(page, region.key);
  const district = busiestRow(regional.byTerritory);
  await page.getByTestId('table-byTerritory').getByRole('link', { name: district.label, exact: true }).click();
  const local = await expectManagerDashboard(page, district.key);
  expect(local.byTerritory.drillDown).toBeNull();
  // The path leads back up to the region.
  await page
    .getByRole('navigation', { name: t('dashboards.manager.territoryPath') })
    .getByRole('link', { name: regional.territory.name })
    .click();
  await expect(page).toHaveURL(new RegExp(`territory=${region.key}(&|$)`));
});

test('a worker sees their own caseload by stage and risk, tasks due and referrals awaiting an answer', async ({ page }) => {
  await signIn(page, 'worker');
  const { t, locale } = await signedInTexts(page);
  const reply = await getJson<Worker>(page, '/api/dashboards/worker');
  await expect(page.getByTestId('worker-dashboard')).toBeVisible();
  for (const key of ['overdue', 'today', 'upcoming'] as const) {
    await expect(page.getByTestId('worker-tasks').locator(`[data-stat="${key}"] dd`)).toHaveText(cellText(reply.tasks[key], locale));
  }
  const byStatus = await tableOf(page, t, 'caseload-by-status', 'worker-by-status');
  for (const item of reply.caseload.byStatus) {
    await expect(byStatus.locator(`tr[data-row="${item.key}"] td`)).toHaveText(cellText(item.count, locale));
  }
  const byRisk = await tableOf(page, t, 'caseload-by-risk', 'worker-by-risk');
  for (const item of reply.caseload.byRisk) {
    await expect(byRisk.locator(`tr[data-row="${item.key}"] td`)).toHaveText(cellText(item.count, locale));
  }
  await expect(
    page.getByRole('heading', { name: t('dashboards.worker.referralsAwaiting', { n: cellText(reply.referralsAwaiting.count, locale) }) }),
  ).toBeVisible();
});
