import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ROLES, schemas } from '@hamkor/domain';
import { sql } from 'kysely';
import { readConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './db/reference.ts';
import { isEmptyDatabase, seedDemo } from './demo/seed.ts';
import { serve } from './main.ts';
import { verifyAuditChain } from './modules/audit/repo.ts';
import { describeChainReport } from './modules/audit/service.ts';
import { loadInstruments } from './modules/instruments/repo.ts';
import { runReminders } from './modules/reminders/delivery.ts';
import { readReminderSettings } from './modules/reminders/settings.ts';
import { transportsFor } from './modules/reminders/transports.ts';
import { runRetention } from './modules/retention/service.ts';
import { createUserAsOperator, findOrganisationForOperator } from './modules/users/operator.ts';
import { BackupRefused, backup, restore } from './ops/backup.ts';

const USAGE = `Usage: hamkor <command>

  serve                     start the server (PORT, HOST, DATABASE_URL, HAMKOR_DATA_DIR)
  migrate                   apply database migrations and load reference data
  demo                      load the demo data into an empty database
  user create --username NAME --role ROLE [--role ROLE] --organisation ID_OR_NAME
              [--display-name TEXT] [--scope LEVEL] [--territory CODE]
                            create a user; the password is asked for, or read from standard input
  audit verify              check the audit log's hash chains and report every broken link
  backup --out FILE         write a backup (every table and the attachment files) while the server runs
  restore FILE              restore a backup into an empty database, checking row counts and the audit chain
  retention run             draft the erasure proposals of families whose time has come, and remove the
                            personal values of audit events older than the schedule keeps them
  reminders run             plan today's digests and immediate messages, and send what is due (Telegram, SMS)
  summaries rebuild         recount the summary figures of dashboards and reports from the records

Roles: ${ROLES.join(', ')}`;

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const config = readConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrate(database.db);
    await loadReferenceData(database.db);
    await loadInstruments(database.db);
    return await work(database.db);
  } finally {
    await database.close();
  }
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  process.stdout.write('Password: ');
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function createUserCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      role: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      'display-name': { type: 'string' },
      scope: { type: 'string' },
      territory: { type: 'string' },
    },
  });
  if (!values.username || !values.role?.length || !values.organisation) {
    console.error(USAGE);
    return 2;
  }
  const password = await readPassword();
  return withDatabase(async (db) => {
    const organisation = await findOrganisationForOperator(db, values.organisation as string);
    if (!organisation) {
      console.error(`No organisation "${values.organisation}".`);
      return 1;
    }
    const parsed = schemas.userCreate.safeParse({
      username: values.username,
      displayName: values['display-name'] ?? values.username,
      password,
      organisationId: organisation.id,
      roles: values.role,
      scope: values.scope ? { level: values.scope, territoryCode: values.territory ?? null } : undefined,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
      return 1;
    }
    const user = await createUserAsOperator(db, parsed.data);
    console.log(`Created user ${user.username} (${user.roles.join(', ')}) in ${organisation.name}.`);
    return 0;
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve();
      return -1;
    case 'migrate':
      return withDatabase(async () => {
        console.log('Database is up to date.');
        return 0;
      });
    case 'demo':
      return withDatabase(async (db) => {
        if (!(await isEmptyDatabase(db))) {
          console.error('The database already has users; the demo is loaded only into an empty database.');
          return 1;
        }
        const { generatedPassword } = await seedDemo(db, readConfig().demoPassword);
        console.log(
          'Demo data created. Accounts: admin, admin2, supervisor, worker, worker2, ngo, agency, analyst, supervisor.denov, worker.denov, staff.mehribonlik.',
        );
        console.log(generatedPassword ? `Demo password (shown once): ${generatedPassword}` : 'Demo password: HAMKOR_DEMO_PASSWORD.');
        return 0;
      });
    case 'backup': {
      const { values } = parseArgs({ args: [sub ?? '', ...rest].filter(Boolean), options: { out: { type: 'string' } } });
      if (!values.out) break;
      const out = values.out;
      return withDatabase(async (db) => {
        const manifest = await backup(db, join(readConfig().dataDir, 'attachments'), out, console.log);
        console.log(`Backup written to ${out}: ${Object.keys(manifest.tables).length} tables, ${manifest.attachments} attachment files.`);
        return 0;
      });
    }
    case 'restore': {
      if (!sub) break;
      const file = sub;
      const config = readConfig();
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      try {
        await restore(database.db, join(config.dataDir, 'attachments'), file, console.log);
        console.log(`Restored ${file}.`);
        return 0;
      } catch (error) {
        if (!(error instanceof BackupRefused)) throw error;
        console.error(`Refused: ${error.message}`);
        return 1;
      } finally {
        await database.close();
      }
    }
    case 'summaries':
      if (sub === 'rebuild')
        return withDatabase(async (db) => {
          const started = performance.now();
          const { rows } = await sql<{ figures: string; open_referrals: string }>`SELECT * FROM summaries_rebuild()`.execute(db);
          console.log(
            `Summary figures recounted: ${rows[0]?.figures ?? 0} rows, and ${rows[0]?.open_referrals ?? 0} open referrals, in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
          );
          return 0;
        });
      break;
    case 'reminders':
      if (sub === 'run')
        return withDatabase(async (db) => {
          const settings = readReminderSettings();
          const done = await runReminders(db, settings, transportsFor(settings));
          console.log(
            `Reminders: ${done.digests} digests and ${done.immediate} immediate messages planned; ${done.sent} sent, ${done.retried} to try again, ${done.failed} given up, ${done.cancelled} cancelled.`,
          );
          return 0;
        });
      break;
    case 'retention':
      if (sub === 'run')
        return withDatabase(async (db) => {
          const report = await runRetention({ db, locale: 'en', ip: null, actor: null });
          console.log(
            `Retention: ${report.due} families due (${report.held} under a legal hold), ${report.drafted} erasure proposals drafted; ${report.personalValuesRemoved} personal values of old audit events removed.`,
          );
          return 0;
        });
      break;
    case 'user':
      if (sub === 'create') return createUserCommand(rest);
      break;
    case 'audit':
      if (sub === 'verify')
        return withDatabase(async (db) => {
          const report = await verifyAuditChain(db);
          const lines = describeChainReport(report);
          for (const line of lines) (report.intact ? console.log : console.error)(line);
          return report.intact ? 0 : 1;
        });
      break;
  }
  console.error(USAGE);
  return command ? 2 : 0;
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
