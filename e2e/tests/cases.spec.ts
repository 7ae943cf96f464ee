import { type Browser, expect, type Page, test } from '@playwright/test';
import { serverText, signIn, stamp, ui, uz } from './helpers.ts';

type Family = { id: string; members: { id: string; givenName: string }[] };

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

/** A family of the worker's district with no case yet: a mother and her son. */
async function registerFamily(page: Page): Promise<Family> {
  const csrf = await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
  const response = await page.request.post('/api/families', {
    headers: { 'X-CSRF-Token': csrf ?? '' },
    data: {
      districtCode: '1722226',
      address: `Navbahor MFY, Guliston koʻchasi, ${stamp()}-uy`,
      identificationSource: 'school',
      members: [
        { surname: 'Qodirova', givenName: 'Malika', birthDate: '1990-03-12', sex: 'female', relationship: 'head' },
        { surname: 'Qodirov', givenName: 'Sardor', birthDate: '2014-09-01', sex: 'male', relationship: 'child' },
      ],
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as Family;
}

async function requestClosure(page: Page, outcome: string) {
  await page.getByRole('button', { name: uz('cases.close.action') }).click();
  const dialog = page.getByRole('dialog', { name: uz('cases.close.title') });
  await dialog.getByLabel(uz('cases.close.reason')).selectOption('goals_achieved');
  await dialog.getByLabel(uz('cases.close.outcome')).fill(outcome);
  await dialog.getByRole('button', { name: uz('cases.close.submit') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: uz('cases.close.requested') })).toBeVisible();
  await expect(page.locator('.case-head')).toContainText(uz('enum.caseStatus.closing'));
}

/** The supervisor finds the request among the approvals waiting for them and returns it with a comment. */
async function returnClosure(page: Page, caseNumber: string) {
  await page.goto('/cases/approvals');
  const row = page.getByTestId('approval').filter({ hasText: caseNumber });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(uz('enum.approvalKind.closure'));
  await row.getByRole('button', { name: uz('approvals.return') }).click();
  const dialog = page.getByRole('dialog');
  // A return needs a comment: without one the dialog says so and stays open.
  await dialog.getByRole('button', { name: uz('approvals.return') }).click();
  await expect(dialog.getByText(uz('approvals.commentRequired'))).toBeVisible();
  await dialog.getByLabel(uz('approvals.comment')).fill('Maktab bilan kelishuv natijasini yozing.');
  await dialog.getByRole('button', { name: uz('approvals.return') }).click();
  await expect(page.getByRole('status').filter({ hasText: uz('approvals.returned') })).toBeVisible();
}

test('a case is opened, visited, returned once at closure, then closed; another worker cannot see it', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const family = await registerFamily(worker);

  // Open the case from the family page, about the boy.
  await worker.goto(`/families/${family.id}`);
  await worker.getByRole('link', { name: uz('cases.open.action') }).click();
  await expect(worker.getByRole('heading', { level: 1 })).toHaveText(uz('cases.open.title'));
  await worker.getByRole('checkbox', { name: 'Qodirov Sardor' }).check();
  await worker.getByLabel(uz('cases.source')).selectOption('school');
  await worker.getByLabel(uz('cases.reason')).fill('Bola bir oydan beri maktabga kelmayapti.');
  await worker.getByLabel(uz('cases.urgency')).selectOption('urgent');
  await worker.getByRole('button', { name: uz('cases.open.submit') }).click();
  await expect(worker).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseId = worker.url().split('/').at(-1) ?? '';
  const { number } = (await (await worker.request.get(`/api/cases/${caseId}`)).json()) as { number: string };
  await expect(worker.getByRole('heading', { level: 1 })).toHaveText(uz('cases.title', { number }));
  await expect(worker.locator('.case-head')).toContainText(uz('enum.caseStatus.intake'));

  // A home visit, dated today by default; the draft survives closing the dialog.
  await worker.getByRole('button', { name: uz('cases.contact.action') }).click();
  let dialog = worker.getByRole('dialog', { name: uz('cases.contact.title') });
  await expect(dialog.getByLabel(uz('cases.contact.kind'))).toHaveValue('home_visit');
  await expect(dialog.getByLabel(uz('cases.contact.date'))).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/);
  await dialog.getByLabel(/^Ishtirokchilar/).fill('ona, Sardor');
  await dialog.getByLabel(uz('cases.contact.text')).fill('Uyda boʻldim: ona bilan maktabga qaytish haqida gaplashdik.');
  await worker.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await worker.getByRole('button', { name: uz('cases.contact.action') }).click();
  dialog = worker.getByRole('dialog', { name: uz('cases.contact.title') });
  await expect(dialog.getByLabel(uz('cases.contact.text'))).toHaveValue(/ona bilan maktabga/);
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog).toBeHidden();
  await expect(worker.getByRole('status').filter({ hasText: uz('cases.contact.recorded') })).toBeVisible();

  await requestClosure(worker, 'Sardor maktabga qaytdi.');

  const supervisor = await signedIn(browser, 'supervisor');
  await returnClosure(supervisor, number);

  // The worker is told, follows the notification to the case, and asks again.
  await worker.reload();
  await expect(worker.getByTestId('unread-count')).toBeVisible();
  await worker.getByRole('button', { name: new RegExp(uz('notifications.title')) }).click();
  await worker.locator('.bell__popover').getByRole('link').first().click();
  await expect(worker).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(worker.locator('.case-head')).toContainText(uz('enum.caseStatus.intake'));
  await requestClosure(worker, 'Sardor maktabga qaytdi, davomati yaxshi.');

  // This time the supervisor decides on the case page itself.
  await supervisor.goto(`/cases/${caseId}`);
  await expect(supervisor.getByText(uz('cases.pending', { kind: uz('enum.approvalKind.closure') }))).toBeVisible();
  await supervisor.getByRole('button', { name: uz('approvals.approve') }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: uz('approvals.approved') })).toBeVisible();
  await expect(supervisor.locator('.case-head')).toContainText(uz('enum.caseStatus.closed'));

  await worker.reload();
  await expect(worker.locator('.case-head')).toContainText(uz('enum.caseStatus.closed'));
  await expect(worker.getByText(uz('cases.readOnly'))).toBeVisible();
  await expect(worker.getByTestId('closure')).toContainText(uz('enum.closureReason.goals_achieved'));
  await expect(worker.getByTestId('closure')).toContainText('davomati yaxshi');
  await expect(worker.getByRole('button', { name: uz('cases.contact.action') })).toHaveCount(0);

  const timeline = worker.getByTestId('timeline');
  await expect(timeline.locator('[data-kind="case.opened"]')).toHaveCount(1);
  await expect(timeline.locator('[data-kind="contact.recorded"]')).toContainText(uz('enum.contactKind.home_visit'));
  await expect(timeline.locator('[data-kind="approval.requested"]')).toHaveCount(2);
  await expect(timeline.locator('[data-kind="approval.returned"]')).toHaveCount(1);
  await expect(timeline.locator('[data-kind="approval.approved"]')).toHaveCount(1);
  // Newest first: the approval is above the opening.
  await expect(timeline.locator('li').first()).not.toHaveAttribute('data-kind', 'case.opened');
  await expect(timeline.locator('li').last()).toHaveAttribute('data-kind', 'case.opened');

  // A closed case can be reopened, with the reason: it goes back to assessment.
  await worker.getByRole('button', { name: uz('cases.reopen.action') }).click();
  const reopen = worker.getByRole('dialog', { name: uz('cases.reopen.title') });
  await reopen.getByLabel(uz('cases.reopen.reason')).fill('Sardor yana darsga kelmay qoldi.');
  await reopen.getByRole('button', { name: uz('cases.reopen.submit') }).click();
  await expect(worker.getByRole('status').filter({ hasText: uz('cases.reopen.done') })).toBeVisible();
  await expect(worker.locator('.case-head')).toContainText(uz('enum.caseStatus.assessment'));
  await expect(timeline.locator('[data-kind="case.reopened"]')).toHaveCount(1);

  // Another worker of the organisation finds nothing at that address.
  const worker2 = await signedIn(browser, 'worker2');
  expect((await worker2.request.get(`/api/cases/${caseId}`)).status()).toBe(404);
  await worker2.goto(`/cases/${caseId}`);
  // worker2 works in Uzbek Cyrillic, the language saved with the account.
  await expect(worker2.getByRole('heading', { level: 1 })).toHaveText(ui('uz-Cyrl')('notFound.title'));
});

