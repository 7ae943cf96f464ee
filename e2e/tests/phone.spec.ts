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

  test('the notifications open inside the screen', async ({ page }) => {
    await signIn(page, 'supervisor');
    await page.getByRole('button', { name: uz('a11y.menu') }).click();
    await page.getByRole('button', { name: uz('notifications.title') }).click();
    const popover = page.locator('.bell__popover');
    await expect(popover).toBeVisible();
    const box = await popover.boundingBox();
    // Before, the list hung from the bell's right edge and ran 83 px off the left of the screen.
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(740);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test('no chart label is cut at the edges of its chart', async ({ page }) => {
    await signIn(page, 'supervisor');
    await page.goto('/reports');
    const charts = page.locator('.figure__chart canvas');
    await expect(charts.first()).toBeVisible();
    await expect(page.getByTestId('manager-dashboard')).toHaveAttribute('aria-busy', 'false');
    expect(await charts.count()).toBeGreaterThan(3);
    // A label cut by the canvas leaves ink in its outermost columns (or bottom row); axes, bars and legends keep clear of them.
    const cut = await charts.evaluateAll((canvases) =>
      canvases.flatMap((canvas) => {
        const { width, height } = canvas as HTMLCanvasElement;
        const context = (canvas as HTMLCanvasElement).getContext('2d');
        if (!context) return [];
        const inked = (x: number, y: number, w: number, h: number) =>
          context.getImageData(x, y, w, h).data.some((value, at) => at % 4 === 3 && value > 64);
        const edges = { left: inked(0, 0, 2, height), right: inked(width - 2, 0, 2, height), bottom: inked(0, height - 2, width, 2) };
        return Object.entries(edges)
          .filter(([, ink]) => ink)
          .map(([edge]) => `${canvas.getAttribute('aria-label')}: ${edge}`);
      }),
    );
    await page.screenshot({ path: screenshotPath('reports-360.png'), fullPage: true });
    expect(cut).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test('the supervisor’s case page opens on what waits for a decision, the long sections folded with their counts', async ({ page }) => {
    await signIn(page, 'supervisor');
    // The demo's case furthest along with a plan, referrals, tasks and a long history: 9 300 px before.
    const found = (await (await page.request.get('/api/cases', { params: { status: 'implementation', limit: 5 } })).json()) as {
      items: { id: string; number: string }[];
    };
    const theCase = found.items[0]!;
    await page.goto(`/cases/${theCase.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(theCase.number);
    const folds = page.getByTestId('case-fold');
    await expect(folds.filter({ hasText: uz('cases.timeline.title') }).locator('.case-fold__count')).toHaveText(/^\d+$/);
    await expect(page.getByTestId('timeline')).toBeHidden();
    await expect(page.getByTestId('attachments')).toBeHidden();
    // At most five screens of 740 px (about 3 500 px now): the header, facts and steps (900 px), the
    // assessment with its ratings (850 px), the transfer and sharing forms (700 px), the legal hold, which a
    // supervisor must see without looking for it (250 px), and one line per folded section; the plan, consents,
    // appointments, referrals, tasks, documents and history (6 400 px) open on demand.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: screenshotPath('case-supervisor-360.png'), fullPage: true });
    expect(height).toBeLessThanOrEqual(3700);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // A section opens with the keyboard, and its entries are there.
    await folds
      .filter({ hasText: uz('cases.timeline.title') })
      .locator('summary')
      .focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('timeline').locator('li').first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test('a co-worker the case is shared with sees its sections open, as its worker does', async ({ page }) => {
    await signIn(page, 'ngo');
    const found = (await (await page.request.get('/api/cases', { params: { status: 'implementation', limit: 5 } })).json()) as {
      items: { id: string; number: string }[];
    };
    const theCase = found.items[0]!;
    await page.goto(`/cases/${theCase.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(theCase.number);
    await expect(page.getByTestId('timeline').locator('li').first()).toBeVisible();
    await expect(page.getByTestId('case-fold')).toHaveCount(0);
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
