import { expect, type Page, test } from '@playwright/test';
import { freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, signIn, stamp, uz } from './helpers.ts';

// The app shell must come from the service worker's cache when the page is reloaded without network.
test.use({ serviceWorkers: 'allow' });

const PIN = '246810';

async function keepCaseloadHere(page: Page, caseId: string): Promise<void> {
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect(setup).toHaveCount(0, { timeout: 20_000 });
  await expect.poll(() => heldCase(page, caseId), { timeout: 30_000 }).toBe(true);
}

/** Whether the device holds the case (its key is an id, so this reads no personal data). */
async function heldCase(page: Page, caseId: string): Promise<boolean> {
  return page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('hamkor-offline');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (!db.objectStoreNames.contains('records')) return false;
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('records').objectStore('records').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return keys.some((one) => Array.isArray(one) && one[1] === key);
  }, `case:${caseId}`);
}

/** Whether the device holds a value of the user's by its name (names are fixed words, not personal data). */
async function heldMeta(page: Page, name: string): Promise<boolean> {
  return page.evaluate(async (wanted) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('hamkor-offline');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('meta').objectStore('meta').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return keys.some((key) => Array.isArray(key) && key[1] === wanted);
  }, name);
}

async function recordVisit(page: Page, caseNumber: string, note: string): Promise<void> {
  await page.getByTestId('offline-caseload').getByRole('link', { name: caseNumber }).click();
  await page.getByLabel(uz('cases.contact.text')).fill(note);
  await page.getByRole('button', { name: uz('offline.case.saveContact'), exact: true }).click();
}

test('signed out without signal: the key is forgotten, the waiting count shows before the PIN, the server session ends when the signal returns, and the visit is sent after the next sign-in', async ({
  page,
  context,
  playwright,
}) => {
  test.setTimeout(150_000);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Ergasheva');
  await keepCaseloadHere(page, theCase.id);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
  const session = (await context.cookies()).find((cookie) => cookie.name === 'hamkor_session');
  expect(session).toBeDefined();

  await context.setOffline(true);
  const note = `Visit before signing out ${stamp()}: the father found work`;
  await recordVisit(page, theCase.number, note);
  await expect(page.getByTestId('sync-waiting')).toContainText('1');

  // Signing out without signal warns, keeps the visit, and forgets the key at once.
  await page.getByRole('button', { name: uz('auth.signOut') }).click();
  const dialog = page.getByRole('dialog', { name: uz('offline.signOut.title') });
  await dialog.getByRole('button', { name: uz('offline.signOut.confirm') }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(await page.evaluate(() => localStorage.getItem('hamkor.signOutPending'))).toBe('1');

  // The app opened again, still without signal: the copy is locked, and the header counts what waits, before any PIN.
  await page.goto('/');
  const unlock = page.getByTestId('offline-unlock');
  await expect(unlock).toBeVisible();
  await expect(page.getByTestId('sync-waiting')).toContainText('1');
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(note);

  // The signal returns: the sign-out goes first, so the page does not take the old session up again.
  await context.setOffline(false);
  await expect(page.getByRole('heading', { level: 1, name: uz('auth.title') })).toBeVisible({ timeout: 20_000 });
  const stolen = await playwright.request.newContext({
    baseURL: process.env.BASE_URL,
    extraHTTPHeaders: { cookie: `hamkor_session=${session!.value}` },
  });
  await expect.poll(async () => (await stolen.get('/api/auth/session')).status(), { timeout: 15_000 }).toBe(401);
  await stolen.dispose();
  expect(await page.evaluate(() => localStorage.getItem('hamkor.signOutPending'))).toBeNull();

  // The same worker signs in again: the PIN opens the copy and the visit is sent.
  await signIn(page, 'worker');
  await expect(page.getByTestId('sync-waiting')).toContainText('1');
  const again = page.getByTestId('offline-unlock');
  await again.getByLabel(uz('offline.setup.pin')).fill(PIN);
  await again.getByRole('button', { name: uz('offline.unlock.submit') }).click();
  await expect(again).toHaveCount(0, { timeout: 15_000 });
  await expect
    .poll(async () => {
      const contacts = (await (await page.request.get(`/api/cases/${theCase.id}/contacts`)).json()) as { items: { text: string }[] };
      return contacts.items.some((contact) => contact.text === note);
    })
    .toBe(true);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0);
});

