import { expect, type Page, test } from '@playwright/test';
import { freshCase } from './fresh-case.ts';
import { PASSWORD, screenshotPath, signIn, stamp, uz } from './helpers.ts';

// The app shell must come from the service worker's cache when the page is reloaded without network.
test.use({ serviceWorkers: 'allow' });

const PIN = '246810';

type CaseItem = { id: string; number: string; familyId: string };
type Family = {
  phone: string | null;
  phones: string[];
  address: string;
  members: { surname: string; givenName: string; pinfl: string | null }[];
};

/** Everything the app keeps in IndexedDB, read raw as a thief with the phone would: bytes decoded as text. */
async function rawIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: string[] = [];
    const text = (value: unknown): string => {
      if (value instanceof ArrayBuffer) return new TextDecoder().decode(value);
      if (ArrayBuffer.isView(value)) return new TextDecoder().decode(value as Uint8Array);
      if (value && typeof value === 'object') return Object.values(value).map(text).join(' ');
      return String(value);
    };
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name ?? '');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        dump.push(...rows.map(text));
      }
      db.close();
    }
    return dump.join('\n');
  });
}

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

test('a worker keeps the caseload encrypted on the phone, records a home visit without signal, and it reaches the server', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');

  // The first sign-in on this device asks for a PIN.
  const setup = page.getByTestId('offline-setup');
  await expect(setup).toBeVisible();
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill('123456');
  await setup.getByLabel(uz('offline.setup.confirm')).fill('123456');
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect(setup.getByText(uz('offline.pin.weak'))).toBeVisible();
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect(setup).toHaveCount(0, { timeout: 20_000 });

  const cases = (await (await page.request.get('/api/cases', { params: { assignee: 'me', limit: 200 } })).json()) as { items: CaseItem[] };
  const open = cases.items.filter((item) => !['closed'].includes((item as CaseItem & { status: string }).status));
  expect(open.length).toBeGreaterThan(0);
  // The pull brings the worker's open cases by itself.
  await expect.poll(() => heldRecords(page, 'case:'), { timeout: 30_000 }).toBe(open.length);
  const theCase = open[0]!;
  const family = (await (await page.request.get(`/api/families/${theCase.familyId}`)).json()) as Family;

  // The shell is cached by the service worker before the signal goes.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });

  await context.setOffline(true);
  await page.reload();
  const unlock = page.getByTestId('offline-unlock');
  await expect(unlock).toBeVisible();
  await unlock.getByLabel(uz('offline.setup.pin')).fill('135790');
  await unlock.getByRole('button', { name: uz('offline.unlock.submit') }).click();
  await expect(page.getByText(uz('offline.unlock.wrong', { count: 4 }))).toBeVisible({ timeout: 15_000 });
  await unlock.getByLabel(uz('offline.setup.pin')).fill(PIN);
  await unlock.getByRole('button', { name: uz('offline.unlock.submit') }).click();

  // The caseload, from the device.
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 15_000 });
  const caseload = page.getByTestId('offline-caseload');
  await expect(caseload.getByRole('link')).toHaveCount(open.length);
  await caseload.getByRole('link', { name: theCase.number }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('cases.title', { number: theCase.number }));

  // A home visit recorded without signal waits in the outbox, counted in the header.
  const note = `Home visit without signal ${stamp()}: the children were at school`;
  await page.getByLabel(uz('cases.contact.kind')).selectOption('home_visit');
  await page.getByLabel(uz('cases.contact.text')).fill(note);
  await page.getByRole('button', { name: uz('offline.case.saveContact'), exact: true }).click();
  await expect(page.getByText(uz('offline.case.recorded'))).toBeVisible();
  await expect(page.getByTestId('offline-contacts')).toContainText(note);
  await expect(page.getByTestId('sync-waiting')).toContainText('1');

  // Read raw, the device holds no name, phone, address or note in clear.
  const raw = await rawIndexedDb(page);
  expect(raw.length).toBeGreaterThan(1000);
  const secrets = [
    note,
    family.address,
    ...[family.phone, ...family.phones].filter((phone): phone is string => !!phone),
    ...family.members.flatMap((member) => [member.surname, member.givenName, member.pinfl].filter((value): value is string => !!value)),
  ];
  expect(secrets.length).toBeGreaterThan(3);
  for (const secret of secrets) expect(raw, `"${secret}" is stored in clear`).not.toContain(secret);

  // The signal returns: the session is confirmed, the visit is sent, the counter empties.
  await context.setOffline(false);
  await expect(page.getByTestId('current-user')).toBeAttached({ timeout: 20_000 });
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  const contacts = (await (await page.request.get(`/api/cases/${theCase.id}/contacts`)).json()) as {
    items: { kind: string; text: string }[];
  };
  expect(contacts.items.filter((contact) => contact.text === note)).toEqual([expect.objectContaining({ kind: 'home_visit' })]);
});

