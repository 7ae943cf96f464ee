import { expect, type Page, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, screenshotPath, serverText, signOut, stamp, uz } from './helpers.ts';

/** What the authenticator app shows for a secret, `steps` periods from now (one either way is accepted). */
const codeFor = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

/** Opens the Security page from the account area, through the menu on a phone. */
async function openSecurity(page: Page) {
  const menu = page.getByRole('button', { name: uz('a11y.menu') });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('link', { name: uz('nav.security') }).click();
  await expect(page.getByRole('heading', { level: 1, name: uz('security.title') })).toBeVisible();
}

async function typeCredentials(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel(uz('auth.username')).fill(username);
  await page.getByLabel(uz('auth.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: uz('auth.submit') }).click();
}

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a worker turns on two-step sign-in, signs in with a code, and ends a session from another browser', async ({
    page,
    browser,
    request,
  }) => {
    // An account of its own, so that no other browser test meets its second factor.
    const username = `xavfsiz.${stamp()}`;
    const password = 'Oltin-kuz-daftari-2026';
    const login = await request.post('/api/auth/login', { data: { username: 'admin', password: PASSWORD } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const organisations = (await (await request.get('/api/organisations')).json()) as { items: { id: string; kind: string }[] };
    const organisationId = organisations.items.find((organisation) => organisation.kind === 'inson_centre')?.id;
    const created = await request.post('/api/users', {
      headers: { 'x-csrf-token': csrfToken },
      data: { username, displayName: 'Malika Yusupova', password, organisationId, roles: ['social_worker'] },
    });
    expect(created.status()).toBe(201);

    await typeCredentials(page, username, password);
    await expect(page.getByTestId('current-user')).toBeAttached();
    await openSecurity(page);
    await page.getByRole('button', { name: uz('security.totp.start') }).click();
    await expect(page.getByRole('img', { name: uz('security.totp.qrAlt') })).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await page.getByLabel(uz('security.totp.code')).fill(codeFor(secret));
    await page.getByRole('button', { name: uz('security.totp.confirm') }).click();
    const codes = page.getByRole('list', { name: uz('security.totp.recoveryTitle') }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    const recoveryCode = (await codes.first().textContent()) ?? '';
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: screenshotPath('security-recovery-codes-360.png') });
    await page.getByRole('button', { name: uz('security.totp.saved') }).click();
    await expect(page.getByText(uz('security.totp.onBadge'), { exact: true })).toBeVisible();

    // Signing in again asks for the code after the password; a wrong one is refused in the user's language.
    const menu = page.getByRole('button', { name: uz('a11y.menu') });
    if (await menu.isVisible()) await menu.click();
    await signOut(page);
    await typeCredentials(page, username, password);
    await expect(page.getByText(uz('auth.codeAsked'))).toBeVisible();
    const codeField = page.getByLabel(uz('auth.code'));
    await expect(codeField).toBeFocused();
    await codeField.fill('000000');
    await page.getByRole('button', { name: uz('auth.submit') }).click();
    await expect(page.getByRole('alert')).toHaveText(serverText('uz-Latn')('errors.totp_invalid'));
    // The next period's code: the one that confirmed enrolment is not taken twice.
    await codeField.fill(codeFor(secret, 1));
    await page.getByRole('button', { name: uz('auth.submit') }).click();
    await expect(page.getByTestId('current-user')).toBeAttached();

    // Another browser signs in with a recovery code and ends the phone's session.
    const other = await browser.newContext();
    const office = await other.newPage();
    await typeCredentials(office, username, password);
    await office.getByLabel(uz('auth.code')).fill(recoveryCode);
    await office.getByRole('button', { name: uz('auth.submit') }).click();
    await expect(office.getByTestId('current-user')).toBeAttached();
    await openSecurity(office);
    const sessions = office.getByTestId('session');
    await expect(sessions).toHaveCount(2);
    await expect(sessions.filter({ hasText: uz('security.sessions.current') })).toHaveCount(1);
    office.once('dialog', (dialog) => dialog.accept());
    // Only the other session has a button: this one ends by signing out.
    await sessions.getByRole('button').click();
    await expect(sessions).toHaveCount(1);
    await other.close();

    // The phone finds itself signed out.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: uz('auth.title') })).toBeVisible();
  });
});
