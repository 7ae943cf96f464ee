import { expect, test } from '@playwright/test';
import { mainNav, screenshotPath, signIn, uz } from './helpers.ts';

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the home screen fits the width and the menu opens and closes', async ({ page }) => {
    await signIn(page, 'worker');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.screenshot({ path: screenshotPath('home-360.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const menu = page.getByRole('button', { name: uz('a11y.menu') });
    const families = mainNav(page).getByRole('link', { name: uz('nav.families') });
    await expect(families).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.click();
    await expect(families).toBeVisible();
    await expect(page.getByTestId('current-user')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(families).toBeHidden();
    await expect(menu).toBeFocused();

    await menu.click();
    await families.click();
    await expect(page).toHaveURL(/\/families$/);
    await expect(families).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test('the administration tables fit the width', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/users');
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    await page.screenshot({ path: screenshotPath('admin-users-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});

test('the home screen on a desktop', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, 'worker');
  await expect(page.getByTestId('current-user')).toBeVisible();
  await page.screenshot({ path: screenshotPath('home-1280.png') });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});
