import { type ExpressionBuilder, type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { AssessmentsTable, CaseScreeningsTable, Database } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type AssessmentRow = Selectable<AssessmentsTable>;
export type AssessmentChanges = Partial<Omit<Insertable<AssessmentsTable>, 'id' | 'case_id' | 'version' | 'created_at' | 'created_by'>>;

export async function findAssessment(db: Db | Tx, id: string): Promise<AssessmentRow | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockAssessment(trx: Tx, id: string): Promise<AssessmentRow | undefined> {
  return trx.selectFrom('assessments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertAssessment(trx: Tx, values: Insertable<AssessmentsTable>) {
  return trx.insertInto('assessments').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateAssessment(trx: Tx, id: string, expectedVersion: number, changes: AssessmentChanges) {
  return updateVersioned(trx, 'assessments', id, expectedVersion, changes);
}

/** The case's assessments, newest first. */
export async function caseAssessments(db: Db | Tx, caseId: string) {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** A family assessment (childId null) or the readiness assessments of one child: the assessments that follow one another. */
const ofStream = (childId: string | null) => (eb: ExpressionBuilder<Database, 'assessments'>) =>
  childId ? eb('child_id', '=', childId) : eb('child_id', 'is', null);

/** The case's last approved family assessment, or the child's last approved readiness one: what a reassessment starts from. */
export async function lastApproved(db: Db | Tx, caseId: string, childId: string | null = null): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(ofStream(childId))
    .where('status', '=', 'approved')
    .orderBy('approved_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A family assessment of the case (or a readiness assessment of the child) still being worked on or waiting for its decision. */
export async function openAssessment(db: Db | Tx, caseId: string, childId: string | null = null): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(ofStream(childId))
    .where('status', 'in', ['draft', 'submitted', 'returned'])
    .limit(1)
    .executeTakeFirst();
}

/** What the supervisor wrote when they last returned this assessment for rework; null if never returned. */
export async function returnComment(db: Db | Tx, caseId: string, assessmentId: string): Promise<string | null> {
  const row = await db
    .selectFrom('approvals')
    .select('comment')
    .where('case_id', '=', caseId)
    .where('kind', '=', 'assessment')
    .where('status', '=', 'returned')
    .where(sql<string>`payload->>'assessmentId'`, '=', assessmentId)
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.comment ?? null;
}

export type ScreeningRow = Selectable<CaseScreeningsTable>;

export async function lockScreening(trx: Tx, caseId: string): Promise<ScreeningRow | undefined> {
  return trx.selectFrom('case_screenings').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirst();
}

export async function findScreening(db: Db | Tx, caseId: string): Promise<ScreeningRow | undefined> {
  return db.selectFrom('case_screenings').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertScreening(trx: Tx, values: Insertable<CaseScreeningsTable>): Promise<ScreeningRow> {
  return trx.insertInto('case_screenings').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateScreening(
  trx: Tx,
  caseId: string,
  expectedVersion: number,
  changes: { answers: string; urgency: string; updated_by: string },
): Promise<ScreeningRow | undefined> {
  return updateVersioned(trx, 'case_screenings', caseId, expectedVersion, changes, { key: 'case_id' });
}

/** The case's open task of a deadline kind (the assessment's due date, the first contact), if any. */
export async function openDeadlineTask(db: Db | Tx, caseId: string, deadline: string) {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('deadline', '=', deadline)
    .where('status', '=', 'open')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The children of the family whose current care arrangement is of one of the types given (placements outside the family). */
export async function childrenPlaced(db: Db | Tx, familyId: string, types: readonly string[]) {
  return db
    .selectFrom('care_arrangements as ca')
    .innerJoin('persons as p', 'p.id', 'ca.person_id')
    .select(['p.id'])
    .where('p.family_id', '=', familyId)
    .where('p.merged_into', 'is', null)
    .where('ca.end_date', 'is', null)
    .where('ca.type', 'in', [...types])
    .orderBy('p.id')
    .execute();
}

/** The child's latest readiness assessment, whichever case it is on: what the care history and a return home show. */
export async function latestReadiness(db: Db | Tx, childId: string) {
  return db
    .selectFrom('assessments')
    .select(['id', 'case_id', 'status', 'computed_risk', 'created_at', 'submitted_at', 'approved_at'])
    .where('child_id', '=', childId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