test('the caseload shows risk in colour and words, and a supervisor sees the team by worker', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/cases');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('cases.caseload.title'));
  await expect(page.locator('.case-group').first()).toBeVisible();
  await page.getByLabel(uz('cases.status')).selectOption('closed');
  await expect(page.locator('.case-row').first()).toContainText(uz('enum.caseStatus.closed'));
  // A search of punctuation alone is refused by the server: the search box says why.
  const search = page.getByLabel(uz('cases.caseload.search'));
  await search.fill('%');
  await expect(search).toHaveAccessibleDescription(new RegExp(serverText('uz-Latn')('fields.search_text')));
  await search.fill('');
  await expect(page.locator('.case-row').first()).toBeVisible();
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a task is added and done, and a supervisor reassigns the case to another worker', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const family = await registerFamily(worker);
  const csrf = await worker.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
  const opened = await worker.request.post('/api/cases', {
    headers: { 'X-CSRF-Token': csrf ?? '' },
    data: { familyId: family.id, identificationSource: 'hotline', reason: 'Qoʻshnilar bola yolgʻiz qolayotganini aytdi.' },
  });
  expect(opened.status()).toBe(201);
  const { id, number } = (await opened.json()) as { id: string; number: string };

  await worker.setViewportSize({ width: 360, height: 740 });
  await worker.goto(`/cases/${id}`);
  const tasks = worker.getByRole('region', { name: uz('tasks.ofCase') });
  await tasks.getByLabel(uz('tasks.title')).fill('Maktab direktori bilan uchrashish');
  const today = await worker.evaluate(() =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tashkent', day: '2-digit', month: '2-digit', year: 'numeric' })
      .format(new Date())
      .replaceAll('/', '.'),
  );
  await tasks.getByLabel(uz('tasks.dueDate')).fill(today);
  await tasks.getByRole('button', { name: uz('tasks.add') }).click();
  const task = tasks.getByRole('listitem').filter({ hasText: 'Maktab direktori bilan uchrashish' });
  await expect(task).toContainText(uz('enum.due.today'));
  expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await worker.goto('/tasks');
  await expect(worker.getByRole('region', { name: uz('tasks.group.today') })).toContainText(number);
  await worker.goto(`/cases/${id}`);
  await task.getByRole('button', { name: uz('tasks.markDone') }).click();
  await expect(task).toContainText(uz('enum.taskStatus.done'));

  const supervisor = await signedIn(browser, 'supervisor');
  await supervisor.goto(`/cases/${id}`);
  await supervisor.getByRole('button', { name: uz('cases.assign.reassign') }).click();
  const dialog = supervisor.getByRole('dialog', { name: uz('cases.assign.title') });
  const choice = dialog.getByLabel(uz('cases.assign.worker'));
  await expect(choice.locator('option')).not.toHaveCount(1);
  const worker2Id = await choice.locator('option', { hasText: 'Jasur Toshmatov' }).getAttribute('value');
  await choice.selectOption(worker2Id ?? '');
  await dialog.getByRole('button', { name: uz('cases.assign.submit') }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: uz('cases.assign.done') })).toBeVisible();
  await expect(supervisor.locator('.facts')).toContainText('Jasur Toshmatov');
  await expect(supervisor.getByTestId('timeline').locator('[data-kind="case.assigned"]')).toHaveCount(1);
});
