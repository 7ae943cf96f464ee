import { type Browser, expect, type Page, test } from '@playwright/test';
import { PASSWORD, screenshotPath, signIn, stamp, ui, uz } from './helpers.ts';

const ru = ui('ru');

type Member = { id: string; surname: string; givenName: string };
type TursunovaCase = { caseId: string; caseNumber: string; familyId: string; mother: Member; youngest: Member };

async function signedIn(browser: Browser, username: string, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, password);
  return page;
}

// Several people sign in and the flow runs end to end: more than the default half minute on a shared machine.
test.describe.configure({ timeout: 120_000 });

const csrfOf = async (page: Page) => (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';

/** The seeds' family: the Tursunovs' case with Nodira (worker), the mother and the youngest son without a birth certificate. */
async function tursunova(worker: Page): Promise<TursunovaCase> {
  const found = (await (await worker.request.get('/api/cases', { params: { q: 'Tursunova', limit: 10 } })).json()) as {
    items: { id: string; number: string; familyId: string; status: string }[];
  };
  const theCase = found.items.find((item) => item.status !== 'closed' && item.status !== 'closing');
  expect(theCase).toBeDefined();
  const { id: caseId, number: caseNumber, familyId } = theCase as { id: string; number: string; familyId: string };
  const family = (await (await worker.request.get(`/api/families/${familyId}`)).json()) as { members: Member[] };
  const mother = family.members.find((m) => m.givenName === 'Gulnora') as Member;
  const youngest = family.members.find((m) => m.givenName === 'Ozodbek') as Member;
  return { caseId, caseNumber, familyId, mother, youngest };
}

/** Records the family's consent on the case page, through its dialog. */
async function recordConsent(page: Page, the: TursunovaCase, category: string, forChild: boolean) {
  await page.goto(`/cases/${the.caseId}`);
  const card = page.getByTestId('consents');
  await card.getByRole('button', { name: uz('consents.record') }).click();
  const dialog = page.getByRole('dialog', { name: uz('consents.recordTitle') });
  await dialog.getByLabel(uz('consents.givenBy')).selectOption(the.mother.id);
  if (forChild) await dialog.getByRole('checkbox', { name: /Ozodbek/ }).check();
  await dialog.getByRole('checkbox', { name: uz(`directory.categories.${category}`), exact: true }).check();
  await dialog.getByRole('button', { name: uz('consents.record') }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('status')).toHaveText(uz('consents.recorded'));
  await expect(
    card
      .getByTestId('consent')
      .filter({ hasText: uz(`directory.categories.${category}`) })
      .first(),
  ).toBeVisible();
}

/** Opens the referral form of the case and chooses a service of the directory by category and name. */
async function startReferral(page: Page, the: TursunovaCase, category: string, service: RegExp, organisation: RegExp) {
  await page.goto(`/cases/${the.caseId}`);
  // A supervisor finds the case's referrals folded: one tap opens them.
  await expect(page.getByTestId('case-referrals')).toBeAttached();
  const folded = page.getByTestId('case-fold').filter({ has: page.getByTestId('case-referrals') });
  if (await folded.count()) await folded.locator('summary').click();
  await page
    .getByTestId('case-referrals')
    .getByRole('link', { name: uz('referrals.new') })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('referrals.form.title'));
  await chooseService(page, category, service, organisation);
}

async function chooseService(page: Page, category: string, service: RegExp, organisation: RegExp) {
  await page.getByLabel(uz('directory.category')).selectOption(category);
  const row = page.getByTestId('service').filter({ hasText: service }).filter({ hasText: organisation });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: new RegExp(uz('referrals.form.choose')) }).click();
}

/** Only the given persons are ticked among those the referral is about. */
async function about(page: Page, name: RegExp) {
  const group = page.getByRole('group', { name: uz('referrals.form.persons') });
  for (const box of await group.getByRole('checkbox').all()) await box.uncheck();
  await group.getByRole('checkbox', { name }).check();
}

