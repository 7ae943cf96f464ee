import { type Reach, reachesEverything } from '@hamkor/domain';
import { type Insertable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { inReachSql } from '../../db/reach.ts';
import { newId } from '../../lib/ids.ts';
import type { StaffTable, TrainingParticipantsTable } from './tables.ts';

/** Who counts as social service staff: those who work or supervise cases, and heads of centres. */
export const STAFF_ROLES = ['social_worker', 'supervisor', 'org_admin'] as const;
const staffRoles = sql`ARRAY[${sql.join(STAFF_ROLES.map((role) => sql`${role}`))}]::text[]`;

/**
 * Every account holder on an organisation's staff has a staff record: made here, once, for those who have
 * none yet (an account created before the workforce was recorded, or since).
 */
export async function ensureStaffRecords(trx: Tx, where: { organisationId?: string; userId?: string }): Promise<void> {
  const missing = await trx
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where(sql<boolean>`users.roles && ${staffRoles}`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('staff').select('staff.id').whereRef('staff.user_id', '=', 'users.id'))))
    .$if(!!where.organisationId, (q) => q.where('users.organisation_id', '=', where.organisationId ?? ''))
    .$if(!!where.userId, (q) => q.where('users.id', '=', where.userId ?? ''))
    .execute();
  if (!missing.length) return;
  await trx
    .insertInto('staff')
    .values(
      missing.map((user) => ({ id: newId(), user_id: user.id, organisation_id: user.organisation_id, display_name: user.display_name })),
    )
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

/** Staff records with what a profile shows; an account holder's name and organisation are their account's. */
export function selectStaff(db: Db | Tx) {
  return (
    db
      .selectFrom('staff')
      .leftJoin('users', 'users.id', 'staff.user_id')
      // An account holder's organisation is their account's (they may have moved since the record was made).
      .innerJoin('organisations', (join) =>
        join.on(sql<boolean>`organisations.id = coalesce(users.organisation_id, staff.organisation_id)`),
      )
      .select([
        'staff.id',
        'staff.user_id',
        'organisations.id as organisation_id',
        'organisations.name as organisation_name',
        'staff.position',
        'staff.degree_field',
        'staff.degree_institution',
        'staff.degree_year',
        'staff.diploma_number',
        'staff.languages',
        'staff.version',
      ])
      .select(sql<string>`coalesce(users.display_name, staff.display_name)`.as('display_name'))
      .select(sql<string | null>`staff.diploma_date::text`.as('diploma_date'))
      .select(
        sql<number>`(SELECT count(*)::int FROM cases WHERE cases.assigned_user_id = staff.user_id AND cases.status <> 'closed')`.as(
          'open_cases',
        ),
      )
      .select(
        sql<string | null>`(SELECT max(s.date)::text FROM supervision_workers w JOIN supervision_sessions s ON s.id = w.session_id
        WHERE w.user_id = staff.user_id)`.as('last_supervised'),
      )
      .where('staff.active', '=', true)
      .where((eb) => eb.or([eb('users.id', 'is', null), eb('users.active', '=', true)]))
  );
}
export type StaffRow = Awaited<ReturnType<ReturnType<typeof selectStaff>['executeTakeFirstOrThrow']>>;

/** A staff record by its account's id or its own (a trainee has no account). */
export function findStaff(db: Db | Tx, id: string) {
  return selectStaff(db)
    .where((eb) => eb.or([eb('staff.user_id', '=', id), eb('staff.id', '=', id)]))
    .executeTakeFirst();
}

export function listStaff(db: Db | Tx, filter: Reach) {
  return selectStaff(db)
    .where(inReachSql(filter, { organisation: 'organisations.id' }))
    .orderBy('organisations.name')
    .orderBy(sql`coalesce(users.display_name, staff.display_name)`)
    .limit(1000)
    .execute();
}

export async function insertStaff(trx: Tx, values: Insertable<StaffTable>) {
  await trx.insertInto('staff').values(values).execute();
}

/** The trainings each staff record took part in. */
export async function trainingRecords(db: Db | Tx, staffIds: readonly string[]) {
  if (!staffIds.length) return [];
  return db
    .selectFrom('training_participants as p')
    .innerJoin('training_events as e', 'e.id', 'p.event_id')
    .innerJoin('training_courses as c', 'c.id', 'e.course_id')
    .select(['p.staff_id', 'e.id as event_id', 'c.title', 'c.topics', 'p.attended', 'p.certificate_number'])
    .select(sql<string>`e.end_date::text`.as('end_date'))
    .select(sql<string | null>`p.certificate_expiry::text`.as('certificate_expiry'))
    .where('p.staff_id', 'in', [...staffIds])
    .orderBy('e.end_date', 'desc')
    .execute();
}

