import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../bin/hamkor.js', import.meta.url).pathname;

/** The operator's command on a real embedded database in a temporary folder. */
describe('hamkor command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-cli-'));
  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, [BIN, ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, HAMKOR_DATA_DIR: dataDir, DATABASE_URL: '', HAMKOR_DEMO_PASSWORD: 'cli-demo-password' },
      timeout: 120_000,
    });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, loads the demo once, creates a user from stdin, and verifies the audit chain', () => {
    const migrate = run(['migrate']);
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toContain('Database is up to date.');

    const demo = run(['demo']);
    expect(demo.status).toBe(0);
    expect(demo.stdout).toContain('admin, admin2, supervisor, worker, worker2, ngo, agency, analyst');
    const again = run(['demo']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('only into an empty database');

    const created = run(
      [
        'user',
        'create',
        '--username',
        'zarina.operator',
        '--role',
        'supervisor',
        '--organisation',
        'Denov tumani «Inson» ijtimoiy xizmatlar markazi',
      ],
      'operator-password-1\n',
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created user zarina.operator (supervisor)');
    const short = run(
      [
        'user',
        'create',
        '--username',
        'short.one',
        '--role',
        'supervisor',
        '--organisation',
        'Denov tumani «Inson» ijtimoiy xizmatlar markazi',
      ],
      'short\n',
    );
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('password');

    const verify = run(['audit', 'verify']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/Audit chain intact: \d+ events checked/);

    const rebuilt = run(['summaries', 'rebuild']);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/Summary figures recounted: [1-9]\d* rows/);

    const usage = run(['nonsense']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: hamkor');
  }, 240_000);
});
