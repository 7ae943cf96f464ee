import { expect, type Page, test } from '@playwright/test';
import { mainNav, signIn, ui, uz } from './helpers.ts';

const ru = ui('ru');

const savedLocale = async (page: Page) => ((await (await page.request.get('/api/me')).json()) as { locale: string }).locale;

test('the language switches at once, is saved for the user and survives a reload', async ({ page }) => {
  // The supervisor is signed in by no other test, so a failure here cannot leave others in Russian.
  await signIn(page, 'supervisor');
  const saved = page.waitForResponse((response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH');
  await page.getByLabel(uz('a11y.language')).selectOption({ label: 'Русский' });
  await expect(mainNav(page, ru).getByRole('link', { name: ru('nav.families') })).toBeVisible();
  await expect(mainNav(page, ru).getByRole('link', { name: ru('nav.referrals') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  expect((await saved).ok()).toBe(true);
  expect(await savedLocale(page)).toBe('ru');

  // Forget the device's choice: the user's saved language still wins after a reload.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(mainNav(page, ru).getByRole('link', { name: ru('nav.home') })).toBeVisible();
  const me = (await (await page.request.get('/api/me')).json()) as { displayName: string };
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru('home.welcome', { name: me.displayName }));

  const back = page.waitForResponse((response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH');
  await page.getByLabel(ru('a11y.language')).selectOption({ label: 'Oʻzbekcha' });
  await expect(mainNav(page).getByRole('link', { name: uz('nav.families') })).toBeVisible();
  expect((await back).ok()).toBe(true);
  expect(await savedLocale(page)).toBe('uz-Latn');
});

test('the switcher lists every interface language in its own name', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByLabel(uz('a11y.language')).locator('option')).toHaveText([
    'Oʻzbekcha',
    'Ўзбекча',
    'Русский',
    'Qaraqalpaqsha',
    'English',
  ]);
});

test('Karakalpak shows its own texts, not the Uzbek (Latin) ones', async ({ page }) => {
  const kaa = ui('kaa');
  await page.goto('/sign-in');
  await page.getByLabel(uz('a11y.language')).selectOption({ label: 'Qaraqalpaqsha' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'kaa');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(kaa('auth.title'));
  await expect(page.getByLabel(kaa('auth.username'))).toBeVisible();
  // The tagline fell back to Uzbek Latin before the interface was translated.
  expect(kaa('app.tagline')).not.toBe(uz('app.tagline'));
  await expect(page.getByText(kaa('app.tagline'))).toBeVisible();
});