test('changes made without signal survive signing out, and are sent after the same worker signs in and opens the copy', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect(setup).toHaveCount(0, { timeout: 20_000 });

  const tasks = (await (await page.request.get('/api/tasks', { params: { assignee: 'me', status: 'open', limit: 200 } })).json()) as {
    items: { id: string; caseId: string; title: string }[];
  };
  const cases = (await (await page.request.get('/api/cases', { params: { assignee: 'me', limit: 200 } })).json()) as {
    items: (CaseItem & { status: string })[];
  };
  const open = cases.items.filter((item) => item.status !== 'closed');
  const task = tasks.items.find((item) => open.some((theCase) => theCase.id === item.caseId));
  expect(task).toBeDefined();
  const theCase = open.find((item) => item.id === task!.caseId)!;
  await expect.poll(() => heldRecords(page, 'task:'), { timeout: 30_000 }).toBeGreaterThan(0);

  // The signal goes while the app is open: the pages come from the device.
  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();
  const row = page.locator('li', { hasText: task!.title });
  await row.getByRole('button', { name: uz('offline.case.complete') }).click();
  await expect(row.getByText(uz('offline.pending'))).toBeVisible();
  const note = `Phone call without signal ${stamp()}: the mother will come on Monday`;
  await page.getByLabel(uz('cases.contact.kind')).selectOption('phone');
  await page.getByLabel(uz('cases.contact.text')).fill(note);
  await page.getByRole('button', { name: uz('offline.case.saveContact'), exact: true }).click();
  await expect(page.getByTestId('sync-waiting')).toContainText('2');

  // The signal returns but the server cannot take the changes yet: they stay queued.
  let refused = 0;
  await page.route('**/api/sync/push', (route) => {
    refused++;
    return route.abort();
  });
  await context.setOffline(false);
  await expect.poll(() => refused, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('sync-waiting')).toContainText('2');

  // Signing out warns, and keeps the changes.
  await page.getByRole('button', { name: uz('auth.signOut') }).click();
  const dialog = page.getByRole('dialog', { name: uz('offline.signOut.title') });
  await expect(dialog).toContainText(uz('offline.signOut.body', { count: 2 }));
  await dialog.getByRole('button', { name: uz('offline.signOut.confirm') }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(note);
  await page.unroute('**/api/sync/push');

  // The same worker signs in again: the PIN opens the copy and the changes go.
  await signIn(page, 'worker');
  await expect(page.getByTestId('offline-setup')).toHaveCount(0);
  const unlock = page.getByTestId('offline-unlock');
  await unlock.getByLabel(uz('offline.setup.pin')).fill(PIN);
  await unlock.getByRole('button', { name: uz('offline.unlock.submit') }).click();
  await expect(unlock).toHaveCount(0, { timeout: 15_000 });
  await expect
    .poll(async () => {
      const contacts = (await (await page.request.get(`/api/cases/${theCase.id}/contacts`)).json()) as { items: { text: string }[] };
      return contacts.items.some((contact) => contact.text === note);
    })
    .toBe(true);
  const after = (await (await page.request.get('/api/tasks', { params: { assignee: 'me', status: 'done', limit: 200 } })).json()) as {
    items: { id: string }[];
  };
  expect(after.items.map((item) => item.id)).toContain(task!.id);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0);
});