export function courses(db: Db | Tx) {
  return db.selectFrom('training_courses').select(['id', 'title', 'topics', 'hours', 'organiser']).orderBy('title').execute();
}

export function findCourse(db: Db | Tx, id: string) {
  return db.selectFrom('training_courses').select(['id', 'title', 'topics', 'hours', 'organiser']).where('id', '=', id).executeTakeFirst();
}

function selectEvents(db: Db | Tx) {
  return db
    .selectFrom('training_events as e')
    .innerJoin('training_courses as c', 'c.id', 'e.course_id')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select(['e.id', 'e.organisation_id', 'o.name as organisation_name', 'e.place', 'e.trainers'])
    .select(['c.id as course_id', 'c.title', 'c.topics', 'c.hours', 'c.organiser'])
    .select(sql<string>`e.start_date::text`.as('start_date'))
    .select(sql<string>`e.end_date::text`.as('end_date'));
}
export type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['executeTakeFirstOrThrow']>>;

export function findEvent(db: Db | Tx, id: string) {
  return selectEvents(db).where('e.id', '=', id).executeTakeFirst();
}

export function listEvents(db: Db | Tx, filter: Reach) {
  return selectEvents(db)
    .where(inReachSql(filter, { organisation: 'e.organisation_id' }))
    .orderBy('e.start_date', 'desc')
    .limit(200)
    .execute();
}

export function participants(db: Db | Tx, eventIds: readonly string[]) {
  if (!eventIds.length) return Promise.resolve([]);
  return db
    .selectFrom('training_participants as p')
    .innerJoin('staff', 'staff.id', 'p.staff_id')
    .leftJoin('users', 'users.id', 'staff.user_id')
    .innerJoin('organisations as o', 'o.id', 'staff.organisation_id')
    .select([
      'p.event_id',
      'p.staff_id',
      'p.attended',
      'p.pre_score',
      'p.post_score',
      'p.certificate_number',
      'o.name as organisation_name',
    ])
    .select(sql<string>`coalesce(users.display_name, staff.display_name)`.as('display_name'))
    .select(sql<string | null>`p.certificate_expiry::text`.as('certificate_expiry'))
    .where('p.event_id', 'in', [...eventIds])
    .orderBy(sql`coalesce(users.display_name, staff.display_name)`)
    .execute();
}

/** Adds participants; one already listed for the event is updated with the new attendance and scores. */
export async function upsertParticipants(trx: Tx, rows: Insertable<TrainingParticipantsTable>[]) {
  if (!rows.length) return;
  await trx
    .insertInto('training_participants')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['event_id', 'staff_id']).doUpdateSet((eb) => ({
        attended: eb.ref('excluded.attended'),
        pre_score: eb.ref('excluded.pre_score'),
        post_score: eb.ref('excluded.post_score'),
        certificate_number: eb.ref('excluded.certificate_number'),
        certificate_expiry: eb.ref('excluded.certificate_expiry'),
      })),
    )
    .execute();
}

/** Staff of an organisation by their name as written (case and spacing aside), for matching a sheet's rows. */
export async function staffByName(db: Db | Tx, organisationId: string) {
  const rows = await selectStaff(db).where('organisations.id', '=', organisationId).execute();
  const byName = new Map<string, string>();
  for (const row of rows) byName.set(nameKey(row.display_name), row.id);
  return byName;
}
export const nameKey = (name: string) => name.normalize('NFC').toLocaleLowerCase('uz').replace(/\s+/g, ' ').trim();

