/**
 * `npm run load`: a bounded, realistic mix of simulated users against a running server, for a chosen time.
 * Mahalla workers and supervisors search for people (in Latin, Cyrillic and Russian spellings), open cases,
 * look at their caseload, record contacts, and register a family, open its case and submit its assessment.
 * Reports throughput, p50/p95 per action and every error; exits 1 when any request failed.
 *
 *   npm run load -- --url http://127.0.0.1:3000 --password DEMO_PASSWORD [--users 200] [--seconds 60]
 *     [--workers worker,worker2 --supervisor supervisor --district 1722226]
 *
 * On generated data (`npm run generate`): `--password bench-password-1 --workers w1722226-1,w1722226-2
 * --supervisor s1722226-1` (the workers of one district, its code as `--district`).
 *
 * The simulated users share the demo accounts' sessions (one sign-in per account): the load is on the
 * work, not on sign-in, which is throttled on purpose.
 */

import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.HAMKOR_URL ?? 'http://127.0.0.1:3000' },
    password: { type: 'string', default: process.env.HAMKOR_DEMO_PASSWORD },
    users: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    /** Think time between a simulated user's actions, in ms (a person reads the screen). */
    think: { type: 'string', default: '250' },
    /** The accounts simulated users act as: social workers of one district, and a supervisor. */
    workers: { type: 'string', default: 'worker,worker2' },
    supervisor: { type: 'string', default: 'supervisor' },
    /** The district new families are registered in: the workers'. */
    district: { type: 'string', default: '1722226' },
  },
});
const base = values.url.replace(/\/$/, '');
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const THINK = Number(values.think);
if (!values.password) {
  console.error('--password (or HAMKOR_DEMO_PASSWORD): the demo accounts’ password');
  process.exit(2);
}

type Session = { headers: Record<string, string> };
type Action = 'search' | 'read_case' | 'caseload' | 'record_contact' | 'new_family_assessed';
const timings = new Map<Action, number[]>();
const errors = new Map<string, number>();
let requests = 0;
/** An answer of 4xx or 5xx, already counted in `errors`. */
class Refused extends Error {}

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read a field or two each
async function call(session: Session, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  requests += 1;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...session.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status >= 400) {
    const key = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*/, '')} → ${response.status} ${json?.error?.code ?? ''}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
    throw new Refused(key);
  }
  return { status: response.status, json };
}

async function signIn(username: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: values.password }),
  });
  if (response.status !== 200) throw new Error(`sign-in ${username}: ${response.status}`);
  const cookie =
    response.headers
      .getSetCookie()
      .find((line) => line.startsWith('hamkor_session='))
      ?.split(';')[0] ?? '';
  return { headers: { cookie, 'x-csrf-token': ((await response.json()) as { csrfToken: string }).csrfToken } };
}

const NAMES = ['Qurbonova', 'Қурбонова', 'Курбанова', 'Tursunov', 'Турсунов', 'Karimova', 'Каримова', 'Rahimov', 'Раҳимов', 'Yusupova'];
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

const workers = values.workers.split(',').filter(Boolean);
const supervisor = values.supervisor;
const sessions = new Map<string, Session>();
for (const username of [...workers, supervisor]) sessions.set(username, await signIn(username));
const caseloads = new Map<string, string[]>();
for (const username of workers) {
  const page = await call(sessions.get(username) as Session, 'GET', '/api/cases?assignee=me&limit=200');
  // Open cases only: a closed case takes no new contact.
  caseloads.set(
    username,
    page.json.items.filter((item: { status: string }) => item.status !== 'closed').map((item: { id: string }) => item.id),
  );
}
const instruments = await call(sessions.get(workers[0] as string) as Session, 'GET', '/api/instruments');
const instrument = instruments.json.items[0] as {
  id: string;
  definition: { domains: { questions: { key: string; answers: { key: string }[] }[] }[] };
};
/** The workers' district (the demo's: Shoʻrchi). */
const DISTRICT = values.district;