test('at 360 px without signal: a family registered on the phone reaches the server, and a visit to a case reassigned meanwhile is refused with its reason and kept', async ({
  page,
  context,
  playwright,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Toshmatova');
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect.poll(() => heldRecords(page, `case:${theCase.id}`), { timeout: 30_000 }).toBe(1);

  await page.setViewportSize({ width: 360, height: 780 });
  await context.setOffline(true);
  const caseload = page.getByTestId('offline-caseload');
  await expect(caseload.getByRole('link', { name: theCase.number })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-caseload-360.png'), fullPage: true });

  // A visit typed on the phone.
  await caseload.getByRole('link', { name: theCase.number }).click();
  const note = `Visit to a case that moved ${stamp()}: the grandmother looks after the children`;
  await page.getByLabel(uz('cases.contact.text')).fill(note);
  await page.getByRole('button', { name: uz('offline.case.saveContact'), exact: true }).click();
  await expect(page.getByTestId('sync-waiting')).toContainText('1');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-case-360.png'), fullPage: true });

  // A family registered on the phone, with the keyboard.
  await page.getByRole('link', { name: uz('nav.cases') }).click();
  await page.getByRole('link', { name: uz('offline.caseload.register') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('offline.register.title'));
  await page.getByLabel(uz('families.household.address')).fill(`Guliston MFY, ${stamp()}-uy`);
  await page.getByLabel(uz('families.household.identificationSource')).selectOption('mahalla_seven');
  await page.getByLabel(uz('families.member.surname')).fill('Yoʻldosheva');
  await page.getByLabel(uz('families.member.givenName')).fill('Malika');
  await page.getByLabel(uz('families.member.sex')).selectOption('female');
  await page.getByLabel(uz('families.member.birthDate')).focus();
  await page.keyboard.type('12031990');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/families\/[0-9a-f-]{36}$/);
  const familyId = page.url().split('/').at(-1)!;
  await expect(page.getByRole('main').getByText(uz('offline.pending'), { exact: true })).toBeVisible();
  await expect(page.getByTestId('sync-waiting')).toContainText('2');

  // Meanwhile the supervisor gives the case to another worker.
  const supervisor = await playwright.request.newContext({ baseURL: process.env.BASE_URL });
  const login = await supervisor.post('/api/auth/login', { data: { username: 'supervisor', password: PASSWORD } });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const users = (await (await supervisor.get('/api/users', { params: { limit: 200 } })).json()) as {
    items: { id: string; username: string }[];
  };
  const worker2 = users.items.find((user) => user.username === 'worker2')!;
  const { version } = (await (await supervisor.get(`/api/cases/${theCase.id}`)).json()) as { version: number };
  const assigned = await supervisor.post(`/api/cases/${theCase.id}/assign`, {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { userId: worker2.id, version },
  });
  expect(assigned.status(), await assigned.text()).toBe(200);
  await supervisor.dispose();

  // The signal returns: the family is registered, the visit refused with its reason and kept.
  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  expect((await page.request.get(`/api/families/${familyId}`)).status()).toBe(200);
  await page.getByTestId('sync-status').click();
  const outbox = page.getByTestId('outbox');
  await expect(outbox.getByRole('listitem')).toHaveCount(1);
  await expect(outbox).toContainText(uz('offline.outbox.status.rejected'));
  await expect(outbox).toContainText(uz('offline.outbox.outOfReach'));
  await expect(outbox.getByRole('button', { name: uz('offline.outbox.copy') })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: screenshotPath('offline-outbox-360.png'), fullPage: true });
  const contacts = await page.request.get(`/api/cases/${theCase.id}/contacts`);
  expect(contacts.status()).toBe(404);
});

test('five wrong PINs erase the copy on the device', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect.poll(() => heldRecords(page, 'case:'), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });

  await context.setOffline(true);
  await page.reload();
  const unlock = page.getByTestId('offline-unlock');
  for (const left of [4, 3, 2, 1]) {
    await unlock.getByLabel(uz('offline.setup.pin')).fill('975310');
    await unlock.getByRole('button', { name: uz('offline.unlock.submit') }).click();
    await expect(unlock.getByText(uz('offline.unlock.wrong', { count: left }))).toBeVisible({ timeout: 15_000 });
  }
  await unlock.getByLabel(uz('offline.setup.pin')).fill('975310');
  await unlock.getByRole('button', { name: uz('offline.unlock.submit') }).click();
  await expect(page.getByRole('alert')).toHaveText(uz('offline.unlock.wiped'), { timeout: 15_000 });
  expect(await heldRecords(page, '')).toBe(0);
});

test('the intake screening answered without signal reaches the server', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Rahimova');
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect.poll(() => heldRecords(page, `screening:${theCase.id}`), { timeout: 30_000 }).toBe(1);

  await context.setOffline(true);
  await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();
  const card = page.getByTestId('offline-screening');
  await card.getByRole('button', { name: uz('offline.case.saveScreening') }).click();
  await expect(card.getByText(uz('screening.notAnswered')).first()).toBeVisible();
  const groups = card.getByRole('group');
  const count = await groups.count();
  expect(count).toBeGreaterThan(1);
  for (let index = 0; index < count; index++) await groups.nth(index).getByRole('radio', { name: 'Yoʻq' }).check();
  await card.getByRole('button', { name: uz('offline.case.saveScreening') }).click();
  await expect(page.getByText(uz('offline.case.screeningSaved'))).toBeVisible();
  await expect(card.getByText(uz('offline.pending'), { exact: true })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  const saved = (await (await page.request.get(`/api/cases/${theCase.id}/screening`)).json()) as {
    screening: { answers: Record<string, string>; urgency: string } | null;
  };
  expect(Object.keys(saved.screening?.answers ?? {})).toHaveLength(count);
  expect(saved.screening?.urgency).toBe('routine');
});