/** Supervision sessions the reader may see: those they were in, and for the head of an organisation its own. */
export function listSessions(db: Db | Tx, reader: { userId: string; organisationIds: readonly string[] }, workerId?: string) {
  return db
    .selectFrom('supervision_sessions as s')
    .innerJoin('users as sup', 'sup.id', 's.supervisor_id')
    .select(['s.id', 's.organisation_id', 's.supervisor_id', 'sup.display_name as supervisor_name', 's.minutes', 's.topics', 's.notes'])
    .select(sql<string>`s.date::text`.as('date'))
    .where((eb) =>
      eb.or([
        eb('s.supervisor_id', '=', reader.userId),
        eb.exists(
          eb
            .selectFrom('supervision_workers as w')
            .select('w.user_id')
            .whereRef('w.session_id', '=', 's.id')
            .where('w.user_id', '=', reader.userId),
        ),
        ...(reader.organisationIds.length ? [eb('s.organisation_id', 'in', [...reader.organisationIds])] : []),
      ]),
    )
    .$if(!!workerId, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('supervision_workers as w')
            .select('w.user_id')
            .whereRef('w.session_id', '=', 's.id')
            .where('w.user_id', '=', workerId ?? ''),
        ),
      ),
    )
    .orderBy('s.date', 'desc')
    .orderBy('s.id', 'desc')
    .limit(200)
    .execute();
}
export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

export async function sessionParts(db: Db | Tx, sessionIds: readonly string[]) {
  if (!sessionIds.length) return { workers: [], cases: [], actions: [] };
  const ids = [...sessionIds];
  const [workers, cases, actions] = await Promise.all([
    db
      .selectFrom('supervision_workers as w')
      .innerJoin('users', 'users.id', 'w.user_id')
      .select(['w.session_id', 'users.id', 'users.display_name'])
      .where('w.session_id', 'in', ids)
      .orderBy('users.display_name')
      .execute(),
    db
      .selectFrom('supervision_cases as sc')
      .innerJoin('cases', 'cases.id', 'sc.case_id')
      .select(['sc.session_id', 'cases.id', 'cases.number'])
      .where('sc.session_id', 'in', ids)
      .orderBy('cases.number')
      .execute(),
    db
      .selectFrom('supervision_actions as a')
      .leftJoin('users', 'users.id', 'a.assignee_id')
      .select(['a.id', 'a.session_id', 'a.title', 'a.assignee_id', 'users.display_name as assignee_name', 'a.case_id', 'a.task_id'])
      .select(sql<string | null>`a.due_date::text`.as('due_date'))
      .where('a.session_id', 'in', ids)
      .orderBy('a.id')
      .execute(),
  ]);
  return { workers, cases, actions };
}

export function findSession(db: Db | Tx, id: string) {
  return db
    .selectFrom('supervision_sessions as s')
    .innerJoin('users as sup', 'sup.id', 's.supervisor_id')
    .select(['s.id', 's.organisation_id', 's.supervisor_id', 'sup.display_name as supervisor_name', 's.minutes', 's.topics', 's.notes'])
    .select(sql<string>`s.date::text`.as('date'))
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** Active users of an organisation among the ids given, with their roles. */
export function usersOf(db: Db | Tx, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'roles', 'display_name'])
    .where('id', 'in', [...ids])
    .where('active', '=', true)
    .execute();
}

/** The case workers of an organisation with their open caseload and the topics they were trained in. */
export function caseWorkers(db: Db | Tx, organisationId: string) {
  return db
    .selectFrom('users')
    .leftJoin('staff', 'staff.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .select(
      sql<number>`(SELECT count(*)::int FROM cases WHERE cases.assigned_user_id = users.id AND cases.status <> 'closed')`.as('open_cases'),
    )
    .select(
      sql<string[]>`coalesce((SELECT array_agg(DISTINCT t) FROM training_participants p
        JOIN training_events e ON e.id = p.event_id JOIN training_courses c ON c.id = e.course_id, unnest(c.topics) t
        WHERE p.staff_id = staff.id AND p.attended), '{}')`.as('topics'),
    )
    .where('users.organisation_id', '=', organisationId)
    .where('users.active', '=', true)
    .where(sql<boolean>`'social_worker' = ANY(users.roles)`)
    .orderBy('users.display_name')
    .execute();
}

/** What about a case's family calls for particular training: a member with a disability, a member abroad. */
export async function caseNeeds(db: Db | Tx, familyId: string) {
  const row = await db
    .selectFrom('persons')
    .select(sql<boolean>`bool_or(disability_group IS NOT NULL)`.as('disability'))
    .select(sql<boolean>`bool_or(whereabouts_status = 'abroad')`.as('abroad'))
    .where('family_id', '=', familyId)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  return { disability: !!row?.disability, abroad: !!row?.abroad };
}

export const everything = (reach: Reach) => reachesEverything(reach);
