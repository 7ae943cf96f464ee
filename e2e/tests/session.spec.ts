import { expect, test } from '@playwright/test';
import { mainNav, PASSWORD, serverText, signIn, signOut, ui, uz } from './helpers.ts';

test('signing in shows the shell with the user, their organisation and the menu', async ({ page }) => {
  await signIn(page, 'worker');
  const me = (await (await page.request.get('/api/me')).json()) as { displayName: string; organisation: { name: string } };

  await expect(page.getByTestId('current-user')).toContainText(me.displayName);
  await expect(page.getByTestId('current-user')).toContainText(me.organisation.name);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('home.welcome', { name: me.displayName }));
  await expect(page.getByText(uz('enum.role.social_worker'))).toBeVisible();
  const nav = mainNav(page);
  for (const key of ['home', 'families', 'cases', 'tasks', 'referrals']) {
    await expect(nav.getByRole('link', { name: uz(`nav.${key}`), exact: true })).toBeVisible();
  }
  // A social worker manages nothing and reads no territorial reports, so neither is offered.
  await expect(nav.getByRole('link', { name: uz('nav.administration') })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: uz('nav.reports'), exact: true })).toHaveCount(0);

  await nav.getByRole('link', { name: uz('nav.cases'), exact: true }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('cases.caseload.title'));
});

test('a wrong password shows the server’s message in the chosen language', async ({ page }) => {
  const en = ui('en');
  await page.goto('/sign-in');
  await page.getByLabel(uz('a11y.language')).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('auth.title'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // worker2 signs in only once elsewhere (cases.spec), so this one failure cannot lock it out.
  await page.getByLabel(en('auth.username')).fill('worker2');
  await page.getByLabel(en('auth.password')).fill(`${PASSWORD}-wrong`);
  await page.getByRole('button', { name: en('auth.submit') }).click();
  await expect(page.getByRole('alert')).toHaveText(serverText('en')('errors.invalid_credentials'));
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('signing out returns to the sign-in page and ends the session', async ({ page }) => {
  await signIn(page, 'worker');
  await signOut(page);
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.request.get('/api/me')).status()).toBe(401);

  // The app does not let a signed-out visitor back in through an address either.
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('signing in works with the keyboard alone', async ({ page }) => {
  await page.goto('/sign-in');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: uz('a11y.skipToContent') })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(uz('a11y.language'))).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(uz('auth.username'))).toBeFocused();
  await page.keyboard.type('worker');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(uz('auth.password'))).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();

  // In the shell, the first Tab offers the skip link, and it moves focus to the page's content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: uz('a11y.skipToContent') });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('a session ended in another tab sends the user back to sign in', async ({ page }) => {
  const ru = ui('ru');
  await signIn(page, 'worker');
  const token = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  // Signed out elsewhere: the next change is refused with 401, and this tab goes to the sign-in page.
  expect((await page.request.post('/api/auth/logout', { headers: { 'x-csrf-token': token } })).status()).toBe(204);
  const refused = page.waitForResponse((response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH');
  await page.getByLabel(uz('a11y.language')).selectOption('ru');
  expect((await refused).status()).toBe(401);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('status')).toHaveText(ru('auth.sessionEnded'));
});

test('a tab that has lost its CSRF token reads it again from the live session, and the change goes through', async ({ page }) => {
  const ru = ui('ru');
  await signIn(page, 'worker');
  await page.evaluate(() => sessionStorage.removeItem('hamkor.csrf'));
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('/api/me') && response.request().method() === 'PATCH') statuses.push(response.status());
  });
  const saved = (locale: string) =>
    page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/me') &&
        response.request().method() === 'PATCH' &&
        response.request().postData()?.includes(locale) === true &&
        response.status() === 200,
    );
  const toRussian = saved('"ru"');
  await page.getByLabel(uz('a11y.language')).selectOption('ru');
  await toRussian;
  // Refused once for the missing token, then sent again with the token read from the session.
  expect(statuses).toEqual([403, 200]);
  await expect(page.getByTestId('current-user')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))).toBeTruthy();
  // The worker's saved language goes back to Uzbek for the tests that follow.
  const back = saved('"uz-Latn"');
  await page.getByLabel(ru('a11y.language')).selectOption('uz-Latn');
  await back;
  expect(statuses).toEqual([403, 200, 200]);
});

test('a new tab opens signed in, with the session’s token to write with', async ({ page }) => {
  await signIn(page, 'worker');
  const tab = await page.context().newPage();
  await tab.goto('/tasks');
  await expect(tab.getByTestId('current-user')).toBeVisible();
  const token = await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
  expect(await tab.evaluate(() => sessionStorage.getItem('hamkor.csrf'))).toBe(token);
  await tab.close();
});

test('a reload without signal is not a sign-out, and signing in from the sign-in page then works', async ({ page, request }) => {
  await signIn(page, 'worker');
  const first = (await page.context().cookies()).find((cookie) => cookie.name === 'hamkor_session');
  expect(first).toBeDefined();

  // No signal: the app cannot ask the server, and says so, rather than pretending the user signed out.
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByRole('alert')).toHaveText(uz('errors.network'));
  await expect(page).not.toHaveURL(/\/sign-in$/);
  await page.unroute('**/api/**');
  await page.getByRole('button', { name: uz('auth.retry') }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();

  // The sign-in page opened without signal, with the session cookie still live and no token in the tab:
  // signing in works once the signal is back, and replaces the old session.
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.evaluate(() => sessionStorage.removeItem('hamkor.csrf'));
  await page.goto('/sign-in');
  await expect(page.getByLabel(uz('auth.username'))).toBeVisible();
  await page.unroute('**/api/**');
  await page.getByLabel(uz('auth.username')).fill('worker');
  await page.getByLabel(uz('auth.password')).fill(PASSWORD);
  const login = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: uz('auth.submit') }).click();
  expect((await login).status()).toBe(200);
  await expect(page.getByTestId('current-user')).toBeVisible();
  expect((await request.get('/api/me', { headers: { cookie: `hamkor_session=${first?.value}` } })).status()).toBe(401);
});
