import type { DueClass, Reach } from '@hamkor/domain';
import { dueBounds, startOfTashkentDay, worksCases } from '@hamkor/domain';
import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseInReach } from '../../db/reach.ts';
import type { TasksTable } from '../../db/schema.ts';
import { bumpVersioned, updateVersioned } from '../../db/versioned.ts';

export type TaskRow = Selectable<TasksTable>;
export type TaskValues = Insertable<TasksTable>;
export type TaskChanges = Partial<Omit<TaskValues, 'id' | 'case_id' | 'version' | 'created_at' | 'created_by'>>;

/** The moment a task is due by, to order day-tasks and moment-tasks together: a day's start in Tashkent. */
export function dueSort(due: { dueDate?: string | null; dueAt?: string | Date | null }): Date {
  if (due.dueAt) return new Date(due.dueAt);
  if (due.dueDate) return startOfTashkentDay(due.dueDate);
  throw new RangeError('A task needs a due date or moment');
}

export async function insertTask(trx: Tx, values: TaskValues): Promise<TaskRow> {
  return trx.insertInto('tasks').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findTask(db: Db | Tx, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTask(trx: Tx, id: string, expectedVersion: number, changes: TaskChanges): Promise<TaskRow | undefined> {
  return updateVersioned(trx, 'tasks', id, expectedVersion, changes);
}

/** The case's open deadline tasks of this kind are done: what they asked for has happened (a contact, a submission). */
export async function completeDeadlineTasks(trx: Tx, caseId: string, deadline: 'first_contact' | 'assessment_due', actorId: string | null) {
  return bumpVersioned(
    trx,
    'tasks',
    (eb) => eb.and([eb('case_id', '=', caseId), eb('deadline', '=', deadline), eb('status', '=', 'open')]),
    { status: 'done', completed_at: new Date(), updated_by: actorId },
  );
}

/** Every open task of a closed case is cancelled, saying why, so that none turns overdue on a closed case. */
export async function cancelOpenTasks(trx: Tx, caseId: string, reason: 'case_closed', actorId: string | null) {
  return bumpVersioned(trx, 'tasks', (eb) => eb.and([eb('case_id', '=', caseId), eb('status', '=', 'open')]), {
    status: 'cancelled',
    cancel_reason: reason,
    completed_at: new Date(),
    updated_by: actorId,
  });
}

/** A case's open tasks follow its worker when it is reassigned. */
export async function reassignOpenTasks(trx: Tx, caseId: string, from: string | null, to: string, actorId: string): Promise<void> {
  await bumpVersioned(
    trx,
    'tasks',
    (eb) =>
      eb.and([
        eb('case_id', '=', caseId),
        eb('status', '=', 'open'),
        from ? eb.or([eb('assignee_id', '=', from), eb('assignee_id', 'is', null)]) : eb('assignee_id', 'is', null),
      ]),
    { assignee_id: to, updated_by: actorId },
  );
}

export type TasksQuery = {
  filter: Reach;
  caseId?: string;
  assigneeId?: string;
  status?: string;
  due?: DueClass;
  now: Date;
  after?: { dueSort: string; id: string };
  limit: number;
};

/** Tasks on cases the caller may see, soonest due first; `due` selects what `classifyDue` would call it. */
export async function listTasks(db: Db | Tx, query: TasksQuery) {
  const bounds = dueBounds(query.now);
  const now = new Date(bounds.now);
  const endOfToday = new Date(bounds.endOfToday);
  return db
    .selectFrom('tasks')
    .innerJoin('cases', 'cases.id', 'tasks.case_id')
    .selectAll('tasks')
    .select('cases.number as case_number')
    .where(caseInReach(query.filter))
    .$if(!!query.caseId, (qb) => qb.where('tasks.case_id', '=', query.caseId as string))
    .$if(!!query.assigneeId, (qb) => qb.where('tasks.assignee_id', '=', query.assigneeId as string))
    .$if(!!query.status, (qb) => qb.where('tasks.status', '=', query.status as string))
    .$if(query.due === 'overdue', (qb) => qb.where((eb) => eb.or([eb('tasks.due_date', '<', bounds.today), eb('tasks.due_at', '<=', now)])))
    .$if(query.due === 'today', (qb) =>
      qb.where((eb) =>
        eb.or([eb('tasks.due_date', '=', bounds.today), eb.and([eb('tasks.due_at', '>', now), eb('tasks.due_at', '<', endOfToday)])]),
      ),
    )
    .$if(query.due === 'upcoming', (qb) =>
      qb.where((eb) => eb.or([eb('tasks.due_date', '>', bounds.today), eb('tasks.due_at', '>=', endOfToday)])),
    )
    .$if(!!query.after, (qb) =>
      qb.where((eb) =>
        eb(eb.refTuple('tasks.due_sort', 'tasks.id'), '>', eb.tuple(new Date(query.after?.dueSort ?? 0), query.after?.id ?? '')),
      ),
    )
    .orderBy('tasks.due_sort')
    .orderBy('tasks.id')
    .limit(query.limit + 1)
    .execute();
}

/** Whether a user may be given a case's tasks: an active member of the case's organisation who works cases. */
export async function isCaseStaffOf(db: Db | Tx, userId: string, organisationId: string): Promise<boolean> {
  const user = await db
    .selectFrom('users')
    .select('roles')
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .executeTakeFirst();
  return !!user && worksCases(user);
}
