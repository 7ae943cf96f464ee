import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/** The demo password the server was started with (e2e/run.mjs). */
export const PASSWORD = process.env.HAMKOR_DEMO_PASSWORD ?? '';

type Tree = { [key: string]: string | Tree };
export type Translate = (key: string, params?: Record<string, string | number>) => string;

function translator(file: URL): Translate {
  const tree = JSON.parse(readFileSync(file, 'utf8')) as Tree;
  return (key, params = {}) => {
    const text = key
      .split('.')
      .reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
    if (typeof text !== 'string') throw new Error(`no translation for ${key} in ${file.pathname}`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
  };
}

/** The interface's own texts, so that the tests check what a user reads, in their language. */
export const ui = (locale: string) => translator(new URL(`../../apps/web/src/i18n/locales/${locale}.json`, import.meta.url));
/** Messages the server sends, translated by @hamkor/domain. */
export const serverText = (locale: string) => translator(new URL(`../../packages/domain/src/i18n/${locale}.json`, import.meta.url));

export const uz = ui('uz-Latn');

/** Where screenshots are kept for people to look at (the repository's test-results/). */
export const screenshotPath = (name: string) => new URL(`../../test-results/${name}`, import.meta.url).pathname;

export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(uz('auth.username')).fill(username);
  await page.getByLabel(uz('auth.password')).fill(password);
  await page.getByRole('button', { name: uz('auth.submit') }).click();
  await expect(page.getByTestId('current-user')).toBeAttached();
}

export async function signOut(page: Page, t: Translate = uz): Promise<void> {
  await page.getByRole('button', { name: t('auth.signOut') }).click();
  await expect(page.getByRole('heading', { level: 1, name: t('auth.title') })).toBeVisible();
}

export const mainNav = (page: Page, t: Translate = uz) => page.getByRole('navigation', { name: t('a11y.mainNav') });

/** A short suffix that keeps names made by one run apart from another's. */
export const stamp = () => Date.now().toString(36);
