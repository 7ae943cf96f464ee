import { type Browser, expect, type Page, test } from '@playwright/test';
import { apiSend, freshCase, transitionCase } from './fresh-case.ts';
import { signIn, uz } from './helpers.ts';

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

async function answer(page: Page, question: string, label: string) {
  await page.getByRole('group', { name: question }).getByRole('radio', { name: label, exact: true }).check();
}

const step = (page: Page, name: string | RegExp) =>
  page.getByRole('navigation', { name: uz('assessments.steps') }).getByRole('button', { name });

/**
 * Nobody works and there is no income: a serious problem in one domain, so the computed level is medium.
 * Every other domain is answered without concern, as submission needs.
 */
const NO_INCOME = {
  'income.employment': 'none',
  'income.sufficiency': 'no_income',
  'safety.violence': 'none',
  'health.care': 'regular',
  'education.enrolment': 'all',
  'living.housing': 'good',
  'documents.id_cards': 'all',
  'family.relationships': 'warm',
  'migration.absent_parent': 'no',
  'wellbeing.carer': 'good',
  'support.relatives': 'strong',
};

/** A fresh case of the worker's, in assessment, with a draft assessment already answered in part. */
async function caseWithDraft(worker: Page, surname: string) {
  const theCase = await freshCase(worker, surname);
  await transitionCase(worker, theCase.id, 'assessment');
  const draft = (await apiSend(worker, 'POST', `/api/cases/${theCase.id}/assessments`, { answers: NO_INCOME })) as { id: string };
  return { ...theCase, assessmentId: draft.id };
}

test('the supervisor returns an assessment with a comment; the worker reads it, corrects and resubmits; it is approved', async ({
  browser,
}) => {
  const worker = await signedIn(browser, 'worker');
  const theCase = await caseWithDraft(worker, 'Abdullayeva');
  const comment = 'Hujjatlar boʻlimi toʻldirilmagan: tugʻilganlik guvohnomalarini tekshiring.';

  // The worker submits the draft from its review.
  await worker.goto(`/cases/${theCase.id}/assessments/${theCase.assessmentId}`);
  await step(worker, uz('assessments.review.title')).click();
  await worker.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(worker.getByTestId('awaiting-approval')).toHaveText(uz('assessments.awaiting'));

  // The supervisor returns it, saying what must change; the comment is required.
  const supervisor = await signedIn(browser, 'supervisor');
  await supervisor.goto('/cases/approvals');
  const row = supervisor.getByTestId('approval').filter({ hasText: theCase.number });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: uz('approvals.return') }).click();
  const dialog = supervisor.getByRole('dialog');
  await dialog.getByRole('button', { name: uz('approvals.return') }).click();
  await expect(dialog.getByText(uz('approvals.commentRequired'))).toBeVisible();
  await dialog.getByLabel(uz('approvals.comment')).fill(comment);
  await dialog.getByRole('button', { name: uz('approvals.return') }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: uz('approvals.returned') })).toBeVisible();
  await expect(supervisor.getByTestId('approval').filter({ hasText: theCase.number })).toHaveCount(0);

  // The worker finds it returned, with the comment on the case's timeline and on the assessment itself.
  await worker.goto(`/cases/${theCase.id}`);
  await expect(worker.locator('[data-kind="approval.returned"]')).toContainText(comment);
  await worker
    .getByTestId('assessment-card')
    .getByRole('link', { name: uz('assessments.rework') })
    .click();
  const notice = worker.getByTestId('return-comment');
  await expect(notice).toContainText(uz('assessments.returnedNotice'));
  await expect(notice).toContainText(comment);

  // Corrects the documents and resubmits; the comment stays in view while reworking.
  await step(worker, /Hujjatlar va huquqiy holat/).click();
  await answer(worker, 'Har bir bolada tugʻilganlik guvohnomasi bormi?', 'Bir bolada yoʻq');
  await expect(worker.getByTestId('save-state')).toHaveText(uz('assessments.saved'));
  await expect(notice).toContainText(comment);
  await step(worker, uz('assessments.review.title')).click();
  await worker.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(worker.getByTestId('awaiting-approval')).toHaveText(uz('assessments.awaiting'));

  // The supervisor approves the resubmitted assessment; the case takes its level.
  await supervisor.goto('/cases/approvals');
  const again = supervisor.getByTestId('approval').filter({ hasText: theCase.number });
  await expect(again).toHaveCount(1);
  await again.getByRole('button', { name: uz('approvals.approve') }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: uz('approvals.approved') })).toBeVisible();
  await worker.goto(`/cases/${theCase.id}`);
  await expect(worker.getByTestId('assessment-card')).toContainText(uz('assessments.status.approved'));
  // Income and documents, a serious problem each: 8 points, high (a serious problem weighs 4 points).
  await expect(worker.locator('.case-head [data-risk]')).toHaveAttribute('data-risk', 'high');
});

test('the worker overrides the computed level with a reason; the supervisor sees the override and approves it', async ({ browser }) => {
  const worker = await signedIn(browser, 'worker');
  const theCase = await caseWithDraft(worker, 'Nazarova');
  const reason = 'Ona ogʻir kasal, bolalarga qaraydigan boshqa katta yoʻq.';

  await worker.goto(`/cases/${theCase.id}/assessments/${theCase.assessmentId}`);
  await step(worker, uz('assessments.review.title')).click();
  await expect(worker.getByTestId('computed-risk').locator('[data-risk]')).toHaveAttribute('data-risk', 'medium');
  await worker.getByLabel(uz('assessments.override.level')).selectOption('high');
  // Without a reason it is refused.
  await worker.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(worker.getByText(uz('assessments.override.reasonRequired'))).toBeVisible();
  await worker.getByLabel(uz('assessments.override.reason')).fill(reason);
  await expect(worker.getByTestId('save-state')).toHaveText(uz('assessments.saved'));
  await worker.getByRole('button', { name: uz('assessments.submit') }).click();
  await expect(worker.getByTestId('awaiting-approval')).toHaveText(uz('assessments.awaiting'));
  await expect(worker.getByText(uz('assessments.override.shown', { level: uz('enum.risk.high') }))).toBeVisible();

  // The supervisor has two requests: the assessment, and the override with its levels and reason.
  const supervisor = await signedIn(browser, 'supervisor');
  await supervisor.goto('/cases/approvals');
  const rows = supervisor.getByTestId('approval').filter({ hasText: theCase.number });
  await expect(rows).toHaveCount(2);
  const override = rows.filter({ hasText: uz('enum.approvalKind.risk_override') });
  await expect(override).toContainText(uz('approvals.override', { from: uz('enum.risk.medium'), to: uz('enum.risk.high') }));
  await expect(override).toContainText(reason);
  await override.getByRole('button', { name: uz('approvals.approve') }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: uz('approvals.approved') })).toBeVisible();
  const assessment = supervisor.getByTestId('approval').filter({ hasText: theCase.number });
  await expect(assessment).toHaveCount(1);
  await assessment.getByRole('button', { name: uz('approvals.approve') }).click();
  await expect(supervisor.getByTestId('approval').filter({ hasText: theCase.number })).toHaveCount(0);

  // The approved override stands: the case is high, not the computed medium.
  await worker.goto(`/cases/${theCase.id}/assessments/${theCase.assessmentId}`);
  await expect(worker.getByText(`(${uz('assessments.overrideStatus.approved')})`)).toBeVisible();
  await worker.goto(`/cases/${theCase.id}`);
  await expect(worker.locator('.case-head [data-risk]')).toHaveAttribute('data-risk', 'high');
});
