import { expect, test } from '@playwright/test';
import { PASSWORD, uz } from './helpers.ts';

/**
 * A slow phone's first visit: the sign-in form comes first; the service worker's precache (the whole app
 * shell, for work without signal) starts only after it, and the chart library is not loaded at all.
 */
test.use({ serviceWorkers: 'allow' });

test('on a slow connection the sign-in form is shown before the offline precache starts, and no chart code is fetched', async ({
  context,
  page,
}) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // Roughly a poor 3G signal: 400 ms round trips, 400 kbit/s.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: 50_000,
    uploadThroughput: 50_000,
  });

  // The page notes, on its own clock, when the form appears and when the service worker is registered.
  await page.addInitScript(() => {
    const marks = window as unknown as { formAt?: number; registeredAt?: number };
    const container = navigator.serviceWorker;
    const register = container.register.bind(container);
    container.register = (...args: Parameters<typeof register>) => {
      marks.registeredAt ??= performance.now();
      return register(...args);
    };
    new MutationObserver(() => {
      if (marks.formAt === undefined && document.querySelector('form input[type=password]')) marks.formAt = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));

  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: uz('auth.title') })).toBeVisible({ timeout: 30_000 });
  // Then, while the worker types, the app shell is cached for later visits without signal.
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined), { timeout: 30_000 })
    .toBe(true);
  const { formAt, registeredAt } = await page.evaluate(() => {
    const { formAt, registeredAt } = window as unknown as { formAt?: number; registeredAt?: number };
    return { formAt, registeredAt };
  });
  expect(formAt).toBeDefined();
  expect(registeredAt, 'the service worker is registered after the form is shown').toBeGreaterThan(formAt!);
  expect(fetched.filter((path) => /\/assets\/chart[-.]/.test(path))).toEqual([]);
});

test.describe('the worker’s home', () => {
  // The precache would fetch every chunk (chart.js too) behind the page's back: this is about what the page asks for.
  test.use({ serviceWorkers: 'block' });

  test('a worker signing in sees every text of their home page, its figures as tables, and no chart code is fetched until they ask for a chart', async ({
    page,
  }) => {
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto('/sign-in');
    await page.getByLabel(uz('auth.username')).fill('worker');
    await page.getByLabel(uz('auth.password')).fill(PASSWORD);
    await page.getByRole('button', { name: uz('auth.submit') }).click();
    // The sign-in page came with its own messages only: the home page's texts arrived after them.
    await expect(page.getByText(uz('home.intro'))).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: uz('home.sections') })).toBeVisible();
    const byStatus = page.locator('[data-figure="caseload-by-status"]');
    await expect(byStatus.getByTestId('worker-by-status')).toBeVisible();
    expect(fetched.filter((path) => /\/assets\/chart[-.]/.test(path))).toEqual([]);

    await byStatus.getByRole('button', { name: uz('dashboards.chart'), exact: true }).click();
    await expect(byStatus.locator('canvas')).toBeVisible();
    expect(fetched.filter((path) => /\/assets\/chart[-.]/.test(path))).toHaveLength(1);
  });
});

test('the app can be installed: the manifest names PNG icons of the sizes installers need, and an apple-touch-icon', async ({
  request,
}) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as {
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
  expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of [...pngs, { src: 'apple-touch-icon.png', sizes: '180x180' }]) {
    const response = await request.get(`/${icon.src}`);
    expect(response.status()).toBe(200);
    const png = await response.body();
    // The PNG header holds the picture's width and height.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
  }
});
