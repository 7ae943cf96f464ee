import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameKey } from '@hamkor/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { generate } from '../generate/generate.ts';
import { household } from '../generate/households.ts';
import { Random } from '../generate/random.ts';
import { runBench } from './bench.ts';
import { writeResults } from './report.ts';

// A smoke size of the generator and the benchmark on PGlite: proves both still run end to end.
const folder = mkdtempSync(join(tmpdir(), 'hamkor-bench-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const place = { districtCode: '1722226', regionCode: '1722', organisationId: '0190a0a0-0000-7000-8000-000000000001', mahallas: [] };

describe('generated data', () => {
  it('is the same for the same seed, and different for another', () => {
    const now = Date.parse('2026-01-15T12:00:00+05:00');
    const make = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 50 }, () => household(random, { pinfl: 0 }, place, now - 86_400_000 * 90, now, 20));
    };
    expect(make(11)).toEqual(make(11));
    expect(make(12)).not.toEqual(make(11));
  });

  it('stores the domain’s name keys beside names written in any script', () => {
    const random = new Random(3);
    const now = Date.parse('2026-01-15T12:00:00+05:00');
    const serials = { pinfl: 0 };
    const persons = Array.from({ length: 200 }, () => household(random, serials, place, now, now, 20).persons).flat();
    const scripts = new Set(persons.map((p) => (/[а-яёўқғҳ]/i.test(p.surname as string) ? 'cyrillic' : 'latin')));
    expect(scripts).toEqual(new Set(['cyrillic', 'latin']));
    for (const p of persons) expect(p.surname_key).toBe(nameKey(p.surname as string));
    expect(persons.some((p) => p.whereabouts_status === 'abroad')).toBe(true);
  });
});

describe('npm run generate and npm run bench at a smoke size', () => {
  it('generates into PGlite and measures every figure without failing', async () => {
    const dataDir = join(folder, 'db');
    const database = await openDatabase({ dataDir });
    const generated = await generate(database, { persons: 600, seed: 5, asOf: '2026-01-15', password: 'smoke-password-1' });
    await database.close();
    expect(generated.counts.persons).toBe(600);
    expect(generated.counts.cases).toBeGreaterThan(30);
    expect(generated.counts.users).toBeGreaterThan(206 * 3);

    const result = await runBench({
      dataDir,
      password: 'smoke-password-1',
      iterations: 3,
      warmup: 1,
      budgetSeconds: 5,
      httpSeconds: 1,
      connections: 2,
      importRows: 40,
      webDist: join(folder, 'no-web-build'),
      seed: 1,
    });
    const byKey = new Map(result.measures.map((m) => [m.key, m]));
    for (const key of [
      'search_worker',
      'search_worker_typo',
      'caseload',
      'team_view',
      'sync_pull_first',
      'sync_pull_incremental',
      'sync_push',
    ]) {
      const m = byKey.get(key);
      expect(m?.note ?? '', key).not.toMatch(/failed/);
      expect(m?.app?.p95, key).toBeGreaterThan(0);
      expect(m?.bare?.p95, key).toBeGreaterThan(0);
      expect(m?.ratio, key).toBeGreaterThan(0);
    }
    // The bare side replays the request's data statements only: not the session's lookup or confirmation, the
    // audit event or the transaction's control (the caseload is one statement, asked with a held session).
    for (const key of ['caseload', 'team_view']) expect(byKey.get(key)?.note, key).toMatch(/^1\.0 data statements/);
    expect(byKey.get('case_get_throughput')?.app?.throughput).toBeGreaterThan(0);
    expect(byKey.get('case_get_throughput')?.bare?.throughput).toBeGreaterThan(0);
    expect(byKey.get('import_xlsx')?.note ?? '', 'import_xlsx').not.toMatch(/failed/);
    expect(byKey.get('import_xlsx')?.value).toBeGreaterThan(0);
    expect(byKey.get('web_first_load')?.note).toMatch(/not built/);

    const paths = writeResults(result, join(folder, 'results'));
    expect(readFileSync(paths.markdown, 'utf8')).toContain('| Person search across scripts |');
    expect(JSON.parse(readFileSync(paths.json, 'utf8')).measures).toHaveLength(result.measures.length);
  }, 90_000);
});
