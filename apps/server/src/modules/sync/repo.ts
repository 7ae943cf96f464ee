import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { SyncCommandResult, SyncConflictField } from '../../db/schema.ts';

/** The SQL of offline sync: commands recorded with their results, conflicts waiting for a choice, cursors. */

/**
 * `column = ANY(ids)` with the ids as one array parameter: a caseload's hundreds of ids would otherwise be as
 * many parameters, a statement text per caseload size, and a plan made for each list.
 */
const anyId = (column: string, ids: readonly string[]) => sql<boolean>`${sql.ref(column)} = ANY(${[...ids]}::uuid[])`;

export type CommandRecord = {
  userId: string;
  commandId: string;
  deviceId: string;
  type: string;
  entityId: string;
  baseVersion: number | null;
  hash: string;
  result: SyncCommandResult;
};

export function findCommand(db: Db | Tx, userId: string, commandId: string) {
  return db
    .selectFrom('sync_commands')
    .select(['request_hash', 'result'])
    .where('user_id', '=', userId)
    .where('command_id', '=', commandId)
    .executeTakeFirst();
}

/** False when the same command was recorded first by a twin request (which waited for it to commit). */
export async function insertCommand(trx: Tx, command: CommandRecord): Promise<boolean> {
  const inserted = await trx
    .insertInto('sync_commands')
    .values({
      user_id: command.userId,
      command_id: command.commandId,
      device_id: command.deviceId,
      type: command.type,
      entity_id: command.entityId,
      base_version: command.baseVersion,
      request_hash: command.hash,
      status: command.result.status,
      result: JSON.stringify(command.result),
    })
    .onConflict((oc) => oc.columns(['user_id', 'command_id']).doNothing())
    .returning('command_id')
    .executeTakeFirst();
  return !!inserted;
}

