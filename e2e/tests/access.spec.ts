import { type Browser, expect, type Page, test } from '@playwright/test';
import { freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, signIn, stamp, uz } from './helpers.ts';

// Four people sign in one after the other, and the chain is checked: minutes on a shared machine.
test.describe.configure({ timeout: 300_000 });

async function onPhone(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, username, PASSWORD);
  return page;
}

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

test('the worker on duty in Denov opens a Shoʻrchi family with a reason; its supervisor finds it justified; the auditor sees it in the log', async ({
  browser,
}) => {
  const surname = `Shoshilinch${stamp().replace(/\d/g, '')}`;
  const worker = await onPhone(browser, 'worker');
  const theCase = await freshCase(worker, surname);
  const { familyId } = (await (await worker.request.get(`/api/cases/${theCase.id}`)).json()) as { familyId: string };
  const reason = `Qoʻshnilar tunda qoʻngʻiroq qildi: bola uyda yolgʻiz (${surname}).`;

  // The Denov worker holds a link to the family: out of reach, it is not found, but may be opened with a reason.
  const denov = await onPhone(browser, 'worker.denov');
  await denov.goto(`/families/${familyId}`);
  await expect(denov.getByRole('heading', { level: 1 })).toHaveText(uz('notFound.title'));
  await denov.getByRole('button', { name: uz('access.open.start') }).click();
  await denov.getByRole('radio', { name: uz('access.reasons.immediate_danger') }).check();
  await denov.getByLabel(uz('access.open.reason')).fill(reason);
  await fitsThePhone(denov);
  await denov.getByRole('button', { name: uz('access.open.submit') }).click();
  await expect(denov.getByRole('heading', { level: 1 })).toContainText(surname);
  await fitsThePhone(denov);
  // Read only: nothing to edit.
  await expect(denov.getByRole('button', { name: uz('families.household.edit') })).toHaveCount(0);
  await denov.screenshot({ path: screenshotPath('access-opened-360.png'), fullPage: true });

  // The family's supervisor finds the opening in the review queue and marks it justified.
  const supervisor = await onPhone(browser, 'supervisor');
  await supervisor.goto('/access');
  await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText(uz('access.title'));
  const card = supervisor.getByTestId('emergency-access').filter({ hasText: reason });
  await expect(card).toContainText('Akmal Nurmatov');
  await expect(card).toContainText(uz('access.reasons.immediate_danger'));
  await fitsThePhone(supervisor);
  await card.getByRole('button', { name: uz('access.review.start') }).click();
  const dialog = supervisor.getByRole('dialog', { name: uz('access.review.title', { name: 'Akmal Nurmatov' }) });
  await dialog.getByRole('radio', { name: uz('access.outcomes.justified') }).check();
  await dialog.getByLabel(uz('access.review.comment')).fill('Navbatchi toʻgʻri qildi, ertalab bizga xabar berdi.');
  await dialog.getByRole('button', { name: uz('access.review.submit') }).click();
  await expect(dialog).toBeHidden();
  await expect(supervisor.getByRole('status').first()).toContainText(uz('access.review.done'));
  await expect(supervisor.getByTestId('emergency-access').filter({ hasText: reason })).toHaveCount(0);

  // The supervisor sees on the family's page who has seen it.
  await supervisor.goto(`/families/${familyId}`);
  await supervisor.getByRole('button', { name: uz('audit.readers.show') }).click();
  await expect(supervisor.getByTestId('record-readers')).toContainText('Akmal Nurmatov');
  await fitsThePhone(supervisor);

  // The auditor filters the log by the emergency actions and finds the opening and its review.
  const auditor = await onPhone(browser, 'auditor');
  await auditor.goto('/audit');
  await auditor.getByLabel(uz('audit.entityId')).fill(familyId);
  await auditor.getByRole('textbox', { name: new RegExp(`^${uz('audit.action')}`) }).fill('emergency.');
  await auditor.getByRole('button', { name: uz('audit.search') }).click();
  const events = auditor.getByTestId('audit-event');
  await expect(events.filter({ hasText: 'emergency.open' })).toContainText('Akmal Nurmatov');
  await expect(events.filter({ hasText: 'emergency.review' })).toContainText('Dilfuza Rahimova');
  await fitsThePhone(auditor);
  await auditor.getByRole('button', { name: uz('audit.chain.run') }).click();
  await expect(auditor.getByTestId('chain-result')).toContainText(uz('audit.chain.intact', { events: '' }).split(':')[0] ?? '', {
    timeout: 60_000,
  });
  await auditor.screenshot({ path: screenshotPath('audit-viewer-360.png'), fullPage: true });
});
