import { defineConfig } from '@playwright/test';

/**
 * Browser tests against a running Hamkor (started by e2e/run.mjs, which sets BASE_URL). They drive
 * Debian's Chromium; Playwright never downloads a browser.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: '../test-results/playwright',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Every test runs and is reported, even after a failure. Waits are generous so the suite passes while
  // another process keeps both cores busy: a wait ends as soon as its condition holds.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    // The service worker would serve a cached app shell; the tests want the server's answer each time.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
