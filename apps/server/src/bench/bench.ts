import { cpus } from 'node:os';
import { schemas } from '@hamkor/domain';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { CompiledQuery, type LogEvent, sql } from 'kysely';
import { buildApp } from '../app.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { loadReferenceData } from '../db/reference.ts';
import { femaleNames, maleNames, surnameFor, surnames } from '../generate/names.ts';
import { Random } from '../generate/random.ts';
import { newId } from '../lib/ids.ts';
import * as caseRepo from '../modules/cases/repo.ts';
import { caseDetail } from '../modules/cases/service.ts';
import { loadInstruments } from '../modules/instruments/repo.ts';
import { type Latency, timePaired } from './measure.ts';
import { searchQueries } from './queries.ts';
import { webFirstLoad, webSlowPhone } from './web.ts';

export type BenchOptions = {
  url?: string;
  dataDir: string;
  /** The password of the generated accounts. */
  password: string;
  iterations: number;
  warmup: number;
  /** Seconds one latency measure may take at most (at least five rounds are run). */
  budgetSeconds: number;
  /** Seconds of load per HTTP round (two rounds each for the app and the bare route). */
  httpSeconds: number;
  connections: number;
  importRows: number;
  webDist: string;
  seed: number;
  /** Only these measures (by key); all when absent. */
  only?: readonly string[];
  log?: (message: string) => void;
};

export type Measure = {
  key: string;
  title: string;
  /** Who asks, and what. */
  detail: string;
  app: Latency | null;
  bare: Latency | null;
  /** app p95 ÷ bare p95 for latencies; app ÷ bare requests per second for throughput. */
  ratio: number | null;
  ratioOf: 'p95' | 'throughput' | null;
  value: number | null;
  unit: string | null;
  target: string | null;
  met: boolean | null;
  note: string | null;
};

export type BenchResult = {
  startedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; node: string; database: string };
  data: Record<string, number>;
  accounts: Record<string, string>;
  measures: Measure[];
};

