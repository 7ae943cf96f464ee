import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { DatabaseHandle, Db } from '../src/db/database.ts';
import { freshDatabase, TEST_DB_KIND, TEST_PASSWORD } from './databases.ts';
import { type Actor, casesOf, type FuzzCase, injectOf, type Operation, operationsOf, toJson } from './fuzz/requests.ts';
import type { Records } from './fuzz/schema.ts';

/**
 * Every route of the API document is sent requests it must refuse, derived from its own schema: wrong
 * types, numbers out of range, control and bidirectional characters, oversized and deeply nested values,
 * broken JSON and multipart, other media types and charsets, bad path ids, tampered cursors, a wrong CSRF
 * token. Each request is otherwise plausible (real records, values that pass), so that it reaches the
 * service. Whatever is sent, the answer is a 4xx of the contract's error shape and nothing is written.
 *
 * HAMKOR_FUZZ_SEED replays a run (the seed is printed when it fails); HAMKOR_FUZZ_RUNS sets its size.
 */
const RUNS = Number(process.env.HAMKOR_FUZZ_RUNS ?? 10_000);
const SEED = process.env.HAMKOR_FUZZ_SEED ? Number(process.env.HAMKOR_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** Audit events a refusal may write: refused attempts are recorded (thinned), nothing else is. */
const REFUSAL_EVENT = /^(access\.refused|auth\.csrf_refused)$/;
/**
 * Tables a refused request may write all the same: the session's idle clock, and the counters that thin
 * the audit of refused attempts (the audit log itself is checked event by event).
 */
const UNCOUNTED = new Set(['sessions', 'refused_attempts', 'audit_events']);

type Session = { cookie: string; csrfToken: string };

describe('requests every route must refuse', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let attachmentsDir: string;
  const logged: string[] = [];
  const sessions = {} as Record<Actor, Session>;

  async function login(username: string): Promise<Session & { userId: string }> {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'hamkor_session');
    const body = response.json();
    return { cookie: `hamkor_session=${cookie?.value}`, csrfToken: body.csrfToken, userId: body.user.id };
  }

  beforeAll(async () => {
    database = await freshDatabase(inject('databaseTemplate'));
    attachmentsDir = await mkdtemp(join(tmpdir(), 'hamkor-fuzz-'));
    // Server errors are logged with their kind and frames (never request data): that names each class of 5xx.
    const stream = { write: (line: string) => void logged.push(line) };
    app = await buildApp({ database, attachmentsDir, logger: { level: 'error', stream } });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (attachmentsDir) await rm(attachmentsDir, { recursive: true, force: true });
  });

  it('answers URLs the router cannot take (an undecodable or over-long path parameter) in the shape of the contract', async () => {
    const admin = await login('admin');
    for (const url of [`/api/cases/${'a'.repeat(101)}`, '/api/cases/%E0%A4%A', '/api/cases/%zz']) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.fields, url).toEqual([expect.objectContaining({ path: 'url', message: expect.any(String) })]);
    }
  });

  it(`answers ${RUNS} bad requests with a 4xx of the contract and writes nothing`, { timeout: 900_000 }, async () => {
    const db = database.db;
    const admin = await login('admin');
    const worker = await login('worker');
    Object.assign(sessions, { admin, worker });
    const operations = operationsOf(app.swagger() as Parameters<typeof operationsOf>[0]);
    const records = await loadRecords(db, worker.userId);
    const cursors = await realCursors(app, admin, operations, records);
    const arbitraries = operations.map((op) => [op, casesOf(op, records, cursors)] as const);
    const fuzzed = arbitraries.flatMap(([, arbitrary]) => (arbitrary ? [arbitrary] : []));
    const inputless = arbitraries.filter(([, arbitrary]) => !arbitrary).map(([op]) => op.key);
    expect(fuzzed.length, 'routes with input to fuzz').toBeGreaterThan(60);

    const signature = await signatureOf(db);
    let before = await signature();
    const found = new Map<string, { count: number; routes: Map<string, number>; example: string }>();
    const perRoute = new Map<string, number>();
    const statuses = new Map<string, number>();
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(fc.oneof(...fuzzed), async (fuzzCase) => {
        perRoute.set(fuzzCase.op.key, (perRoute.get(fuzzCase.op.key) ?? 0) + 1);
        logged.length = 0;
        const other = fuzzCase.draft.actor === 'admin' ? sessions.worker : sessions.admin;
        const response = await app.inject(injectOf(fuzzCase.op, fuzzCase.draft, sessions[fuzzCase.draft.actor], other.csrfToken));
        const answer = `${response.statusCode} ${response.statusCode >= 400 ? (tryJson(response.body)?.error?.code ?? '') : ''}`.trim();
        statuses.set(answer, (statuses.get(answer) ?? 0) + 1);
        const problems = answerProblems(response.statusCode, String(response.headers['content-type']), response.body, logged);
        const after = await signature();
        if (after !== before) problems.push(...writeProblems(before, after, await newEvents(db, before.auditSeq)));
        before = after;
        for (const problem of problems) {
          const seen = found.get(problem) ?? {
            count: 0,
            routes: new Map(),
            example: describeCase(fuzzCase, response.statusCode, response.body),
          };
          seen.count += 1;
          seen.routes.set(fuzzCase.op.key, (seen.routes.get(fuzzCase.op.key) ?? 0) + 1);
          found.set(problem, seen);
        }
        // A refused sign-out must not end the session; if one was accepted, sign in again and carry on.
        if (response.statusCode === 401 || (fuzzCase.op.key === 'POST /api/auth/logout' && response.statusCode < 400)) {
          sessions[fuzzCase.draft.actor] = await login(fuzzCase.draft.actor);
          before = await signature();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${RUNS} cases over ${perRoute.size} routes in ${seconds} s on ${TEST_DB_KIND} (seed ${SEED}); ` +
        `${found.size} problem classes; routes taking no input: ${inputless.join(', ') || 'none'}\nanswers: ` +
        [...statuses]
          .sort((a, b) => b[1] - a[1])
          .map(([answer, n]) => `${answer} ×${n}`)
          .join(', '),
    );
    const report = [...found].map(
      ([problem, { count, routes, example }]) =>
        `${problem} ×${count} on ${[...routes].map(([route, n]) => `${route} ×${n}`).join(', ')}\n    e.g. ${example}`,
    );
    expect(report, `replay with HAMKOR_FUZZ_SEED=${SEED}`).toEqual([]);
  });
});

/** What is wrong with an answer to a request that had to be refused. */
function answerProblems(status: number, type: string, body: string, logged: string[]): string[] {
  if (status >= 500) return [`${status} ${serverError(logged)}`];
  if (status < 400) return [`accepted with ${status}`];
  if (!type.startsWith('application/json')) return [`${status} answered as ${type}`];
  let error: { code?: unknown; message?: unknown; fields?: unknown } | undefined;
  try {
    error = JSON.parse(body).error;
  } catch {
    return [`${status} answered with a body that is no JSON`];
  }
  if (!error || typeof error.code !== 'string' || !error.code || typeof error.message !== 'string' || !error.message)
    return [`${status} answered without {error:{code, message}}`];
  if (status === 400) {
    const fields = error.fields;
    const wellFormed =
      Array.isArray(fields) &&
      fields.length > 0 &&
      fields.every((f) => f && typeof f.path === 'string' && typeof f.message === 'string' && f.message !== '');
    if (!wellFormed) return [`400 ${error.code} without fields naming path and message`];
  }
  return [];
}

function tryJson(body: string): { error?: { code?: string } } | undefined {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The kind and place of the error the server logged, e.g. `22021 at cases/repo.ts:41`. */
function serverError(logged: string[]): string {
  for (const line of logged) {
    const entry = JSON.parse(line) as { err?: { name?: string; code?: string; message?: string; frames?: string; stack?: string } };
    if (!entry.err) continue;
    const frames = (entry.err.frames ?? entry.err.stack ?? '').split('\n');
    const own = frames.find((frame) => /\/(apps|packages)\//.test(frame) && !frame.includes('node_modules'));
    const place = own?.match(/(?:apps|packages)\/[\w-]+\/src\/(.+?:\d+)/)?.[1] ?? 'no frame of ours';
    return `${entry.err.code ?? entry.err.name ?? 'error'} at ${place}`;
  }
  return 'not logged';
}

type Signature = { tables: Record<string, string>; auditSeq: number };

/**
 * A cheap fingerprint of what is stored: rows (and the sum of versions, so updates show) of every table
 * but the sessions, and the audit log's last sequence number.
 */
async function signatureOf(db: Db): Promise<() => Promise<Signature>> {
  const tables = await sql<{ table_name: string; versioned: boolean }>`
    SELECT t.table_name, EXISTS (
      SELECT 1 FROM information_schema.columns c
      WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'version') AS versioned
    FROM information_schema.tables t
    WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
    ORDER BY t.table_name`.execute(db);
  const counted = tables.rows.filter((t) => !UNCOUNTED.has(t.table_name));
  const columns = counted.map(
    (t) =>
      `(SELECT count(*)::text${t.versioned ? ` || '/' || coalesce(sum(version), 0)::text` : ''} FROM "${t.table_name}") AS "${t.table_name}"`,
  );
  const query = sql.raw<Record<string, string>>(
    `SELECT ${columns.join(', ')}, (SELECT coalesce(max(seq), 0)::text FROM audit_events) AS "audit seq"`,
  );
  // Nothing can have been written while no transaction id was handed out: then the last fingerprint holds.
  const nextTransaction = sql<{ next: string }>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`;
  let last: { next: string; signature: Signature } | undefined;
  return async () => {
    const next = (await nextTransaction.execute(db)).rows[0]?.next ?? '';
    if (last?.next === next) return last.signature;
    const row = (await query.execute(db)).rows[0] ?? {};
    const { 'audit seq': auditSeq, ...rest } = row;
    last = { next, signature: { tables: rest, auditSeq: Number(auditSeq) } };
    return last.signature;
  };
}

async function newEvents(db: Db, after: number): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('action').where('seq', '>', String(after)).execute();
  return rows.map((row) => row.action);
}

function writeProblems(before: Signature, after: Signature, events: string[]): string[] {
  const changed = Object.keys(after.tables).filter((table) => after.tables[table] !== before.tables[table]);
  const problems = changed.length ? [`wrote to ${changed.join(', ')}`] : [];
  const audited = [...new Set(events.filter((action) => !REFUSAL_EVENT.test(action)))];
  if (audited.length) problems.push(`audited ${audited.join(', ')}`);
  return problems;
}

function describeCase(fuzzCase: FuzzCase, status: number, body: string): string {
  const { draft } = fuzzCase;
  const sent = draft.payload !== undefined ? String(draft.payload) : toJson(draft.body);
  const clip = (text: string | undefined, length: number) => {
    const value = text ?? '';
    return JSON.stringify(value.length > length ? `${value.slice(0, length)}…(${value.length})` : value);
  };
  return (
    `${fuzzCase.mutation} as ${draft.actor}: params ${clip(JSON.stringify(draft.params), 120)} query ${clip(JSON.stringify(draft.query), 160)} ` +
    `headers ${clip(JSON.stringify(draft.headers), 120)} csrf ${draft.csrf} body ${clip(sent, 240)} → ${status} ${clip(body, 200)}`
  );
}

/** Kinds of records a path or a field can name, as named in paths (`/api/plans/{id}`) and fields. */
const KINDS: Record<string, string> = {
  families: 'families',
  persons: 'persons',
  users: 'users',
  organisations: 'organisations',
  mahallas: 'mahallas',
  cases: 'cases',
  attachments: 'attachments',
  tasks: 'tasks',
  approvals: 'approvals',
  assessments: 'assessments',
  notifications: 'notifications',
  services: 'services',
  consents: 'consents',
  plans: 'plans',
  referrals: 'referrals',
  instruments: 'instruments',
  plan_actions: 'plan_actions',
};

/**
 * Real records to name: some on the demo worker's own cases (so the worker's requests reach the service
 * too) and some anywhere; with the version of each.
 */
async function loadRecords(db: Db, workerId: string): Promise<Records> {
  const ids: Records['ids'] = {};
  const versions: Records['versions'] = new Map();
  const own = `SELECT id FROM cases WHERE assigned_user_id = '${workerId}'`;
  const reach: Record<string, string> = {
    cases: own,
    families: `SELECT family_id FROM cases WHERE assigned_user_id = '${workerId}'`,
    persons: `SELECT p.id FROM persons p JOIN cases c ON c.family_id = p.family_id WHERE c.assigned_user_id = '${workerId}'`,
    plan_actions: `SELECT a.id FROM plan_actions a JOIN plans p ON p.id = a.plan_id WHERE p.case_id IN (${own})`,
    notifications: `SELECT id FROM notifications WHERE user_id = '${workerId}'`,
  };
  for (const [kind, table] of Object.entries(KINDS)) {
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`.execute(db);
    const names = new Set(columns.rows.map((c) => c.column_name));
    if (!names.size) continue;
    const ownIds = reach[kind] ?? (names.has('case_id') ? `SELECT id FROM "${table}" WHERE case_id IN (${own})` : undefined);
    const version = names.has('version') ? 'version' : 'NULL::int AS version';
    const query = [
      ownIds ? `(SELECT id, ${version} FROM "${table}" WHERE id IN (${ownIds}) ORDER BY id DESC LIMIT 4)` : undefined,
      `(SELECT id, ${version} FROM "${table}" ORDER BY id LIMIT 3)`,
    ]
      .filter(Boolean)
      .join(' UNION ');
    const rows = (await sql.raw<{ id: string; version: number | null }>(query).execute(db)).rows;
    ids[kind] = rows.map((row) => row.id);
    for (const row of rows) if (row.version) versions.set(row.id, row.version);
  }
  const pairs = await sql<{ id: string; plan_id: string }>`
    SELECT a.id, a.plan_id FROM plan_actions a JOIN plans p ON p.id = a.plan_id
    ORDER BY (p.case_id IN (SELECT id FROM cases WHERE assigned_user_id = ${workerId})) DESC, a.id LIMIT 5`.execute(db);
  ids.plan_action_pairs = pairs.rows.map((row) => `${row.plan_id} ${row.id}`);
  return { ids, versions };
}

/** A real next-page cursor of every list that has a second page, to tamper with. */
async function realCursors(
  app: FastifyInstance,
  admin: Session,
  operations: Operation[],
  records: Records,
): Promise<Record<string, string>> {
  const cursors: Record<string, string> = {};
  const lists = operations.filter((op) => op.method === 'GET' && op.query.some((p) => p.name === 'cursor'));
  for (const op of lists) {
    for (const id of op.params.length ? (records.ids.cases ?? []) : ['']) {
      const url = `${op.path.replace('{id}', id)}?limit=1${op.path === '/api/referrals' ? '&box=inbox' : ''}`;
      const response = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      const next = response.statusCode === 200 ? (response.json() as { nextCursor?: string | null }).nextCursor : null;
      if (next) {
        cursors[op.key] = next;
        break;
      }
    }
  }
  return cursors;
}
