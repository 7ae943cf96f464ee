import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './db/reference.ts';
import { isEmptyDatabase, seedDemo } from './demo/seed.ts';
import { loadInstruments } from './modules/instruments/repo.ts';

/** Opens the database and brings it up to date: migrations, reference data, and the demo when wanted. */
export async function prepareDatabase(config: Config, log: (message: string) => void): Promise<DatabaseHandle> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
  });
  const applied = await migrate(database.db);
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  await loadReferenceData(database.db);
  await loadInstruments(database.db);
  if (config.demo && (await isEmptyDatabase(database.db))) {
    const { generatedPassword } = await seedDemo(database.db, config.demoPassword);
    log('Demo data created. Accounts: admin, supervisor, worker, worker2, ngo, agency, analyst.');
    log(generatedPassword ? `Demo password (shown once): ${generatedPassword}` : 'Demo password: the value of HAMKOR_DEMO_PASSWORD.');
  }
  return database;
}
