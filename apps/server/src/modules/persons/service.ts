import {
  Conflict,
  can,
  familyReadFilter,
  foldForSearch,
  Invalid,
  isSearchable,
  mayEver,
  NotFound,
  nameKeyMatches,
  type PersonQuery,
  parsePersonQuery,
  personQueryScorer,
  type Reach,
  type schemas,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { readDb, readWith } from '../../db/replica.ts';
import { withReadTx, withTx } from '../../db/transactions.ts';
import { audit, personal } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { cursorKey, decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { spendDuplicateCheck } from './allowance.ts';
import { type PersonRow, personChanges, toPerson } from './columns.ts';
import { asPersonLike, CANDIDATE_POOL, outsideReachOf, probeKeys, rankCandidates } from './duplicates.ts';
import { takenFromDuplicate } from './merge.ts';
import * as repo from './repo.ts';
import { pinflWarnings } from './warnings.ts';

/** A search ranks at most this many of the database's best matches; nobody pages past them. */
const SEARCH_POOL = 200;

const familyOf = (row: { family_id: string; organisation_id: string; district_code: string }) => ({
  type: 'family' as const,
  organisationId: row.organisation_id,
  districtCode: row.district_code,
  familyId: row.family_id,
});

export async function updatePerson(ctx: RequestContext, id: string, input: schemas.PersonUpdate) {
  return withTx(ctx.db, async (trx) => {
    // Locked and checked in the transaction that writes: a merge cannot land between check and change.
    const current = await repo.lockPerson(trx, id);
    if (!current || !can(ctx.actor, 'family.update', familyOf(current))) throw new NotFound(current && { type: 'person', id: current.id });
    if (current.merged_into) throw new Conflict('record_merged', toPerson(current));
    const row = await repo.updatePerson(trx, id, input.version, { ...personChanges(current, input), updated_by: ctx.actor.id });
    if (!row) throw new Conflict('version_conflict', toPerson((await repo.findPerson(trx, id)) ?? current));
    const { version: _version, ...changed } = input;
    // A PINFL replaced is kept as the event's personal field: the chain holds a keyed commitment, erasure the value.
    const previousPinfl = current.pinfl && current.pinfl !== row.pinfl ? { previousPinfl: personal(id, current.pinfl) } : {};
    await audit(trx, ctx, 'person.update', { type: 'person', id }, { fields: Object.keys(changed), ...previousPinfl });
    return { ...toPerson(row), warnings: pinflWarnings(ctx.locale, [{ path: 'pinfl', pinfl: input.pinfl }]) };
  });
}

/**
 * The candidates for a query: by PINFL when one was typed; else persons whose folded names equal the
 * query's (any script, either gender's surname), which the btree indexes answer at once; only when
 * none does, the trigram search for typos and unfinished names.
 */
async function searchCandidates(trx: Tx, query: PersonQuery, filter: Reach) {
  const scope = { filter, birthYear: query.birthYear, limit: SEARCH_POOL };
  if (query.pinfl) return repo.findByPinfl(trx, query.pinfl, scope);
  const exact = await repo.findByNameKeys(trx, nameKeyMatches(query), scope);
  return exact.length ? exact : repo.findBySimilarName(trx, foldForSearch(query.name), scope);
}

/**
 * Finds persons by name in any script, birth year, birth date or PINFL, within the caller's reach, best
 * first. The audit records that a search was made and whom it showed, never what was typed.
 */
export async function searchPersons(ctx: RequestContext, query: { q: string; limit: number; cursor?: string }) {
  if (!mayEver(ctx.actor, 'family.read')) throw new NotFound();
  const parsed = parsePersonQuery(query.q);
  if (!isSearchable(parsed)) throw new Invalid([{ path: 'q', code: 'search_query' }]);
  const offset = decodeCursor(query.cursor, { offset: cursorKey.count })?.offset ?? 0;
  const search = (trx: Tx) => searchCandidates(trx, parsed, familyReadFilter(ctx.actor));
  // Searched on the read replica when one serves the reader (db/replica.ts), the audit written on the primary;
  // without one, the search and its audit event are one transaction.
  const onReplica = readDb(ctx) !== ctx.db;
  const replicaRows = onReplica ? await readWith(ctx, (db) => withTx(db, search)) : null;
  return withReadTx(ctx.db, async (trx) => {
    const rows = replicaRows ?? (await search(trx));
    const score = personQueryScorer(parsed);
    const ranked = rows
      .filter((row) => !parsed.birthDate || row.birth_date === null || row.birth_date === parsed.birthDate)
      .map((row) => ({
        row,
        score: score({ surname: row.surname, givenName: row.given_name, patronymic: row.patronymic, pinfl: row.pinfl }),
      }))
      .sort((a, b) => b.score - a.score || b.row.similarity - a.row.similarity || a.row.id.localeCompare(b.row.id));
    const items = ranked.slice(offset, offset + query.limit);
    await audit(trx, ctx, 'person.search', null, {
      results: items.length,
      queryLength: query.q.length,
      personIds: items.map(({ row }) => row.id),
    });
    return {
      items: items.map(({ row, score }) => toSearchItem(row, score)),
      nextCursor: offset + query.limit < ranked.length ? encodeCursor({ offset: offset + query.limit }) : null,
    };
  });
}

function toSearchItem(row: repo.ScoredRow, score: number) {
  return {
    id: row.id,
    familyId: row.family_id,
    surname: row.surname,
    givenName: row.given_name,
    patronymic: row.patronymic,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    birthPrecision: row.birth_precision as 'exact' | 'year' | 'age' | null,
    sex: row.sex as (typeof schemas.SEXES)[number],
    relationship: row.relationship as (typeof schemas.RELATIONSHIPS)[number],
    districtCode: row.district_code,
    score: Math.round(score * 1000) / 1000,
  };
}

/**
 * Likely duplicates of someone about to be registered, in any reach: those within the caller's reach are
 * described, of those outside it the caller learns only that one exists and whom to ask. Each check spends
 * one of the caller's hourly allowance and is audited with how many lay outside their reach.
 */
export async function checkDuplicates(ctx: RequestContext, input: schemas.DuplicatesCheck) {
  if (!mayEver(ctx.actor, 'family.create')) throw new NotFound();
  const probe = { ...input, birthDate: input.birthDate ?? null };
  return withTx(ctx.db, async (trx) => {
    await spendDuplicateCheck(ctx, trx);
    const rows = await repo.findDuplicateCandidates(trx, { ...probeKeys(probe), limit: CANDIDATE_POOL });
    const ranked = rankCandidates(ctx.actor, probe, rows);
    await audit(trx, ctx, 'person.duplicates_check', null, { candidates: ranked.candidates.length, outOfScope: ranked.outside });
    return { candidates: ranked.candidates, outsideReach: outsideReachOf(ctx.actor, ranked) };
  });
}

/** Likely duplicates of a registered person, leaving out those a worker has said are someone else. */
export async function duplicatesOfPerson(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const person = await repo.findPerson(trx, id);
    if (!person || !can(ctx.actor, 'family.read', familyOf(person))) throw new NotFound(person && { type: 'person', id: person.id });
    await spendDuplicateCheck(ctx, trx);
    const probe = asPersonLike(person);
    const rows = await repo.findDuplicateCandidates(trx, { ...probeKeys(probe), limit: CANDIDATE_POOL });
    const exclude = await repo.nonDuplicatesOf(trx, id);
    exclude.add(id);
    const ranked = rankCandidates(ctx.actor, probe, rows, exclude);
    await audit(
      trx,
      ctx,
      'person.duplicates_check',
      { type: 'person', id },
      { candidates: ranked.candidates.length, outOfScope: ranked.outside },
    );
    return { candidates: ranked.candidates, outsideReach: outsideReachOf(ctx.actor, ranked) };
  });
}

