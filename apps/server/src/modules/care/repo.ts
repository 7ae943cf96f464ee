import type { CareArrangementOut, Reach } from '@hamkor/domain';
import { type Insertable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { inReachSql } from '../../db/reach.ts';
import type { CareArrangementsTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

const DATES = ['start_date', 'end_date'] as const;

/** An arrangement as read: its dates as 'YYYY-MM-DD' text, its organisation's name and whether its review still waits. */
export type ArrangementRow = {
  id: string;
  person_id: string;
  region_code: string;
  case_id: string | null;
  type: string;
  start_date: string;
  end_date: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  organisation_kind: string | null;
  authority: string;
  document_ref: string | null;
  change_reason: string;
  gatekeeping_approval_id: string | null;
  emergency: boolean;
  review_task_id: string | null;
  review_pending: boolean;
  outcome: string | null;
  version: number;
  created_at: Date;
};

function selectArrangements(db: Db | Tx) {
  return db
    .selectFrom('care_arrangements as ca')
    .leftJoin('organisations as o', 'o.id', 'ca.organisation_id')
    .leftJoin('tasks as review', 'review.id', 'ca.review_task_id')
    .select([
      'ca.id',
      'ca.person_id',
      'ca.region_code',
      'ca.case_id',
      'ca.type',
      'ca.organisation_id',
      'o.name as organisation_name',
      'o.kind as organisation_kind',
      'ca.authority',
      'ca.document_ref',
      'ca.change_reason',
      'ca.gatekeeping_approval_id',
      'ca.emergency',
      'ca.review_task_id',
      'ca.outcome',
      'ca.version',
      'ca.created_at',
    ])
    .select(sql<string>`ca.start_date::text`.as('start_date'))
    .select(sql<string | null>`ca.end_date::text`.as('end_date'))
    .select(sql<boolean>`coalesce(review.status = 'open', false)`.as('review_pending'));
}

export function toArrangement(row: ArrangementRow): CareArrangementOut {
  return {
    id: row.id,
    personId: row.person_id,
    caseId: row.case_id,
    type: row.type as CareArrangementOut['type'],
    startDate: row.start_date,
    endDate: row.end_date,
    current: row.end_date === null,
    organisation: row.organisation_id
      ? { id: row.organisation_id, name: row.organisation_name ?? '', kind: row.organisation_kind ?? '' }
      : null,
    authority: row.authority,
    documentRef: row.document_ref,
    changeReason: row.change_reason as CareArrangementOut['changeReason'],
    gatekeepingApprovalId: row.gatekeeping_approval_id,
    emergency: row.emergency,
    reviewTaskId: row.review_task_id,
    reviewPending: row.review_pending,
    outcome: row.outcome as CareArrangementOut['outcome'],
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

/** A child's arrangements, newest first. */
export async function listForPerson(db: Db | Tx, personId: string): Promise<ArrangementRow[]> {
  return selectArrangements(db).where('ca.person_id', '=', personId).orderBy('ca.start_date', 'desc').orderBy('ca.id', 'desc').execute();
}

export async function findArrangement(db: Db | Tx, id: string): Promise<ArrangementRow | undefined> {
  return selectArrangements(db).where('ca.id', '=', id).executeTakeFirst();
}

/** The organisation a child is placed with now, if any: what a residential organisation's reach looks at. */
export async function placedWith(db: Db | Tx, personId: string): Promise<string | null> {
  const row = await db
    .selectFrom('care_arrangements')
    .select('organisation_id')
    .where('person_id', '=', personId)
    .where('end_date', 'is', null)
    .executeTakeFirst();
  return row?.organisation_id ?? null;
}

/** The current arrangements of children within a reach (a residential organisation: those placed with it). */
export async function listCurrent(db: Db | Tx, filter: Reach, limit: number, familyId?: string) {
  return selectArrangements(db)
    .innerJoin('persons as p', 'p.id', 'ca.person_id')
    .select(['p.surname', 'p.given_name', 'p.patronymic'])
    .select(sql<string | null>`p.birth_date::text`.as('birth_date'))
    .where('ca.end_date', 'is', null)
    .where('ca.type', 'not in', ['parents'])
    .$if(!!familyId, (qb) => qb.where('p.family_id', '=', familyId as string))
    .where(
      inReachSql(filter, {
        organisation: 'p.organisation_id',
        district: 'p.district_code',
        region: 'p.region_code',
        person: 'p.id',
      }),
    )
    .orderBy('ca.start_date', 'desc')
    .orderBy('ca.id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertArrangement(trx: Tx, values: Insertable<CareArrangementsTable>): Promise<void> {
  await trx.insertInto('care_arrangements').values(values).execute();
}

export async function updateArrangement(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<Insertable<CareArrangementsTable>, 'id' | 'version'>>,
) {
  return updateVersioned(trx, 'care_arrangements', id, expectedVersion, changes, { dates: DATES });
}

/**
 * The gatekeeping decision a placement of this type for this child may rest on, not yet used by another: an
 * approved one proposing this type, or else an emergency request still waiting for its review.
 */
export async function usableGatekeeping(trx: Tx, personId: string, type: string) {
  const rows = await trx
    .selectFrom('approvals')
    .select(['id', 'case_id', 'status', 'payload'])
    .where('kind', '=', 'gatekeeping')
    .where(sql<boolean>`payload->>'childId' = ${personId}`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM care_arrangements WHERE gatekeeping_approval_id = approvals.id)`)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'approved'), eb(sql`payload->>'proposedType'`, '=', type)]),
        eb.and([eb('status', '=', 'pending'), eb(sql`payload->>'emergency'`, '=', 'true')]),
      ]),
    )
    .orderBy(sql`status = 'approved'`, 'desc')
    .orderBy('requested_at', 'desc')
    .execute();
  return rows[0] as { id: string; case_id: string; status: string; payload: Record<string, unknown> } | undefined;
}

/** The family's case a record goes on by default: its most recently opened case still open. */
export async function openCaseOfFamily(db: Db | Tx, familyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('family_id', '=', familyId)
    .where('status', '!=', 'closed')
    .orderBy('opened_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A case's gatekeeping requests with the child's name and the review task of an emergency placement, newest first. */
export async function gatekeepingOfCase(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('approvals')
    .leftJoin('persons as child', (join) => join.on(sql<boolean>`child.id::text = approvals.payload->>'childId'`))
    .leftJoin('tasks as review', (join) => join.on(sql<boolean>`review.id::text = approvals.payload->>'reviewTaskId'`))
    .select([
      'approvals.id',
      'approvals.status',
      'approvals.payload',
      'approvals.comment',
      'approvals.requested_at',
      'approvals.decided_at',
    ])
    .select(sql<string | null>`concat_ws(' ', child.surname, child.given_name)`.as('child_name'))
    .select(['review.id as review_task_id', 'review.due_at as review_due_at', 'review.status as review_status'])
    .where('approvals.case_id', '=', caseId)
    .where('approvals.kind', '=', 'gatekeeping')
    .orderBy('approvals.requested_at', 'desc')
    .execute();
}
