import { type Browser, expect, type Page, test } from '@playwright/test';
import { freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, serverText, signIn, stamp, uz } from './helpers.ts';

const HOME = 'Termiz shahar 21-sonli «Mehribonlik» uyi';
const server = serverText('uz-Latn');

// Two or three people sign in one after the other: more than the default half minute on a shared machine.
test.describe.configure({ timeout: 150_000 });

async function onPhone(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, username, PASSWORD);
  return page;
}

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

/** The worker asks for a gatekeeping decision on the case page, for the family's child. */
async function requestGatekeeping(worker: Page, caseId: string, emergency: boolean) {
  await worker.goto(`/cases/${caseId}`);
  const card = worker.getByTestId('case-gatekeeping');
  await card.getByRole('button', { name: uz('care.gatekeeping.request') }).click();
  const dialog = worker.getByRole('dialog', { name: uz('care.gatekeeping.request') });
  await dialog.getByLabel(uz('care.gatekeeping.child'), { exact: true }).selectOption({ index: 1 });
  await dialog.getByLabel(uz('care.gatekeeping.proposedType')).selectOption({ label: uz('care.types.mehribonlik_home') });
  const reasons: Record<string, string> = {
    support_at_home: 'Ona shifoxonada, uyda qaraydigan kattalar yoʻq',
    kinship_care: 'Buvisi keksa, qarindoshlar Rossiyada',
    guardianship: 'Vasiylikka nomzod topilmadi',
  };
  for (const [option, why] of Object.entries(reasons))
    await dialog.getByLabel(uz('care.gatekeeping.why', { option: uz(`care.options.${option}`) })).fill(why);
  if (emergency) await dialog.getByLabel(uz('care.gatekeeping.emergency')).check();
  // One option left out: the form names it.
  await dialog.getByRole('button', { name: uz('care.gatekeeping.submit') }).click();
  await expect(dialog.getByText(server('fields.option_missing'))).toBeVisible();
  await dialog.getByLabel(uz('care.gatekeeping.why', { option: uz('care.options.foster_family') })).fill('Tumanda patronat oila yoʻq');
  await fitsThePhone(worker);
  await dialog.getByRole('button', { name: uz('care.gatekeeping.submit') }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('status')).toHaveText(emergency ? uz('care.gatekeeping.sentEmergency') : uz('care.gatekeeping.sent'));
  return card;
}

/** The worker records the placement in the Mehribonlik home from the child's care history. */
async function recordPlacement(worker: Page, childId: string) {
  await worker.goto(`/care/persons/${childId}`);
  await worker.getByRole('button', { name: uz('care.record') }).click();
  const dialog = worker.getByRole('dialog', { name: uz('care.record') });
  await dialog.getByLabel(uz('care.type')).selectOption({ label: uz('care.types.mehribonlik_home') });
  await dialog.getByLabel(uz('care.startDate')).fill('01122026');
  await dialog.getByLabel(uz('care.organisation')).selectOption({ label: HOME });
  await dialog.getByLabel(uz('care.authority')).fill('Shoʻrchi tuman vasiylik va homiylik organi');
  await dialog.getByLabel(uz('care.changeReason')).selectOption({ label: uz('care.reasons.illness_disability') });
  await fitsThePhone(worker);
  await dialog.getByRole('button', { name: uz('care.record') }).click();
  return dialog;
}

const childOf = async (page: Page, caseId: string) => {
  const { familyId } = (await (await page.request.get(`/api/cases/${caseId}`)).json()) as { familyId: string };
  const { members } = (await (await page.request.get(`/api/families/${familyId}`)).json()) as {
    members: { id: string; relationship: string }[];
  };
  return members.find((m) => m.relationship === 'child')?.id ?? '';
};

