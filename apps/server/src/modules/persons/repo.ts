import { type BirthInput, birthFacts, foldForSearch, type NameKeyMatch, nameKey, type ReadFilter, type schemas } from '@hamkor/domain';
import { type ExpressionBuilder, type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { Database, PersonsTable } from '../../db/schema.ts';

export type PersonRow = Selectable<PersonsTable>;
export type PersonValues = Insertable<PersonsTable>;
type PersonChanges = Omit<Updateable<PersonsTable>, 'id' | 'version' | 'created_at' | 'created_by'>;

/** Where a person lives in the data: the family, and the territory and owner copied from it. */
export type Placement = { familyId: string; regionCode: string; districtCode: string; organisationId: string };

export function toPerson(row: PersonRow) {
  return {
    id: row.id,
    familyId: row.family_id,
    regionCode: row.region_code,
    districtCode: row.district_code,
    surname: row.surname,
    givenName: row.given_name,
    patronymic: row.patronymic,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    birthPrecision: row.birth_precision as 'exact' | 'year' | 'age' | null,
    ageStated: row.age_stated !== null && row.age_stated_on ? { years: row.age_stated, on: row.age_stated_on } : null,
    sex: row.sex as (typeof schemas.SEXES)[number],
    pinfl: row.pinfl,
    idCard: row.id_card,
    birthCertificate: row.birth_certificate,
    relationship: row.relationship as (typeof schemas.RELATIONSHIPS)[number],
    documentsHeld: row.documents_held as (typeof schemas.DOCUMENT_KINDS)[number][],
    documentsMissing: row.documents_missing as (typeof schemas.DOCUMENT_KINDS)[number][],
    disability: row.disability_group
      ? { group: row.disability_group as (typeof schemas.DISABILITY_GROUPS)[number], note: row.disability_note }
      : null,
    schooling: row.schooling_kind
      ? {
          kind: row.schooling_kind as (typeof schemas.SCHOOLING_KINDS)[number],
          institution: row.schooling_institution,
          grade: row.schooling_grade,
        }
      : null,
    whereabouts: {
      status: row.whereabouts_status as (typeof schemas.WHEREABOUTS_STATUSES)[number],
      country: row.whereabouts_country,
      since: row.whereabouts_since,
      sendsSupport: row.sends_support,
      contactChannel: row.contact_channel as (typeof schemas.CONTACT_CHANNELS)[number] | null,
      place: row.whereabouts_place,
    },
    vulnerabilityMarkers: row.vulnerability_markers as (typeof schemas.VULNERABILITY_MARKERS)[number][],
    mergedInto: row.merged_into,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}
export type Person = ReturnType<typeof toPerson>;

type Names = { surname: string; given_name: string; patronymic: string | null };

/** The folded keys stored beside the names, recomputed whenever a name changes. */
function nameColumns(names: Names) {
  return {
    ...names,
    search_key: foldForSearch([names.surname, names.given_name, names.patronymic ?? ''].join(' ')),
    surname_key: nameKey(names.surname),
    given_name_key: nameKey(names.given_name),
  };
}

function birthColumns(input: BirthInput) {
  const facts = birthFacts(input);
  return {
    birth_date: facts.birthDate,
    birth_year: facts.birthYear,
    birth_precision: facts.precision,
    age_stated: facts.ageStated?.years ?? null,
    age_stated_on: facts.ageStated?.on ?? null,
  };
}

/** Whereabouts other than abroad carry no country, support or contact channel. */
function whereaboutsColumns(whereabouts: schemas.PersonCreate['whereabouts']) {
  const abroad = whereabouts?.status === 'abroad';
  return {
    whereabouts_status: whereabouts?.status ?? 'present',
    whereabouts_country: abroad ? (whereabouts?.country ?? null) : null,
    whereabouts_since: whereabouts?.since ?? null,
    sends_support: abroad ? (whereabouts?.sendsSupport ?? null) : null,
    contact_channel: abroad ? (whereabouts?.contactChannel ?? null) : null,
    whereabouts_place: whereabouts?.place ?? null,
  };
}

/** The columns a change touches; birth fields and whereabouts are replaced whole. */
function detailColumns(input: schemas.PersonUpdate): PersonChanges {
  const birthGiven = input.birthDate !== undefined || input.birthYear !== undefined || input.ageStated !== undefined;
  return {
    ...(birthGiven && birthColumns(input)),
    ...(input.sex !== undefined && { sex: input.sex }),
    ...(input.pinfl !== undefined && { pinfl: input.pinfl }),
    ...(input.idCard !== undefined && { id_card: input.idCard }),
    ...(input.birthCertificate !== undefined && { birth_certificate: input.birthCertificate }),
    ...(input.relationship !== undefined && { relationship: input.relationship }),
    ...(input.documentsHeld !== undefined && { documents_held: input.documentsHeld }),
    ...(input.documentsMissing !== undefined && { documents_missing: input.documentsMissing }),
    ...(input.disability !== undefined && {
      disability_group: input.disability?.group ?? null,
      disability_note: input.disability?.note ?? null,
    }),
    ...(input.schooling !== undefined && {
      schooling_kind: input.schooling?.kind ?? null,
      schooling_institution: input.schooling?.institution ?? null,
      schooling_grade: input.schooling?.grade ?? null,
    }),
    ...(input.whereabouts !== undefined && whereaboutsColumns(input.whereabouts)),
    ...(input.vulnerabilityMarkers !== undefined && { vulnerability_markers: input.vulnerabilityMarkers }),
  };
}

export function personValues(input: schemas.PersonCreate, placement: Placement, id: string, actorId: string | null): PersonValues {
  return {
    id,
    family_id: placement.familyId,
    region_code: placement.regionCode,
    district_code: placement.districtCode,
    organisation_id: placement.organisationId,
    ...nameColumns({ surname: input.surname, given_name: input.givenName, patronymic: input.patronymic ?? null }),
    ...birthColumns(input),
    sex: input.sex,
    pinfl: input.pinfl ?? null,
    id_card: input.idCard ?? null,
    birth_certificate: input.birthCertificate ?? null,
    relationship: input.relationship,
    documents_held: input.documentsHeld ?? [],
    documents_missing: input.documentsMissing ?? [],
    disability_group: input.disability?.group ?? null,
    disability_note: input.disability?.note ?? null,
    schooling_kind: input.schooling?.kind ?? null,
    schooling_institution: input.schooling?.institution ?? null,
    schooling_grade: input.schooling?.grade ?? null,
    ...whereaboutsColumns(input.whereabouts),
    vulnerability_markers: input.vulnerabilityMarkers ?? [],
    created_by: actorId,
    updated_by: actorId,
  };
}

export function personChanges(current: PersonRow, input: schemas.PersonUpdate): PersonChanges {
  const renamed = input.surname !== undefined || input.givenName !== undefined || input.patronymic !== undefined;
  return {
    ...(renamed &&
      nameColumns({
        surname: input.surname ?? current.surname,
        given_name: input.givenName ?? current.given_name,
        patronymic: input.patronymic === undefined ? current.patronymic : input.patronymic,
      })),
    ...detailColumns(input),
  };
}

/** Persons a user may find: the same reach as `family.read`, as SQL on the columns copied from the family. */
export function inReach(filter: ReadFilter) {
  return (eb: ExpressionBuilder<Database, 'persons'>) => {
    if (filter.kind === 'all') return sql<boolean>`true`;
    if (filter.kind === 'none') return sql<boolean>`false`;
    if (filter.kind === 'organisation') return eb('organisation_id', '=', filter.organisationId);
    const prefix = filter.territoryPrefix;
    return eb.or([
      eb('organisation_id', '=', filter.organisationId),
      ...(filter.districtCodes.length ? [eb('district_code', 'in', [...filter.districtCodes])] : []),
      ...(prefix && prefix.length === 4 ? [eb('region_code', '=', prefix)] : []),
      ...(prefix && prefix.length !== 4 ? [eb('district_code', '=', prefix)] : []),
    ]);
  };
}

export async function findPerson(db: Db | Tx, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
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
  return trx
    .updateTable('persons')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** Moves members to another family (a family merge, a change of district), with the territory copied anew. */
export async function placeMembers(trx: Tx, fromFamilyId: string, placement: Placement, actorId: string): Promise<number> {
  const moved = await trx
    .updateTable('persons')
    .set((eb) => ({
      family_id: placement.familyId,
      region_code: placement.regionCode,
      district_code: placement.districtCode,
      organisation_id: placement.organisationId,
      version: eb('version', '+', 1),
      updated_at: new Date(),
      updated_by: actorId,
    }))
    .where('family_id', '=', fromFamilyId)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

export type ScoredRow = PersonRow & { similarity: number };

const WORD_SIMILARITY_THRESHOLD = 0.5;

type SearchScope = { filter: ReadFilter; birthYear: number | null; limit: number };

function searchable(trx: Tx, scope: SearchScope) {
  return trx
    .selectFrom('persons')
    .selectAll()
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
 * The best trigram matches of a folded query: `<%` is word similarity (the query against the closest
 * run of words in the key), served by the GIN index. For typos and unfinished names, when no key is equal.
 */
export async function findBySimilarName(trx: Tx, searchKey: string, scope: SearchScope): Promise<ScoredRow[]> {
  // Below pg_trgm's default of 0.6, so one letter dropped from a short name still matches (Курбнова).
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(trx);
  return searchable(trx, scope)
    .where(sql<boolean>`${searchKey} <% search_key`)
    .select(sql<number>`word_similarity(${searchKey}, search_key)`.as('similarity'))
    .orderBy('similarity', 'desc')
    .orderBy('id')
    .limit(scope.limit)
    .execute();
}

/**
 * Everyone who might be the person described, in any reach (the caller decides what to reveal): a
 * similar folded name, the same exact name keys, or the same PINFL.
 */
export async function findDuplicateCandidates(
  trx: Tx,
  probe: { searchKey: string; surnameKey: string; givenNameKey: string; pinfl: string | null; limit: number },
): Promise<ScoredRow[]> {
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

/** Persons with any of these exact name keys or PINFLs: duplicate flags for a whole import at once. */
export async function findByKeys(trx: Tx, keys: { surnameKey: string; givenNameKey: string }[], pinfls: string[]): Promise<PersonRow[]> {
  if (keys.length === 0 && pinfls.length === 0) return [];
  return trx
    .selectFrom('persons')
    .selectAll()
    .where('merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        ...(keys.length
          ? [
              eb(
                eb.refTuple('surname_key', 'given_name_key'),
                'in',
                keys.map((key) => eb.tuple(key.surnameKey, key.givenNameKey)),
              ),
            ]
          : []),
        ...(pinfls.length ? [eb('pinfl', 'in', pinfls)] : []),
      ]),
    )
    .execute();
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