const referralIdOf = (page: Page) => page.url().split('/').at(-1) ?? '';

test('a referral to the civil registry for the lost birth certificate is accepted and completed by the agency, which sees only what was shared', async ({
  browser,
}) => {
  const worker = await signedIn(browser, 'worker');
  const the = await tursunova(worker);
  await recordConsent(worker, the, 'civil_registry', true);

  await startReferral(worker, the, 'civil_registry', /Tugʻilganlik guvohnomasini/, /Shoʻrchi tumani FHDYo/);
  await worker
    .getByLabel(uz('referrals.reason'))
    .fill('Kenja oʻgʻil Ozodbekning tugʻilganlik guvohnomasi yoʻqolgan: takroriy nusxa kerak.');
  await about(worker, /Ozodbek/);
  // The recorded consent covers the civil registry and the child: it is chosen for the worker.
  const consent = worker.getByRole('group', { name: uz('referrals.form.consent') });
  await expect(consent.getByRole('radio', { checked: true })).toHaveCount(1);
  await expect(consent).toContainText(uz('referrals.form.covers'));
  // Minimum by default: name, date of birth and phone; the worker adds the documents.
  const fields = worker.getByRole('group', { name: uz('referrals.form.sharedFields') });
  await expect(fields.getByRole('checkbox', { name: uz('referrals.field.address') })).not.toBeChecked();
  await fields.getByRole('checkbox', { name: uz('referrals.field.documents') }).check();
  const preview = worker.getByTestId('preview');
  await expect(preview).toContainText('Tursunov Ozodbek Sherzod oʻgʻli');
  await expect(preview).toContainText(uz('referrals.documentsMissing', { list: uz('enum.document.birth_certificate') }));
  await expect(preview).not.toContainText('Navbahor MFY');
  await expect(preview).not.toContainText('Gulnora');
  await worker.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(worker).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
  await expect(worker.getByRole('status')).toContainText(uz('referrals.sent'));
  const referralId = referralIdOf(worker);

  // The agency (who reads Russian): its bell leads to the referral, which shows the shared fields and nothing else.
  const agency = await signedIn(browser, 'agency');
  await agency.getByRole('button', { name: ru('notifications.title') }).click();
  await agency.locator(`.bell__popover a[href="/referrals/${referralId}"]`).first().click();
  await expect(agency).toHaveURL(new RegExp(`/referrals/${referralId}$`));
  const shared = agency.getByTestId('shared');
  await expect(shared).toContainText('Tursunov Ozodbek Sherzod oʻgʻli');
  await expect(shared).toContainText('15.01.2023');
  await expect(shared).toContainText(ru('enum.document.birth_certificate'));
  const page = await agency.content();
  for (const hidden of ['Navbahor MFY', 'Gulnora', 'Jasurbek', the.caseNumber, 'Rossiya']) expect(page).not.toContain(hidden);
  await expect(agency.getByRole('link', { name: the.caseNumber })).toHaveCount(0);

  await agency.getByRole('button', { name: ru('referrals.steps.accept.action') }).click();
  await expect(agency.getByRole('status')).toContainText(ru('referrals.steps.accept.done'));
  await agency.getByRole('button', { name: ru('referrals.steps.start.action') }).click();
  await expect(agency.getByRole('status')).toContainText(ru('referrals.steps.start.done'));
  await agency.getByRole('button', { name: ru('referrals.steps.complete.action') }).click();
  const complete = agency.getByRole('dialog', { name: ru('referrals.steps.complete.title') });
  const outcome = `Takroriy tugʻilganlik guvohnomasi berildi, ${stamp()}.`;
  await complete.getByLabel(ru('referrals.steps.complete.label')).fill(outcome);
  await complete.getByRole('button', { name: ru('referrals.steps.complete.submit') }).click();
  await expect(complete).toBeHidden();
  await expect(agency.locator('[data-status]').first()).toHaveText(ru('referrals.status.completed'));
  await expect(agency.getByTestId('outcome')).toHaveText(outcome);
  await agency.screenshot({ path: screenshotPath('referral-agency.png'), fullPage: true });

  // The inbox lists it as completed; the case itself stays out of reach: the page and the API say not found.
  await agency.goto('/referrals');
  // The agency reads in Russian: the sending centre is named in Russian too.
  await expect(agency.getByTestId('referral').filter({ hasText: 'Шурчинского района' }).first()).toBeVisible();
  await agency.goto(`/cases/${the.caseId}`);
  await expect(agency.getByRole('heading', { level: 1 })).toHaveText(ru('notFound.title'));
  for (const path of [
    `/api/cases/${the.caseId}`,
    `/api/cases/${the.caseId}/timeline`,
    `/api/cases/${the.caseId}/plans`,
    `/api/cases/${the.caseId}/consents`,
    `/api/families/${the.familyId}`,
  ])
    expect((await agency.request.get(path)).status(), path).toBe(404);
  const outbox = (await (await agency.request.get('/api/referrals', { params: { box: 'outbox' } })).json()) as { items: unknown[] };
  expect(outbox.items).toEqual([]);

  // The worker sees the outcome on the referral and the step on the case's timeline.
  await worker.goto(`/referrals/${referralId}`);
  await expect(worker.getByTestId('outcome')).toHaveText(outcome);
  await worker.goto(`/cases/${the.caseId}`);
  await expect(worker.getByTestId('timeline')).toContainText(uz('referrals.event.completed'));
  // The step names the receiving office.
  await expect(worker.getByTestId('timeline').locator('[data-kind="referral.completed"]').first()).toContainText(/Shoʻrchi tumani FHDYo/);
  await expect(worker.getByTestId('case-referrals')).toContainText(uz('referrals.status.completed'));
});

