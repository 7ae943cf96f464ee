import type { Reach } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseIdInReach } from '../../db/reach.ts';

/**
 * The SQL of the worker's and the supervisor's dashboards: counts over the cases a user works or
 * supervises, each in one grouped query, and short lists of what needs doing. Exported one by one so the
 * benchmark can time them.
 */

/** Bounds of "due": a day is overdue before today (Tashkent), a moment at or before now; today ends at endOfToday. */
export type DueBounds = { now: Date; today: string; endOfToday: Date };

const overdueTask = (b: DueBounds) => sql<boolean>`(tasks.due_date < ${b.today} OR tasks.due_at <= ${b.now})`;
const todayTask = (b: DueBounds) =>
  sql<boolean>`(tasks.due_date = ${b.today} OR (tasks.due_at > ${b.now} AND tasks.due_at < ${b.endOfToday}))`;

/** A worker's open cases (assigned to them) by status and by risk. */
export async function workerCaseload(db: Db | Tx, userId: string) {
  const { rows } = await sql<{ status: string; risk: string | null; count: number }>`
    SELECT cases.status, cases.risk_level AS risk, count(*)::int AS count
    FROM cases
    WHERE cases.assigned_user_id = ${userId} AND cases.status <> 'closed'
    GROUP BY 1, 2`.execute(db);
  return rows;
}

/** A worker's open tasks: how many are overdue, due today, upcoming. */
export async function workerTaskCounts(db: Db | Tx, userId: string, bounds: DueBounds) {
  const { rows } = await sql<{ overdue: number; today: number; total: number }>`
    SELECT count(*) FILTER (WHERE ${overdueTask(bounds)})::int AS overdue,
      count(*) FILTER (WHERE ${todayTask(bounds)})::int AS today,
      count(*)::int AS total
    FROM tasks
    WHERE tasks.assignee_id = ${userId} AND tasks.status = 'open'`.execute(db);
  const row = rows[0] ?? { overdue: 0, today: 0, total: 0 };
  return { overdue: row.overdue, today: row.today, upcoming: row.total - row.overdue - row.today };
}

/** A worker's next open tasks, soonest first. */
export async function workerNextTasks(db: Db | Tx, userId: string, limit: number) {
  return db
    .selectFrom('tasks')
    .innerJoin('cases', 'cases.id', 'tasks.case_id')
    .select(['tasks.id', 'tasks.title', 'tasks.deadline', 'tasks.case_id', 'cases.number as case_number', 'tasks.due_date', 'tasks.due_at'])
    .where('tasks.assignee_id', '=', userId)
    .where('tasks.status', '=', 'open')
    .orderBy('tasks.due_sort')
    .orderBy('tasks.id')
    .limit(limit)
    .execute();
}

/** Referrals sent from the worker's cases that the receiver has not answered yet, oldest first. */
export async function referralsAwaitingAnswer(db: Db | Tx, userId: string, limit: number) {
  const base = db
    .selectFrom('referrals')
    .innerJoin('cases', 'cases.id', 'referrals.case_id')
    .where('cases.assigned_user_id', '=', userId)
    .where('referrals.status', '=', 'sent');
  const [count, items] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst(),
    base
      .innerJoin('organisations', 'organisations.id', 'referrals.to_organisation_id')
      .select([
        'referrals.id',
        'referrals.case_id',
        'cases.number as case_number',
        'organisations.name as to_organisation_name',
        'referrals.sent_at',
        'referrals.urgency',
      ])
      .orderBy('referrals.sent_at')
      .orderBy('referrals.id')
      .limit(limit)
      .execute(),
  ]);
  return { count: Number(count?.count ?? 0), items };
}

/**
 * The team: the workers who answer to the supervisor (or, for an organisation admin, the organisation's
 * social workers), each with their open cases by risk and their overdue tasks.
 */