async function act(username: string, action: Action): Promise<void> {
  const session = sessions.get(username) as Session;
  const cases = caseloads.get(username) ?? caseloads.get(workers[0] as string) ?? [];
  switch (action) {
    case 'search':
      await call(session, 'GET', `/api/persons?q=${encodeURIComponent(pick(NAMES))}`);
      return;
    case 'read_case': {
      const id = pick(cases);
      await call(session, 'GET', `/api/cases/${id}`);
      await call(session, 'GET', `/api/cases/${id}/timeline`);
      return;
    }
    case 'caseload':
      await call(session, 'GET', '/api/cases?assignee=me');
      return;
    case 'record_contact':
      await call(session, 'POST', `/api/cases/${pick(cases)}/contacts`, {
        // The id a phone gives a record it creates, so a retry never records it twice.
        id: uuidv7(),
        kind: pick(['home_visit', 'phone', 'office']),
        date: new Date().toISOString().slice(0, 10),
        text: 'Oila bilan suhbat: bolalar maktabga bormoqda, onasi ishga joylashish uchun bandlik markaziga yoʻllandi.',
      });
      return;
    case 'new_family_assessed': {
      const n = Math.floor(Math.random() * 1e9);
      const letters = [...String(n)].map((digit) => 'abcdefghij'[Number(digit)]).join('');
      const family = await call(session, 'POST', '/api/families', {
        districtCode: DISTRICT,
        address: `Navbahor MFY, Sinov koʻchasi, ${n % 200}-uy`,
        identificationSource: 'mahalla_social_worker',
        members: [
          { surname: `Sinov${letters}`, givenName: 'Malika', sex: 'female', relationship: 'head', birthDate: '1986-05-02' },
          { surname: `Sinov${letters}`, givenName: 'Jasur', sex: 'male', relationship: 'child', birthDate: '2015-09-01' },
        ],
      });
      const opened = await call(session, 'POST', '/api/cases', {
        familyId: family.json.id,
        identificationSource: 'mahalla_social_worker',
        reason: 'Otasi chet elda ishlaydi, yordam yubormaydi',
      });
      const answers = Object.fromEntries(
        instrument.definition.domains.flatMap((domain) => domain.questions.map((question) => [question.key, question.answers[0]?.key])),
      );
      const draft = await call(session, 'POST', `/api/cases/${opened.json.id}/assessments`, { instrumentId: instrument.id, answers });
      await call(session, 'POST', `/api/assessments/${draft.json.id}/submit`, { version: draft.json.version });
      return;
    }
  }
}

/** The mix: mostly reading, as a real day is. */
const MIX: [Action, number][] = [
  ['search', 35],
  ['read_case', 30],
  ['caseload', 15],
  ['record_contact', 15],
  ['new_family_assessed', 5],
];
const choose = (): Action => {
  let roll = Math.random() * 100;
  for (const [action, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return action;
  }
  return 'search';
};

const deadline = Date.now() + SECONDS * 1000;
const started = performance.now();
console.log(`Load: ${USERS} simulated users for ${SECONDS} s against ${base}`);
await Promise.all(
  Array.from({ length: USERS }, async (_, index) => {
    const username = index % 10 === 9 ? supervisor : (workers[index % workers.length] as string);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * THINK * 4));
    while (Date.now() < deadline) {
      const chosen = choose();
      // Supervisors read and search; recording is the workers' part.
      const action = username === supervisor && (chosen === 'record_contact' || chosen === 'new_family_assessed') ? 'read_case' : chosen;
      const t0 = performance.now();
      try {
        await act(username, action);
        const list = timings.get(action) ?? [];
        list.push(performance.now() - t0);
        timings.set(action, list);
      } catch (error) {
        // A refused request is counted where it was answered; a connection that failed is counted here.
        if (!(error instanceof Refused)) errors.set(`${action}: ${String(error)}`, (errors.get(`${action}: ${String(error)}`) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, THINK * (0.5 + Math.random())));
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
console.log(`\n${requests} requests in ${elapsed.toFixed(1)} s: ${(requests / elapsed).toFixed(1)} requests/s\n`);
console.log('| action | done | per second | p50 ms | p95 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const [action] of MIX) {
  const sorted = [...(timings.get(action) ?? [])].sort((a, b) => a - b);
  console.log(
    `| ${action} | ${sorted.length} | ${(sorted.length / elapsed).toFixed(1)} | ${quantile(sorted, 0.5).toFixed(0)} | ${quantile(sorted, 0.95).toFixed(0)} |`,
  );
}
const errorCount = [...errors.values()].reduce((sum, n) => sum + n, 0);
console.log(`\nerrors: ${errorCount}`);
for (const [key, count] of errors) console.log(`  ${count} × ${key}`);
process.exit(errorCount === 0 ? 0 : 1);