test('a referral to the employment centre is declined with a reason and sent elsewhere', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const the = await tursunova(worker);
  await recordConsent(worker, the, 'employment', false);

  await startReferral(worker, the, 'employment', /Ishga joylashtirish/, /Shoʻrchi tumani bandlikka/);
  await worker.getByLabel(uz('referrals.reason')).fill('Ona Gulnora ishsiz: doimiy ish yoki jamoat ishlari kerak.');
  await about(worker, /Gulnora/);
  await worker.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(worker).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
  const firstId = referralIdOf(worker);

  // Someone at the employment centre answers: an account made for the test by the administrator.
  const admin = await signedIn(browser, 'admin');
  const organisations = (await (await admin.request.get('/api/organisations', { params: { limit: 200 } })).json()) as {
    items: { id: string; name: string; kind: string }[];
  };
  const centre = organisations.items.find((o) => o.kind === 'employment_centre' && o.name.startsWith('Shoʻrchi'));
  expect(centre).toBeDefined();
  const username = `bandlik.${stamp()}`;
  const password = `e2e-${stamp()}-bandlik`;
  const created = await admin.request.post('/api/users', {
    headers: { 'X-CSRF-Token': await csrfOf(admin) },
    data: {
      username,
      displayName: 'Rustam Eshonqulov',
      password,
      organisationId: centre?.id,
      roles: ['agency_focal_point'],
      locale: 'uz-Latn',
    },
  });
  expect(created.status()).toBe(201);

  const centreUser = await signedIn(browser, username, password);
  await centreUser.goto('/referrals');
  await centreUser.getByTestId('referral').filter({ hasText: 'Ishga joylashtirish' }).getByRole('link').first().click();
  await expect(centreUser).toHaveURL(new RegExp(`/referrals/${firstId}$`));
  await centreUser.getByRole('button', { name: uz('referrals.steps.decline.action') }).click();
  const decline = centreUser.getByRole('dialog', { name: uz('referrals.steps.decline.title') });
  // A decline needs its reason.
  await decline.getByRole('button', { name: uz('referrals.steps.decline.submit') }).click();
  await expect(decline.locator('.field__error')).toBeVisible();
  const reason = 'Tumanda hozir boʻsh ish oʻrni yoʻq; kasb oʻrganish kursi tavsiya etiladi.';
  await decline.getByLabel(uz('referrals.steps.decline.label')).fill(reason);
  await decline.getByRole('button', { name: uz('referrals.steps.decline.submit') }).click();
  await expect(decline).toBeHidden();
  await expect(centreUser.locator('[data-status]').first()).toHaveText(uz('referrals.status.declined'));

  // The worker sees why, and sends it to the vocational training centre that serves Shoʻrchi too.
  await worker.goto(`/referrals/${firstId}`);
  await expect(worker.getByTestId('referral-facts')).toContainText(reason);
  await worker.getByRole('link', { name: uz('referrals.resend') }).click();
  await expect(worker.getByRole('heading', { level: 1 })).toHaveText(uz('referrals.form.resendTitle'));
  await expect(worker.getByLabel(uz('referrals.reason'))).toHaveValue(/Ona Gulnora ishsiz/);
  await chooseService(worker, 'employment', /Kasb-hunarga/, /Ishga marhamat/);
  await expect(worker.getByRole('group', { name: uz('referrals.form.consent') }).getByRole('radio', { checked: true })).toHaveCount(1);
  await worker.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(worker).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
  expect(referralIdOf(worker)).not.toBe(firstId);
  await expect(worker.locator('[data-status]').first()).toHaveText(uz('referrals.status.sent'));
  await worker.getByRole('link', { name: uz('referrals.resentFrom') }).click();
  await expect(worker).toHaveURL(new RegExp(`/referrals/${firstId}$`));
  await expect(worker.getByRole('link', { name: uz('referrals.resentAs') })).toBeVisible();
  await expect(worker.getByRole('link', { name: uz('referrals.resend') })).toHaveCount(0);

  // The outbox flags nothing overdue yet and lists both.
  await worker.goto('/referrals?box=outbox');
  await expect(worker.getByTestId('referral').filter({ hasText: 'Ishga marhamat' }).first()).toBeVisible();
  await expect(worker.getByTestId('referral').filter({ hasText: 'bandlikka' }).first()).toContainText(uz('referrals.status.declined'));
});