/** Two persons the caller may both see and change, or 404; locked until the transaction ends. */
async function pairInReach(ctx: RequestContext, trx: Tx, id: string, otherId: string, action: 'family.update' | 'family.merge') {
  // Ids are compared as stored (lower case): the same id typed in capitals names the same person.
  if (id.toLowerCase() === otherId.toLowerCase()) throw new Invalid([{ path: 'otherPersonId', code: 'same_record' }]);
  // One after the other (a transaction runs one statement at a time), in id order so two requests on the
  // same pair never wait on each other crosswise.
  const locked = new Map<string, PersonRow | undefined>();
  for (const key of [id, otherId].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
    locked.set(key, await repo.lockPerson(trx, key));
  const [person, other] = [locked.get(id), locked.get(otherId)];
  if (!person || !can(ctx.actor, action, familyOf(person))) throw new NotFound(person && { type: 'person', id: person.id });
  if (!other || !can(ctx.actor, action, familyOf(other))) throw new NotFound(other && { type: 'person', id: other.id });
  return [person, other] as const;
}

/** Records that two persons are different people, so the pair is no longer suggested. */
export async function recordNotDuplicate(ctx: RequestContext, id: string, otherPersonId: string) {
  return withTx(ctx.db, async (trx) => {
    const [person, other] = await pairInReach(ctx, trx, id, otherPersonId, 'family.update');
    // The pair is ordered as PostgreSQL orders uuids, which is the order of their stored spelling.
    await repo.recordNonDuplicate(trx, person.id, other.id, person.region_code, ctx.actor.id);
    await audit(trx, ctx, 'person.not_duplicate', { type: 'person', id: person.id }, { otherPersonId: other.id });
    return { personId: person.id, otherPersonId: other.id };
  });
}

/**
 * Merges a duplicate into the surviving person (a supervisor's decision): the survivor fills its gaps from
 * the duplicate, and the duplicate is kept, marked merged_into the survivor, so history stays readable.
 */
export async function mergePersons(ctx: RequestContext, id: string, input: schemas.PersonMerge) {
  return withTx(ctx.db, async (trx) => {
    const [survivor, duplicate] = await pairInReach(ctx, trx, id, input.otherPersonId, 'family.merge');
    for (const row of [survivor, duplicate]) if (row.merged_into) throw new Conflict('record_merged', toPerson(row));
    const taken = takenFromDuplicate(toPerson(survivor), toPerson(duplicate));
    const merged = await repo.updatePerson(trx, id, input.version, {
      ...personChanges(survivor, { ...taken, version: input.version }),
      updated_by: ctx.actor.id,
    });
    if (!merged) throw new Conflict('version_conflict', toPerson((await repo.findPerson(trx, id)) ?? survivor));
    const marked = await repo.updatePerson(trx, duplicate.id, input.otherVersion, {
      merged_into: id,
      merged_at: new Date(),
      updated_by: ctx.actor.id,
    });
    if (!marked) throw new Conflict('version_conflict', toPerson((await repo.findPerson(trx, duplicate.id)) ?? duplicate));
    await audit(trx, ctx, 'person.merge', { type: 'person', id }, { otherPersonId: duplicate.id, fields: Object.keys(taken) });
    await audit(trx, ctx, 'person.merged_into', { type: 'person', id: duplicate.id }, { intoPersonId: id });
    return toPerson(merged);
  });
}
