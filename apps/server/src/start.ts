import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './db/reference.ts';
import { withReadReplica } from './db/replica.ts';
import { isEmptyDatabase, seedDemo } from './demo/seed.ts';
import { loadInstruments } from './modules/instruments/repo.ts';

/**
 * Opens the database and brings it up to date: migrations, reference data, and the demo when wanted. Each step
 * says what it does and how long it took, so a first start (half a minute with the demo) is never silent.
 */
export async function prepareDatabase(config: Config, log: (message: string) => void): Promise<DatabaseHandle> {
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    log(`${what}…`);
    const result = await work();
    log(`${what}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const primary = await step(config.databaseUrl ? 'Connecting to PostgreSQL' : `Opening the embedded database in ${config.dataDir}`, () =>
    openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }),
  );
  const { databaseReadUrl } = config;
  const database = databaseReadUrl
    ? await step('Connecting to the read replica', () => withReadReplica(primary, databaseReadUrl, { log }))
    : primary;
  const applied = await step('Applying database migrations', () => migrate(database.db));
  log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database schema is up to date');
  await step('Loading reference data (territories, services, assessment instruments)', async () => {
    await loadReferenceData(database.db);
    await loadInstruments(database.db);
  });
  if (config.demo && (await isEmptyDatabase(database.db))) {
    const { generatedPassword } = await step('Creating the demo data (families, cases, referrals; up to a minute)', () =>
      seedDemo(database.db, config.demoPassword),
    );
    log(
      'Demo data created. Accounts: admin, admin2, supervisor, worker, worker2, ngo, agency, analyst, supervisor.denov, worker.denov, staff.mehribonlik.',
    );
    log(generatedPassword ? `Demo password (shown once): ${generatedPassword}` : 'Demo password: the value of HAMKOR_DEMO_PASSWORD.');
  }
  return database;
}
