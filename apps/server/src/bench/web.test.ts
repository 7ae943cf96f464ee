import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_KB, firstLoadFiles, webFirstLoad } from './web.ts';

/**
 * The web app's first load, on a build of the current source made for this test (into a folder of its own,
 * so it never touches apps/web/dist): the JavaScript a first visit downloads stays within its budget, and
 * chart.js is fetched by no screen that draws no chart.
 */
const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');
const dist = mkdtempSync(join(tmpdir(), 'hamkor-web-budget-'));

/** The files a chunk imports statically, and theirs: what the browser must fetch before it runs. */
function staticClosure(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(dist, 'assets', name), 'utf8');
    // `import{a}from"./x.js"` and `import"./x.js"`; not `import("./x.js")`, which loads on demand.
    for (const match of code.matchAll(/import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(match[1] as string);
  };
  visit(file);
  return seen;
}

const chunk = (prefix: string) => {
  const name = readdirSync(join(dist, 'assets')).find((file) => file.startsWith(`${prefix}-`) && file.endsWith('.js'));
  if (!name) throw new Error(`no ${prefix} chunk in the build`);
  return name;
};

describe('the web app’s first load', () => {
  beforeAll(() => {
    // NODE_ENV is "test" under vitest, which would make a development build.
    const build = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: web,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}`);
  }, 240_000);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it(`loads at most ${FIRST_LOAD_BUDGET_KB} KB of JavaScript (gzip) before the sign-in form`, () => {
    const measure = webFirstLoad(dist);
    expect(measure.unit).toBe('KB gzip');
    expect(measure.value).toBeGreaterThan(20);
    expect(measure.value).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB);
    expect(measure.met).toBe(true);
  });

  it('leaves chart.js, other pages and the whole interface’s messages out of the first load', () => {
    const first = new Set(firstLoadFiles(dist).flatMap((file) => [...staticClosure(file.replace(/^assets\//, ''))]));
    expect([...first].filter((file) => /^(chart|FigureChart|ScoreChart|CasesPages|FamiliesPages|uz-Latn|ru|en)-/.test(file))).toEqual([]);
    // The sign-in page's own messages are in it, the rest of the interface's are not.
    const code = [...first].map((file) => readFileSync(join(dist, 'assets', file), 'utf8')).join('\n');
    const messages = JSON.parse(readFileSync(join(web, 'src/i18n/locales/uz-Latn.json'), 'utf8'));
    const longest = (section: Record<string, unknown>) =>
      Object.values(section)
        .filter((text): text is string => typeof text === 'string')
        .sort((a, b) => b.length - a.length)[0] as string;
    expect(code.includes(longest(messages.app)), 'the sign-in page’s tagline').toBe(true);
    expect(code.includes(longest(messages.families)), 'a families page text').toBe(false);
  });

  it('draws the worker’s home without chart.js: the shell, home page and dashboards import it only on demand', () => {
    for (const page of ['AppShell', 'HomePage', 'RoleDashboard']) {
      const closure = staticClosure(chunk(page));
      expect(
        [...closure].filter((file) => /^chart-/.test(file)),
        page,
      ).toEqual([]);
    }
    // The chart chunk is there, loaded where a chart is drawn.
    expect(chunk('chart')).toMatch(/\.js$/);
  });
});
