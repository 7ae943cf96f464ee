import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVER = join(import.meta.dirname, '..');
const BUNDLE = join(SERVER, 'dist/cli.js');
const pkg = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The package an import names: `@scope/name` or `name`, without a subpath. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The compiled server, as `npm start` and a production install (`npm ci --omit=dev`) run it. */
describe('the production build', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-build-'));
  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(SERVER, 'scripts/build.mjs')], { encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stderr).toBe(0);
  }, 130_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('needs no TypeScript loader and no development package: it imports only the server’s dependencies', () => {
    const code = readFileSync(BUNDLE, 'utf8');
    const imported = new Set(
      [...code.matchAll(/(?:^|\n)import\s[^;]*?from\s*"([^"]+)"|import\("([^"]+)"\)/g)]
        .map((match) => match[1] ?? match[2] ?? '')
        .filter((specifier) => specifier && !specifier.startsWith('node:') && !specifier.startsWith('.'))
        .map(packageOf),
    );
    expect(imported.size).toBeGreaterThan(5);
    const outside = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(outside).toEqual([]);
    expect(imported.has('tsx')).toBe(false);
    // The domain package is compiled in, not imported as TypeScript.
    expect(imported.has('@hamkor/domain')).toBe(false);
  });

  it('runs with plain Node: migrates an empty database and verifies its audit chain', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [BUNDLE, ...args], {
        encoding: 'utf8',
        env: { ...process.env, HAMKOR_DATA_DIR: dataDir, DATABASE_URL: '', NODE_OPTIONS: '' },
        timeout: 120_000,
      });
    const migrate = run(['migrate']);
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toContain('Database is up to date.');
    const verify = run(['audit', 'verify']);
    expect(verify.status, verify.stderr).toBe(0);
  }, 240_000);
});
