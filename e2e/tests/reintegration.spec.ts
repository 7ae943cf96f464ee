import { type Browser, expect, type Page, test } from '@playwright/test';
import { readinessInstrument } from '../../packages/domain/src/assessment/reintegration.ts';
import { apiSend, freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, signIn, stamp, uz } from './helpers.ts';

const HOME = 'Termiz shahar 21-sonli «Mehribonlik» uyi';

// A worker and the home's educator sign in one after the other: more than the default half minute on a shared machine.
test.describe.configure({ timeout: 150_000 });

async function onPhone(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, username, PASSWORD);
  return page;
}

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

/** A fresh family whose son was placed in the Termiz Mehribonlik home (as an emergency, the decision still to come). */
async function childInCare(worker: Page) {
  const theCase = await freshCase(worker, `Qaytuvchi${stamp().replace(/\d/g, '')}`);
  const { familyId } = (await (await worker.request.get(`/api/cases/${theCase.id}`)).json()) as { familyId: string };
  const { members } = (await (await worker.request.get(`/api/families/${familyId}`)).json()) as {
    members: { id: string; relationship: string }[];
  };
  const childId = members.find((m) => m.relationship === 'child')?.id ?? '';
  const why = 'Ona shifoxonada, boshqa imkon yoʻq';
  await apiSend(worker, 'POST', `/api/cases/${theCase.id}/gatekeeping`, {
    childId,
    optionsConsidered: ['support_at_home', 'kinship_care', 'guardianship', 'foster_family'].map((option) => ({ option, why })),
    proposedType: 'mehribonlik_home',
    emergency: true,
  });
  const homes = (await (await worker.request.get('/api/organisations', { params: { kind: 'residential_care', limit: 100 } })).json()) as {
    items: { id: string; name: string }[];
  };
  await apiSend(worker, 'POST', `/api/persons/${childId}/care-arrangements`, {
    type: 'mehribonlik_home',
    startDate: '2026-11-01',
    organisationId: homes.items.find((home) => home.name === HOME)?.id,
    authority: 'Shoʻrchi tuman vasiylik va homiylik organi',
    changeReason: 'illness_disability',
  });
  return { caseId: theCase.id, childId };
}

test('the family’s readiness for a child’s return: assessed from the care page, submitted, and shown when the return home is recorded', async ({
  browser,
}) => {
  const worker = await onPhone(browser, 'worker');
  const { caseId, childId } = await childInCare(worker);
  await worker.goto(`/care/persons/${childId}`);
  const card = worker.getByTestId('readiness-card');
  await expect(card).toContainText(uz('care.readiness.none'));
  await fitsThePhone(worker);
  await card.getByRole('button', { name: uz('care.readiness.start') }).click();

  // The readiness instrument, domain by domain: every question at its calmest, but a home in poor repair and no school place yet.
  await expect(worker.getByRole('heading', { level: 1 })).toContainText(readinessInstrument.title['uz-Latn']);
  const poor: Record<string, string> = { 'return.housing': 'poor', 'return.school_place': 'not_yet' };
  for (const [index, domain] of readinessInstrument.domains.entries()) {
    await expect(worker.locator('#step-title')).toContainText(domain.title['uz-Latn']);
    for (const question of domain.questions) {
      const answer = question.answers.find((a) => a.key === (poor[question.key] ?? question.answers[0]?.key));
      await worker
        .getByRole('group', { name: question.text['uz-Latn'] })
        .getByLabel(answer?.label['uz-Latn'] ?? '', { exact: true })
        .check();
    }
    if (index === 3) await fitsThePhone(worker);
    const last = index === readinessInstrument.domains.length - 1;
    await worker.getByRole('button', { name: last ? uz('assessments.toReview') : uz('assessments.next'), exact: true }).click();
  }
  // The review: the computed readiness and why, with no override of the level to propose.
  const summary = worker.getByTestId('computed-risk');
  await expect(summary).toContainText(uz('assessments.readiness.levels.ready_with_support'));
  await expect(worker.getByTestId('reasons')).toContainText(
    uz('assessments.reason.readiness_total', { points: 2, readyWithSupport: 2, notYetReady: 8 }),
  );
  await expect(worker.getByText(uz('assessments.override.title'))).toHaveCount(0);
  await fitsThePhone(worker);
  await worker.screenshot({ path: screenshotPath('readiness-review-360.png'), fullPage: true });
  await worker.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(worker.getByText(uz('assessments.submitted'))).toBeVisible();

  // Back on the child's care page: the result, waiting for the supervisor.
  await worker.getByRole('link', { name: uz('assessments.readiness.careHistory') }).click();
  await expect(card).toContainText(uz('assessments.status.submitted'));
  await expect(card).toContainText(uz('assessments.readiness.levels.ready_with_support'));
  await expect(card.getByRole('link', { name: uz('care.readiness.open') })).toBeVisible();
  await expect(card.getByRole('button', { name: uz('care.readiness.reassess') })).toHaveCount(0);

  // The case page links it beside the family assessment, without taking its place.
  await worker.goto(`/cases/${caseId}`);
  const onCase = worker.getByTestId('assessment-card');
  await expect(onCase.getByTestId('case-readiness')).toContainText(uz('assessments.readiness.levels.ready_with_support'));
  await expect(onCase).toContainText(uz('assessments.none'));
  await fitsThePhone(worker);
  await worker.goto(`/care/persons/${childId}`);

  // The return home: the form says the readiness is not approved yet, and records the return all the same.
  await worker.getByRole('button', { name: uz('care.record') }).click();
  const dialog = worker.getByRole('dialog', { name: uz('care.record') });
  await dialog.getByLabel(uz('care.type')).selectOption({ label: uz('care.types.parents') });
  await expect(dialog.getByTestId('return-readiness')).toContainText(uz('care.readiness.warning.open'));
  await dialog.getByLabel(uz('care.startDate')).fill('01122026');
  await dialog.getByLabel(uz('care.authority')).fill('Shoʻrchi tuman vasiylik va homiylik organi');
  await dialog.getByLabel(uz('care.changeReason')).selectOption({ label: uz('care.reasons.reintegration') });
  await fitsThePhone(worker);
  await worker.screenshot({ path: screenshotPath('readiness-return-home-360.png'), fullPage: true });
  await dialog.getByRole('button', { name: uz('care.record') }).click();
  await expect(dialog).toBeHidden();
  await expect(worker.getByRole('status').first()).toHaveText(uz('care.recorded'));
  await expect(worker.getByTestId('arrangement').first()).toContainText(uz('care.types.parents'));
});

test('the home’s educator sees the demo boy’s readiness for his return, not the family’s answers', async ({ browser }) => {
  const educator = await onPhone(browser, 'staff.mehribonlik');
  const placed = (await (await educator.request.get('/api/care-arrangements')).json()) as {
    items: { personId: string; emergency: boolean; startDate: string }[];
  };
  // The boy placed two years ago: other tests place children in the same home today.
  const boy = placed.items.filter((item) => !item.emergency).sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
  await educator.goto(`/care/persons/${boy?.personId}`);
  const card = educator.getByTestId('readiness-card');
  await expect(card).toContainText(uz('assessments.readiness.levels.ready_with_support'));
  await expect(card.getByRole('link')).toHaveCount(0);
  await fitsThePhone(educator);
});
