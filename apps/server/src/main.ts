import { join } from 'node:path';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { prepareDatabase } from './start.ts';

/** Starts the server: `npm start`, or `hamkor serve`. */
export async function serve(): Promise<void> {
  const config = readConfig();
  const database = await prepareDatabase(config, (message) => console.log(message));
  const app = await buildApp({
    database,
    logger: { level: 'info' },
    webDist: config.webDist,
    trustProxy: config.trustProxy,
    attachmentsDir: join(config.dataDir, 'attachments'),
    demo: config.demo,
  });
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ host: config.host, port: config.port });
  console.log(
    `Hamkor is running at http://${config.host}:${config.port} (database: ${database.kind === 'pglite' ? config.dataDir : 'PostgreSQL'})`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await serve();