test('a household edited on the phone and by the supervisor meanwhile: other fields merge, the same field waits for the worker', async ({
  page,
  context,
  playwright,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  const theCase = await freshCase(page, 'Nazarova');
  const { familyId } = (await (await page.request.get(`/api/cases/${theCase.id}`)).json()) as { familyId: string };
  const setup = page.getByTestId('offline-setup');
  await setup.getByLabel(uz('offline.setup.pin'), { exact: true }).fill(PIN);
  await setup.getByLabel(uz('offline.setup.confirm')).fill(PIN);
  await setup.getByRole('button', { name: uz('offline.setup.submit') }).click();
  await expect.poll(() => heldRecords(page, `family:${familyId}`), { timeout: 30_000 }).toBe(1);

  const supervisor = await playwright.request.newContext({ baseURL: process.env.BASE_URL });
  const { csrfToken } = (await (
    await supervisor.post('/api/auth/login', { data: { username: 'supervisor', password: PASSWORD } })
  ).json()) as {
    csrfToken: string;
  };
  const supervisorEdits = async (change: object) => {
    const { version } = (await (await supervisor.get(`/api/families/${familyId}`)).json()) as { version: number };
    const saved = await supervisor.patch(`/api/families/${familyId}`, {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { ...change, version },
    });
    expect(saved.status(), await saved.text()).toBe(200);
  };
  const editOffline = async (field: string, value: string, held?: string) => {
    await context.setOffline(true);
    await page.locator('a.brand').click();
    await page.getByTestId('offline-caseload').getByRole('link', { name: theCase.number }).click();
    await page.getByRole('link', { name: /Nazarova/ }).click();
    // The copy on the device has what the last pull brought.
    if (held) await expect(page.getByRole('main').locator('dd', { hasText: held })).toBeVisible();
    await page.getByLabel(uz(`families.household.${field}`)).fill(value);
    await page.getByRole('button', { name: uz('offline.register.submit') }).click();
    await expect(page.getByText(uz('offline.family.saved'))).toBeVisible();
  };

  // The worker corrects the phone, the supervisor the address: both stay.
  await editOffline('phone', '+998 90 765 43 21');
  await supervisorEdits({ address: 'Guliston MFY, Navroʻz koʻchasi 7-uy' });
  await context.setOffline(false);
  await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
  let family = (await (await page.request.get(`/api/families/${familyId}`)).json()) as { address: string; phone: string | null };
  expect(family.address).toBe('Guliston MFY, Navroʻz koʻchasi 7-uy');
  expect(family.phone?.replace(/\D/g, '')).toBe('998907654321');

  // Both change the address: nothing is overwritten, the worker is asked to choose.
  await editOffline('address', 'Guliston MFY, Bahor koʻchasi 3-uy', 'Guliston MFY, Navroʻz koʻchasi 7-uy');
  await supervisorEdits({ address: 'Guliston MFY, Mustaqillik koʻchasi 9-uy' });
  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toContainText('1', { timeout: 20_000 });
  family = (await (await page.request.get(`/api/families/${familyId}`)).json()) as { address: string; phone: string | null };
  expect(family.address).toBe('Guliston MFY, Mustaqillik koʻchasi 9-uy');
  await page.screenshot({ path: screenshotPath('offline-header-conflict.png') });
  await page.getByTestId('sync-status').click();
  await expect(page.getByTestId('outbox')).toContainText(uz('offline.outbox.status.conflict'));
  await page.getByRole('link', { name: uz('offline.outbox.resolve') }).click();
  await expect(page).toHaveURL(/\/sync\/conflicts$/);
  await expect(page.getByText('Guliston MFY, Bahor koʻchasi 3-uy').first()).toBeVisible();
  await supervisor.dispose();
});

test('"not my device" keeps nothing on the device and is not asked again in that tab', async ({ page }) => {
  await signIn(page, 'worker');
  const setup = page.getByTestId('offline-setup');
  await setup.getByRole('button', { name: uz('offline.setup.decline') }).click();
  await expect(setup).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('current-user')).toBeAttached();
  await expect(page.getByTestId('offline-setup')).toHaveCount(0);
  expect(await heldRecords(page, '')).toBe(0);
  const raw = await rawIndexedDb(page);
  expect(raw.trim()).toBe('');
});
