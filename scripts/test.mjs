#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, the web app's build when it is missing, server tests on PGlite (and on
// PostgreSQL when TEST_DATABASE_URL is set), then the browser tests. Every step runs; the last line sums them all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
const work = mkdtempSync(join(tmpdir(), 'hamkor-test-'));

function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title} ━━`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) failedSteps.push(title);
  return { ok: result.status === 0, output: result.stdout ?? '' };
}

function check(title, command, args) {
  const { ok } = run(title, command, args);
  if (ok) totals.passed += 1;
  else totals.failed += 1;
}

function vitest(title, projects, env = {}) {
  const report = join(work, `${title.replace(/\W+/g, '-')}.json`);
  const projectArgs = projects.flatMap((p) => ['--project', p]);
  const { ok } = run(
    title,
    'npx',
    ['vitest', 'run', ...projectArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    env,
  );
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
    if (!ok && json.numFailedTests === 0) totals.failed += 1;
  } catch {
    totals.failed += 1;
  }
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npx', ['biome', 'check', '.']);
vitest('unit tests (domain, web)', ['domain', 'web']);
// The server tests check the built web app (its security headers, compressed copies): build it first if missing.
if (!existsSync('apps/web/dist/index.html')) check('web app build', 'npm', ['run', '--silent', 'build', '-w', '@hamkor/web']);
vitest('server tests on PGlite', ['server'], { HAMKOR_TEST_DB: 'pglite' });
if (process.env.TEST_DATABASE_URL) vitest('server tests on PostgreSQL', ['server'], { HAMKOR_TEST_DB: 'postgresql' });
else console.log('\nTEST_DATABASE_URL is not set: server tests ran on PGlite only.');

// A bounded realistic load (200 simulated users, 30 s) on the production build: passes with no failed request.
check('load (30 s, 200 simulated users)', 'node', ['scripts/load-smoke.mjs']);

const e2e = run('browser tests', 'node', ['e2e/run.mjs']);
const count = (word) => Number(e2e.output.match(new RegExp(`^\\s*(\\d+) ${word}`, 'm'))?.[1] ?? 0);
if (/BROWSER TESTS SKIPPED/.test(e2e.output)) totals.skipped += 1;
totals.passed += count('passed');
totals.failed += count('failed') + (e2e.ok || count('failed') ? 0 : 1);
totals.skipped += count('skipped');

rmSync(work, { recursive: true, force: true });
if (failedSteps.length) console.log(`\nFailed: ${failedSteps.join('; ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