test('the sender cancels a referral with a reason, and no step is left to take on it', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const the = await tursunova(worker);
  await recordConsent(worker, the, 'legal_aid', false);
  await startReferral(worker, the, 'legal_aid', /./, /Huquqiy koʻmak/);
  await worker.getByLabel(uz('referrals.reason')).fill('Otadan aliment undirish boʻyicha maslahat kerak.');
  await about(worker, /Gulnora/);
  await worker.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(worker).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
  const id = referralIdOf(worker);
  await worker.getByRole('button', { name: uz('referrals.steps.cancel.action') }).click();
  const dialog = worker.getByRole('dialog', { name: uz('referrals.steps.cancel.title') });
  const reason = 'Ona oʻzi advokatga murojaat qildi.';
  await dialog.getByLabel(uz('referrals.steps.cancel.label')).fill(reason);
  await dialog.getByRole('button', { name: uz('referrals.steps.cancel.submit') }).click();
  await expect(dialog).toBeHidden();
  await expect(worker.locator('[data-status]').first()).toHaveText(uz('referrals.status.cancelled'));
  await expect(worker.getByTestId('referral-facts')).toContainText(reason);
  await expect(worker.getByRole('button', { name: uz('referrals.steps.cancel.action') })).toHaveCount(0);
  // The server refuses any further step too.
  const { version } = (await (await worker.request.get(`/api/referrals/${id}`)).json()) as { version: number };
  const accept = await worker.request.post(`/api/referrals/${id}/accept`, {
    headers: { 'X-CSRF-Token': await csrfOf(worker) },
    data: { version },
  });
  expect(accept.status()).toBe(409);
});

