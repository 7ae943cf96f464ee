import { expect, type Page, test } from '@playwright/test';
import { freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, signIn, stamp, uz } from './helpers.ts';

// The app shell must come from the service worker's cache when the signal goes.
test.use({ serviceWorkers: 'allow' });

const PIN = '246810';

type CaseItem = { id: string; number: string; status: string };
type Action = { id: string; what: string; status: string };
type Plan = { id: string; status: string; goals: { actions: Action[] }[] };

/** How many records of a kind the device holds (their keys are ids, so this reads no personal data). */
async function heldRecords(page: Page, prefix: string): Promise<number> {
  return page.evaluate(async (start) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('hamkor-offline');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (!db.objectStoreNames.contains('records')) return 0;
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('records').objectStore('records').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return keys.filter((key) => Array.isArray(key) && String(key[1]).startsWith(start)).length;
  }, prefix);
}

async function choosePin(page: Page) {
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect(setup).toHaveCount(0, { timeout: 20_000 });
}

/** A case of the worker with a plan in force and an action in it (the demo's case in monitoring), preferably one still open. */
async function caseWithPlan(page: Page): Promise<{ theCase: CaseItem; plan: Plan; action: Action }> {
  const cases = (await (await page.request.get('/api/cases', { params: { assignee: 'me', limit: 200 } })).json()) as { items: CaseItem[] };
  for (const theCase of cases.items.filter((item) => item.status !== 'closed')) {
    const plans = (await (await page.request.get(`/api/cases/${theCase.id}/plans`)).json()) as { items: Plan[] };
    const plan = plans.items.find((item) => item.status === 'approved');
    const actions = plan?.goals.flatMap((goal) => goal.actions) ?? [];
    const action = actions.find((item) => ['planned', 'in_progress'].includes(item.status)) ?? actions[0];
    if (plan && action) return { theCase, plan, action };
  }
  throw new Error(`the worker has no open action in a plan in force: ${cases.items.map((item) => item.status).join(', ')}`);
}

test('at 360 px without signal, a plan action moved along and a consent given on the visit reach the server', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const { theCase, plan, action } = await caseWithPlan(page);
  const next = action.status === 'in_progress' ? 'done' : 'in_progress';
  await choosePin(page);
  await expect.poll(() => heldRecords(page, `plan:${plan.id}`), { timeout: 30_000 }).toBe(1);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });

  await page.setViewportSize({ width: 360, height: 780 });
  await context.setOffline(true);
  await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('cases.title', { number: theCase.number }));

  // The action is moved along with the keyboard: its status is chosen and saved on the device.
  const row = page.getByTestId('offline-action').filter({ has: page.getByLabel(action.what, { exact: true }) });
  await row.getByLabel(action.what, { exact: true }).selectOption(next);
  // Its button is named with the action, for a screen reader among the plan's other actions.
  await page.getByRole('button', { name: `${uz('offline.case.saveAction')}: ${action.what}`, exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(uz('offline.case.actionSaved'))).toBeVisible();
  await expect(row.getByText(uz('offline.pending'), { exact: true })).toBeVisible();
  await expect(row.getByLabel(action.what, { exact: true })).toHaveValue(next);

  // A consent given on the visit: by the first member listed, for health services.
  const note = `Consent given at home ${stamp()}`;
  const consents = page.getByTestId('offline-consents');
  await consents.getByLabel(uz('consents.givenBy')).selectOption({ index: 1 });
  await consents.getByRole('checkbox', { name: uz('directory.categories.health') }).check();
  await consents.getByLabel(uz('consents.note')).fill(note);
  await consents.getByRole('button', { name: uz('offline.case.saveConsent') }).click();
  await expect(page.getByText(uz('offline.case.consentSaved'))).toBeVisible();
  await expect(consents.getByRole('listitem').filter({ hasText: uz('offline.pending') })).toHaveCount(1);
  await expect(page.getByTestId('sync-waiting')).toContainText('2');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-plan-consent-360.png'), fullPage: true });
  // The list of changes on the device names both.
  await page.getByTestId('sync-status').click();
  const outbox = page.getByTestId('outbox');
  await expect(outbox.getByText(uz('offline.outbox.types.plan_action_update'))).toBeVisible();
  await expect(outbox.getByText(uz('offline.outbox.types.consent_record'))).toBeVisible();

  // The signal returns: both are sent.
  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  const after = (await (await page.request.get(`/api/plans/${plan.id}`)).json()) as Plan;
  expect(after.goals.flatMap((goal) => goal.actions).find((item) => item.id === action.id)?.status).toBe(next);
  const saved = (await (await page.request.get(`/api/cases/${theCase.id}/consents`)).json()) as {
    items: { note: string | null; scope: string[]; status: string }[];
  };
  expect(saved.items.filter((item) => item.note === note)).toEqual([expect.objectContaining({ scope: ['health'], status: 'active' })]);
});

