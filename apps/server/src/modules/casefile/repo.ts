import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/**
 * What the printed case file shows, read in the transaction that records the read: the family and its
 * members, the case's assessments, its plan in force (or latest), its referrals and its contacts.
 */

type NameColumn = 'name_uz_latn' | 'name_uz_cyrl' | 'name_ru' | 'name_en' | 'name_kaa';

export async function familyOf(db: Db | Tx, familyId: string, nameColumn: NameColumn) {
  const name = (table: string) => sql<string | null>`coalesce(${sql.ref(`${table}.${nameColumn}`)}, ${sql.ref(`${table}.name_uz_latn`)})`;
  return db
    .selectFrom('families')
    .innerJoin('districts', 'districts.code', 'families.district_code')
    .leftJoin('mahallas', 'mahallas.code', 'families.mahalla_code')
    .select([
      'families.address',
      'families.phones',
      'families.identification_source',
      'families.social_register_category',
      name('districts').as('district_name'),
      name('mahallas').as('mahalla_name'),
    ])
    .where('families.id', '=', familyId)
    .executeTakeFirst();
}

export async function membersOf(db: Db | Tx, familyId: string) {
  return db
    .selectFrom('persons')
    .select([
      'id',
      'surname',
      'given_name',
      'patronymic',
      'birth_date',
      'birth_year',
      'sex',
      'relationship',
      'whereabouts_status',
      'whereabouts_country',
    ])
    .where('family_id', '=', familyId)
    .where('merged_into', 'is', null)
    .orderBy('birth_date')
    .orderBy('id')
    .execute();
}

export async function userNames(db: Db | Tx, ids: (string | null)[]) {
  const wanted = ids.filter((id): id is string => !!id);
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export async function assessmentsOf(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('assessments')
    .innerJoin('instruments', 'instruments.id', 'assessments.instrument_id')
    .select([
      'assessments.status',
      'assessments.computed_risk',
      'assessments.override_risk',
      'assessments.override_reason',
      'assessments.submitted_at',
      'assessments.approved_at',
      'assessments.created_at',
      'instruments.definition',
    ])
    .where('assessments.case_id', '=', caseId)
    .orderBy('assessments.created_at')
    .orderBy('assessments.id')
    .execute();
}

/** The plan in force (the latest approved), or else the latest revision, with its goals and actions. */
export async function planOf(db: Db | Tx, caseId: string) {
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'revision', 'status', 'summary', 'review_date', 'approved_at'])
    .where('case_id', '=', caseId)
    .where('status', '<>', 'superseded')
    .orderBy(sql`status = 'approved'`, 'desc')
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  if (!plan) return null;
  const [goals, actions] = await Promise.all([
    db.selectFrom('plan_goals').select(['id', 'title', 'target_date']).where('plan_id', '=', plan.id).orderBy('position').execute(),
    db
      .selectFrom('plan_actions')
      .leftJoin('organisations', 'organisations.id', 'plan_actions.organisation_id')
      .select([
        'plan_actions.goal_id',
        'plan_actions.what',
        'plan_actions.due_date',
        'plan_actions.status',
        'organisations.name as organisation_name',
      ])
      .where('plan_actions.plan_id', '=', plan.id)
      .orderBy('plan_actions.position')
      .execute(),
  ]);
  return { ...plan, goals: goals.map((goal) => ({ ...goal, actions: actions.filter((action) => action.goal_id === goal.id) })) };
}

export async function referralsOf(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('referrals')
    .innerJoin('organisations', 'organisations.id', 'referrals.to_organisation_id')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .select([
      'organisations.name as to_name',
      'services.name as service_name',
      'referrals.reason',
      'referrals.urgency',
      'referrals.status',
      'referrals.sent_at',
      'referrals.outcome',
      'referrals.decline_reason',
    ])
    .where('referrals.case_id', '=', caseId)
    .orderBy('referrals.sent_at')
    .orderBy('referrals.id')
    .execute();
}

export async function contactsOf(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('contacts')
    .select(['date', 'kind', 'text', 'participants'])
    .where('case_id', '=', caseId)
    .orderBy('date')
    .orderBy('id')
    .execute();
}
