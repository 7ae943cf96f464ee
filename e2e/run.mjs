#!/usr/bin/env node
/**
 * Runs the browser tests: builds the web app if it is missing and the server's production build, starts it on a free port with a
 * fresh demo database, waits for it, runs Playwright, and always stops the server and removes the data.
 * Exits with Playwright's code. Without /usr/bin/chromium the tests are skipped (exit 0) unless
 * HAMKOR_REQUIRE_E2E=1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const HEALTH_TIMEOUT_MS = 120_000;

if (!existsSync(CHROMIUM)) {
  const required = process.env.HAMKOR_REQUIRE_E2E === '1';
  const line = '!'.repeat(78);
  console.error(`\n${line}\n!! ${CHROMIUM} is missing: the browser tests were SKIPPED.`);
  console.error(`!! Install it with: apt-get install -y chromium${required ? '\n!! HAMKOR_REQUIRE_E2E=1: failing.' : ''}\n${line}\n`);
  process.exit(required ? 1 : 0);
}

if (!existsSync(join(root, 'apps/web/dist/index.html'))) {
  console.log('apps/web/dist is missing: building the web app first.');
  const build = spawnSync('npm', ['run', 'build', '-w', '@hamkor/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The browser tests run the production build of the server, as `npm start` does; it takes seconds to build.
{
  const build = spawnSync('npm', ['run', 'build', '-w', '@hamkor/server'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-e2e-'));
const password = `e2e-${randomBytes(9).toString('base64url')}`;
// A Telegram bot is configured so the reminders page offers it; the browser test posts the bot's update to the
// webhook with this secret, as Telegram would. The Bot API root answers nothing: messages wait and are retried.
const telegramWebhookSecret = randomBytes(18).toString('base64url');
const serverLog = [];
// A real OpenID Connect provider and a OneID stand-in on this machine, for the provider sign-in test
// (tests/oidc.spec.ts); the server is pointed at them. If they do not start, the other tests run all the same.
const identity = await startIdentityProviders();

// A fresh embedded database in demo mode, whatever the caller's environment points at.
const serverEnv = {
  ...process.env,
  HAMKOR_DATA_DIR: dataDir,
  HAMKOR_DEMO_PASSWORD: password,
  HAMKOR_DEMO: '1',
  HOST: '127.0.0.1',
  PORT: String(port),
  HAMKOR_TELEGRAM_BOT_TOKEN: '1000:e2e',
  HAMKOR_TELEGRAM_BOT_USERNAME: 'hamkor_e2e_bot',
  HAMKOR_TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
  HAMKOR_TELEGRAM_WEBHOOK_SECRET: telegramWebhookSecret,
};
delete serverEnv.DATABASE_URL;
delete serverEnv.NODE_ENV;
Object.assign(serverEnv, identity.env);

const server = spawn(process.execPath, ['apps/server/dist/cli.js', 'serve'], {
  cwd: root,
  env: serverEnv,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverExited = false;
server.on('exit', () => {
  serverExited = true;
});
for (const stream of [server.stdout, server.stderr]) stream.on('data', (chunk) => serverLog.push(chunk.toString()));

function stopServer() {
  if (serverExited) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

async function cleanUp() {
  await stopServer();
  identity.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await cleanUp();
    process.exit(130);
  });
}

/** Starts apps/server/src/modules/oidc/try-providers.ts and reads the settings it prints. */
async function startIdentityProviders() {
  const [oidcPort, oneIdPort] = [await freePort(), await freePort()];
  const script = 'apps/server/src/modules/oidc/try-providers.ts';
  const args = ['--import', 'tsx', script, '--hamkor', baseUrl, '--oidc-port', String(oidcPort), '--oneid-port', String(oneIdPort)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  const env = {};
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 30_000);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          clearTimeout(timer);
          resolve(true);
        }
        const at = line.indexOf('=');
        if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    console.error('The identity providers did not start: sign-in with a provider is not tested in this run.');
    child.kill('SIGKILL');
    return { env: {}, stop: () => {} };
  }
  return { env, stop: () => child.kill('SIGTERM') };
}

async function waitForHealth() {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (serverExited) throw new Error('the server stopped before it was ready');
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${baseUrl}/api/health within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

function runPlaywright() {
  return new Promise((resolve) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, BASE_URL: baseUrl, HAMKOR_DEMO_PASSWORD: password, HAMKOR_TELEGRAM_WEBHOOK_SECRET: telegramWebhookSecret },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

let exitCode = 1;
try {
  await waitForHealth();
  console.log(`Hamkor is up at ${baseUrl} (data in ${dataDir}).`);
  exitCode = await runPlaywright();
  if (exitCode !== 0) console.error(`\n--- server output ---\n${serverLog.join('').slice(-8000)}`);
} catch (error) {
  console.error(`Browser tests could not run: ${error.message}\n--- server output ---\n${serverLog.join('').slice(-8000)}`);
} finally {
  await cleanUp();
}
process.exit(exitCode);
