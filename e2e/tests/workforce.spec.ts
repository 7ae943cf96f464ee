import { expect, type Page, test } from '@playwright/test';
import { PASSWORD, signIn, stamp, uz } from './helpers.ts';

test.describe.configure({ timeout: 120_000 });

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

/** Yesterday as a person types it, DD.MM.YYYY. */
function yesterday(): string {
  const day = new Date(Date.now() - 86_400_000);
  return `${String(day.getDate()).padStart(2, '0')}.${String(day.getMonth() + 1).padStart(2, '0')}.${day.getFullYear()}`;
}

test('a supervisor on a phone records a supervision session with a case and an agreed action, then reads the indicators', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, 'supervisor', PASSWORD);
  await page.goto('/workforce/supervision');
  await expect(page.getByRole('heading', { name: uz('workforce.tabs.supervision'), level: 2 })).toBeVisible();
  await page.getByRole('button', { name: uz('workforce.supervision.addTitle') }).click();

  const form = page.locator('form').filter({ has: page.getByRole('heading', { name: uz('workforce.supervision.addTitle') }) });
  await form
    .getByRole('group', { name: uz('workforce.supervision.workers') })
    .getByLabel('Nodira Karimova')
    .check();
  await form.getByLabel(uz('workforce.supervision.date')).fill(yesterday());
  await form
    .getByRole('group', { name: uz('workforce.supervision.topics') })
    .getByLabel(uz('workforce.supervisionTopics.casework'))
    .check();
  const cases = form.getByRole('group', { name: uz('workforce.supervision.cases') });
  const firstCase = cases.getByRole('checkbox').first();
  await firstCase.check();
  const caseLabel = (await cases.locator('label').first().innerText()).trim();
  const notes = `Xavfsizlik rejasi muhokama qilindi ${stamp()}`;
  await form.getByLabel(uz('workforce.supervision.notes')).fill(notes);
  const action = `Maktab direktori bilan uchrashish ${stamp()}`;
  await form.getByLabel(uz('workforce.supervision.action')).fill(action);
  await form.getByLabel(uz('workforce.supervision.actionCase')).selectOption({ label: caseLabel });
  await fitsThePhone(page);
  await form.getByRole('button', { name: uz('workforce.supervision.save') }).click();

  await expect(page.getByText(uz('workforce.supervision.saved'))).toBeVisible();
  const session = page.getByTestId('supervision-session').filter({ hasText: notes });
  await expect(session).toBeVisible();
  await expect(session).toContainText(action);
  await expect(session).toContainText(uz('workforce.supervision.task'));
  await fitsThePhone(page);

  // The action is now a task on the case.
  const number = caseLabel.split(' · ')[0] ?? '';
  await session.getByRole('link', { name: number }).click();
  await expect(page.getByText(action).first()).toBeVisible();

  await page.goto('/workforce/indicators');
  const table = page.getByTestId('workforce-indicators');
  await expect(table).toBeVisible();
  await expect(
    table.getByRole('columnheader', { name: uz('workforce.tabs.staff') }).or(table.locator('th[data-column="staff"]')),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: uz('workforce.indicators.xlsx') })).toBeVisible();
  await fitsThePhone(page);
});
