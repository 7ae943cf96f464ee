import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { AssessmentsTable } from '../../db/schema.ts';

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
  return trx
    .updateTable('assessments')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
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

/** The case's last approved assessment: what a reassessment starts from. */
export async function lastApproved(db: Db | Tx, caseId: string): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'approved')
    .orderBy('approved_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** An assessment of the case still being worked on or waiting for its decision. */
export async function openAssessment(db: Db | Tx, caseId: string): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', 'in', ['draft', 'submitted', 'returned'])
    .limit(1)
    .executeTakeFirst();
}
