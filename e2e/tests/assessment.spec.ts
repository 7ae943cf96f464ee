import { type Browser, expect, type Page, test } from '@playwright/test';
import { apiSend, freshCase, transitionCase } from './fresh-case.ts';
import { screenshotPath, signIn, uz } from './helpers.ts';

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

/** Answers a question of the instrument by its Uzbek (Latin) texts; the radio group is named by the question. */
async function answer(page: Page, question: string, label: string) {
  await page.getByRole('group', { name: question }).getByRole('radio', { name: label, exact: true }).check();
}

const step = (page: Page, name: string | RegExp) =>
  page.getByRole('navigation', { name: uz('assessments.steps') }).getByRole('button', { name });

type Definition = { domains: { key: string; title: { 'uz-Latn': string } }[] };

/** The Uzbek (Latin) titles of the domains of an assessment that are neither answered nor marked not assessed. */
async function unansweredTitles(page: Page, assessmentId: string): Promise<string[]> {
  const assessment = (await (await page.request.get(`/api/assessments/${assessmentId}`)).json()) as {
    instrumentId: string;
    domainScores: Record<string, { answered: number; notAssessed: boolean }>;
  };
  const instruments = (await (await page.request.get('/api/instruments')).json()) as { items: { id: string; definition: Definition }[] };
  const def = instruments.items.find((i) => i.id === assessment.instrumentId)?.definition;
  return (def?.domains ?? [])
    .filter((d) => !assessment.domainScores[d.key]?.answered && !assessment.domainScores[d.key]?.notAssessed)
    .map((d) => d.title['uz-Latn']);
}

/** Marks the domain now on screen "not assessed" with a reason, and waits for the save. */
async function markNotAssessed(page: Page, reason: string) {
  await page.getByLabel(uz('assessments.notAssessed.toggle')).check();
  await page.getByLabel(uz('assessments.notAssessed.reason'), { exact: true }).selectOption(reason);
  await expect(page.getByTestId('save-state')).toHaveText(uz('assessments.saved'));
}

