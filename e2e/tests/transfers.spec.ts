import { type Browser, expect, type Page, test } from '@playwright/test';
import { apiSend, freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, signIn, stamp, uz } from './helpers.ts';

const DENOV_CENTRE = 'Denov tumani «Inson» ijtimoiy xizmatlar markazi';
const NGO = '«Oila va bola» nodavlat notijorat tashkiloti';

// Two or three people sign in one after the other: more than the default half minute on a shared machine.
test.describe.configure({ timeout: 120_000 });

/** A person signed in on a 360 px phone. */
async function onPhone(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, username, PASSWORD);
  return page;
}

const fitsThePhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

test('a worker transfers a case to Denov; the Denov supervisor accepts it with a worker, and the case is theirs', async ({ browser }) => {
  const worker = await onPhone(browser, 'worker');
  const theCase = await freshCase(worker, `Koʻchmanova${stamp().replace(/\d/g, '')}`);
  const { familyId } = (await (await worker.request.get(`/api/cases/${theCase.id}`)).json()) as { familyId: string };
  const { members } = (await (await worker.request.get(`/api/families/${familyId}`)).json()) as { members: { id: string }[] };
  const organisations = (await (await worker.request.get('/api/organisations', { params: { limit: 200 } })).json()) as {
    items: { id: string; name: string }[];
  };
  const denov = organisations.items.find((o) => o.name === DENOV_CENTRE);
  expect(denov).toBeDefined();
  const [mother, child] = members;
  await apiSend(worker, 'POST', `/api/cases/${theCase.id}/consents`, {
    givenByPersonId: mother?.id,
    onBehalfOfPersonIds: [child?.id],
    scope: [denov?.id],
    date: '2026-11-30',
  });

  await worker.goto(`/cases/${theCase.id}`);
  const card = worker.getByTestId('case-transfer');
  await card.getByRole('button', { name: uz('transfers.action') }).click();
  const dialog = worker.getByRole('dialog', { name: uz('transfers.dialogTitle') });
  await dialog.getByLabel(uz('transfers.to'), { exact: true }).selectOption({ label: DENOV_CENTRE });
  await dialog.getByLabel(uz('transfers.reason')).fill('Oila Denov tumaniga koʻchib ketdi.');
  await fitsThePhone(worker);
  await dialog.getByRole('button', { name: uz('transfers.submit') }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('status')).toHaveText(uz('transfers.sent'));
  await expect(card.getByTestId('transfer')).toContainText(uz('transfers.status.pending'));
  await expect(card.getByRole('button', { name: uz('transfers.action') })).toHaveCount(0);
  await fitsThePhone(worker);

  const supervisor = await onPhone(browser, 'supervisor.denov');
  await supervisor.goto('/transfers');
  await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText(uz('transfers.inboxTitle'));
  const incoming = supervisor.getByTestId('incoming-transfer').filter({ hasText: theCase.number });
  await expect(incoming).toContainText('Oila Denov tumaniga koʻchib ketdi.');
  await fitsThePhone(supervisor);
  await incoming.getByRole('button', { name: uz('transfers.accept') }).click();
  const accept = supervisor.getByRole('dialog', { name: uz('transfers.acceptTitle', { number: theCase.number }) });
  await accept.getByLabel(uz('transfers.worker')).selectOption({ label: 'Akmal Nurmatov' });
  await accept.getByRole('button', { name: uz('transfers.acceptSubmit') }).click();
  await expect(accept).toBeHidden();
  await expect(supervisor.getByRole('status')).toHaveText(uz('transfers.accepted', { number: theCase.number }));
  await supervisor.screenshot({ path: screenshotPath('transfers-inbox-360.png'), fullPage: true });
  await incoming.getByRole('link', { name: uz('transfers.caseNumber', { number: theCase.number }) }).click();

  // The case is now the Denov centre's: worked by Akmal, its transfer accepted; Nodira no longer reaches it.
  await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText(uz('cases.title', { number: theCase.number }));
  await expect(supervisor.getByText('Akmal Nurmatov').first()).toBeVisible();
  const moved = supervisor.getByTestId('case-transfer').getByTestId('transfer');
  await expect(moved).toContainText(DENOV_CENTRE);
  await expect(moved).toContainText(uz('transfers.status.accepted'));
  await fitsThePhone(supervisor);
  expect((await worker.request.get(`/api/cases/${theCase.id}`)).status()).toBe(404);
});

test('a worker shares a case with the NGO worker, who records a contact on it but may not close it', async ({ browser }) => {
  const worker = await onPhone(browser, 'worker');
  const theCase = await freshCase(worker, `Hamkorova${stamp().replace(/\d/g, '')}`);
  await worker.goto(`/cases/${theCase.id}`);
  const shares = worker.getByTestId('case-shares');
  await expect(shares).toContainText(uz('transfers.shares.none'));
  const person = shares.getByLabel(uz('transfers.shares.person'));
  // By keyboard: the co-worker is chosen and the case shared without the mouse.
  await person.selectOption({ label: `Malika Yusupova · ${NGO}` });
  await person.focus();
  await worker.keyboard.press('Tab');
  await worker.keyboard.press('Enter');
  await expect(shares.getByRole('status')).toHaveText(uz('transfers.shares.added', { name: 'Malika Yusupova' }));
  await expect(shares.getByTestId('share')).toContainText(NGO);
  await fitsThePhone(worker);

  const ngo = await onPhone(browser, 'ngo');
  await ngo.goto(`/cases/${theCase.id}`);
  await expect(ngo.getByRole('heading', { level: 1 })).toHaveText(uz('cases.title', { number: theCase.number }));
  await expect(ngo.getByRole('button', { name: uz('cases.close.action') })).toHaveCount(0);
  await expect(ngo.getByRole('button', { name: uz('transfers.action') })).toHaveCount(0);
  await ngo.getByRole('button', { name: uz('cases.contact.action') }).click();
  const dialog = ngo.getByRole('dialog', { name: uz('cases.contact.title') });
  await dialog.getByLabel(uz('cases.contact.text')).fill('Malika opa bilan uyga tashrif: bolalar maktabga bormoqda.');
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog).toBeHidden();
  await expect(ngo.getByRole('status').filter({ hasText: uz('cases.contact.recorded') })).toBeVisible();
  await fitsThePhone(ngo);
});
