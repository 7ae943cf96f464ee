import { expect, type Page, test } from '@playwright/test';
import { screenshotPath, signIn, signOut, stamp, uz } from './helpers.ts';

/**
 * Sign-in with an identity provider, in a real browser: e2e/run.mjs starts a real OpenID Connect provider
 * (oidc-provider, whose development sign-in form takes any name) and a OneID stand-in, and points the server
 * at them as "Test provider" and OneID.
 */
const PROVIDER = 'Test provider';

/** The provider's own sign-in form (not Hamkor's): any name, any password. */
async function signInAtProvider(page: Page, subject: string) {
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

/** On a phone the account's links and signing out are behind the menu. */
async function openMenu(page: Page) {
  const menu = page.getByRole('button', { name: uz('a11y.menu') });
  if (await menu.isVisible()) await menu.click();
}

async function openSecurity(page: Page) {
  await openMenu(page);
  await page.getByRole('link', { name: uz('nav.security') }).click();
  await expect(page.getByRole('heading', { level: 1, name: uz('security.title') })).toBeVisible();
}

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a worker links their organisation account on the security page, then signs in with it', async ({ page }) => {
    const subject = `dilnoza.${stamp()}@oilavabola.uz`;
    await signIn(page, 'worker');
    await openSecurity(page);
    const section = page.getByRole('region', { name: uz('security.identities.title') });
    await section.getByRole('link', { name: uz('security.identities.link', { provider: PROVIDER }) }).click();
    await signInAtProvider(page, subject);
    await expect(page.getByText(uz('security.identities.linked', { provider: PROVIDER }))).toBeVisible();
    await expect(section.getByTestId('identity')).toContainText(PROVIDER);
    await section.screenshot({ path: screenshotPath('oidc-linked-360.png') });

    await openMenu(page);
    await signOut(page);
    // A new browser, as on another day: the provider asks who it is, then Hamkor opens.
    await page.context().clearCookies();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: uz('auth.providers.signInWith', { provider: PROVIDER }) }).click();
    await signInAtProvider(page, subject);
    await expect(page.getByTestId('current-user')).toBeAttached();
    const me = await page.request.get('/api/me');
    expect((await me.json()).username).toBe('worker');

    // Unlinked, the identity no longer signs in.
    await openSecurity(page);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: uz('security.identities.unlinkNamed', { provider: PROVIDER }) }).click();
    await expect(page.getByText(uz('security.identities.unlinked', { provider: PROVIDER }))).toBeVisible();
  });

  test('an identity linked to no account is told so on the sign-in page', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: uz('auth.providers.signInWith', { provider: PROVIDER }) }).click();
    await signInAtProvider(page, `begona.${stamp()}`);
    await expect(page.getByRole('alert')).toHaveText(uz('auth.providers.errors.oidc_unknown_identity'));
    await expect(page.getByRole('heading', { level: 1, name: uz('auth.title') })).toBeVisible();
    await expect(page.getByTestId('current-user')).not.toBeAttached();
    await page.screenshot({ path: screenshotPath('oidc-unknown-identity-360.png'), fullPage: true });
  });

  test('a supervisor whose administrator recorded their PINFL signs in with OneID', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: uz('auth.providers.signInWith', { provider: 'OneID' }) }).click();
    // The stand-in's form (OneID's own page in production): the demo supervisor's PINFL (apps/server/src/demo/identities.ts).
    await page.getByLabel('PINFL').fill('42205832260024');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toBeAttached();
    expect((await (await page.request.get('/api/me')).json()).username).toBe('supervisor');
    await openMenu(page);
    await signOut(page);
  });
});

test('an administrator records a PINFL on the user screen, and that person then signs in with OneID', async ({ page }) => {
  // A PINFL of this run only (14 digits), so that a run against a kept database never meets the last one's.
  const pinfl = `5${Date.now()}`.slice(0, 14);
  await signIn(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: uz('admin.users.editNamed', { name: 'worker.denov' }) }).click();
  const dialog = page.getByRole('dialog', { name: uz('admin.users.edit') });
  await dialog.getByLabel(uz('admin.users.pinfl')).fill('123');
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog.getByLabel(uz('admin.users.pinfl'))).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel(uz('admin.users.pinfl')).fill(pinfl);
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog).toBeHidden();
  await signOut(page);

  await page.getByRole('link', { name: uz('auth.providers.signInWith', { provider: 'OneID' }) }).click();
  await page.getByLabel('PINFL').fill(pinfl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeAttached();
  expect((await (await page.request.get('/api/me')).json()).username).toBe('worker.denov');
});
