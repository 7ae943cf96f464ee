import { type NameKeyMatch, type Reach, reachesEverything, territoryLevel } from '@hamkor/domain';
import { type RawBuilder, sql } from 'kysely';
import { ANSWERED_WITH_NEXT, type Db, type Tx } from '../../db/database.ts';
import { inReachSql } from '../../db/reach.ts';
import { bumpVersioned, updateVersioned } from '../../db/versioned.ts';
import type { PersonChanges, PersonRow, PersonValues, Placement } from './columns.ts';

/** Persons a user may find: the reach of `family.read`, on the columns copied from the family. */
export const inReach = (reach: Reach) =>
  inReachSql(reach, {
    organisation: 'persons.organisation_id',
    district: 'persons.district_code',
    region: 'persons.region_code',
    family: 'persons.family_id',
  });

export async function findPerson(db: Db | Tx, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person, locked for a write until the transaction ends. */
export async function lockPerson(trx: Tx, id: string): Promise<PersonRow | undefined> {
  return trx.selectFrom('persons').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The members of a family, oldest first; those merged into another record are history, not members. */
export async function listMembers(db: Db | Tx, familyId: string): Promise<PersonRow[]> {
  return db
    .selectFrom('persons')
    .selectAll()
    .where('family_id', '=', familyId)
    .where('merged_into', 'is', null)
    .orderBy(sql`birth_year NULLS LAST`)
    .orderBy('id')
    .execute();
}

/** Persons in statements of 1 000 rows, well under PostgreSQL's limit of 65 535 parameters. */
export async function insertPersons(trx: Tx, rows: PersonValues[]): Promise<PersonRow[]> {
  const inserted: PersonRow[] = [];
  for (let start = 0; start < rows.length; start += 1000) {
    inserted.push(
      ...(await trx
        .insertInto('persons')
        .values(rows.slice(start, start + 1000))
        .returningAll()
        .execute()),
    );
  }
  return inserted;
}

/** Many persons at once (imports): nothing is read back. */
export async function insertPersonsInBulk(trx: Tx, rows: PersonValues[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000)
    await trx
      .insertInto('persons')
      .values(rows.slice(start, start + 1000))
      .execute();
}

export async function updatePerson(trx: Tx, id: string, expectedVersion: number, changes: PersonChanges): Promise<PersonRow | undefined> {
  return updateVersioned(trx, 'persons', id, expectedVersion, changes);
}

/** Moves members to another family (a family merge, a change of district), with the territory copied anew. */
export async function placeMembers(trx: Tx, fromFamilyId: string, placement: Placement, actorId: string): Promise<number> {
  const moved = await bumpVersioned(trx, 'persons', (eb) => eb.and([eb('family_id', '=', fromFamilyId), eb('merged_into', 'is', null)]), {
    family_id: placement.familyId,
    region_code: placement.regionCode,
    district_code: placement.districtCode,
    organisation_id: placement.organisationId,
    updated_by: actorId,
  });
  return moved.length;
}

/** What a search shows of a person and ranks by: a dozen columns, not the whole record, for the 200 it ranks. */
const SEARCH_COLUMNS = [
  'id',
  'family_id',
  'district_code',
  'surname',
  'given_name',
  'patronymic',
  'birth_date',
  'birth_year',
  'birth_precision',
  'sex',
  'relationship',
  'pinfl',
] as const;

export type ScoredRow = Pick<PersonRow, (typeof SEARCH_COLUMNS)[number]> & { similarity: number };

const WORD_SIMILARITY_THRESHOLD = 0.5;

type SearchScope = { filter: Reach; birthYear: number | null; limit: number };

function searchable(trx: Tx, scope: SearchScope) {
  return trx
    .selectFrom('persons')
    .select(SEARCH_COLUMNS)
    .where('merged_into', 'is', null)
    .where(inReach(scope.filter))
    .$if(scope.birthYear !== null, (qb) => qb.where('birth_year', '=', scope.birthYear as number));
}

export async function findByPinfl(trx: Tx, pinfl: string, scope: SearchScope): Promise<ScoredRow[]> {
  return searchable(trx, scope)
    .where('pinfl', '=', pinfl)
    .select(sql<number>`1`.as('similarity'))
    .orderBy('id')
    .limit(scope.limit)
    .execute();
}

/** Persons whose folded surname and given name equal the query's keys: the btree indexes, any script. */
export async function findByNameKeys(trx: Tx, matches: NameKeyMatch[], scope: SearchScope): Promise<ScoredRow[]> {
  if (matches.length === 0) return [];
  return searchable(trx, scope)
    .where((eb) =>
      eb.or(
        matches.map((match) =>
          eb.and([
            ...(match.surnameKeys.length ? [eb('surname_key', 'in', match.surnameKeys)] : []),
            ...(match.givenNameKeys.length ? [eb('given_name_key', 'in', match.givenNameKeys)] : []),
          ]),
        ),
      ),
    )
    .select(sql<number>`1`.as('similarity'))
    .orderBy('id')
    .limit(scope.limit)
    .execute();
}

/**
 * The same reach as `inReach`, as the prefixes of the search terms its persons carry (migration 0035:
 * a name word seen from the person's region, district and organisation), and the families an emergency
 * opening adds. It only narrows which persons are scored: `inReach` still decides who may be found, so a
 * criterion left out here can hide a match but never show one. Null for the whole country.
 */
type SearchTerms = { prefixes: string[]; familyIds: string[] };

function searchTermsOf(reach: Reach): SearchTerms | null {
  if (reachesEverything(reach)) return null;
  const prefixes: string[] = [];
  const familyIds: string[] = [];
  for (const criterion of reach) {
    if (criterion.kind === 'organisation') prefixes.push(`o${criterion.organisationId}:`);
    else if (criterion.kind === 'territory') prefixes.push(`${territoryLevel(criterion.code) === 'region' ? 'r' : 'd'}${criterion.code}:`);
    else if (criterion.kind === 'districts') prefixes.push(...criterion.codes.map((code) => `d${code}:`));
    else if (criterion.kind === 'emergency') familyIds.push(...criterion.familyIds);
    // 'placed', 'assigned' and 'supervised' name cases or children's placements, not persons: no person is in them.
  }
  return { prefixes, familyIds };
}

/**
 * Persons who might match a query with a typo: within a reach, those carrying a name word similar to one
 * of the query's words — or, with `everyWord`, a word similar to each of them — found through the vocabulary
 * of name words and the persons' search terms (0035); in the whole country, through the trigram index on the
 * search key itself (`<%`, word similarity: of the whole query, and with `everyWord` of each word too).
 */
function similarTo(searchKey: string, tokens: readonly string[], terms: SearchTerms | null, everyWord: boolean) {
  if (!tokens.length) return sql<boolean>`false`;
  const each = (condition: (token: string) => RawBuilder<boolean>) => sql<boolean>`(${sql.join(tokens.map(condition), sql` AND `)})`;
  const likeTheKey = (token: string) => sql<boolean>`${token} <% search_key`;
  if (!terms)
    return everyWord ? sql<boolean>`${each(likeTheKey)} AND ${searchKey} <% search_key` : sql<boolean>`${searchKey} <% search_key`;
  const carriesWordLike = (group: readonly string[]) =>
    sql<boolean>`person_search_terms(region_code, district_code, organisation_id, search_key) && ARRAY(
      SELECT prefix || word FROM person_name_words, unnest(${terms.prefixes}::text[]) AS prefix
      WHERE ${sql.join(
        group.map((token) => sql`${token} <% word`),
        sql` OR `,
      )})`;
  const byWord = terms.prefixes.length ? [everyWord ? each((token) => carriesWordLike([token])) : carriesWordLike(tokens)] : [];
  // The few families an emergency opening adds are read whole; with `everyWord`, each word must be like the key's.
  const inFamilies = () => sql<boolean>`family_id IN (${sql.join(terms.familyIds)})`;
  const byFamily = terms.familyIds.length ? [everyWord ? sql<boolean>`(${inFamilies()} AND ${each(likeTheKey)})` : inFamilies()] : [];
  const candidates = [...byWord, ...byFamily];
  if (!candidates.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(candidates, sql` OR `)}) AND word_similarity(${searchKey}, search_key) >= ${WORD_SIMILARITY_THRESHOLD}`;
}

/**
 * The best trigram matches of a folded query, by word similarity (the query against the closest run of
 * words in the key). For typos and unfinished names, when no key is equal.
 *
 * A query of several words first looks for those who match every word: a worker who typed
 * "Karmova Dilnoza" is looking for a Karimova Dilnoza, and every other Dilnoza of the district (thousands in
 * a large one) would only push her down the list and take the time to score them all. Only when nobody matches
 * every word are those who match some of them ranked, as a query of one word always is.
 */
export async function findBySimilarName(trx: Tx, searchKey: string, scope: SearchScope): Promise<ScoredRow[]> {
  // Below pg_trgm's default of 0.6, so one letter dropped from a short name still matches (Курбнова). Written
  // with the search itself, in one round trip.
  await sql`${sql.raw(ANSWERED_WITH_NEXT)}SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(
    trx,
  );
  const terms = searchTermsOf(scope.filter);
  const tokens = [...new Set(searchKey.split(' ').filter((token) => token !== ''))];
  const find = (everyWord: boolean) =>
    searchable(trx, scope)
      .where(similarTo(searchKey, tokens, terms, everyWord))
      .select(sql<number>`word_similarity(${searchKey}, search_key)`.as('similarity'))
      .orderBy('similarity', 'desc')
      .orderBy('id')
      .limit(scope.limit)
      .execute();
  if (tokens.length > 1) {
    const everyWord = await find(true);
    if (everyWord.length) return everyWord;
  }
  return find(false);
}

/**
 * Everyone who might be the person described, in any reach (the caller decides what to reveal): a
 * similar folded name, the same exact name keys, or the same PINFL.
 */
export async function findDuplicateCandidates(
  trx: Tx,
  probe: { searchKey: string; surnameKey: string; givenNameKey: string; pinfl: string | null; limit: number },
): Promise<(PersonRow & { similarity: number })[]> {
  return trx
    .selectFrom('persons')
    .selectAll()
    .select(sql<number>`word_similarity(${probe.searchKey}, search_key)`.as('similarity'))
    .where('merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        sql<boolean>`${probe.searchKey} <% search_key`,
        eb.and([eb('surname_key', '=', probe.surnameKey), eb('given_name_key', '=', probe.givenNameKey)]),
        ...(probe.pinfl ? [eb('pinfl', '=', probe.pinfl)] : []),
      ]),
    )
    .orderBy('similarity', 'desc')
    .orderBy('id')
    .limit(probe.limit)
    .execute();
}

