import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchResult, Measure } from './bench.ts';

/** The measures of the web app; they need a built app (and Chromium), not generated data. */
export const WEB_MEASURES = ['web_first_load', 'web_slow_phone'] as const;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
/** First-load JavaScript budget: what a phone on a poor signal downloads before the sign-in form can work. */
export const FIRST_LOAD_BUDGET_KB = 150;

/** The slow phone: 400 kbit/s each way, 400 ms round trips, a CPU four times slower than this machine's. */
export const SLOW_PHONE = { kbitPerSecond: 400, latencyMs: 400, cpuSlowdown: 4 } as const;
const SIGN_IN_GOAL_S = 4;

function webMeasure(partial: Partial<Measure> & Pick<Measure, 'key' | 'title' | 'detail'>): Measure {
  return { app: null, bare: null, ratio: null, ratioOf: null, value: null, unit: null, target: null, met: null, note: null, ...partial };
}

/** The JavaScript files index.html loads at once (its scripts and module preloads). */
export function firstLoadFiles(webDist: string): string[] {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => (m[1] as string).replace(/^\//, ''));
  return [...new Set(files)];
}

/** The JavaScript a first visit loads (index.html's scripts and module preloads), gzip-compressed. */
export function webFirstLoad(webDist: string): Measure {
  const base = { key: 'web_first_load', title: 'Web app first load', detail: 'JavaScript referenced by index.html, gzip level 6' };
  if (!existsSync(join(webDist, 'index.html'))) return webMeasure({ ...base, note: `${webDist} is not built (npm run build)` });
  const files = firstLoadFiles(webDist);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(webDist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 6 }).length;
  }
  return webMeasure({
    ...base,
    detail: `${files.length} files, ${Math.round(raw / 1024)} KB uncompressed`,
    value: Math.round(gzip / 102.4) / 10,
    unit: 'KB gzip',
    target: `≤ ${FIRST_LOAD_BUDGET_KB} KB`,
    met: gzip <= FIRST_LOAD_BUDGET_KB * 1024,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The production server on a fresh demo database, as the browser tests start it (e2e/run.mjs). */
async function startDemoServer(webDist: string): Promise<{ baseUrl: string; password: string; stop: () => Promise<void> }> {
  const built = spawnSync('npm', ['run', 'build', '-w', '@hamkor/server'], { cwd: ROOT, stdio: 'ignore' });
  if (built.status !== 0) throw new Error('the server did not build (npm run build -w @hamkor/server)');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-bench-web-'));
  const password = `bench-${randomBytes(9).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HAMKOR_DATA_DIR: dataDir,
    HAMKOR_DEMO: '1',
    HAMKOR_DEMO_PASSWORD: password,
    HAMKOR_WEB_DIST: webDist,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const server: ChildProcess = spawn(process.execPath, ['apps/server/dist/cli.js', 'serve'], { cwd: ROOT, env, stdio: 'ignore' });
  let exited = false;
  server.once('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (!exited)
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
        server.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        server.kill('SIGTERM');
      });
    rmSync(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited) break;
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { baseUrl, password, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error('the demo server did not answer /api/health within 120 s');
}

/** What the page notes on its own clock (ms since navigation): see MARKS_SCRIPT. */
type Marks = { formAt?: number; registeredAt?: number; clickAt?: number; headingAt?: number; homeAt?: number };

/**
 * Runs in the page before its own scripts. The sign-in form counts as usable when the username field is
 * shown and enabled and the submit button is shown and enabled: the app is rendered by React on the client,
 * so its handlers are attached by then. The home page counts as shown when the worker's dashboard shows its
 * figures (it is drawn once they are read from the API), not just its heading.
 */
const MARKS_SCRIPT = `(() => {
  const marks = (window.__marks = {});
  const shown = (element) => element instanceof HTMLElement && !element.disabled && element.getClientRects().length > 0;
  const container = navigator.serviceWorker;
  if (container) {
    const register = container.register.bind(container);
    container.register = (...args) => {
      marks.registeredAt ??= performance.now();
      return register(...args);
    };
  }
  document.addEventListener('click', (event) => {
    if (event.target?.closest?.('button[type=submit]')) marks.clickAt ??= performance.now();
  }, true);
  new MutationObserver(() => {
    const now = performance.now();
    if (marks.formAt === undefined && shown(document.querySelector('input[name=username]')) && shown(document.querySelector('button[type=submit]')))
      marks.formAt = now;
    if (marks.clickAt === undefined) return;
    if (marks.headingAt === undefined && document.querySelector('[data-testid=current-user]') && shown(document.querySelector('main h1')))
      marks.headingAt = now;
    if (marks.homeAt === undefined && shown(document.querySelector('[data-testid=worker-dashboard]')))
      marks.homeAt = now;
  }).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

type Run = { signIn: number; heading: number; home: number; registered: number | null; kbBeforeForm: number; chartFetched: boolean };

/**
 * In Chromium through the DevTools Protocol: a 360 px phone, 400 kbit/s down and up, 400 ms latency, 4× CPU
 * slowdown, a cold cache (a new browser context each run). Times the sign-in form until usable, then the
 * demo worker's home page from pressing "sign in".
 */
export async function webSlowPhone(options: { webDist: string; runs?: number; log?: (message: string) => void }): Promise<Measure[]> {
  const log = options.log ?? (() => {});
  const signIn = {
    key: 'web_slow_phone_sign_in',
    title: 'Sign-in form usable on a slow phone',
    detail: `Chromium, ${SLOW_PHONE.kbitPerSecond} kbit/s, ${SLOW_PHONE.latencyMs} ms latency, ${SLOW_PHONE.cpuSlowdown}× CPU slowdown, cold cache`,
  };
  const home = { key: 'web_slow_phone_home', title: 'Worker’s home page shown after “sign in” (slow phone)', detail: signIn.detail };
  const skip = (note: string) => [webMeasure({ ...signIn, note }), webMeasure({ ...home, note })];
  if (!existsSync(join(options.webDist, 'index.html'))) return skip(`${options.webDist} is not built (npm run build)`);
  if (!existsSync(CHROMIUM)) return skip(`no Chromium at ${CHROMIUM}`);

  const { chromium } = await import('playwright-core');
  log('Starting the demo server and Chromium for the slow-phone measure…');
  const server = await startDemoServer(options.webDist);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  const runs: Run[] = [];
  // The CPU slowdown is relative to this machine: other work on it slows the phone further.
  const load = loadavg()[0] ?? 0;
  try {
    const bytesPerSecond = (SLOW_PHONE.kbitPerSecond * 1000) / 8;
    // One unthrottled visit first, so the server has read its files and compiled its code once.
    for (let i = -1; i < (options.runs ?? 5); i++) {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        serviceWorkers: 'allow',
      });
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        let transferred = 0;
        let formSeen = false;
        cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
          if (!formSeen) transferred += event.encodedDataLength;
        });
        const fetched: string[] = [];
        page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
        await cdp.send('Network.enable');
        if (i >= 0) {
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: SLOW_PHONE.latencyMs,
            downloadThroughput: bytesPerSecond,
            uploadThroughput: bytesPerSecond,
          });
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpuSlowdown });
        }
        await page.addInitScript(MARKS_SCRIPT);
        // Functions, not strings: the app's Content Security Policy forbids evaluating strings.
        const marks = () => page.evaluate(() => (globalThis as unknown as { __marks: Marks }).__marks);
        await page.goto('/sign-in', { waitUntil: 'commit', timeout: 120_000 });
        await page.waitForFunction(() => (globalThis as unknown as { __marks: Marks }).__marks.formAt !== undefined, null, {
          polling: 100,
          timeout: 120_000,
        });
        formSeen = true;
        await page.locator('input[name=username]').fill('worker');
        await page.locator('input[name=password]').fill(server.password);
        await page.locator('button[type=submit]').click();
        await page.waitForFunction(() => (globalThis as unknown as { __marks: Marks }).__marks.homeAt !== undefined, null, {
          polling: 100,
          timeout: 120_000,
        });
        const m = await marks();
        if (i < 0) continue;
        const run: Run = {
          signIn: m.formAt as number,
          heading: (m.headingAt as number) - (m.clickAt as number),
          home: (m.homeAt as number) - (m.clickAt as number),
          registered: m.registeredAt ?? null,
          kbBeforeForm: Math.round(transferred / 102.4) / 10,
          chartFetched: fetched.some((path) => /\/assets\/chart[-.]/.test(path)),
        };
        log(
          `  run ${i + 1}: sign-in usable ${(run.signIn / 1000).toFixed(2)} s (${run.kbBeforeForm} KB), home ${(run.home / 1000).toFixed(2)} s`,
        );
        runs.push(run);
      } finally {
        await context.close();
      }
    }
  } catch (error) {
    return skip(`failed: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await browser.close();
    await server.stop();
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] as number;
  };
  const seconds = (ms: number) => Math.round(ms / 10) / 100;
  const list = (values: number[]) => values.map((v) => seconds(v).toFixed(2)).join(', ');
  const signInMedian = median(runs.map((r) => r.signIn));
  const precacheAfterForm = runs.every((r) => r.registered === null || r.registered > r.signIn);
  return [
    webMeasure({
      ...signIn,
      detail: `${signIn.detail}; median of ${runs.length} runs (${list(runs.map((r) => r.signIn))} s; load average ${load.toFixed(1)} on ${cpus().length} CPUs), ${median(runs.map((r) => r.kbBeforeForm))} KB transferred before it`,
      note: `service worker registered ${precacheAfterForm ? 'after' : '**before**'} the form was usable in every run; chart code fetched: ${runs.some((r) => r.chartFetched) ? '**yes**' : 'no'}`,
      value: seconds(signInMedian),
      unit: 's',
      target: `≤ ${SIGN_IN_GOAL_S} s`,
      met: signInMedian <= SIGN_IN_GOAL_S * 1000,
    }),
    webMeasure({
      ...home,
      detail: `${home.detail}; from pressing “sign in” as the demo worker until their dashboard's figures show (heading ${seconds(median(runs.map((r) => r.heading)))} s); median of ${runs.length} runs (${list(runs.map((r) => r.home))} s)`,
      value: seconds(median(runs.map((r) => r.home))),
      unit: 's',
    }),
  ];
}

/** `npm run bench -- --only web_first_load,web_slow_phone`: the web measures alone, without a database. */
export async function runWebBench(options: {
  webDist: string;
  only: readonly string[];
  log?: (message: string) => void;
}): Promise<BenchResult> {
  const started = performance.now();
  const measures: Measure[] = [];
  if (options.only.includes('web_first_load')) measures.push(webFirstLoad(options.webDist));
  if (options.only.includes('web_slow_phone')) measures.push(...(await webSlowPhone(options)));
  return {
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', node: process.version, database: 'none (web measures)' },
    data: {},
    accounts: {},
    measures,
  };
}