test('the Tursunovs’ assessment is finished, its risk explained, approved, and the case moves to planning', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const found = (await (await worker.request.get('/api/cases', { params: { q: 'Tursunova', limit: 10 } })).json()) as {
    items: { id: string; number: string; status: string }[];
  };
  const theCase = found.items.find((item) => item.status === 'assessment');
  expect(theCase).toBeDefined();
  const { id: caseId, number } = theCase as { id: string; number: string };

  // The demo data left a draft: the case page offers to continue it.
  await worker.goto(`/cases/${caseId}`);
  const card = worker.getByTestId('assessment-card');
  await card.getByRole('link', { name: uz('assessments.continue') }).click();
  await expect(worker).toHaveURL(new RegExp(`/cases/${caseId}/assessments/[0-9a-f-]{36}$`));
  await expect(worker.getByRole('heading', { level: 1 })).toContainText('Oilani baholash');

  // Income: nobody works and there is no income — a serious problem. Saved as we go.
  await step(worker, /Daromad va bandlik/).click();
  await expect(worker.getByRole('heading', { level: 2 })).toContainText('Daromad va bandlik');
  await answer(worker, 'Kattalar ishlaydimi?', 'Hech kim ishlamaydi');
  await answer(worker, 'Daromad asosiy ehtiyojlarga yetadimi?', 'Daromad yoʻq');
  await expect(worker.getByTestId('save-state')).toHaveText(uz('assessments.saved'));

  // Documents: a child without a birth certificate (from the draft) and the mother without an ID card.
  await step(worker, /Hujjatlar va huquqiy holat/).click();
  await expect(
    worker.getByRole('group', { name: 'Har bir bolada tugʻilganlik guvohnomasi bormi?' }).getByRole('radio', { name: 'Bir bolada yoʻq' }),
  ).toBeChecked();
  await answer(worker, 'Kattalarda shaxsiy guvohnoma (ID karta) bormi?', 'Yoʻq');
  await worker.getByLabel(uz('assessments.needs')).fill('Onaga ID karta, kenja oʻgʻilga tugʻilganlik guvohnomasi.');
  await expect(worker.getByLabel(uz('assessments.ratingLabel'))).toHaveValue('serious_problem');
  await expect(worker.getByTestId('save-state')).toHaveText(uz('assessments.saved'));

  // The review names the domains neither answered nor marked not assessed, and waits for them.
  const assessmentId = worker.url().split('/').at(-1) ?? '';
  const unanswered = await unansweredTitles(worker, assessmentId);
  expect(unanswered.length).toBeGreaterThan(0);
  await step(worker, uz('assessments.review.title')).click();
  await expect(worker.getByTestId('assessment-unanswered')).toHaveText(
    uz('assessments.review.unanswered', { domains: unanswered.join(', ') }),
  );
  await expect(worker.getByRole('button', { name: uz('assessments.submit') })).toBeDisabled();

  // This visit was about documents and income: the other domains are marked not assessed, the person being away.
  for (const title of unanswered) {
    await step(worker, title).click();
    await expect(worker.getByRole('heading', { level: 2 })).toContainText(title);
    await markNotAssessed(worker, 'person_absent');
  }

  // The review: the scores, the computed level and why, said to be computed without the domains not assessed.
  await step(worker, uz('assessments.review.title')).click();
  await expect(worker.getByTestId('assessment-unanswered')).toHaveCount(0);
  await expect(worker.getByTestId('domain-scores')).toBeVisible();
  await expect(worker.getByTestId('risk-incomplete')).toHaveText(
    uz('assessments.notAssessed.incomplete', { domains: unanswered.join(', ') }),
  );
  const reasons = worker.getByTestId('reasons');
  await expect(reasons).toContainText(uz('assessments.reason.serious_problem', { domain: 'Hujjatlar va huquqiy holat', points: 4 }));
  await expect(reasons).toContainText(uz('assessments.reason.serious_problem', { domain: 'Daromad va bandlik', points: 4 }));
  await expect(worker.getByTestId('computed-risk').locator('[data-risk]')).toBeVisible();
  await expect(worker.getByTestId('computed-risk').locator('[data-category]')).toBeVisible();

  await worker.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(worker.getByRole('status').filter({ hasText: uz('assessments.submitted') })).toBeVisible();
  await expect(worker.getByTestId('awaiting-approval')).toHaveText(uz('assessments.awaiting'));

  // The supervisor approves it among the requests waiting for them.
  const supervisor = await signedIn(browser, 'supervisor');
  await supervisor.goto('/cases/approvals');
  const row = supervisor.getByTestId('approval').filter({ hasText: number });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(uz('enum.approvalKind.assessment'));
  await expect(row.getByRole('link', { name: uz('approvals.openAssessment') })).toBeVisible();
  await row.getByRole('button', { name: uz('approvals.approve') }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: uz('approvals.approved') })).toBeVisible();

  // The worker's case shows the approved result and can move on to planning.
  await worker.goto(`/cases/${caseId}`);
  await expect(card).toContainText(uz('assessments.status.approved'));
  // The card says the level leaves domains out, and which ones were not assessed.
  await expect(card).toContainText(uz('assessments.notAssessed.incompleteShort'));
  await expect(card.locator('.domain-rating').filter({ hasText: unanswered[0] ?? '' })).toContainText(uz('assessments.notAssessed.short'));
  await worker.getByRole('button', { name: uz('cases.moveTo', { status: uz('enum.caseStatus.planning') }) }).click();
  await expect(worker.locator('.case-head')).toContainText(uz('enum.caseStatus.planning'));

  // The history lists it, with the scores as a table too.
  await card.getByRole('link', { name: uz('assessments.history.link') }).click();
  await expect(worker.getByTestId('assessment-history').getByText(uz('assessments.status.approved'))).toBeVisible();
  await expect(worker.getByTestId('score-chart')).toBeVisible();
  await worker.getByRole('button', { name: uz('assessments.history.table') }).click();
  await expect(worker.getByTestId('history-table')).toContainText('Daromad va bandlik');
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a domain is marked not assessed with its reason; the review names what is missing, and its ratings stay on the screen', async ({
    page,
  }) => {
    await signIn(page, 'worker');
    const theCase = await freshCase(page, 'Yoʻldosheva');
    await transitionCase(page, theCase.id, 'assessment');
    const started = (await apiSend(page, 'POST', `/api/cases/${theCase.id}/assessments`, {})) as { id: string };
    await page.goto(`/cases/${theCase.id}/assessments/${started.id}`);
    await expect(page.getByRole('heading', { level: 2 })).toContainText('Xavfsizlik va himoya');

    // Safety is asked and answered; the child's health could not be: the mother took the child to hospital.
    await answer(page, 'Oilada zoʻravonlik bormi?', 'Belgilari yoʻq');
    await expect(page.getByTestId('save-state')).toHaveText(uz('assessments.saved'));
    await page.getByRole('button', { name: uz('assessments.next') }).click();
    const health = 'Bolaning sogʻligʻi va rivojlanishi';
    await expect(page.getByRole('heading', { level: 2 })).toContainText(health);
    await page.getByLabel(uz('assessments.notAssessed.toggle')).check();
    // Marked, the domain's questions are put away.
    await expect(page.getByRole('group', { name: 'Bola tibbiy yordam oladimi?' })).toHaveCount(0);
    await page.getByLabel(uz('assessments.notAssessed.reason'), { exact: true }).selectOption('other');
    await expect(page.getByText(uz('assessments.notAssessed.noteRequired'))).toBeVisible();
    const note = 'Ona bolani shifoxonaga olib ketgan';
    await page.getByLabel(uz('assessments.notAssessed.note')).fill(note);
    await expect(page.getByTestId('save-state')).toHaveText(uz('assessments.saved'));
    await expect(step(page, health)).toContainText('—');
    const saved = (await (await page.request.get(`/api/assessments/${started.id}`)).json()) as { notAssessed: object };
    expect(saved.notAssessed).toEqual({ child_health_development: { reason: 'other', note } });

    // The review names the eight domains still neither answered nor marked, and cannot be submitted yet.
    const unanswered = await unansweredTitles(page, started.id);
    expect(unanswered).toHaveLength(8);
    expect(unanswered).not.toContain(health);
    await step(page, uz('assessments.review.title')).click();
    await expect(page.getByTestId('assessment-unanswered')).toHaveText(
      uz('assessments.review.unanswered', { domains: unanswered.join(', ') }),
    );
    await expect(page.getByRole('button', { name: uz('assessments.submit') })).toBeDisabled();
    const healthRow = page.getByTestId('domain-scores').locator('tr[data-domain="child_health_development"]');
    await expect(healthRow).toContainText(uz('assessments.notAssessed.short'));
    await expect(healthRow).toContainText(`${uz('assessments.notAssessed.reasons.other')}: ${note}`);

    // At 360 px every rating is on the screen: no sideways scroll in the table nor on the page.
    const table = page.getByTestId('domain-scores');
    await table.scrollIntoViewIfNeeded();
    const wrap = await table.evaluate((element) => {
      const parent = element.parentElement as HTMLElement;
      return { scroll: parent.scrollWidth, client: parent.clientWidth };
    });
    expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
    const ratings = table.getByTestId('domain-rating');
    await expect(ratings).toHaveCount(10);
    for (const box of await ratings.evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().toJSON() as DOMRect)))
      expect(box.right).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: screenshotPath('assessment-review-360.png'), fullPage: true });
  });

  test('a new assessment fits the width, answers by keyboard, and reloads after someone else’s change', async ({ page }) => {
    await signIn(page, 'worker');
    const found = (await (await page.request.get('/api/cases', { params: { assignee: 'me', status: 'intake', limit: 10 } })).json()) as {
      items: { id: string }[];
    };
    const caseId = found.items[0]?.id ?? '';
    await page.goto(`/cases/${caseId}`);
    await page
      .getByTestId('assessment-card')
      .getByRole('button', { name: uz('assessments.start') })
      .click();
    await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/assessments/[0-9a-f-]{36}$`));
    const assessmentId = page.url().split('/').at(-1) ?? '';
    await expect(page.getByRole('heading', { level: 2 })).toContainText('Xavfsizlik va himoya');
    await page.screenshot({ path: screenshotPath('assessment-360.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The keyboard alone: focus the first answer, choose it with the space bar, move on with Next.
    const violence = page.getByRole('group', { name: 'Oilada zoʻravonlik bormi?' });
    await violence.getByRole('radio').first().focus();
    await page.keyboard.press('Space');
    await expect(violence.getByRole('radio', { name: 'Belgilari yoʻq' })).toBeChecked();
    await expect(page.getByTestId('save-state')).toHaveText(uz('assessments.saved'));

    // Someone else saves the same draft meanwhile: our next change meets the conflict, the page reloads and says so.
    const csrf = await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
    const { version } = (await (await page.request.get(`/api/assessments/${assessmentId}`)).json()) as { version: number };
    const other = await page.request.patch(`/api/assessments/${assessmentId}`, {
      headers: { 'X-CSRF-Token': csrf ?? '' },
      data: { version, answers: { 'safety.neglect': 'mostly' } },
    });
    expect(other.status()).toBe(200);
    await answer(page, 'Bola kattalar nazoratidami?', 'Doim');
    await expect(page.getByRole('alert').filter({ hasText: uz('assessments.conflict') })).toBeVisible();
    await expect(
      page.getByRole('group', { name: 'Bolaning ehtiyojlariga qaraladimi?' }).getByRole('radio', { name: 'Asosan' }),
    ).toBeChecked();

    await page.getByRole('button', { name: uz('assessments.next') }).click();
    await expect(page.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(page.getByRole('heading', { level: 2 })).toContainText('2');
  });
});