/** A person about to be registered, as the database looks up their namesakes. */
export type NamesakeProbe = {
  surnameKey: string;
  givenNameKey: string;
  birthYear: number | null;
  birthDate: string | null;
  districtCode: string | null;
};

/**
 * For each probe, the registered persons with its exact name keys who could be the same person: one born
 * in another year (or on another day of the same year) cannot score as a duplicate without an equal PINFL,
 * so only those of the probe's birth year or with none recorded are read, by the (keys, birth year) index.
 * At most `limit` per probe, the closest first (same birth date, same year, same district). Each row
 * carries the index of its probe.
 */
export async function findNamesakes(trx: Tx, probes: NamesakeProbe[], limit: number): Promise<(PersonRow & { probe: number })[]> {
  const numbered = probes.map((probe, n) => ({ ...probe, n }));
  const born = numbered.filter((probe) => probe.birthYear !== null);
  const unborn = numbered.filter((probe) => probe.birthYear === null);
  const found: (PersonRow & { probe: number })[] = [];
  // Each condition is one the index answers: the keys with the year, the keys with no year, the keys alone.
  const lookups = [
    {
      probes: born,
      where: sql`p.birth_year = probe.birth_year AND (probe.birth_date IS NULL OR p.birth_date IS NULL OR p.birth_date = probe.birth_date)`,
    },
    { probes: born, where: sql`p.birth_year IS NULL` },
    { probes: unborn, where: sql`true` },
  ];
  for (const lookup of lookups) {
    if (lookup.probes.length === 0) continue;
    const values = sql.join(
      lookup.probes.map(
        (probe) =>
          sql`(${probe.n}::int, ${probe.surnameKey}::text, ${probe.givenNameKey}::text, ${probe.birthYear}::int, ${probe.birthDate}::date, ${probe.districtCode}::text)`,
      ),
    );
    const result = await sql<PersonRow & { probe: number }>`
      SELECT found.*, probe.n AS probe
      FROM (VALUES ${values}) AS probe (n, surname_key, given_name_key, birth_year, birth_date, district_code)
      CROSS JOIN LATERAL (
        SELECT p.* FROM persons p
        WHERE p.merged_into IS NULL AND p.surname_key = probe.surname_key AND p.given_name_key = probe.given_name_key
          AND ${lookup.where}
        ORDER BY (p.birth_date = probe.birth_date) IS TRUE DESC, (p.district_code = probe.district_code) IS TRUE DESC, p.id
        LIMIT ${limit}
      ) AS found`.execute(trx);
    for (const row of result.rows) found.push(row);
  }
  return found;
}

/** Persons with any of these PINFLs. */
export async function findByPinfls(trx: Tx, pinfls: string[]): Promise<PersonRow[]> {
  if (pinfls.length === 0) return [];
  return trx.selectFrom('persons').selectAll().where('merged_into', 'is', null).where('pinfl', 'in', pinfls).execute();
}

const orderedPair = (a: string, b: string) => (a < b ? { person_id: a, other_person_id: b } : { person_id: b, other_person_id: a });

export async function recordNonDuplicate(trx: Tx, a: string, b: string, regionCode: string, actorId: string): Promise<void> {
  await trx
    .insertInto('person_non_duplicates')
    .values({ ...orderedPair(a, b), region_code: regionCode, created_by: actorId })
    .onConflict((oc) => oc.columns(['person_id', 'other_person_id']).doNothing())
    .execute();
}

/** The persons confirmed to be someone else than `id`. */
export async function nonDuplicatesOf(db: Db | Tx, id: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('person_non_duplicates')
    .select(['person_id', 'other_person_id'])
    .where((eb) => eb.or([eb('person_id', '=', id), eb('other_person_id', '=', id)]))
    .execute();
  return new Set(rows.map((row) => (row.person_id === id ? row.other_person_id : row.person_id)));
}
