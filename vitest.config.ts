import { defineConfig } from 'vitest/config';
import { firstScreenMessages } from './apps/web/first-screen.ts';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['apps/server/**/*.test.ts'],
          globalSetup: ['apps/server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each test file gets its own database; two cores run two files at a time.
          maxWorkers: 2,
        },
      },
      // The web's build plugin that supplies the sign-in page's messages (apps/web/first-screen.ts).
      { plugins: [firstScreenMessages()], test: { name: 'web', include: ['apps/web/src/**/*.test.{ts,tsx}'] } },
    ],
  },
});
