import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { tuneHeapForRequests } from './lib/heap-tuning.ts';
import { type Lifecycle, RETRY_AFTER_SECONDS } from './lib/lifecycle.ts';
import { type ReminderScheduler, startReminderScheduler } from './modules/reminders/scheduler.ts';
import { readReminderSettings } from './modules/reminders/settings.ts';
import { startRetentionJob } from './modules/retention/job.ts';
import { prepareDatabase } from './start.ts';

/** How long requests in flight may take to finish after SIGTERM or SIGINT before the process gives up. */
const DRAIN_DEADLINE_MS = Number(process.env.HAMKOR_DRAIN_DEADLINE_MS || 10_000);

/**
 * While the database is migrated and the demo loaded (half a minute on a first start), the port already
 * answers: 503 with Retry-After to everything, so a load balancer or a person sees "starting", not a refused
 * connection.
 */
function startingServer(lifecycle: Lifecycle): Server {
  return createServer((request, response) => {
    const body = request.url?.startsWith('/api/ready')
      ? { status: lifecycle.phase }
      : { error: { code: 'unavailable', message: 'Hamkor is starting; try again in a few seconds.' } };
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(RETRY_AFTER_SECONDS), connection: 'close' });
    response.end(JSON.stringify(body));
  });
}

/** Starts the server: `npm start`, or `hamkor serve`. */
export async function serve(): Promise<void> {
  tuneHeapForRequests();
  const config = readConfig();
  const lifecycle: Lifecycle = { phase: 'starting' };
  const log = (message: string) => console.log(message);
  const placeholder = startingServer(lifecycle);
  await new Promise<void>((resolve, reject) => {
    placeholder.once('error', reject);
    placeholder.listen(config.port, config.host, resolve);
  });
  log(`Hamkor is starting on http://${config.host}:${config.port} (answering 503 until ready)`);

  const database = await prepareDatabase(config, log);
  const reminderSettings = readReminderSettings();
  const app = await buildApp({
    database,
    logger: { level: 'info' },
    webDist: config.webDist,
    trustProxy: config.trustProxy,
    attachmentsDir: join(config.dataDir, 'attachments'),
    demo: config.demo,
    lifecycle,
    reminders: reminderSettings,
  });
  await app.ready();
  await new Promise<void>((resolve) => placeholder.close(() => resolve()));
  placeholder.closeAllConnections();

  let reminders: ReminderScheduler | undefined;
  // The first SIGTERM or SIGINT: stop accepting, let requests in flight finish (Fastify answers 503 to new
  // requests on open connections meanwhile), close the pool or the embedded database, exit 0. A second signal
  // or the deadline exits 1.
  let stopRetention = () => {};
  closeWithGrace(
    { delay: DRAIN_DEADLINE_MS, logger: { error: (message: unknown) => app.log.error(String(message)) } },
    async ({ signal, err }) => {
      lifecycle.phase = 'draining';
      stopRetention();
      if (err) app.log.error({ err }, 'stopping after an unexpected error');
      else log(`${signal ?? 'Exit'}: finishing requests in flight, then stopping`);
      await reminders?.stop();
      await app.close();
      await database.close();
      log('Hamkor stopped');
    },
  );

  await app.listen({ host: config.host, port: config.port });
  // Digests and immediate messages by Telegram and SMS (docs/reminders.md); stopped before the database closes.
  reminders = reminderSettings.scheduler ? startReminderScheduler(database.db, reminderSettings, log) : undefined;
  lifecycle.phase = 'serving';
  if (config.production && !process.env.HAMKOR_AUDIT_HASH_KEY)
    console.error(
      'WARNING: HAMKOR_AUDIT_HASH_KEY is not set. Personal fields in the audit log are committed with the development key, which anyone can read in the source: set a long random key, kept outside the database and its backups.',
    );
  stopRetention = startRetentionJob(database.db, log);
  log(
    `Hamkor is running at http://${config.host}:${config.port} (database: ${database.kind === 'pglite' ? config.dataDir : 'PostgreSQL'})`,
  );
}
