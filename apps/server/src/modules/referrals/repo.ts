import { REFERRAL_INBOX_KEEPERS, type Reach } from '@hamkor/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseInReach, inReachSql } from '../../db/reach.ts';
import type { ReferralsTable } from '../../db/schema-plans.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type ReferralRow = Selectable<ReferralsTable> & {
  case_number: string;
  from_organisation_name: string;
  from_organisation_kind: string;
  to_organisation_name: string;
  to_organisation_kind: string;
  service_name: string | null;
  service_category: string | null;
} & Record<
    `${'from_organisation' | 'to_organisation' | 'service'}_${'name_uz_cyrl' | 'name_ru' | 'name_en' | 'name_kaa'}`,
    string | null
  > & {
    sent_by_name: string | null;
    handled_by_name: string | null;
    resent_as_id: string | null;
  };
export type ReferralChanges = Partial<Omit<Insertable<ReferralsTable>, 'id' | 'case_id' | 'version' | 'created_at'>>;

function selectReferral(db: Db | Tx) {
  return db
    .selectFrom('referrals')
    .innerJoin('cases', 'cases.id', 'referrals.case_id')
    .innerJoin('organisations as from_org', 'from_org.id', 'referrals.from_organisation_id')
    .innerJoin('organisations as to_org', 'to_org.id', 'referrals.to_organisation_id')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .leftJoin('users as sender', 'sender.id', 'referrals.sent_by')
    .leftJoin('users as handler', 'handler.id', 'referrals.handled_by')
    .selectAll('referrals')
    .select((eb) => [
      'cases.number as case_number',
      'from_org.name as from_organisation_name',
      'from_org.kind as from_organisation_kind',
      'to_org.name as to_organisation_name',
      'to_org.kind as to_organisation_kind',
      'services.name as service_name',
      'from_org.name_uz_cyrl as from_organisation_name_uz_cyrl',
      'from_org.name_ru as from_organisation_name_ru',
      'from_org.name_en as from_organisation_name_en',
      'from_org.name_kaa as from_organisation_name_kaa',
      'to_org.name_uz_cyrl as to_organisation_name_uz_cyrl',
      'to_org.name_ru as to_organisation_name_ru',
      'to_org.name_en as to_organisation_name_en',
      'to_org.name_kaa as to_organisation_name_kaa',
      'services.name_uz_cyrl as service_name_uz_cyrl',
      'services.name_ru as service_name_ru',
      'services.name_en as service_name_en',
      'services.name_kaa as service_name_kaa',
      'services.category as service_category',
      'sender.display_name as sent_by_name',
      'handler.display_name as handled_by_name',
      eb
        .selectFrom('referrals as resent')
        .select('resent.id')
        .whereRef('resent.resent_from_id', '=', 'referrals.id')
        .orderBy('resent.sent_at', 'desc')
        .limit(1)
        .as('resent_as_id'),
    ]);
}

export async function findReferral(db: Db | Tx, id: string): Promise<ReferralRow | undefined> {
  return selectReferral(db).where('referrals.id', '=', id).executeTakeFirst();
}

export async function findReferrals(db: Db | Tx, ids: readonly string[]): Promise<ReferralRow[]> {
  return ids.length
    ? selectReferral(db)
        .where('referrals.id', 'in', [...ids])
        .execute()
    : [];
}

