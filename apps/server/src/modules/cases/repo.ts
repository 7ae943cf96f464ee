import type { CaseEventKind, CaseStatus, ClosureReason, OpenStatus, Reach, RiskLevel, schemas, Urgency } from '@hamkor/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseInReach } from '../../db/reach.ts';
import type { CasesTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { newId } from '../../lib/ids.ts';
import { likeStartingWith } from '../../lib/like.ts';

export type CaseValues = Insertable<CasesTable>;
/** A case with what the policy needs besides its own columns: who supervises its worker, and who it is shared with. */
export type CaseRow = Selectable<CasesTable> & { assignee_supervisor_id: string | null; shared_with: string[] };
export type CaseChanges = Partial<Omit<CaseValues, 'id' | 'number' | 'version' | 'created_at' | 'created_by'>>;

export function toCase(row: Selectable<CasesTable>) {
  return {
    id: row.id,
    number: row.number,
    familyId: row.family_id,
    focusPersonIds: row.focus_person_ids,
    organisationId: row.organisation_id,
    regionCode: row.region_code,
    districtCode: row.district_code,
    status: row.status as CaseStatus,
    statusBeforeClosing: row.status_before_closing as OpenStatus | null,
    riskLevel: row.risk_level as RiskLevel | null,
    urgency: row.urgency as Urgency,
    identificationSource: row.identification_source as schemas.IdentificationSource,
    reason: row.reason,
    assignedUserId: row.assigned_user_id,
    supervisorId: row.supervisor_id,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    closureReason: row.closure_reason as ClosureReason | null,
    closureOutcome: row.closure_outcome,
    reopenReason: row.reopen_reason,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

function selectCase(db: Db | Tx) {
  return db
    .selectFrom('cases')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assigned_user_id')
    .selectAll('cases')
    .select((eb) => [
      'assignee.supervisor_id as assignee_supervisor_id',
      eb.fn
        .coalesce(
          eb
            .selectFrom('case_shares')
            .select(sql<string[]>`array_agg(case_shares.user_id)`.as('ids'))
            .whereRef('case_shares.case_id', '=', 'cases.id'),
          sql<string[]>`'{}'::uuid[]`,
        )
        .as('shared_with'),
    ]);
}

export async function findCase(db: Db | Tx, id: string): Promise<CaseRow | undefined> {
  return selectCase(db).where('cases.id', '=', id).executeTakeFirst();
}

export async function findCases(db: Db | Tx, ids: readonly string[]): Promise<CaseRow[]> {
  return ids.length
    ? selectCase(db)
        .where('cases.id', 'in', [...ids])
        .execute()
    : [];
}

/** The case, locked until the transaction ends: a write decides on the state it will change. */
export async function lockCase(trx: Tx, id: string): Promise<CaseRow | undefined> {
  return selectCase(trx).where('cases.id', '=', id).forUpdate('cases').executeTakeFirst();
}

export async function insertCase(trx: Tx, values: CaseValues) {
  return trx.insertInto('cases').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateCase(trx: Tx, id: string, expectedVersion: number, changes: CaseChanges) {
  return updateVersioned(trx, 'cases', id, expectedVersion, changes);
}

/**
 * The next sequence number of a district and year, and the district's letters. The row stays locked
 * until the transaction commits, so numbers are issued one at a time and never twice.
 */
export async function takeCaseSequence(
  trx: Tx,
  key: { districtCode: string; regionCode: string; year: number; abbreviation: string },
): Promise<{ sequence: number; abbreviation: string }> {
  const row = await trx
    .insertInto('case_number_sequences')
    .values({
      district_code: key.districtCode,
      region_code: key.regionCode,
      year: key.year,
      abbreviation: key.abbreviation,
      last_value: 1,
    })
    .onConflict((oc) =>
      oc.columns(['district_code', 'year']).doUpdateSet((eb) => ({ last_value: eb('case_number_sequences.last_value', '+', 1) })),
    )
    .returning(['last_value', 'abbreviation'])
    .executeTakeFirstOrThrow();
  return { sequence: row.last_value, abbreviation: row.abbreviation };
}

/** Every district's name, and the letters already used in numbers, for `districtAbbreviations`. */
export async function districtNames(db: Db | Tx) {
  const [districts, inUse] = await Promise.all([
    db.selectFrom('districts').select(['code', 'region_code', 'name_uz_latn']).execute(),
    db.selectFrom('case_number_sequences').select(['district_code', 'abbreviation']).distinct().execute(),
  ]);
  return {
    districts: districts.map((d) => ({ code: d.code, regionCode: d.region_code, nameUzLatn: d.name_uz_latn })),
    inUse: new Map(inUse.map((row) => [row.district_code, row.abbreviation])),
  };
}

export type CaseEventInput = {
  caseId: string;
  regionCode: string;
  /** One of the domain's kinds: each has a label on the timeline in every language. */
  kind: CaseEventKind;
  actorId: string | null;
  details?: Record<string, unknown>;
  at?: Date;
};

/** A line of the case's timeline: codes and ids only, never personal data. */
export async function recordCaseEvent(trx: Tx, event: CaseEventInput): Promise<void> {
  await trx
    .insertInto('case_events')
    .values({
      id: newId(),
      case_id: event.caseId,
      region_code: event.regionCode,
      kind: event.kind,
      actor_id: event.actorId,
      at: event.at ?? new Date(),
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

export async function listCaseEvents(db: Db | Tx, caseId: string, query: { before?: { at: string; id: string }; limit: number }) {
  return (
    db
      .selectFrom('case_events')
      .leftJoin('users', 'users.id', 'case_events.actor_id')
      // Referral events name the receiving organisation (not personal data) by id; the timeline shows its name.
      .leftJoin('organisations', (join) => join.on(sql<boolean>`organisations.id::text = case_events.details->>'toOrganisationId'`))
      .select([
        'case_events.id',
        'case_events.kind',
        'case_events.at',
        'case_events.actor_id',
        'case_events.details',
        'users.display_name',
        'organisations.name as organisation_name',
      ])
      .where('case_events.case_id', '=', caseId)
      .$if(!!query.before, (qb) =>
        qb.where((eb) =>
          eb(eb.refTuple('case_events.at', 'case_events.id'), '<', eb.tuple(new Date(query.before?.at ?? 0), query.before?.id ?? '')),
        ),
      )
      .orderBy('case_events.at', 'desc')
      .orderBy('case_events.id', 'desc')
      .limit(query.limit + 1)
      .execute()
  );
}

/** Whether the latest request of each approval kind was approved: the facts the state machine's gates ask for. */
export async function approvedKinds(db: Db | Tx, caseId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('approvals')
    .select(['kind', 'status'])
    .distinctOn('kind')
    .where('case_id', '=', caseId)
    // A readiness assessment's decision (of one child's return) is not the family assessment the gates wait for.
    .where(sql<string>`payload->>'readiness'`, 'is', null)
    .orderBy('kind')
    .orderBy('requested_at', 'desc')
    .execute();
  return new Set(rows.filter((row) => row.status === 'approved').map((row) => row.kind));
}

export async function approvalGatesOn(db: Db | Tx, organisationId: string): Promise<boolean> {
  const org = await db.selectFrom('organisations').select('approval_gates').where('id', '=', organisationId).executeTakeFirst();
  return org?.approval_gates ?? true;
}

export type CaseloadQuery = {
  filter: Reach;
  assigneeId?: string;
  familyId?: string;
  status?: string;
  risk?: string;
  number?: string;
  numberPrefix?: string;
  nameKey?: string;
  beforeId?: string;
  today: string;
  now: Date;
  limit: number;
};

/**
 * The caller's visible cases, newest first, with the family head's name and the open and overdue task counts:
 * only the columns the list shows, not the whole case (a page of fifty rows is read and converted on every visit).
 */
export async function listCaseload(db: Db | Tx, query: CaseloadQuery) {
  return db
    .selectFrom('cases')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assigned_user_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.status',
      'cases.risk_level',
      'cases.urgency',
      'cases.family_id',
      'cases.assigned_user_id',
      'cases.supervisor_id',
      'cases.opened_at',
      'cases.version',
    ])
    .select((eb) => [
      'assignee.display_name as assignee_name',
      eb
        .selectFrom('persons')
        .select(sql<string>`concat_ws(' ', surname, given_name, patronymic)`.as('name'))
        .whereRef('persons.family_id', '=', 'cases.family_id')
        .where('persons.relationship', '=', 'head')
        .where('persons.merged_into', 'is', null)
        .orderBy('persons.id')
        .limit(1)
        .as('family_head_name'),
      eb
        .selectFrom('tasks')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('tasks.case_id', '=', 'cases.id')
        .where('tasks.status', '=', 'open')
        .as('open_tasks'),
      eb
        .selectFrom('tasks')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('tasks.case_id', '=', 'cases.id')
        .where('tasks.status', '=', 'open')
        .where((t) => t.or([t('tasks.due_date', '<', query.today), t('tasks.due_at', '<=', query.now)]))
        .as('overdue_tasks'),
    ])
    .where(caseInReach(query.filter))
    .$if(!!query.assigneeId, (qb) => qb.where('cases.assigned_user_id', '=', query.assigneeId as string))
    .$if(!!query.familyId, (qb) => qb.where('cases.family_id', '=', query.familyId as string))
    .$if(!!query.status, (qb) => qb.where('cases.status', '=', query.status as string))
    .$if(!!query.risk, (qb) => qb.where('cases.risk_level', '=', query.risk as string))
    .$if(!!query.number, (qb) => qb.where('cases.number', '=', query.number as string))
    .$if(!!query.numberPrefix, (qb) => qb.where('cases.number', 'like', likeStartingWith(query.numberPrefix as string)))
    .$if(!!query.nameKey, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('persons')
            .select(sql`1`.as('one'))
            .whereRef('persons.family_id', '=', 'cases.family_id')
            .where('persons.merged_into', 'is', null)
            .where(sql<boolean>`word_similarity(${query.nameKey}, persons.search_key) >= 0.5`),
        ),
      ),
    )
    .$if(!!query.beforeId, (qb) => qb.where('cases.id', '<', query.beforeId as string))
    .orderBy('cases.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/** Names of the people a case reply mentions: its worker, supervisor and the family head. */
export async function caseNames(db: Db | Tx, row: Selectable<CasesTable>) {
  const userIds = [row.assigned_user_id, row.supervisor_id].filter((id): id is string => !!id);
  const [users, head] = await Promise.all([
    userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : Promise.resolve([]),
    db
      .selectFrom('persons')
      .select(['id', 'surname', 'given_name', 'patronymic'])
      .where('family_id', '=', row.family_id)
      .where('relationship', '=', 'head')
      .where('merged_into', 'is', null)
      .orderBy('id')
      .executeTakeFirst(),
  ]);
  const user = (id: string | null) => {
    const found = users.find((u) => u.id === id);
    return found ? { id: found.id, displayName: found.display_name } : null;
  };
  return {
    assignee: user(row.assigned_user_id),
    supervisor: user(row.supervisor_id),
    familyHead: head ? { id: head.id, surname: head.surname, givenName: head.given_name, patronymic: head.patronymic } : null,
  };
}

export async function familyMemberIds(db: Db | Tx, familyId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('persons').select('id').where('family_id', '=', familyId).where('merged_into', 'is', null).execute();
  return new Set(rows.map((row) => row.id));
}

export async function pendingApprovalOf(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('approvals')
    .select(['id', 'kind', 'assigned_to', 'requested_by', 'requested_at', 'payload'])
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .orderBy('requested_at', 'desc')
    .executeTakeFirst();
}
