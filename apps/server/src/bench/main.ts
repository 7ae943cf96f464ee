import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { tuneHeapForRequests } from '../lib/heap-tuning.ts';
import { runBench } from './bench.ts';
import { toMarkdown, writeResults } from './report.ts';
import { runWebBench, WEB_MEASURES } from './web.ts';

/**
 * `npm run bench [-- --iterations N --budget-seconds S --http-seconds S --import-rows N --out DIR]`: measures the app
 * against the bare database on generated data (DATABASE_URL, or the PGlite data folder) and writes
 * JSON and Markdown to bench/results/. Never exits with a failure for a missed target.
 */
const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '20' },
    'budget-seconds': { type: 'string', default: '60' },
    'http-seconds': { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'import-rows': { type: 'string', default: '100000' },
    password: { type: 'string', default: process.env.HAMKOR_GENERATE_PASSWORD || 'bench-password-1' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
tuneHeapForRequests();
const config = readConfig();
const root = resolve(process.env.INIT_CWD || process.cwd());
const only = values.only?.split(',').map((key) => key.trim());
// The web measures alone need a built app (and Chromium), not generated data.
const webOnly = only?.length && only.every((key) => (WEB_MEASURES as readonly string[]).includes(key));
const log = (message: string) => console.log(message);
const result = webOnly
  ? await runWebBench({ webDist: config.webDist, only, log })
  : await runBench({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      password: values.password as string,
      iterations: Number(values.iterations),
      warmup: Number(values.warmup),
      budgetSeconds: Number(values['budget-seconds']),
      httpSeconds: Number(values['http-seconds']),
      connections: Number(values.connections),
      importRows: Number(values['import-rows']),
      webDist: config.webDist,
      seed: Number(values.seed),
      only,
      log,
    });
const paths = writeResults(result, resolve(root, values.out ?? 'bench/results'));
console.log(`\n${toMarkdown(result)}`);
console.log(`Written: ${paths.json}, ${paths.markdown}`);
