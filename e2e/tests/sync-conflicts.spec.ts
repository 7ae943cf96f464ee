import { randomBytes } from 'node:crypto';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { screenshotPath, signIn, stamp, uz } from './helpers.ts';

/**
 * The conflict screen: the supervisor and the worker both edit a family's address, the worker offline; the
 * worker's edit reaches the server second and cannot be merged, and the worker chooses on /sync/conflicts.
 */
type Family = { id: string; version: number; address: string; phone: string | null };
type PushResult = { commandId: string; status: string; conflictId?: string };

/** A UUID v7, as a device makes the ids of its commands. */
function uuidv7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function signedIn(browser: Browser, username: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, username);
  return page;
}

const csrfOf = async (page: Page) => (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';

async function registerFamily(page: Page): Promise<Family> {
  const response = await page.request.post('/api/families', {
    headers: { 'X-CSRF-Token': await csrfOf(page) },
    data: {
      districtCode: '1722226',
      address: `Navbahor MFY, Guliston koʻchasi, ${stamp()}-uy`,
      identificationSource: 'school',
      members: [{ surname: 'Qodirova', givenName: 'Malika', birthDate: '1990-03-12', sex: 'female', relationship: 'head' }],
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as Family;
}

/** One family.update command pushed from a device that had `family` at hand when the change was typed. */
async function pushUpdate(page: Page, device: string, family: Family, changes: Record<string, unknown>): Promise<PushResult> {
  const base = Object.fromEntries(Object.keys(changes).map((key) => [key, family[key as keyof Family] ?? null]));
  const response = await page.request.post('/api/sync/push', {
    headers: { 'X-CSRF-Token': await csrfOf(page) },
    data: {
      deviceId: device,
      commands: [
        {
          commandId: uuidv7(),
          type: 'family.update',
          entityId: family.id,
          baseVersion: family.version,
          payload: { ...changes, base },
          clientTime: new Date().toISOString(),
        },
      ],
    },
  });
  expect(response.status()).toBe(200);
  const { results } = (await response.json()) as { results: PushResult[] };
  return results[0]!;
}

async function familyNow(page: Page, id: string): Promise<Family> {
  const response = await page.request.get(`/api/families/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Family;
}

/** Opens the conflict screen (saying "not my device" if the app asks for a PIN first) and finds the family's conflict. */
async function openConflict(page: Page, familyId: string) {
  await page.goto('/sync/conflicts');
  await expect(page.getByRole('heading', { level: 1, name: uz('syncConflicts.title') })).toBeVisible();
  const decline = page.getByRole('button', { name: uz('offline.setup.decline') });
  if (await decline.isVisible()) await decline.click();
  const conflict = conflictOf(page, familyId);
  await expect(conflict).toHaveCount(1);
  return conflict;
}

/** Other specs leave conflicts of the same worker on the shared server: this test's is the one on its family. */
const conflictOf = (page: Page, familyId: string) =>
  page.getByTestId('sync-conflict').filter({ has: page.locator(`a[href*="${familyId}"]`) });

test('an offline edit of a field someone changed meanwhile is chosen field by field, and a choice over a newer change is asked again', async ({
  browser,
}) => {
  const supervisor = await signedIn(browser, 'supervisor');
  // A phone's width: the three values are stacked and nothing scrolls sideways.
  const worker = await signedIn(browser, 'worker', { width: 360, height: 740 });
  const family = await registerFamily(worker);
  const before = family.address;

  // Both start from the same version; the supervisor's edit arrives first.
  const theirs = `${before}, 2-qavat`;
  const mine = `${before}, 3-xonadon`;
  expect((await pushUpdate(supervisor, 'supervisor-laptop', family, { address: theirs })).status).toBe('applied');
  const pushed = await pushUpdate(worker, 'worker-phone', family, { address: mine, phone: '+998901234567' });
  expect(pushed.status).toBe('conflict');

  let conflict = await openConflict(worker, family.id);
  await expect(conflict.getByRole('heading', { name: uz('syncConflicts.entity.family') })).toBeVisible();
  const address = conflict.getByRole('group', { name: uz('families.household.address') });
  // The value before, theirs and mine are all there to read; the phone nobody else changed is not asked about.
  await expect(address).toContainText(before);
  await expect(address.getByRole('radio', { name: `${uz('syncConflicts.theirs')} ${theirs}` })).toBeVisible();
  await expect(address.getByRole('radio', { name: `${uz('syncConflicts.mine')} ${mine}` })).toBeVisible();
  await expect(conflict.getByRole('group')).toHaveCount(1);
  expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // Nothing is sent until every field has a choice.
  await conflict.getByRole('button', { name: uz('syncConflicts.save') }).click();
  await expect(conflict.getByRole('alert')).toHaveText(uz('syncConflicts.chooseAll'));

  // Meanwhile the supervisor changes the address again: the worker's choice meets a newer value.
  const newer = await familyNow(supervisor, family.id);
  const third = `${before}, 4-kirish`;
  const patched = await supervisor.request.patch(`/api/families/${family.id}`, {
    headers: { 'X-CSRF-Token': await csrfOf(supervisor) },
    data: { address: third, version: newer.version },
  });
  expect(patched.status()).toBe(200);

  // With the keyboard: "mine", then save.
  await address.getByRole('radio', { name: `${uz('syncConflicts.mine')} ${mine}` }).focus();
  await worker.keyboard.press('Space');
  await conflict.getByRole('button', { name: uz('syncConflicts.save') }).press('Enter');
  conflict = conflictOf(worker, family.id);
  await expect(conflict.getByText(uz('syncConflicts.changed'))).toBeVisible();
  const refreshed = conflict.getByRole('group', { name: uz('families.household.address') });
  await expect(refreshed.getByRole('radio', { name: `${uz('syncConflicts.theirs')} ${third}` })).toBeVisible();
  expect((await familyNow(worker, family.id)).address).toBe(third);
  await worker.screenshot({ path: screenshotPath('sync-conflicts-360.png'), fullPage: true });

  // A new value typed for the field, applied with the rest of the worker's edit (the phone).
  const typed = `${before}, 3-xonadon, 4-kirish`;
  await refreshed.getByRole('textbox', { name: uz('syncConflicts.otherValue', { field: uz('families.household.address') }) }).fill(typed);
  await expect(refreshed.getByRole('radio', { name: uz('syncConflicts.other') })).toBeChecked();
  await conflict.getByRole('button', { name: uz('syncConflicts.save') }).click();
  await expect(worker.getByRole('status').filter({ hasText: uz('syncConflicts.saved') })).toBeVisible();
  await expect(conflictOf(worker, family.id)).toHaveCount(0);
  const saved = await familyNow(worker, family.id);
  expect(saved.address).toBe(typed);
  expect(saved.phone).toBe('+998901234567');
});
