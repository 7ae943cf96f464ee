import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { adminQuery, databaseUrl, dropDatabase, TEST_DB_KIND, TEST_PASSWORD } from './databases.ts';
import { BIN, freePort, signIn, startServer, untilReady } from './process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const letters = (n: number) => [...String(n)].map((digit) => 'abcdefghij'[Number(digit)]).join('');

/** A database of the test's own, copied from the suite's template (migrated, with the demo data). */
async function ownDatabase(): Promise<{ env: NodeJS.ProcessEnv; remove: () => Promise<void> }> {
  const template = inject('databaseTemplate');
  if (TEST_DB_KIND === 'postgresql') {
    const name = `hamkor_kill_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    return { env: { DATABASE_URL: databaseUrl(name) }, remove: () => dropDatabase(name) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-kill-'));
  const copy = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(template)]), extensions: { pg_trgm } });
  await copy.close();
  return { env: { HAMKOR_DATA_DIR: dataDir, DATABASE_URL: '' }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe('the server killed with SIGKILL in the middle of a write load', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('keeps every write it answered 2xx, nothing half-written, the audit chain intact, and starts again', async () => {
    const database = await ownDatabase();
    cleanups.push(database.remove);
    const port = await freePort();
    const server = startServer(database.env, port);
    cleanups.push(() => {
      server.child.kill('SIGKILL');
    });
    await untilReady(port);
    const base = `http://127.0.0.1:${port}`;
    const headers = await signIn(port, 'worker', TEST_PASSWORD);
    const cases = (await (await fetch(`${base}/api/cases?assignee=me`, { headers })).json()) as { items: { id: string }[] };
    const caseId = cases.items[0]?.id as string;
    expect(caseId).toBeTruthy();

    const instruments = (await (await fetch(`${base}/api/instruments`, { headers })).json()) as {
      items: { id: string; definition: { domains: { questions: { key: string; answers: { key: string }[] }[] }[] } }[];
    };
    const instrument = instruments.items[0];
    expect(instrument).toBeTruthy();
    const answers = Object.fromEntries(
      (instrument?.definition.domains ?? []).flatMap((domain) =>
        domain.questions.map((question) => [question.key, question.answers[0]?.key]),
      ),
    );

    const families: string[] = [];
    const contacts: string[] = [];
    const assessments: string[] = [];
    let killed = false;
    const post = async (url: string, body: unknown) => {
      const response = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as { id?: string; version?: number } };
    };
    const client = async (n: number) => {
      for (let i = 0; !killed; i++) {
        // Every third write: a family's case opened, assessed and the assessment submitted.
        if (i % 3 === 2) {
          try {
            const registered = await post('/api/families', {
              districtCode: '1722226',
              address: `Navbahor MFY, Baholash koʻchasi, ${n}-${i}-uy`,
              identificationSource: 'mahalla_social_worker',
              members: [
                {
                  surname: `Baholash${letters(n * 10_000 + i)}`,
                  givenName: 'Malika',
                  sex: 'female',
                  relationship: 'head',
                  birthDate: '1986-05-02',
                },
                {
                  surname: `Baholash${letters(n * 10_000 + i)}`,
                  givenName: 'Jasur',
                  sex: 'male',
                  relationship: 'child',
                  birthDate: '2015-09-01',
                },
              ],
            });
            if (registered.status !== 201 || !registered.json.id) continue;
            families.push(registered.json.id);
            const opened = await post('/api/cases', {
              familyId: registered.json.id,
              identificationSource: 'mahalla_social_worker',
              reason: 'Otasi chet elda ishlaydi, yordam yubormaydi',
            });
            if (opened.status !== 201) continue;
            const draft = await post(`/api/cases/${opened.json.id}/assessments`, { instrumentId: instrument?.id, answers });
            if (draft.status !== 201) continue;
            const submitted = await post(`/api/assessments/${draft.json.id}/submit`, { version: draft.json.version });
            if (submitted.status === 200 && draft.json.id) assessments.push(draft.json.id);
            else expect.soft(submitted.status, JSON.stringify(submitted.json)).toBe(200);
          } catch {
            return;
          }
          continue;
        }
        const family = i % 3 === 0;
        const body = family
          ? {
              districtCode: '1722226',
              address: `Navbahor MFY, Yuklama koʻchasi, ${n}-${i}-uy`,
              identificationSource: 'mahalla_social_worker',
              members: [
                {
                  surname: `Yuklama${letters(n * 10_000 + i)}`,
                  givenName: 'Sardor',
                  sex: 'male',
                  relationship: 'head',
                  birthDate: '1984-02-01',
                },
                {
                  surname: `Yuklama${letters(n * 10_000 + i)}`,
                  givenName: 'Laylo',
                  sex: 'female',
                  relationship: 'spouse',
                  birthDate: '1987-06-11',
                },
              ],
            }
          : { kind: 'phone', date: '2026-11-20', text: `Yuklama tekshiruvi ${n}-${i}` };
        try {
          const response = await fetch(family ? `${base}/api/families` : `${base}/api/cases/${caseId}/contacts`, {
            method: 'POST',
            headers,
            body: JSON.stringify(body),
          });
          const answer = (await response.json()) as { id?: string };
          if (response.status === 201 && answer.id) (family ? families : contacts).push(answer.id);
          else expect.soft(response.status, JSON.stringify(answer)).toBe(201);
        } catch {
          // The connection died with the server: this write was never acknowledged.
          return;
        }
      }
    };
    const clients = Array.from({ length: 10 }, (_, n) => client(n));
    while (families.length + contacts.length < 40 || assessments.length < 3) await sleep(50);
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(clients);
    expect(families.length).toBeGreaterThan(5);
    expect(contacts.length).toBeGreaterThan(5);

    // Started again on the same data: every acknowledged write is there.
    const again = startServer(database.env, port);
    cleanups.push(() => {
      again.child.kill('SIGKILL');
    });
    await untilReady(port);
    const after = await signIn(port, 'worker', TEST_PASSWORD);
    for (const id of families) {
      const response = await fetch(`${base}/api/families/${id}`, { headers: after });
      expect(response.status, `family ${id}`).toBe(200);
      // Nothing half-written: the family came with both its members.
      expect(((await response.json()) as { members: unknown[] }).members).toHaveLength(2);
    }
    const listedIds = new Set<string>();
    for (let cursor: string | undefined, pages = 0; pages < 50; pages++) {
      const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${base}/api/cases/${caseId}/contacts?${query}`, { headers: after })).json()) as {
        items: { id: string }[];
        nextCursor?: string | null;
      };
      for (const contact of page.items) listedIds.add(contact.id);
      cursor = page.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(contacts.filter((id) => !listedIds.has(id))).toEqual([]);
    for (const id of assessments) {
      const response = await fetch(`${base}/api/assessments/${id}`, { headers: after });
      expect(response.status, `assessment ${id}`).toBe(200);
      const assessment = (await response.json()) as { status: string; riskLevel: string | null };
      // Submitted with its risk computed: the submission is whole or absent, never half.
      expect(assessment.status).toBe('submitted');
      expect(assessment.riskLevel).not.toBeNull();
    }
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);

    // The audit chain is whole: no event of a write that rolled back, none missing for one that committed.
    const verify = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
      env: { ...process.env, ...database.env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 300_000);
});
