import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { defaultAsOf, generate } from './generate.ts';

/**
 * `npm run generate -- --persons 1000000 [--seed N] [--as-of YYYY-MM-DD] [--password P]`: fills an empty
 * database (DATABASE_URL, or the PGlite data folder HAMKOR_DATA_DIR) with synthetic national-scale data.
 */
const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'as-of': { type: 'string' },
    password: { type: 'string', default: process.env.HAMKOR_GENERATE_PASSWORD || 'bench-password-1' },
  },
});
const persons = Number(values.persons);
const seed = Number(values.seed);
if (!Number.isInteger(persons) || persons < 1 || !Number.isInteger(seed)) {
  console.error('Usage: npm run generate -- --persons N [--seed N] [--as-of YYYY-MM-DD] [--password P]');
  process.exit(2);
}
const config = readConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  console.log(`Generating ${persons} persons (seed ${seed}) into ${database.kind === 'pglite' ? config.dataDir : 'PostgreSQL'}…`);
  const report = await generate(database, {
    persons,
    seed,
    asOf: values['as-of'] ?? defaultAsOf(),
    password: values.password as string,
    url: config.databaseUrl,
    log: (message) => console.log(message),
  });
  console.log(JSON.stringify(report, null, 2));
} finally {
  await database.close();
}
