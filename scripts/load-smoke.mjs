#!/usr/bin/env node
/**
 * `npm test`'s load step: the production build on PostgreSQL (a fresh database on TEST_DATABASE_URL's
 * server) with the demo data, then `npm run load` for LOAD_SECONDS (30) with 200 simulated users. Passes
 * when no request failed. Without TEST_DATABASE_URL it runs on a fresh embedded database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = process.env.LOAD_SECONDS ?? '30';
const password = `load-${randomBytes(9).toString('base64url')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-load-'));
const env = { ...process.env, HAMKOR_DATA_DIR: dataDir, HAMKOR_DEMO: '1', HAMKOR_DEMO_PASSWORD: password, HOST: '127.0.0.1' };
delete env.NODE_ENV;
delete env.DATABASE_URL;

let dropDatabase = async () => {};
if (process.env.TEST_DATABASE_URL) {
  const name = `hamkor_load_${randomBytes(4).toString('hex')}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
env.PORT = String(port);

const build = spawnSync('npm', ['run', 'build', '-w', '@hamkor/server'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const server = spawn(process.execPath, ['apps/server/dist/cli.js', 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
const log = [];
for (const stream of [server.stdout, server.stderr]) stream.on('data', (chunk) => log.push(chunk.toString()));
const exited = new Promise((resolve) => server.once('exit', resolve));

let code = 1;
try {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the server was not ready within 180 s');
    const ready = await fetch(`http://127.0.0.1:${port}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`Load on ${env.DATABASE_URL ? 'PostgreSQL' : 'the embedded database'} for ${seconds} s`);
  const load = spawnSync(
    'npx',
    [
      'tsx',
      'apps/server/src/load/main.ts',
      '--url',
      `http://127.0.0.1:${port}`,
      '--password',
      password,
      '--users',
      '200',
      '--seconds',
      seconds,
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  code = load.status ?? 1;
} catch (error) {
  console.error(String(error));
  console.error(log.join('').slice(-4000));
} finally {
  server.kill('SIGTERM');
  await exited;
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(code === 0 ? 'load: passed' : 'load: FAILED');
process.exit(code);
