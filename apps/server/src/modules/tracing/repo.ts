import { foldForSearch, nameKey } from '@hamkor/domain';
import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { updateVersioned } from '../../db/versioned.ts';
import type { TracingRequestsTable } from './tables.ts';

export type TracingRow = Selectable<TracingRequestsTable>;
export type TracingValues = Insertable<TracingRequestsTable>;
export type TracingChanges = Omit<Updateable<TracingRequestsTable>, 'id' | 'version' | 'created_at' | 'created_by'>;

/** The request with its organisation's name and kind, and the names of who made and verified it. */
function withNames(db: Db | Tx) {
  return db
    .selectFrom('tracing_requests as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .leftJoin('users as creator', 'creator.id', 't.created_by')
    .leftJoin('users as verifier', 'verifier.id', 't.verified_by')
    .leftJoin('persons as matched', 'matched.id', 't.matched_person_id')
    .selectAll('t')
    .select(sql<string>`t.consent_date::text`.as('consent_date'))
    .select(['o.name as organisation_name', 'o.kind as organisation_kind'])
    .select(['creator.display_name as created_by_name', 'verifier.display_name as verified_by_name'])
    .select(['matched.surname as matched_surname', 'matched.given_name as matched_given_name', 'matched.birth_year as matched_birth_year']);
}
export type TracingFullRow = NonNullable<Awaited<ReturnType<typeof findTracing>>>;

export async function findTracing(db: Db | Tx, id: string) {
  return withNames(db).where('t.id', '=', id).executeTakeFirst();
}

export async function listTracing(
  db: Db | Tx,
  query: { organisationId: string | null; status?: string | null; beforeId?: string; limit: number },
) {
  return withNames(db)
    .$if(query.organisationId !== null, (qb) => qb.where('t.organisation_id', '=', query.organisationId as string))
    .$if(!!query.status, (qb) => qb.where('t.status', '=', query.status as string))
    .$if(!!query.beforeId, (qb) => qb.where('t.id', '<', query.beforeId as string))
    .orderBy('t.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

export async function insertTracing(trx: Tx, values: TracingValues): Promise<void> {
  await trx.insertInto('tracing_requests').values(values).execute();
}

export async function updateTracing(trx: Tx, id: string, version: number, changes: TracingChanges) {
  return updateVersioned(trx, 'tracing_requests', id, version, changes);
}

export async function organisationOf(db: Db | Tx, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'district_code', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The child's family's latest open case, if any: where the request's timeline and follow-up visits go. */
export async function openCaseOfFamily(db: Db | Tx, familyId: string) {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('family_id', '=', familyId)
    .where('status', '!=', 'closed')
    .orderBy('opened_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const CANDIDATE_POOL = 200;

/**
 * Everyone in the register who might be the person sought, in any reach (the service decides what to
 * show): the same folded surname (either gender's) and given name, or a similar folded full name.
 */
export async function findCandidates(trx: Tx, sought: { surname: string; givenName: string; patronymic?: string | null }) {
  const searchKey = foldForSearch([sought.surname, sought.givenName].join(' '));
  const surnameKey = nameKey(sought.surname);
  const surnameKeys = [surnameKey, /[ai]va$/.test(surnameKey) ? surnameKey.slice(0, -1) : `${surnameKey}a`];
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)`.execute(trx);
  return trx
    .selectFrom('persons as p')
    .innerJoin('districts as d', 'd.code', 'p.district_code')
    .innerJoin('regions as r', 'r.code', 'p.region_code')
    .select(['p.id', 'p.family_id', 'p.surname', 'p.given_name', 'p.patronymic', 'p.sex', 'p.birth_year', 'p.whereabouts_country'])
    .select(sql<string | null>`p.birth_date::text`.as('birth_date'))
    .select(['p.district_code', 'd.name_uz_latn', 'd.name_uz_cyrl', 'd.name_ru', 'd.name_en', 'd.name_kaa'])
    .select(['r.name_uz_latn as region_uz_latn', 'r.name_uz_cyrl as region_uz_cyrl', 'r.name_ru as region_ru'])
    .where('p.merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('p.surname_key', 'in', surnameKeys), eb('p.given_name_key', '=', nameKey(sought.givenName))]),
        sql<boolean>`${searchKey} <% p.search_key`,
      ]),
    )
    .orderBy(sql`word_similarity(${searchKey}, p.search_key)`, 'desc')
    .orderBy('p.id')
    .limit(CANDIDATE_POOL)
    .execute();
}
export type CandidateRow = Awaited<ReturnType<typeof findCandidates>>[number];

/** The other members of these families, for the relatives named in a request. */
export async function familyMembers(db: Db | Tx, familyIds: readonly string[]) {
  if (familyIds.length === 0) return [];
  return db
    .selectFrom('persons')
    .select(['id', 'family_id', 'surname', 'given_name', 'sex'])
    .where('family_id', 'in', [...new Set(familyIds)])
    .where('merged_into', 'is', null)
    .execute();
}

export async function findPersonBrief(db: Db | Tx, id: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'family_id', 'surname', 'given_name', 'birth_year', 'organisation_id', 'district_code', 'merged_into'])
    .where('id', '=', id)
    .executeTakeFirst();
}