export async function lockReferral(trx: Tx, id: string): Promise<void> {
  await trx.selectFrom('referrals').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertReferral(trx: Tx, values: Insertable<ReferralsTable>): Promise<void> {
  await trx.insertInto('referrals').values(values).execute();
}

export async function updateReferral(trx: Tx, id: string, expectedVersion: number, changes: ReferralChanges): Promise<boolean> {
  return !!(await updateVersioned(trx, 'referrals', id, expectedVersion, changes));
}

export type ReferralsListQuery = {
  box: 'inbox' | 'outbox';
  filter: Reach;
  status?: string;
  caseId?: string;
  overdue?: boolean;
  now: Date;
  beforeId?: string;
  limit: number;
};

/** The inbox's reach looks at the organisation a referral goes to. */
const INBOX_COLUMNS = { organisation: 'referrals.to_organisation_id' };

/** The inbox: referrals to the organisation. The outbox: referrals of the cases the reader may read. Newest first. */
export async function listReferrals(db: Db | Tx, query: ReferralsListQuery): Promise<ReferralRow[]> {
  let q = selectReferral(db)
    .orderBy('referrals.id', 'desc')
    .limit(query.limit + 1);
  q = q.where(query.box === 'inbox' ? inReachSql(query.filter, INBOX_COLUMNS) : caseInReach(query.filter));
  if (query.status) q = q.where('referrals.status', '=', query.status);
  if (query.caseId) q = q.where('referrals.case_id', '=', query.caseId);
  if (query.beforeId) q = q.where('referrals.id', '<', query.beforeId);
  if (query.overdue !== undefined) {
    // The moment the next answer is due (0037_open_referrals.sql, the domain's `referralDue`); none once final.
    const overdue = sql<boolean>`coalesce(
      referral_due_at(referrals.status, referrals.urgency, referrals.sent_at, referrals.accepted_at) < ${query.now}, false)`;
    q = q.where(query.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
  }
  return q.execute();
}

/** What the snapshot is taken from: the persons chosen (members of the case's family), and the family. */
export async function snapshotSources(db: Db | Tx, familyId: string, personIds: readonly string[]) {
  const [persons, family] = await Promise.all([
    personIds.length
      ? db
          .selectFrom('persons')
          .selectAll()
          .select([
            sql<string | null>`birth_date::text`.as('birth_date'),
            sql<string | null>`whereabouts_since::text`.as('whereabouts_since'),
          ])
          .where('family_id', '=', familyId)
          .where('id', 'in', [...personIds])
          .where('merged_into', 'is', null)
          .execute()
      : Promise.resolve([]),
    db.selectFrom('families').select(['address', 'phones']).where('id', '=', familyId).executeTakeFirstOrThrow(),
  ]);
  return { persons, family };
}

/** The family head: whom a referral is about when the case names no focus persons and the sender none. */
export async function familyHeadId(db: Db | Tx, familyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('family_id', '=', familyId)
    .where('merged_into', 'is', null)
    .orderBy(sql`relationship = 'head'`, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function activeOrganisation(db: Db | Tx, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', id).where('active', '=', true).executeTakeFirst();
}

export async function findServiceBrief(db: Db | Tx, id: string) {
  return db
    .selectFrom('services')
    .select(['id', 'organisation_id', 'category', 'focal_point_user_id', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The categories of the services an organisation offers now: what a consent by category must name to cover it. */
export async function organisationCategories(db: Db | Tx, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('services')
    .select('category')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('category')
    .execute();
  return rows.map((row) => row.category);
}

/** Persons named as the worker reads them, in the order asked. */
export async function personNames(db: Db | Tx, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('persons').select(['id', 'surname', 'given_name']).where('id', 'in', ids).execute();
  const names = new Map(rows.map((row) => [row.id, `${row.given_name} ${row.surname}`]));
  return ids.map((id) => names.get(id) ?? id);
}

export async function caseConsentRows(db: Db | Tx, caseId: string) {
  return db.selectFrom('consents').selectAll().where('case_id', '=', caseId).orderBy('date', 'desc').orderBy('id', 'desc').execute();
}

/** Who hears about a referral at the receiving organisation: the service's focal point, else its focal points and admins. */
export async function receivingUsers(db: Db | Tx, organisationId: string, focalPointId: string | null): Promise<string[]> {
  if (focalPointId) {
    const focal = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', focalPointId)
      .where('organisation_id', '=', organisationId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (focal) return [focal.id];
  }
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .where(sql<boolean>`roles && ${sql.val([...REFERRAL_INBOX_KEEPERS])}::text[]`)
    .execute();
  return rows.map((row) => row.id);
}

export async function findPlanAction(db: Db | Tx, id: string) {
  return db.selectFrom('plan_actions').select(['id', 'case_id']).where('id', '=', id).executeTakeFirst();
}