/** The latest applied, merged or resolved command of a user on a record from one base version. */
export function lastFromBase(db: Db | Tx, userId: string, entityId: string, baseVersion: number) {
  return db
    .selectFrom('sync_commands')
    .select(['status', sql<number | null>`(result->>'version')::int`.as('version')])
    .where('user_id', '=', userId)
    .where('entity_id', '=', entityId)
    .where('base_version', '=', baseVersion)
    .where('status', 'in', ['applied', 'merged', 'resolved'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertConflict(
  trx: Tx,
  conflict: {
    id: string;
    userId: string;
    commandId: string;
    type: string;
    entityType: string;
    entityId: string;
    payload: Record<string, unknown>;
    fields: SyncConflictField[];
    theirVersion: number | null;
  },
): Promise<void> {
  await trx
    .insertInto('sync_conflicts')
    .values({
      id: conflict.id,
      user_id: conflict.userId,
      command_id: conflict.commandId,
      type: conflict.type,
      entity_type: conflict.entityType,
      entity_id: conflict.entityId,
      payload: JSON.stringify(conflict.payload),
      fields: JSON.stringify(conflict.fields),
      their_version: conflict.theirVersion,
    })
    .execute();
}

export function openConflicts(db: Db | Tx, userId: string) {
  return db
    .selectFrom('sync_conflicts')
    .select(['id', 'command_id', 'type', 'entity_type', 'entity_id', 'fields', 'created_at'])
    .where('user_id', '=', userId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .limit(500)
    .execute();
}

export function lockConflict(trx: Tx, id: string, userId: string) {
  return trx.selectFrom('sync_conflicts').selectAll().where('id', '=', id).where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

/** The conflict is settled, and its command is answered from now on with what the choice made. */
export async function markResolved(trx: Tx, id: string, userId: string, commandId: string, result: SyncCommandResult): Promise<void> {
  await trx.updateTable('sync_conflicts').set({ status: 'resolved', resolved_at: new Date() }).where('id', '=', id).execute();
  await trx
    .updateTable('sync_commands')
    .set({ status: 'resolved', result: JSON.stringify(result) })
    .where('user_id', '=', userId)
    .where('command_id', '=', commandId)
    .execute();
}

export async function refreshConflict(
  db: Db | Tx,
  userId: string,
  changed: { id: string; fields: SyncConflictField[]; theirVersion: number | null },
): Promise<void> {
  await db
    .updateTable('sync_conflicts')
    .set({ fields: JSON.stringify(changed.fields), their_version: changed.theirVersion })
    .where('id', '=', changed.id)
    .where('user_id', '=', userId)
    .execute();
}

/** A case waiting for its closure to be approved is still the worker's: visits go on until it closes. */
export function casesKeptBy(trx: Tx, userId: string) {
  return trx
    .selectFrom('cases')
    .select(['id', 'version', 'family_id', 'district_code'])
    .where('assigned_user_id', '=', userId)
    .where('status', '<>', 'closed')
    .execute();
}

export function instrumentIds(trx: Tx) {
  return trx.selectFrom('instruments').select(['id']).execute();
}

/**
 * The versions of what comes with those cases, in one round of queries: a family's with its members', the
 * screening, the latest assessment, the latest plan's with its actions', open tasks, consents and referrals.
 */
export function versionsOf(trx: Tx, caseIds: string[], familyIds: string[]) {
  return Promise.all([
    trx
      .selectFrom('families as f')
      .leftJoin('persons as p', 'p.family_id', 'f.id')
      .select(['f.id', 'f.version', sql<string>`coalesce(sum(p.version), 0) || '.' || count(p.id)`.as('members')])
      .where(anyId('f.id', familyIds))
      .groupBy(['f.id', 'f.version'])
      .execute(),
    trx.selectFrom('case_screenings').select(['case_id', 'version']).where(anyId('case_id', caseIds)).execute(),
    trx
      .selectFrom('assessments')
      .select(['id', 'version', 'case_id'])
      .distinctOn('case_id')
      .where(anyId('case_id', caseIds))
      // The family assessment is what the device carries; a readiness assessment is made online.
      .where('child_id', 'is', null)
      .orderBy('case_id')
      .orderBy('created_at', 'desc')
      .execute(),
    trx
      .selectFrom('plans as p')
      .select([
        'p.id',
        'p.version',
        'p.case_id',
        sql<string>`(select coalesce(sum(a.version), 0) || '.' || count(*) from plan_actions a where a.plan_id = p.id)`.as('actions'),
      ])
      .distinctOn('p.case_id')
      .where(anyId('p.case_id', caseIds))
      .orderBy('p.case_id')
      .orderBy('p.created_at', 'desc')
      .execute(),
    trx.selectFrom('tasks').select(['id', 'version']).where(anyId('case_id', caseIds)).where('status', '=', 'open').execute(),
    trx.selectFrom('consents').select(['id', 'version']).where(anyId('case_id', caseIds)).execute(),
    trx.selectFrom('referrals').select(['id', 'version']).where(anyId('case_id', caseIds)).execute(),
  ]);
}

/** Tasks with their case's number, of the cases assigned to the user only. */
export function tasksOfCasesKeptBy(trx: Tx, taskIds: string[], userId: string) {
  return trx
    .selectFrom('tasks')
    .innerJoin('cases', 'cases.id', 'tasks.case_id')
    .selectAll('tasks')
    .select('cases.number as case_number')
    .where(anyId('tasks.id', taskIds))
    .where('cases.assigned_user_id', '=', userId)
    .execute();
}

/*
 * The records of a page of the offline set, each kind in one statement for all the ids of the page. Each selects
 * what the per-record read of its module selects, so the replies are built by the same functions.
 */

export function familiesByIds(trx: Tx, ids: readonly string[]) {
  return ids.length
    ? trx
        .selectFrom('families')
        .selectAll()
        .where(anyId('id', [...ids]))
        .execute()
    : Promise.resolve([]);
}

/** The members of the families, each family's in the order of `listMembers`. */
export function membersOf(trx: Tx, familyIds: readonly string[]) {
  if (!familyIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('persons')
    .selectAll()
    .where(anyId('family_id', [...familyIds]))
    .where('merged_into', 'is', null)
    .orderBy('family_id')
    .orderBy(sql`birth_year NULLS LAST`)
    .orderBy('id')
    .execute();
}

/** The names a case reply mentions, for many cases: their workers and supervisors, and each family's head. */
export function usersNamed(trx: Tx, ids: readonly string[]) {
  return ids.length
    ? trx
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where(anyId('id', [...ids]))
        .execute()
    : Promise.resolve([]);
}

export function familyHeads(trx: Tx, familyIds: readonly string[]) {
  if (!familyIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('persons')
    .select(['family_id', 'id', 'surname', 'given_name', 'patronymic'])
    .distinctOn('family_id')
    .where(anyId('family_id', [...familyIds]))
    .where('relationship', '=', 'head')
    .where('merged_into', 'is', null)
    .orderBy('family_id')
    .orderBy('id')
    .execute();
}

/** Each case's newest pending approval. */
export function pendingApprovals(trx: Tx, caseIds: readonly string[]) {
  if (!caseIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('approvals')
    .select(['case_id', 'id', 'kind', 'assigned_to', 'requested_by', 'requested_at', 'payload'])
    .distinctOn('case_id')
    .where(anyId('case_id', [...caseIds]))
    .where('status', '=', 'pending')
    .orderBy('case_id')
    .orderBy('requested_at', 'desc')
    .execute();
}

export function screeningsOf(trx: Tx, caseIds: readonly string[]) {
  return caseIds.length
    ? trx
        .selectFrom('case_screenings')
        .selectAll()
        .where(anyId('case_id', [...caseIds]))
        .execute()
    : Promise.resolve([]);
}

export function assessmentsByIds(trx: Tx, ids: readonly string[]) {
  return ids.length
    ? trx
        .selectFrom('assessments')
        .selectAll()
        .where(anyId('id', [...ids]))
        .execute()
    : Promise.resolve([]);
}

/** The comments of returned assessment approvals, newest decision first, as `returnComment` reads them one by one. */
export function returnComments(trx: Tx, assessments: readonly { id: string; case_id: string }[]) {
  if (!assessments.length) return Promise.resolve([]);
  return trx
    .selectFrom('approvals')
    .select(['case_id', sql<string>`payload->>'assessmentId'`.as('assessment_id'), 'comment'])
    .where(anyId('case_id', [...new Set(assessments.map((row) => row.case_id))]))
    .where('kind', '=', 'assessment')
    .where('status', '=', 'returned')
    .where(sql<boolean>`payload->>'assessmentId' = ANY(${assessments.map((row) => row.id)}::text[])`)
    .orderBy('decided_at', 'desc')
    .execute();
}

export function plansByIds(trx: Tx, ids: readonly string[]) {
  return ids.length
    ? trx
        .selectFrom('plans')
        .selectAll()
        .where(anyId('id', [...ids]))
        .execute()
    : Promise.resolve([]);
}

export function consentsByIds(trx: Tx, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return trx
    .selectFrom('consents')
    .selectAll()
    .select(sql<string>`consents.date::text`.as('date'))
    .where(anyId('id', [...ids]))
    .execute();
}

/** Saves what the device holds after an answer, and forgets the user's cursors older than `keepDays`. */
export async function saveCursor(trx: Tx, id: string, userId: string, tokens: Record<string, string>, keepDays: number): Promise<void> {
  await trx
    .insertInto('sync_cursors')
    .values({ id, user_id: userId, tokens: JSON.stringify(tokens) })
    .execute();
  await trx
    .deleteFrom('sync_cursors')
    .where('user_id', '=', userId)
    .where('created_at', '<', new Date(Date.now() - keepDays * 24 * 3600 * 1000))
    .execute();
}

export async function cursorTokens(db: Db | Tx, id: string, userId: string): Promise<Record<string, string> | undefined> {
  const row = await db.selectFrom('sync_cursors').select(['tokens']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row?.tokens;
}
