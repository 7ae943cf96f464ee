import { type Browser, expect, type Page, test } from '@playwright/test';
import { PASSWORD, screenshotPath, signIn, uz } from './helpers.ts';

// Two administrators sign in one after the other, and the chain is checked: minutes on a shared machine.
test.describe.configure({ timeout: 300_000 });

async function signedIn(browser: Browser, username: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 740 } })).newPage();
  await signIn(page, username, PASSWORD);
  return page;
}

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

type Due = { familyId: string; cases: { id: string; number: string }[]; held: boolean; proposalId: string | null };

test('an erasure proposed by one administrator is approved by a second on a phone; the family is gone and the audit chain is intact', async ({
  browser,
}) => {
  // The demo's due family nobody has proposed yet (Dilorom Qahhorova's, whose case closed eleven years ago).
  const admin = await signedIn(browser, 'admin', 1280);
  const due = ((await (await admin.request.get('/api/retention/due')).json()) as { items: Due[] }).items;
  // The daily run may have drafted a proposal for it already (it starts a minute after the server): a draft is
  // proposed from its own card, a family without one from the due list.
  const proposals = (
    (await (await admin.request.get('/api/retention/proposals')).json()) as { items: { familyId: string; status: string }[] }
  ).items;
  const drafted = new Set(proposals.filter((one) => one.status === 'drafted').map((one) => one.familyId));
  const family = due.find((item) => !item.held && item.cases.length > 0 && (!item.proposalId || drafted.has(item.familyId)));
  if (!family) throw new Error('the demo has no family due for erasure');
  const caseNumber = family.cases[0]?.number ?? '';

  await admin.goto('/retention');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(uz('retention.title'));
  // A family under a legal hold cannot be proposed.
  await expect(
    admin
      .getByTestId('due-family')
      .filter({ hasText: uz('retention.held') })
      .first(),
  ).toBeVisible();
  const from = family.proposalId
    ? admin.getByTestId('erasure-proposal').filter({ hasText: caseNumber })
    : admin.getByTestId('due-family').filter({ hasText: caseNumber });
  await from.getByRole('button', { name: uz('retention.propose') }).click();
  const mine = admin.getByTestId('erasure-proposal').filter({ hasText: caseNumber });
  await expect(mine).toContainText(uz('retention.status.pending'));
  // The proposer cannot approve their own.
  await expect(mine).toContainText(uz('retention.proposal.waiting'));
  await expect(mine.getByRole('button', { name: uz('retention.proposal.approve') })).toHaveCount(0);

  // The second administrator, on a phone, approves it.
  const second = await signedIn(browser, 'admin2', 360);
  await second.goto('/retention');
  const card = second.getByTestId('erasure-proposal').filter({ hasText: caseNumber });
  await expect(card).toContainText(uz('retention.status.pending'));
  await expect(card).toContainText('Tizim administratori');
  await fitsThePhone(second);
  await second.screenshot({ path: screenshotPath('retention-approve-360.png'), fullPage: true });
  await card.getByRole('button', { name: uz('retention.proposal.approve') }).click();
  const erased = second.getByTestId('erasure-proposal').filter({ hasText: caseNumber });
  await expect(erased).toContainText(uz('retention.status.erased'));
  await expect(erased).toContainText('Ikkinchi administrator');
  await fitsThePhone(second);

  // The family and its case are gone.
  await second.goto(`/families/${family.familyId}`);
  await expect(second.getByRole('heading', { level: 1 })).toHaveText(uz('notFound.title'));
  expect((await second.request.get(`/api/cases/${family.cases[0]?.id}`)).status()).toBe(404);

  // The audit log still verifies, lane by lane.
  await second.goto('/audit');
  await second.getByRole('button', { name: uz('audit.chain.run') }).click();
  await expect(second.getByTestId('chain-result')).toContainText(uz('audit.chain.intact', { events: '' }).split(':')[0] ?? '', {
    timeout: 120_000,
  });
  await fitsThePhone(second);
  await second.screenshot({ path: screenshotPath('retention-chain-360.png'), fullPage: true });
});

test('the supervisor sees the legal hold on a case page at 360 px, lifts it with a reason and sets it again', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin', 1280);
  const holds = ((await (await admin.request.get('/api/retention/holds')).json()) as { items: { caseId: string; reason: string }[] }).items;
  const hold = holds.find((item) => item.reason.includes('prokuratura'));
  if (!hold) throw new Error('the demo has no case under a legal hold');

  const supervisor = await signedIn(browser, 'supervisor', 360);
  await supervisor.goto(`/cases/${hold.caseId}`);
  const panel = supervisor.getByTestId('legal-hold-panel');
  await expect(panel).toContainText(hold.reason);
  await expect(panel).toContainText(uz('retention.held'));
  await panel.getByRole('button', { name: uz('retention.hold.lift') }).click();
  await panel.getByLabel(uz('retention.hold.liftReason')).fill('Prokuratura tekshiruvi yakunlandi.');
  await fitsThePhone(supervisor);
  await panel.getByRole('button', { name: uz('retention.hold.lift') }).click();
  await expect(panel).toContainText(uz('retention.hold.none'));

  await panel.getByRole('button', { name: uz('retention.hold.set') }).click();
  await panel.getByLabel(uz('retention.hold.reason')).fill('Sud soʻrovi: vasiylik ishi qayta koʻrilmoqda.');
  await panel.getByRole('button', { name: uz('retention.hold.set') }).click();
  await expect(panel).toContainText('Sud soʻrovi: vasiylik ishi qayta koʻrilmoqda.');
  await fitsThePhone(supervisor);
  await supervisor.screenshot({ path: screenshotPath('retention-hold-360.png'), fullPage: true });
});