test('at 360 px, a visit refused because the case moved is copied and sent to the supervisor, who reads it; the entry says so', async ({
  page,
  context,
  playwright,
}) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Nazarova');
  await keepCaseloadHere(page, theCase.id);

  await page.setViewportSize({ width: 360, height: 780 });
  await context.setOffline(true);
  const note = `Visit to a case that moved ${stamp()}: the aunt takes the children to school`;
  await recordVisit(page, theCase.number, note);
  await expect(page.getByTestId('sync-waiting')).toContainText('1');

  // Meanwhile the supervisor gives the case to another worker.
  const supervisor = await playwright.request.newContext({ baseURL: process.env.BASE_URL });
  const login = await supervisor.post('/api/auth/login', { data: { username: 'supervisor', password: PASSWORD } });
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { displayName: string } };
  const users = (await (await supervisor.get('/api/users', { params: { limit: 200 } })).json()) as {
    items: { id: string; username: string }[];
  };
  const worker2 = users.items.find((one) => one.username === 'worker2')!;
  const { version } = (await (await supervisor.get(`/api/cases/${theCase.id}`)).json()) as { version: number };
  const assigned = await supervisor.post(`/api/cases/${theCase.id}/assign`, {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { userId: worker2.id, version },
  });
  expect(assigned.status(), await assigned.text()).toBe(200);

  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  await page.getByTestId('sync-status').click();
  const entry = page.getByTestId('outbox').getByRole('listitem');
  await expect(entry).toContainText(uz('offline.outbox.outOfReach'));

  // Copy puts what was typed on the clipboard.
  await entry.getByRole('button', { name: uz('offline.outbox.copy') }).click();
  await expect(entry.getByText(uz('offline.outbox.copied'))).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(note);

  // Sent to the supervisor: the text arrives as their notification, and the entry says it went.
  await entry.getByRole('button', { name: uz('offline.outbox.toSupervisor') }).click();
  const text = entry.getByLabel(uz('offline.outbox.noteLabel'));
  await expect(text).toHaveValue(new RegExp(note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await text.press('End');
  await text.pressSequentially('\nPlease pass this to the new worker.');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-note-to-supervisor-360.png'), fullPage: true });
  await entry.getByRole('button', { name: uz('offline.outbox.noteSend'), exact: true }).click();
  await expect(entry.getByTestId('outbox-noted')).toContainText(user.displayName);
  await expect(entry.getByRole('button', { name: uz('offline.outbox.toSupervisor') })).toHaveCount(0);

  const received = (await (await supervisor.get('/api/notifications', { params: { limit: 20 } })).json()) as {
    items: { kind: string; caseId: string | null; text: string }[];
  };
  const delivered = received.items.find((item) => item.kind === 'worker_note' && item.text.includes(note));
  expect(delivered?.text).toContain('Please pass this to the new worker.');
  expect(delivered?.caseId).toBe(theCase.id);
  await supervisor.dispose();

  // The mark is kept with the entry on the device; locked, the header still says one change needs the worker.
  await page.reload();
  await expect(page.getByTestId('sync-problems')).toContainText('1');
  // The outbox page asks for the PIN, as the shell may too: either opens the copy.
  const unlock = page.getByTestId('offline-unlock').first();
  await unlock.getByLabel(uz('offline.setup.pin')).fill(PIN);
  await unlock.getByRole('button', { name: uz('offline.unlock.submit') }).click();
  await expect(page.getByTestId('outbox-noted')).toContainText(user.displayName, { timeout: 20_000 });
});

test('at 360 px without signal, a member’s birth date and a consent naming an organisation are recorded with the same fields as online, and reach the server', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Rahimova');
  const { familyId } = (await (await page.request.get(`/api/cases/${theCase.id}`)).json()) as { familyId: string };
  await keepCaseloadHere(page, theCase.id);
  // The organisations a consent may name come with the copy (encrypted, as the rest).
  await expect.poll(() => heldMeta(page, 'sealed:organisations'), { timeout: 30_000 }).toBe(true);

  await page.setViewportSize({ width: 360, height: 780 });
  await context.setOffline(true);
  await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();

  // A consent for health services and one organisation, as the case page online offers.
  const note = `Consent naming an organisation ${stamp()}`;
  const consents = page.getByTestId('offline-consents');
  await consents.getByLabel(uz('consents.givenBy')).selectOption({ index: 1 });
  await consents.getByRole('checkbox', { name: uz('directory.categories.health') }).check();
  const organisation = consents
    .getByRole('group', { name: uz('consents.organisations') })
    .getByRole('checkbox')
    .first();
  await organisation.check();
  await consents.getByLabel(uz('consents.note')).fill(note);
  await consents.getByRole('button', { name: uz('offline.case.saveConsent') }).click();
  await expect(page.getByText(uz('offline.case.consentSaved'))).toBeVisible();

  // The child's birth date, a field of the family page online that names and PINFL alone did not cover.
  await page.getByRole('link', { name: /Rahimova/ }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Rahimova Sardor' });
  await row.getByText(uz('offline.family.editMember')).click();
  const birthDate = row.getByLabel(uz('families.member.birthDate'));
  await birthDate.fill('');
  await birthDate.pressSequentially('04022016');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-member-fields-360.png'), fullPage: true });
  await row.getByRole('button', { name: uz('offline.family.saveMember') }).click();
  await expect(page.getByText(uz('offline.family.memberSaved'))).toBeVisible();
  await expect(page.getByTestId('sync-waiting')).toContainText('2');

  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  const saved = (await (await page.request.get(`/api/cases/${theCase.id}/consents`)).json()) as {
    items: { note: string | null; scopeCategories: string[]; scopeOrganisations: { id: string }[] }[];
  };
  const consent = saved.items.find((item) => item.note === note);
  expect(consent?.scopeCategories).toEqual(['health']);
  expect(consent?.scopeOrganisations).toHaveLength(1);
  const family = (await (await page.request.get(`/api/families/${familyId}`)).json()) as {
    members: { givenName: string; birthDate: string | null }[];
  };
  expect(family.members.find((member) => member.givenName === 'Sardor')?.birthDate).toBe('2016-02-04');
});
