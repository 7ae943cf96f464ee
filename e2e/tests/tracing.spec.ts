import { expect, type Page, test } from '@playwright/test';
import { PASSWORD, screenshotPath, serverText, signIn, uz } from './helpers.ts';

// A phone on a shared machine: more than the default half minute.
test.describe.configure({ timeout: 120_000 });

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

test('at the transit centre, Sardor’s request typed in Latin proposes his mother registered in Cyrillic, and the worker verifies her', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, 'worker.transit', PASSWORD);
  await page.goto('/tracing');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('tracing.title'));
  await fitsThePhone(page);
  await page.getByRole('link', { name: 'Toʻrayeva Dilnoza' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Toʻrayeva Dilnoza');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(uz('tracing.status.tracing'));

  // The best match first: the mother as the register spells her, with the reasons and nothing of her case.
  const matches = page.locator('.match');
  const mother = matches.first();
  await expect(mother.getByRole('heading', { level: 3 })).toHaveText('Тўраева Дилноза Баҳтиёр қизи');
  await expect(mother).toContainText(uz('tracing.born', { year: 1988 }));
  await expect(mother).toContainText(uz('tracing.reason.relative', { relation: uz('tracing.relations.spouse') }));
  await expect(mother).toContainText(uz('tracing.matchedRelative', { relation: uz('tracing.relations.spouse'), name: 'Тўраев Баҳром' }));
  await expect(mother).not.toContainText('Навоий');
  await fitsThePhone(page);
  await page.screenshot({ path: screenshotPath('tracing-matches-360.png'), fullPage: true });

  // Verified by keyboard: the button, then the dialog's confirmation.
  await mother.getByRole('button', { name: uz('tracing.verify') }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: uz('tracing.confirm.verify', { name: 'Тўраева Дилноза' }) });
  await expect(dialog).toBeVisible();
  await fitsThePhone(page);
  await dialog.getByRole('button', { name: uz('tracing.steps.verify') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(uz('tracing.done.verify', { name: 'Тўраева Дилноза' }));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(uz('tracing.status.verified'));
  await expect(page.getByRole('button', { name: uz('tracing.steps.reunify') })).toBeVisible();
  await expect(page.getByRole('button', { name: uz('tracing.verify') })).toHaveCount(0);
  await fitsThePhone(page);
});

test('a request without consent to tracing is refused, with the field named', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, 'worker.transit', PASSWORD);
  await page.goto('/tracing/new');
  await page.getByLabel(uz('tracing.surname'), { exact: true }).fill('Qodirova');
  await page.getByLabel(uz('tracing.givenName'), { exact: true }).fill('Feruza');
  await page.getByLabel(uz('tracing.consentBy')).selectOption({ label: uz('tracing.givers.child') });
  await page.getByRole('button', { name: uz('tracing.create') }).click();
  await expect(page.getByText(serverText('uz-Latn')('fields.tracing_consent_required'))).toBeVisible();
  await fitsThePhone(page);
  await page.getByLabel(uz('tracing.consentGiven')).check();
  await page.getByRole('button', { name: uz('tracing.create') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Qodirova Feruza');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(uz('tracing.status.open'));
});