type Statement = { sql: string; parameters: readonly unknown[] };
/** The application's own bookkeeping around a request: sessions, the audit chain, sync cursors, transaction control. */
const OVERHEAD = /"sessions"|session_confirm\(|"audit_events"|audit_append\(|"sync_cursors"|pg_advisory|^\s*(begin|commit|rollback)\b/i;

/** Records the SQL the app runs while `record` is active, through Kysely's query log. */
class Recorder {
  private statements: Statement[] | null = null;
  readonly log = (event: LogEvent) => {
    if (this.statements && event.level === 'query') this.statements.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
  async record(work: () => Promise<unknown>): Promise<Statement[]> {
    this.statements = [];
    try {
      await work();
      return this.statements.filter((s) => !OVERHEAD.test(s.sql));
    } finally {
      this.statements = null;
    }
  }
}

/** The recorded statements run again through the same driver, in one transaction when there are several. */
async function replay(db: Db, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 1) {
    const only = statements[0] as Statement;
    await db.executeQuery(CompiledQuery.raw(only.sql, [...only.parameters]));
    return;
  }
  await db.transaction().execute(async (trx) => {
    for (const s of statements) await trx.executeQuery(CompiledQuery.raw(s.sql, [...s.parameters]));
  });
}

/** The caseload the offline sync targets are set for. */
const SYNC_CASELOAD = 500;

const ratioOf = (app: number, bare: number) => (bare > 0 ? Math.round((app / bare) * 100) / 100 : null);

function measure(partial: Partial<Measure> & Pick<Measure, 'key' | 'title' | 'detail'>): Measure {
  return {
    app: null,
    bare: null,
    ratio: null,
    ratioOf: null,
    value: null,
    unit: null,
    target: null,
    met: null,
    note: null,
    ...partial,
  };
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const recorder = new Recorder();
  const database = await openDatabase({ url: options.url, dataDir: options.dataDir, poolSize: 10, log: recorder.log });
  const { db } = database;
  const routes = new Set<string>();
  const wanted = (key: string) => !options.only?.length || options.only.includes(key);
  const measures: Measure[] = [];
  try {
    await migrate(db);
    await loadReferenceData(db);
    await loadInstruments(db);
    const version = await sql<{ version: string }>`SELECT version()`.execute(db);
    const data: Record<string, number> = {};
    for (const table of ['families', 'persons', 'cases', 'assessments', 'contacts', 'tasks', 'users'] as const) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      data[table] = Number(row.n);
    }
    // The busiest worker (the heaviest caseload page), their supervisor, and the national accounts.
    const busiest = await db
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.assigned_user_id')
      .select(['users.id', 'users.username', 'users.supervisor_id', 'users.organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['users.id', 'users.username', 'users.supervisor_id', 'users.organisation_id'])
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!busiest?.supervisor_id) throw new Error('No generated cases with an assigned worker: run `npm run generate` first.');
    const supervisor = await db.selectFrom('users').select('username').where('id', '=', busiest.supervisor_id).executeTakeFirstOrThrow();
    const organisation = await db
      .selectFrom('organisations')
      .select('district_code')
      .where('id', '=', busiest.organisation_id)
      .executeTakeFirstOrThrow();
    const admin = await db
      .selectFrom('users')
      .select('username')
      .where(sql<boolean>`'system_admin' = ANY(roles)`)
      .orderBy('username')
      .executeTakeFirstOrThrow();
    const accounts = {
      worker: busiest.username,
      supervisor: supervisor.username,
      admin: admin.username,
      district: organisation.district_code,
    };
    log(`Data: ${JSON.stringify(data)}; worker ${accounts.worker} with ${busiest.n} cases`);

    const app = await buildApp({ database, logger: false, onRoute: (route) => routes.add(route.url) });
    await app.ready();
    const login = async (username: string) => {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: options.password } });
      if (response.statusCode !== 200)
        throw new Error(`Sign-in as ${username} failed (${response.statusCode}): is --password the generator's?`);
      const cookie = response.cookies.find((c) => c.name === 'hamkor_session');
      return { cookie: `hamkor_session=${cookie?.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
    };
    const sessions = {
      worker: await login(accounts.worker),
      supervisor: await login(accounts.supervisor),
      admin: await login(accounts.admin),
    };
    type Session = (typeof sessions)['worker'];
    const get = async (session: Session, url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
      if (response.statusCode !== 200) throw new Error(`GET ${url.replace(/q=[^&]*/, 'q=…')}: ${response.statusCode}`);
      return response;
    };

    /**
     * The app through app.inject against the same statements replayed bare, interleaved. The bare side replays
     * the request half the list away from the one the app has just answered: replaying the same one right after
     * it would find the very rows the app has just read warm in PostgreSQL's buffers.
     */
    const paired = async (session: Session, urls: readonly string[]) => {
      const recorded: Statement[][] = [];
      for (const url of urls) recorded.push(await recorder.record(() => get(session, url)));
      const away = Math.floor(recorded.length / 2);
      const result = await timePaired(
        (i) => get(session, urls[i % urls.length] as string),
        (i) => replay(db, recorded[(i + away) % recorded.length] as Statement[]),
        options.iterations,
        options.warmup,
        options.budgetSeconds * 1000,
      );
      return { ...result, statements: recorded.reduce((sum, r) => sum + r.length, 0) / Math.max(1, recorded.length) };
    };
    const latencyMeasure = async (
      key: string,
      title: string,
      detail: string,
      session: Session,
      urls: readonly string[],
      target: { p95?: number; ratio?: number } | null,
    ) => {
      if (!wanted(key)) return;
      log(`Measuring ${title}…`);
      try {
        const { app: appLatency, bare, statements } = await paired(session, urls);
        const ratio = ratioOf(appLatency.p95, bare.p95);
        const targetText = target
          ? [target.p95 !== undefined && `p95 ≤ ${target.p95} ms`, target.ratio !== undefined && `≤ ${target.ratio}× bare`]
              .filter(Boolean)
              .join(' and ')
          : null;
        const met = target
          ? (target.p95 === undefined || appLatency.p95 <= target.p95) &&
            (target.ratio === undefined || (ratio ?? Infinity) <= target.ratio)
          : null;
        measures.push(
          measure({
            key,
            title,
            detail,
            app: appLatency,
            bare,
            ratio,
            ratioOf: 'p95',
            target: targetText,
            met,
            note: `${statements.toFixed(1)} data statements per request replayed bare`,
          }),
        );
      } catch (error) {
        measures.push(measure({ key, title, detail, note: `failed: ${(error as Error).message}` }));
      }
    };

    /**
     * Offline sync of a worker with a 500-case caseload: the first pull of the whole set, a pull of ten changes, a
     * push of 100 commands. The worker is the busiest social worker of an organisation with at least 500 open
     * cases (else of the busiest worker's), and their caseload is topped up to 500 with colleagues' open cases,
     * given back afterwards: a caseload can only be lent within the organisation that holds the cases.
     */
    const syncMeasures = async () => {
      if (!routes.has('/api/sync/pull')) return;
      const roomy = await db
        .selectFrom('cases')
        .select('organisation_id')
        .where('status', '<>', 'closed')
        .groupBy('organisation_id')
        .having((eb) => eb.fn.countAll(), '>=', SYNC_CASELOAD)
        .execute();
      const syncWorker =
        (await db
          .selectFrom('users')
          .leftJoin('cases', (join) => join.onRef('cases.assigned_user_id', '=', 'users.id').on('cases.status', '<>', 'closed'))
          .select(['users.id', 'users.username', 'users.organisation_id', (eb) => eb.fn.count('cases.id').as('n')])
          .where(sql<boolean>`'social_worker' = ANY(users.roles)`)
          .where('users.active', '=', true)
          .where('users.organisation_id', 'in', roomy.length ? roomy.map((row) => row.organisation_id) : [busiest.organisation_id])
          .groupBy(['users.id', 'users.username', 'users.organisation_id'])
          .orderBy('n', 'desc')
          .orderBy('users.id')
          .limit(1)
          .executeTakeFirst()) ?? busiest;
      const session = syncWorker.id === busiest.id ? sessions.worker : await login(syncWorker.username);
      const borrowed = await db
        .selectFrom('cases')
        .select(['id', 'assigned_user_id'])
        .where('organisation_id', '=', syncWorker.organisation_id)
        .where('status', '<>', 'closed')
        .where((eb) => eb.or([eb('assigned_user_id', 'is', null), eb('assigned_user_id', '<>', syncWorker.id)]))
        .orderBy('id')
        .limit(Math.max(0, SYNC_CASELOAD - (await openCasesOf(syncWorker.id))))
        .execute();
      if (borrowed.length > 0)
        await db
          .updateTable('cases')
          .set({ assigned_user_id: syncWorker.id })
          .where(
            'id',
            'in',
            borrowed.map((row) => row.id),
          )
          .execute();
      try {
        await syncRounds(
          { ...syncWorker, session },
          `${await openCasesOf(syncWorker.id)} open cases (${borrowed.length} lent by colleagues for the measure)`,
        );
      } finally {
        for (const row of borrowed)
          await db.updateTable('cases').set({ assigned_user_id: row.assigned_user_id }).where('id', '=', row.id).execute();
      }
    };
    const openCasesOf = async (userId: string) =>
      Number(
        (
          await db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('assigned_user_id', '=', userId)
            .where('status', '<>', 'closed')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const syncRounds = async (worker: { id: string; username: string; session: Session }, cases: string) => {
      await latencyMeasure(
        'sync_pull_first',
        'Offline sync: first pull of the whole caseload',
        `GET /api/sync/pull (no cursor) as ${worker.username}, ${cases}; each kind of record read for the whole set at once`,
        worker.session,
        ['/api/sync/pull?limit=5000'],
        { p95: 2000 },
      );
      if (wanted('sync_pull_incremental')) {
        const first = (await get(worker.session, '/api/sync/pull?limit=5000')).json() as {
          cursor: string;
          changes: { entity: string; id: string }[];
        };
        const familyIds = first.changes
          .filter((change) => change.entity === 'family')
          .map((change) => change.id)
          .slice(0, 10);
        // Ten families of the set changed since the cursor, as an office edit would change them.
        await db
          .updateTable('families')
          .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', 'in', familyIds)
          .execute();
        await latencyMeasure(
          'sync_pull_incremental',
          'Offline sync: pull of ten changes',
          `GET /api/sync/pull?cursor=… as ${worker.username}, ${familyIds.length} families changed since the cursor`,
          worker.session,
          [`/api/sync/pull?cursor=${first.cursor}&limit=5000`],
          { p95: 100 },
        );
      }
      if (wanted('sync_push')) {
        log('Measuring a push of 100 commands…');
        try {
          const caseIds = (
            await db
              .selectFrom('cases')
              .select(['id', 'region_code'])
              .where('assigned_user_id', '=', worker.id)
              .where('status', '<>', 'closed')
              .limit(100)
              .execute()
          ).map((row) => row);
          if (caseIds.length === 0) throw new Error('the worker has no open case');
          const today = new Date().toISOString().slice(0, 10);
          const push = async () => {
            const commands = Array.from({ length: 100 }, (_, n) => ({
              commandId: newId(),
              type: 'contact.record',
              entityId: newId(),
              baseVersion: null,
              payload: { caseId: caseIds[n % caseIds.length]?.id, kind: 'home_visit', date: today, text: 'Uyga tashrif: bench' },
              clientTime: new Date().toISOString(),
            }));
            const response = await app.inject({
              method: 'POST',
              url: '/api/sync/push',
              headers: { cookie: worker.session.cookie, 'x-csrf-token': worker.session.csrfToken },
              payload: { deviceId: 'bench', commands },
            });
            const results = (response.json() as { results?: { status: string }[] }).results ?? [];
            if (response.statusCode !== 200 || results.some((result) => result.status !== 'applied'))
              throw new Error(`push answered ${response.statusCode}, ${results.filter((r) => r.status !== 'applied').length} not applied`);
          };
          // Bare: the same 100 contacts inserted straight, each in its own transaction, as each command is.
          const bare = async () => {
            for (let n = 0; n < 100; n++) {
              const target = caseIds[n % caseIds.length] as { id: string; region_code: string };
              await db.transaction().execute((trx) =>
                trx
                  .insertInto('contacts')
                  .values({
                    id: newId(),
                    case_id: target.id,
                    region_code: target.region_code,
                    kind: 'home_visit',
                    date: today,
                    text: 'Uyga tashrif: bench',
                    participants: [],
                    created_by: worker.id,
                    updated_by: worker.id,
                  })
                  .execute(),
              );
            }
          };
          const timed = await timePaired(push, bare, Math.min(options.iterations, 20), 1, options.budgetSeconds * 1000);
          const ratio = ratioOf(timed.app.p95, timed.bare.p95);
          measures.push(
            measure({
              key: 'sync_push',
              title: 'Offline sync: push of 100 commands',
              detail: `POST /api/sync/push, 100 home visits on ${caseIds.length} of ${worker.username}'s cases; bare: the same inserts, one transaction each`,
              app: timed.app,
              bare: timed.bare,
              ratio,
              ratioOf: 'p95',
              target: 'p95 ≤ 2000 ms',
              met: timed.app.p95 <= 2000,
            }),
          );
        } catch (error) {
          measures.push(
            measure({
              key: 'sync_push',
              title: 'Offline sync: push of 100 commands',
              detail: '',
              note: `failed: ${(error as Error).message}`,
            }),
          );
        }
      }
    };

    const random = new Random(options.seed);
    const q = (text: string) => `/api/persons?q=${encodeURIComponent(text)}&limit=20`;
    const exact = searchQueries(random, 60, { typo: false });
    const typos = searchQueries(random, 60, { typo: true });
    await latencyMeasure(
      'search_worker',
      'Person search across scripts',
      `district worker ${accounts.worker}, surname + given name typed in Cyrillic/Russian/passport Latin`,
      sessions.worker,
      exact.map(q),
      { p95: 30, ratio: 2 },
    );
    await latencyMeasure(
      'search_worker_typo',
      'Person search with a typo (trigram)',
      'district worker, one letter dropped from the surname',
      sessions.worker,
      typos.map(q),
      { p95: 30, ratio: 2 },
    );
    await latencyMeasure(
      'search_national',
      'Person search across scripts, national reach',
      `system admin ${accounts.admin}`,
      sessions.admin,
      exact.map(q),
      {
        p95: 30,
        ratio: 2,
      },
    );
    await latencyMeasure(
      'caseload',
      'Worker caseload page (50 rows)',
      `GET /api/cases?assignee=me&limit=50 as ${accounts.worker} (${busiest.n} cases)`,
      sessions.worker,
      ['/api/cases?assignee=me&limit=50'],
      { p95: 10 },
    );
    await latencyMeasure(
      'team_view',
      'Supervisor team view (50 rows)',
      `GET /api/cases?limit=50 as ${accounts.supervisor}`,
      sessions.supervisor,
      ['/api/cases?limit=50'],
      { p95: 30 },
    );
    await syncMeasures();
    if (!wanted('supervisor_dashboard')) {
    } else if (routes.has('/api/dashboards/supervisor'))
      await latencyMeasure(
        'supervisor_dashboard',
        'Supervisor dashboard',
        `GET /api/dashboards/supervisor as ${accounts.supervisor}`,
        sessions.supervisor,
        ['/api/dashboards/supervisor'],
        null,
      );
    else
      measures.push(
        measure({
          key: 'supervisor_dashboard',
          title: 'Supervisor dashboard',
          detail: '',
          note: 'no /api/dashboards/supervisor route yet',
        }),
      );
    if (!wanted('national_dashboard')) {
    } else if (routes.has('/api/dashboards/manager'))
      await latencyMeasure(
        'national_dashboard',
        'National dashboard',
        `GET /api/dashboards/manager (no territory: the whole country) as ${accounts.admin}`,
        sessions.admin,
        ['/api/dashboards/manager'],
        { p95: 100 },
      );
    else
      measures.push(
        measure({ key: 'national_dashboard', title: 'National dashboard', detail: '', note: 'no /api/dashboards/manager route yet' }),
      );

    // Throughput of the audited GET of a case over real HTTP, against a bare Fastify route with the same reads.
    if (wanted('case_get_throughput'))
      try {
        log('Measuring audited GET /api/cases/:id throughput…');
        const caseIds = (
          await db
            .selectFrom('cases')
            .innerJoin('users', 'users.id', 'cases.assigned_user_id')
            .select('cases.id')
            .where('users.username', '=', accounts.worker)
            .orderBy('cases.id', 'desc')
            .limit(200)
            .execute()
        ).map((row) => row.id);
        const bareApp = Fastify({ logger: false });
        bareApp.get<{ Params: { id: string } }>('/bare/cases/:id', async (request, reply) => {
          const row = await caseRepo.findCase(db, request.params.id);
          if (!row) return reply.status(404).send({ error: 'not_found' });
          return caseDetail(db, row, null);
        });
        const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
        const bareUrl = await bareApp.listen({ host: '127.0.0.1', port: 0 });
        const load = async (base: string, prefix: string, headers: Record<string, string>) => {
          let next = 0;
          const result = await autocannon({
            url: base,
            connections: options.connections,
            duration: options.httpSeconds,
            headers,
            requests: [
              {
                method: 'GET',
                setupRequest: (request) => ({ ...request, path: `${prefix}${caseIds[next++ % caseIds.length]}` }),
              },
            ],
          });
          if (result.non2xx > 0 || result.errors > 0)
            throw new Error(`${result.non2xx} non-2xx replies, ${result.errors} errors from ${prefix}`);
          return result;
        };
        const rounds = { app: [] as autocannon.Result[], bare: [] as autocannon.Result[] };
        for (let round = 0; round < 2; round++) {
          rounds.bare.push(await load(bareUrl, '/bare/cases/', {}));
          rounds.app.push(await load(appUrl, '/api/cases/', { cookie: sessions.worker.cookie }));
        }
        const asLatency = (results: autocannon.Result[]): Latency => {
          const total = results.reduce((sum, r) => sum + r.requests.total, 0);
          const seconds = results.reduce((sum, r) => sum + r.duration, 0);
          const average = (pick: (r: autocannon.Result) => number) =>
            Math.round((results.reduce((s, r) => s + pick(r), 0) / results.length) * 100) / 100;
          return {
            n: total,
            p50: average((r) => r.latency.p50),
            p95: average((r) => r.latency.p97_5),
            p99: average((r) => r.latency.p99),
            mean: average((r) => r.latency.average),
            throughput: Math.round((total / seconds) * 10) / 10,
          };
        };
        const appLoad = asLatency(rounds.app);
        const bareLoad = asLatency(rounds.bare);
        const ratio = ratioOf(appLoad.throughput, bareLoad.throughput);
        measures.push(
          measure({
            key: 'case_get_throughput',
            title: 'Authenticated, audited GET /api/cases/:id',
            detail: `${options.connections} connections, 2 × ${options.httpSeconds} s, ${caseIds.length} of ${accounts.worker}'s cases in turn`,
            app: appLoad,
            bare: bareLoad,
            ratio,
            ratioOf: 'throughput',
            target: '≥ 60 % of the bare route',
            met: ratio !== null && ratio >= 0.6,
            note: 'HTTP load (autocannon); p95 column shows p97.5. Bare route: findCase + caseDetail, no session, policy, audit or reply schema',
          }),
        );
        await bareApp.close();
      } catch (error) {
        measures.push(
          measure({
            key: 'case_get_throughput',
            title: 'Authenticated, audited GET /api/cases/:id',
            detail: '',
            note: `failed: ${(error as Error).message}`,
          }),
        );
      }
    await app.close();

    // Import of persons from XLSX, written for real, then removed again so the data set stays as generated.
    if (options.importRows > 0 && wanted('import_xlsx')) {
      log(`Measuring import of ${options.importRows} persons from XLSX…`);
      // Errors are logged (without their text, which may quote personal data) so a failed import says why.
      const importApp = await buildApp({ database, logger: { level: 'error' } });
      try {
        const file = await importWorkbook(random, accounts.district, options.importRows);
        const session = await (async () => {
          const response = await importApp.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: accounts.supervisor, password: options.password },
          });
          const cookie = response.cookies.find((c) => c.name === 'hamkor_session');
          return { cookie: `hamkor_session=${cookie?.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
        })();
        const t0 = performance.now();
        const response = await importApp.inject({
          method: 'POST',
          url: '/api/imports/families',
          headers: {
            cookie: session.cookie,
            'x-csrf-token': session.csrfToken,
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
          payload: file,
        });
        const seconds = (performance.now() - t0) / 1000;
        const report = response.json() as { importId?: string | null; persons?: number; errors?: unknown[] };
        if (response.statusCode !== 200)
          throw new Error(`import answered ${response.statusCode} with ${report.errors?.length ?? 0} errors`);
        const removed = report.importId ? await removeImport(db, report.importId) : false;
        measures.push(
          measure({
            key: 'import_xlsx',
            title: `Import of ${options.importRows.toLocaleString('en')} persons from XLSX`,
            detail: `${(file.length / 1e6).toFixed(1)} MB workbook, ${report.persons} persons written by ${accounts.supervisor}${removed ? ', then removed' : ' (kept: removing them needs a superuser)'}`,
            value: Math.round(seconds * 10) / 10,
            unit: 's',
            target: '≤ 60 s',
            met: seconds <= 60,
          }),
        );
      } catch (error) {
        measures.push(measure({ key: 'import_xlsx', title: 'Import from XLSX', detail: '', note: `failed: ${(error as Error).message}` }));
      } finally {
        await importApp.close();
      }
    }

    if (wanted('web_first_load')) measures.push(webFirstLoad(options.webDist));
    if (wanted('web_slow_phone')) measures.push(...(await webSlowPhone({ webDist: options.webDist, log })));
    return {
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        node: process.version,
        database: database.kind === 'pglite' ? 'PGlite' : (version.rows[0]?.version.split(' on ')[0] ?? 'PostgreSQL'),
      },
      data,
      accounts,
      measures,
    };
  } finally {
    await database.close();
  }
}

/** A register of families of four (a couple and two children) in one district, as an office would send it. */
async function importWorkbook(random: Random, districtCode: string, rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('families');
  const columns = schemas.IMPORT_COLUMN_NAMES;
  sheet.addRow([...columns]);
  for (let n = 0; n < rows; n++) {
    const family = Math.floor(n / 4);
    const position = n % 4;
    const surname = random.pick(surnames);
    const father = random.pick(maleNames);
    const sex = position === 1 || (position > 1 && random.chance(0.5)) ? 'female' : 'male';
    const given = random.pick(sex === 'female' ? femaleNames : maleNames);
    const year = position < 2 ? random.int(1970, 1998) : random.int(2008, 2022);
    const values: Record<string, string> = {
      family_ref: `BENCH-${family + 1}`,
      district_code: districtCode,
      address: `Bench koʻchasi, ${family + 1}-uy`,
      identification_source: 'social_register',
      surname: surnameFor(surname, sex).latin,
      given_name: given.latin,
      patronymic: `${father.latin} ${sex === 'female' ? 'qizi' : 'oʻgʻli'}`,
      birth_date: `${String(random.int(1, 28)).padStart(2, '0')}.${String(random.int(1, 12)).padStart(2, '0')}.${year}`,
      sex,
      relationship: position === 0 ? 'head' : position === 1 ? 'spouse' : 'child',
    };
    sheet.addRow(columns.map((column) => values[column] ?? null));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Removes what the import wrote. Foreign keys are not checked row by row (persons.merged_into has no
 * index, so each deleted person would scan the table); that needs a superuser, otherwise the rows stay.
 */
async function removeImport(db: Db, importId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const replica = await sql`SET LOCAL session_replication_role = replica`
      .execute(trx)
      .then(() => true)
      .catch(() => false);
    if (!replica) return false;
    const families = trx.selectFrom('families').select('id').where('import_id', '=', importId);
    await trx.deleteFrom('persons').where('family_id', 'in', families).execute();
    await trx.deleteFrom('families').where('import_id', '=', importId).execute();
    return true;
  });
}