test('gatekeeping: requested by the worker, approved with the guardianship authority, then the placement recorded', async ({ browser }) => {
  const worker = await onPhone(browser, 'worker');
  const theCase = await freshCase(worker, `Qaytarova${stamp().replace(/\d/g, '')}`);
  const childId = await childOf(worker, theCase.id);

  // Without a decision the placement is refused, saying why.
  const refused = await recordPlacement(worker, childId);
  await expect(refused.getByRole('alert')).toContainText(server('errors.gatekeeping_required'));
  await refused.getByRole('button', { name: uz('common.cancel') }).click();

  const card = await requestGatekeeping(worker, theCase.id, false);
  await expect(card.getByTestId('gatekeeping')).toContainText(uz('care.gatekeeping.pending'));

  const supervisor = await onPhone(browser, 'supervisor');
  await supervisor.goto(`/cases/${theCase.id}`);
  const decide = supervisor.getByTestId('case-gatekeeping');
  await decide.getByLabel(uz('care.gatekeeping.authorityDecision')).fill('Vasiylik organi qarori № 512');
  await fitsThePhone(supervisor);
  await decide.getByRole('button', { name: uz('care.gatekeeping.approve') }).click();
  await expect(decide.getByRole('status')).toHaveText(uz('care.gatekeeping.decided'));
  await expect(decide.getByTestId('gatekeeping')).toContainText(uz('care.gatekeeping.approved'));
  await expect(decide.getByTestId('gatekeeping')).toContainText('Vasiylik organi qarori № 512');

  const dialog = await recordPlacement(worker, childId);
  await expect(dialog).toBeHidden();
  await expect(worker.getByRole('status')).toHaveText(uz('care.recorded'));
  const current = worker.getByTestId('arrangement').first();
  await expect(current).toContainText(uz('care.types.mehribonlik_home'));
  await expect(current).toContainText(HOME);
  await fitsThePhone(worker);
  await worker.screenshot({ path: screenshotPath('care-history-360.png'), fullPage: true });

  // The educator of the home sees the child placed there.
  const educator = await onPhone(browser, 'staff.mehribonlik');
  await educator.goto('/care');
  await expect(educator.getByRole('heading', { level: 1 })).toHaveText(uz('care.title'));
  await expect(educator.getByTestId('placement').first()).toBeVisible();
  expect((await educator.request.get(`/api/cases/${theCase.id}`)).status()).toBe(404);
  await fitsThePhone(educator);
});

test('an emergency placement comes first, with its 72-hour review waiting for the supervisor', async ({ browser }) => {
  const worker = await onPhone(browser, 'worker');
  const theCase = await freshCase(worker, `Shoshilova${stamp().replace(/\d/g, '')}`);
  const childId = await childOf(worker, theCase.id);
  const card = await requestGatekeeping(worker, theCase.id, true);
  await expect(card.getByTestId('gatekeeping-review')).toBeVisible();

  const dialog = await recordPlacement(worker, childId);
  await expect(dialog).toBeHidden();
  await expect(worker.getByTestId('arrangement').first()).toContainText(uz('care.reviewPending'));

  // The supervisor has been told, and finds the review among their tasks, due within 72 hours.
  const supervisor = await onPhone(browser, 'supervisor');
  await supervisor.goto('/tasks');
  await expect(supervisor.getByText(server('tasks.care_review')).first()).toBeVisible();
  await supervisor.goto(`/cases/${theCase.id}`);
  const review = supervisor.getByTestId('case-gatekeeping');
  await expect(review.getByTestId('gatekeeping-review')).toBeVisible();
  await fitsThePhone(supervisor);
  await supervisor.screenshot({ path: screenshotPath('care-emergency-360.png'), fullPage: true });
  await review.getByLabel(uz('care.gatekeeping.authorityDecision')).fill('Vasiylik organi 72 soat ichida tasdiqladi');
  await review.getByRole('button', { name: uz('care.gatekeeping.approve') }).click();
  await expect(review.getByTestId('gatekeeping-review')).toHaveCount(0);
});