test('a withdrawn consent no longer covers a referral: it is refused with a clear message', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const the = await tursunova(worker);
  await recordConsent(worker, the, 'police_protection', false);
  const card = worker.getByTestId('consents');
  const consent = card
    .getByTestId('consent')
    .filter({ hasText: uz('directory.categories.police_protection') })
    .first();
  await consent.getByRole('button', { name: uz('consents.withdraw') }).click();
  const dialog = worker.getByRole('dialog', { name: uz('consents.withdrawTitle') });
  await dialog.getByLabel(uz('consents.withdrawReason')).fill('Ona fikridan qaytdi.');
  await dialog.getByRole('button', { name: uz('consents.withdraw') }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('status')).toHaveText(uz('consents.withdrawn'));
  await expect(
    card
      .getByTestId('consent')
      .filter({ hasText: uz('directory.categories.police_protection') })
      .first(),
  ).toContainText(uz('consents.withdrawnOn', { date: '' }).trim());

  await startReferral(worker, the, 'police_protection', /./, /IIB/);
  await worker.getByLabel(uz('referrals.reason')).fill('Profilaktika inspektori bilan uchrashuv kerak.');
  await about(worker, /Gulnora/);
  // The withdrawn consent is not offered, and a worker may not override: nothing covers the referral.
  await expect(worker.getByRole('group', { name: uz('referrals.form.consent') }).getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(worker.getByRole('radio', { name: uz('referrals.form.override') })).toHaveCount(0);
  await worker.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(worker.getByTestId('consent-required')).toHaveText(uz('referrals.form.consent_required'));
  await expect(worker).toHaveURL(/\/referrals\/new/);
});

test('the supervisor may send without consent, with a written reason shown on the referral and the timeline', async ({ browser }) => {
  const supervisor = await signedIn(browser, 'supervisor');
  const the = await tursunova(supervisor);
  await startReferral(supervisor, the, 'psychosocial', /Yolgʻiz onalar/, /Oila va bola/);
  await supervisor.getByLabel(uz('referrals.reason')).fill('Ona ogʻir ruhiy holatda: psixolog bilan zudlik bilan uchrashuv kerak.');
  await about(supervisor, /Gulnora/);
  await supervisor.getByRole('radio', { name: uz('referrals.form.override') }).check();
  // The override needs its reason.
  await supervisor.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(supervisor.getByLabel(uz('referrals.form.overrideReason'))).toHaveAttribute('aria-invalid', 'true');
  const why = 'Ona bilan hozir bogʻlanib boʻlmaydi, holat kutib turmaydi.';
  await supervisor.getByLabel(uz('referrals.form.overrideReason')).fill(why);
  await supervisor.getByRole('button', { name: uz('referrals.form.send') }).click();
  await expect(supervisor).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
  await expect(supervisor.getByTestId('referral-facts')).toContainText(why);
  await supervisor.goto(`/cases/${the.caseId}`);
  await expect(supervisor.getByTestId('timeline')).toContainText(uz('referrals.event.consent_override'));
});

test('the sender’s outbox flags a referral left without an answer too long', async ({ browser }) => {
  const worker2 = await signedIn(browser, 'worker2');
  // Jasur reads the interface in his own language.
  const { locale } = (await (await worker2.request.get('/api/me')).json()) as { locale: string };
  const t = ui(locale);
  await worker2.goto('/referrals?box=outbox');
  // The box is drawn from the address, which changes a moment after the click on a busy phone: clicked, then
  // waited for (check() would look at it at once).
  const onlyOverdue = worker2.getByRole('checkbox', { name: t('referrals.onlyOverdue') });
  await onlyOverdue.click();
  await expect(worker2).toHaveURL(/overdue=true/);
  await expect(onlyOverdue).toBeChecked();
  const rows = worker2.getByTestId('referral');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) await expect(row.getByTestId('overdue')).toHaveText(t('referrals.overdue'));
});