export async function teamCaseload(
  db: Db | Tx,
  team: { supervisorId: string } | { organisationId: string; roles: readonly string[] },
  bounds: DueBounds,
) {
  const members =
    'supervisorId' in team
      ? sql`users.supervisor_id = ${team.supervisorId}`
      : sql`users.organisation_id = ${team.organisationId} AND users.roles && ${sql.val([...team.roles])}::text[]`;
  const { rows } = await sql<{
    user_id: string;
    display_name: string;
    open: number;
    low: number;
    medium: number;
    high: number;
    critical: number;
    none: number;
    overdue_tasks: number;
  }>`
    WITH team AS (SELECT users.id, users.display_name FROM users WHERE ${members} AND users.active),
    caseload AS (
      SELECT cases.assigned_user_id AS user_id, count(*)::int AS open,
        count(*) FILTER (WHERE cases.risk_level = 'low')::int AS low,
        count(*) FILTER (WHERE cases.risk_level = 'medium')::int AS medium,
        count(*) FILTER (WHERE cases.risk_level = 'high')::int AS high,
        count(*) FILTER (WHERE cases.risk_level = 'critical')::int AS critical,
        count(*) FILTER (WHERE cases.risk_level IS NULL)::int AS none
      FROM cases WHERE cases.assigned_user_id IN (SELECT id FROM team) AND cases.status <> 'closed'
      GROUP BY 1
    ),
    overdue AS (
      SELECT tasks.assignee_id AS user_id, count(*)::int AS overdue_tasks
      FROM tasks WHERE tasks.assignee_id IN (SELECT id FROM team) AND tasks.status = 'open' AND ${overdueTask(bounds)}
      GROUP BY 1
    )
    SELECT team.id AS user_id, team.display_name,
      coalesce(caseload.open, 0) AS open, coalesce(caseload.low, 0) AS low, coalesce(caseload.medium, 0) AS medium,
      coalesce(caseload.high, 0) AS high, coalesce(caseload.critical, 0) AS critical, coalesce(caseload.none, 0) AS none,
      coalesce(overdue.overdue_tasks, 0) AS overdue_tasks
    FROM team LEFT JOIN caseload ON caseload.user_id = team.id LEFT JOIN overdue ON overdue.user_id = team.id
    ORDER BY team.display_name, team.id`.execute(db);
  return rows;
}

/**
 * Overdue work on the overseen cases: assessments (the assessment deadline task), plan actions and plan
 * reviews whose tasks are past due; counts of each and the oldest items.
 */
export async function overdueWork(db: Db | Tx, filter: Reach, bounds: DueBounds, limit: number) {
  const kind = sql<string>`CASE WHEN tasks.deadline = 'assessment_due' THEN 'assessment' WHEN tasks.source = 'plan_review' THEN 'review' ELSE 'plan' END`;
  const { rows } = await sql<{
    case_id: string;
    case_number: string;
    assignee_name: string | null;
    kind: 'assessment' | 'plan' | 'review';
    due_date: string;
    total: number;
  }>`
    SELECT tasks.case_id, cases.number AS case_number, users.display_name AS assignee_name, ${kind} AS kind,
      coalesce(tasks.due_date::text, to_char((tasks.due_at AT TIME ZONE 'UTC') + interval '5 hours', 'YYYY-MM-DD')) AS due_date,
      count(*) OVER (PARTITION BY ${kind})::int AS total
    FROM tasks
      JOIN cases ON cases.id = tasks.case_id
      LEFT JOIN users ON users.id = cases.assigned_user_id
    WHERE ${caseIdInReach(filter)} AND cases.status <> 'closed' AND tasks.status = 'open'
      AND (tasks.deadline = 'assessment_due' OR tasks.source IN ('plan_action', 'plan_review'))
      AND ${overdueTask(bounds)}
    ORDER BY tasks.due_sort, tasks.id
    LIMIT ${limit}`.execute(db);
  const counts = await sql<{ kind: string; count: number }>`
    SELECT ${kind} AS kind, count(*)::int AS count
    FROM tasks JOIN cases ON cases.id = tasks.case_id
    WHERE ${caseIdInReach(filter)} AND cases.status <> 'closed' AND tasks.status = 'open'
      AND (tasks.deadline = 'assessment_due' OR tasks.source IN ('plan_action', 'plan_review'))
      AND ${overdueTask(bounds)}
    GROUP BY 1`.execute(db);
  return { items: rows, counts: new Map(counts.rows.map((row) => [row.kind, row.count])) };
}

/** Approvals waiting for this supervisor, by kind. */
export async function pendingApprovals(db: Db | Tx, userId: string) {
  return db
    .selectFrom('approvals')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
    .where('assigned_to', '=', userId)
    .where('status', '=', 'pending')
    .groupBy('kind')
    .execute();
}

/** High and critical open cases with no contact recorded since `since` (a day), opened before it; least recent first. */
export async function casesWithoutContact(db: Db | Tx, filter: Reach, since: string, limit: number) {
  const { rows } = await sql<{
    case_id: string;
    case_number: string;
    assignee_name: string | null;
    risk_level: 'high' | 'critical';
    last_contact: string | null;
  }>`
    SELECT cases.id AS case_id, cases.number AS case_number, users.display_name AS assignee_name, cases.risk_level,
      last.date::text AS last_contact
    FROM cases
      LEFT JOIN users ON users.id = cases.assigned_user_id
      LEFT JOIN LATERAL (SELECT max(contacts.date) AS date FROM contacts WHERE contacts.case_id = cases.id) last ON true
    WHERE ${caseIdInReach(filter)} AND cases.status <> 'closed' AND cases.risk_level IN ('high', 'critical')
      AND cases.opened_at < ${since}::date AND (last.date IS NULL OR last.date < ${since}::date)
    ORDER BY last.date NULLS FIRST, cases.risk_level = 'critical' DESC, cases.id
    LIMIT ${limit}`.execute(db);
  return rows;
}
