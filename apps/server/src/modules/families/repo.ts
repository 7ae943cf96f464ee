import type { Reach, schemas } from '@hamkor/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { inReachSql, type ReachColumns } from '../../db/reach.ts';
import type { FamiliesTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type FamilyRow = Selectable<FamiliesTable>;
export type FamilyValues = Insertable<FamiliesTable>;

export function toFamily(row: FamilyRow) {
  return {
    id: row.id,
    regionCode: row.region_code,
    districtCode: row.district_code,
    mahallaCode: row.mahalla_code,
    organisationId: row.organisation_id,
    address: row.address,
    phone: row.phones[0] ?? null,
    phones: row.phones,
    identificationSource: row.identification_source as schemas.IdentificationSource,
    socialRegisterCategory: row.social_register_category as (typeof schemas.SOCIAL_REGISTER_CATEGORIES)[number] | null,
    livingConditions: row.living_conditions as schemas.LivingConditions | null,
    notes: row.notes,
    importId: row.import_id,
    mergedInto: row.merged_into,
    mergedAt: row.merged_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The family's main phone first, then the others, each once. */
export function phonesOf(input: { phone?: string | null; phones?: string[] }, current: readonly string[] = []): string[] {
  const others = input.phones ?? current.slice(input.phone === undefined ? 0 : 1);
  return [...new Set([input.phone, ...others].filter((phone): phone is string => !!phone))];
}

/** The columns of a new family, owned and placed as given. */
export function familyValues(
  input: schemas.FamilyCreate | schemas.FamilyFields,
  placement: { familyId: string; regionCode: string; districtCode: string; organisationId: string },
): Omit<FamilyValues, 'created_by' | 'updated_by'> {
  return {
    id: placement.familyId,
    region_code: placement.regionCode,
    district_code: placement.districtCode,
    mahalla_code: input.mahallaCode ?? null,
    organisation_id: placement.organisationId,
    address: input.address,
    phones: phonesOf(input),
    identification_source: input.identificationSource,
    social_register_category: input.socialRegisterCategory ?? null,
    living_conditions: input.livingConditions ? JSON.stringify(input.livingConditions) : null,
    notes: input.notes ?? null,
  };
}

/** The columns a change touches, besides the place (district, region, mahalla) which the service settles. */
export function familyChanges(input: schemas.FamilyUpdate, current: FamilyRow) {
  return {
    ...(input.address !== undefined && { address: input.address }),
    ...((input.phone !== undefined || input.phones !== undefined) && { phones: phonesOf(input, current.phones) }),
    ...(input.identificationSource !== undefined && { identification_source: input.identificationSource }),
    ...(input.socialRegisterCategory !== undefined && { social_register_category: input.socialRegisterCategory }),
    ...(input.livingConditions !== undefined && {
      living_conditions: input.livingConditions ? JSON.stringify(input.livingConditions) : null,
    }),
    ...(input.notes !== undefined && { notes: input.notes }),
  };
}

export async function findFamily(db: Db | Tx, id: string): Promise<FamilyRow | undefined> {
  return db.selectFrom('families').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The family, locked until the transaction ends: `update` for a write to it (or a merge of it), `share` for
 * a write that only relies on it (a case opened for it), so a merge cannot slip in between check and write.
 */
export async function lockFamily(trx: Tx, id: string, mode: 'update' | 'share'): Promise<FamilyRow | undefined> {
  const query = trx.selectFrom('families').selectAll().where('id', '=', id);
  return (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst();
}

export async function insertFamily(trx: Tx, values: FamilyValues): Promise<FamilyRow> {
  return trx.insertInto('families').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Several families in one statement per thousand, for registration and imports alike. */
export async function insertFamilies(trx: Tx, rows: FamilyValues[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000)
    await trx
      .insertInto('families')
      .values(rows.slice(start, start + 1000))
      .execute();
}

export async function updateFamily(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<FamilyValues, 'id' | 'version' | 'created_at' | 'created_by'>>,
): Promise<FamilyRow | undefined> {
  return updateVersioned(trx, 'families', id, expectedVersion, changes);
}

/** Where a family lies, for the policy's reach as SQL. */
export const FAMILY_COLUMNS: ReachColumns = {
  organisation: 'families.organisation_id',
  district: 'families.district_code',
  region: 'families.region_code',
  family: 'families.id',
};

export type MyFamiliesQuery = {
  userId: string;
  filter: Reach;
  before?: { at: string; id: string };
  limit: number;
};

/**
 * The families of the user's open cases (assigned or shared) and those they registered that have no case, within
 * the reach given, latest activity first. Activity is the latest change to the family, one of those cases or an
 * event on its timeline, to the millisecond so that a cursor (an ISO timestamp) finds its place again.
 */
export async function listMyFamilies(db: Db | Tx, query: MyFamiliesQuery) {
  // One indexed lookup per way a family is the user's (assigned, shared, registered), not one OR over all cases.
  const activity = sql`greatest(cases.updated_at, (SELECT max(at) FROM case_events WHERE case_events.case_id = cases.id))`;
  const mine = sql`
    SELECT cases.family_id, ${activity} AS at
      FROM cases
     WHERE cases.assigned_user_id = ${query.userId} AND cases.status <> 'closed'
    UNION ALL
    SELECT cases.family_id, ${activity}
      FROM case_shares JOIN cases ON cases.id = case_shares.case_id
     WHERE case_shares.user_id = ${query.userId} AND cases.status <> 'closed'
    UNION ALL
    SELECT families.id, families.updated_at
      FROM families
     WHERE families.created_by = ${query.userId} AND families.merged_into IS NULL
       AND NOT EXISTS (SELECT 1 FROM cases WHERE cases.family_id = families.id)`;
  return db
    .selectFrom(
      sql<{ id: string; last_activity: Date }>`(
        SELECT families.id, date_trunc('milliseconds', greatest(families.updated_at, max(mine.at))) AS last_activity
          FROM families JOIN (${mine}) AS mine ON mine.family_id = families.id
         WHERE families.merged_into IS NULL AND ${inReachSql(query.filter, FAMILY_COLUMNS)}
         GROUP BY families.id
      )`.as('listed'),
    )
    .innerJoin('families', 'families.id', 'listed.id')
    .select((eb) => [
      'families.id',
      'families.district_code',
      'families.mahalla_code',
      'families.address',
      'listed.last_activity',
      eb
        .selectFrom('persons')
        .select(sql<string>`concat_ws(' ', surname, given_name, patronymic)`.as('name'))
        .whereRef('persons.family_id', '=', 'families.id')
        .where('persons.relationship', '=', 'head')
        .where('persons.merged_into', 'is', null)
        .orderBy('persons.id')
        .limit(1)
        .as('head_name'),
      eb
        .selectFrom('persons')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('persons.family_id', '=', 'families.id')
        .where('persons.merged_into', 'is', null)
        .as('member_count'),
    ])
    .$if(!!query.before, (qb) =>
      qb.where(sql<boolean>`(listed.last_activity, listed.id) < (${query.before?.at}::timestamptz, ${query.before?.id}::uuid)`),
    )
    .orderBy('listed.last_activity', 'desc')
    .orderBy('listed.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/** The user's open cases (assigned or shared) of the families given, newest first. */
export async function myOpenCasesOf(db: Db | Tx, userId: string, familyIds: string[]) {
  if (!familyIds.length) return [];
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'family_id', 'status', 'risk_level', 'urgency'])
    .where('family_id', 'in', familyIds)
    .where('status', '<>', 'closed')
    .where((eb) =>
      eb.or([
        eb('assigned_user_id', '=', userId),
        eb('id', 'in', eb.selectFrom('case_shares').select('case_id').where('user_id', '=', userId)),
      ]),
    )
    .orderBy('opened_at', 'desc')
    .execute();
}