test('a family member corrected on the phone while the supervisor changed another field: both stay', async ({
  page,
  context,
  playwright,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Yusupova');
  const { familyId } = (await (await page.request.get(`/api/cases/${theCase.id}`)).json()) as { familyId: string };
  const family = (await (await page.request.get(`/api/families/${familyId}`)).json()) as {
    members: { id: string; givenName: string }[];
  };
  const child = family.members.find((member) => member.givenName === 'Sardor')!;
  await choosePin(page);
  await expect.poll(() => heldRecords(page, `family:${familyId}`), { timeout: 30_000 }).toBe(1);

  await page.setViewportSize({ width: 360, height: 780 });
  await context.setOffline(true);
  await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();
  await page.getByRole('link', { name: /Yusupova/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('offline.family.title'));
  const row = page.getByRole('listitem').filter({ hasText: 'Yusupova Sardor' });
  await row.getByText(uz('offline.family.editMember')).click();
  await row.getByLabel(uz('families.member.patronymic')).fill('Anvar oʻgʻli');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-member-360.png'), fullPage: true });
  await row.getByRole('button', { name: uz('offline.family.saveMember') }).click();
  await expect(page.getByText(uz('offline.family.memberSaved'))).toBeVisible();
  await expect(row).toContainText('Yusupova Sardor Anvar oʻgʻli');
  await expect(row.getByText(uz('offline.pending'), { exact: true })).toBeVisible();
  await expect(page.getByTestId('sync-waiting')).toContainText('1');

  // Meanwhile the supervisor corrects the boy's birth date.
  const supervisor = await playwright.request.newContext({ baseURL: process.env.BASE_URL });
  const login = await supervisor.post('/api/auth/login', { data: { username: 'supervisor', password: PASSWORD } });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const held = (await (await supervisor.get(`/api/families/${familyId}`)).json()) as { members: { id: string; version: number }[] };
  const { version } = held.members.find((member) => member.id === child.id)!;
  const saved = await supervisor.patch(`/api/persons/${child.id}`, {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { birthDate: '2016-02-04', version },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await supervisor.dispose();

  // The signal returns: the worker's change merges with the supervisor's.
  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  const after = (await (await page.request.get(`/api/families/${familyId}`)).json()) as {
    members: { id: string; patronymic: string | null; birthDate: string }[];
  };
  expect(after.members.find((member) => member.id === child.id)).toMatchObject({ patronymic: 'Anvar oʻgʻli', birthDate: '2016-02-04' });
});

test('the assessment answered and submitted without signal reaches the server', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const cases = (await (await page.request.get('/api/cases', { params: { assignee: 'me', limit: 200 } })).json()) as { items: CaseItem[] };
  let found: { theCase: CaseItem; assessmentId: string } | undefined;
  for (const theCase of cases.items.filter((item) => item.status === 'assessment')) {
    const list = (await (await page.request.get(`/api/cases/${theCase.id}/assessments`)).json()) as {
      items: { id: string; status: string }[];
    };
    const draft = list.items.find((item) => item.status === 'draft' || item.status === 'returned');
    if (draft) found = { theCase, assessmentId: draft.id };
  }
  expect(found, 'the worker has a case with a draft assessment (the demo Tursunovs)').toBeDefined();
  const { theCase, assessmentId } = found!;
  type Held = { status: string; answers: Record<string, string> };
  const before = (await (await page.request.get(`/api/assessments/${assessmentId}`)).json()) as Held;
  await choosePin(page);
  await expect.poll(() => heldRecords(page, `assessment:${assessmentId}`), { timeout: 30_000 }).toBe(1);

  await context.setOffline(true);
  await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();
  const card = page.getByTestId('offline-assessment');
  await expect(card).toBeVisible();
  // Every domain not answered yet gets a first answer, as submission needs; a domain marked "not assessed"
  // online keeps its mark (its questions are put away).
  const domains = card.locator('section:not([data-not-assessed])');
  let answered = 0;
  for (let index = 0; index < (await domains.count()); index++) {
    const domain = domains.nth(index);
    if ((await domain.locator('input:checked').count()) > 0) continue;
    await domain.getByRole('group').first().getByRole('radio').first().check();
    answered++;
  }
  expect(answered).toBeGreaterThan(0);
  await card.getByRole('button', { name: uz('offline.case.saveAssessment') }).click();
  await expect(page.getByText(uz('offline.case.assessmentSaved'))).toBeVisible();
  await card.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(page.getByText(uz('offline.case.assessmentSubmitted')).first()).toBeVisible();
  await expect(card.getByText(uz('offline.pending'), { exact: true })).toBeVisible();
  await expect(card.getByRole('radio')).toHaveCount(0);
  await expect(page.getByTestId('sync-waiting')).toContainText('2');

  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  const after = (await (await page.request.get(`/api/assessments/${assessmentId}`)).json()) as Held;
  expect(['submitted', 'approved']).toContain(after.status);
  expect(Object.keys(after.answers).length).toBe(Object.keys(before.answers).length + answered);
});
