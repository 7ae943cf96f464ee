import { Invalid, keepsOfflineCopy } from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import * as serviceRepo from '../services/repo.ts';
import { readRecords } from './batch.ts';
import * as repo from './repo.ts';

/** The kinds of record a device holds, in the order a device needs them (a case before its plan). */
export const PULLED = [
  'instrument',
  'service',
  'family',
  'case',
  'screening',
  'assessment',
  'plan',
  'task',
  'consent',
  'referral',
] as const;
export type PulledEntity = (typeof PULLED)[number];

export type Change = { entity: PulledEntity; id: string; version: number; data: unknown };
export type PullAnswer = { changes: Change[]; removed: { entity: PulledEntity; id: string }[]; cursor: string; more: boolean };

/** Cursors older than this are forgotten: a device that was away longer pulls its set again from scratch. */
const CURSOR_DAYS = 30;

/** `entity:id` → a token that changes whenever what the device is sent for that record does. */
type Tokens = Record<string, string>;
const keyOf = (entity: PulledEntity, id: string) => `${entity}:${id}`;
const split = (key: string) => {
  const at = key.indexOf(':');
  return { entity: key.slice(0, at) as PulledEntity, id: key.slice(at + 1) };
};

/**
 * The worker's offline set: their own open cases with the family and members, the screening, the latest
 * assessment and plan, open tasks, consents and the referrals made on them, plus the assessment instrument and
 * the service directory of their districts. Each record with a token that changes when it does.
 */
async function offlineSet(ctx: RequestContext, trx: Tx, directory: Map<string, unknown>): Promise<Tokens> {
  const tokens: Tokens = {};
  if (!keepsOfflineCopy(ctx.actor)) return tokens;
  const caseRows = await repo.casesKeptBy(trx, ctx.actor.id);
  for (const row of await repo.instrumentIds(trx)) tokens[keyOf('instrument', row.id)] = '1';
  if (caseRows.length === 0) return tokens;
  const caseIds = caseRows.map((row) => row.id);
  const familyIds = [...new Set(caseRows.map((row) => row.family_id))];
  for (const row of caseRows) tokens[keyOf('case', row.id)] = String(row.version);

  const [familyRows, screenings, assessmentRows, planRows, taskRows, consentRows, referralRows] = await repo.versionsOf(
    trx,
    caseIds,
    familyIds,
  );
  const caseVersion = new Map(caseRows.map((row) => [row.id, row.version]));
  for (const row of familyRows) tokens[keyOf('family', row.id)] = `${row.version}.${row.members}`;
  const screened = new Map(screenings.map((row) => [row.case_id, row.version]));
  // The screening form travels with every case: an intake can be screened offline before anything is saved.
  for (const id of caseIds) tokens[keyOf('screening', id)] = `${screened.get(id) ?? 0}.${caseVersion.get(id)}`;
  for (const row of assessmentRows) tokens[keyOf('assessment', row.id)] = `${row.version}.${caseVersion.get(row.case_id)}`;
  for (const row of planRows) tokens[keyOf('plan', row.id)] = `${row.version}.${row.actions}.${caseVersion.get(row.case_id)}`;
  for (const row of taskRows) tokens[keyOf('task', row.id)] = String(row.version);
  for (const row of consentRows) tokens[keyOf('consent', row.id)] = String(row.version);
  for (const row of referralRows) tokens[keyOf('referral', row.id)] = String(row.version);

  // The directory of the worker's districts is not personal data: it is sent as the directory lists it.
  for (const district of new Set(caseRows.map((row) => row.district_code)))
    for (const row of await serviceRepo.listServices(trx, { district, inactiveOf: [], limit: 2000 })) {
      tokens[keyOf('service', row.id)] = String(row.version);
      directory.set(row.id, serviceRepo.toService(row));
    }
  return tokens;
}

/**
 * What changed in the worker's offline set since `cursor` (or all of it), at most `limit` records per answer, and
 * what left it. The cursor names what the device holds after this answer: the next pull starts from there, so a
 * device that lost an answer pulls again from its last cursor and misses nothing.
 */
export async function pull(ctx: RequestContext, query: { cursor?: string; limit: number }): Promise<PullAnswer> {
  const held = query.cursor ? await heldBy(ctx.db, ctx.actor.id, query.cursor) : {};
  return withTx(ctx.db, async (trx) => {
    const directory = new Map<string, unknown>();
    const now = await offlineSet(ctx, trx, directory);
    const removed = Object.keys(held)
      .filter((key) => !(key in now))
      .map(split);
    const differing = Object.keys(now)
      .filter((key) => held[key] !== now[key])
      .sort((a, b) => PULLED.indexOf(split(a).entity) - PULLED.indexOf(split(b).entity));
    const sending = differing.slice(0, query.limit);
    const read = await readRecords(ctx, trx, sending.map(split), directory);
    const changes = sending.flatMap((key): Change[] => {
      if (!read.has(key)) return [];
      const data = read.get(key);
      const version = (data as { version?: unknown }).version;
      return [{ ...split(key), version: typeof version === 'number' ? version : 0, data }];
    });

    const next: Tokens = Object.fromEntries(Object.entries(held).filter(([key]) => key in now));
    for (const change of changes) next[keyOf(change.entity, change.id)] = now[keyOf(change.entity, change.id)] as string;
    // A record that could not be read after all (out of reach since) is not held: it is sent as removed.
    const unread = sending.filter((key) => !(key in next));
    for (const key of unread) if (key in held) removed.push(split(key));

    const cursor = newId();
    // One event for the whole answer, naming every record sent, in the transaction that read them.
    if (changes.length > 0 || removed.length > 0) {
      const records: Record<string, string[]> = {};
      for (const change of changes) {
        const ids = records[change.entity] ?? [];
        ids.push(change.id);
        records[change.entity] = ids;
      }
      await audit(trx, ctx, 'sync.pull', null, { cursor, records, removed: removed.length });
    }
    await repo.saveCursor(trx, cursor, ctx.actor.id, next, CURSOR_DAYS);
    return { changes, removed, cursor, more: differing.length > sending.length };
  });
}

async function heldBy(db: Db, userId: string, cursor: string): Promise<Tokens> {
  const tokens = /^[0-9a-f-]{36}$/i.test(cursor) ? await repo.cursorTokens(db, cursor.toLowerCase(), userId) : undefined;
  // Another user's cursor, or one forgotten: the device starts again from scratch.
  if (!tokens) throw new Invalid([{ path: 'cursor', code: 'invalid' }]);
  return tokens;
}
