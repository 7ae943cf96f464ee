import {
  type AssessmentAnswers,
  assessmentDueDate,
  Conflict,
  can,
  FAMILY_INSTRUMENT_KEY,
  type InstrumentDefinition,
  Invalid,
  type ScreeningSave,
  screeningAnswerProblems,
  screeningUrgency,
  type Urgency,
} from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { caseFor, caseResource, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { findInstrument, latestInstrument } from '../instruments/repo.ts';
import { dueSort, insertTask, updateTask } from '../tasks/repo.ts';
import { firstContactTask } from '../tasks/service.ts';
import * as repo from './repo.ts';

/**
 * The intake screening: the instrument's few screening questions, answered while the case is in intake.
 * An urgent answer makes a routine case urgent (its assessment falls due sooner) and sets a first contact
 * within the shortest deadline there is, the one a critical risk sets (24 hours). A screening answered
 * routine later never lowers the case's urgency: someone may have raised it for other reasons.
 */

/** The instrument the screening is made with: the one it was first saved with, else the newest family instrument. */
async function instrumentOf(db: Db | Tx, row: repo.ScreeningRow | undefined) {
  const instrument = row ? await findInstrument(db, row.instrument_id) : await latestInstrument(db, FAMILY_INSTRUMENT_KEY);
  if (!instrument) throw new Error('no assessment instrument to screen with');
  return { id: instrument.id, version: instrument.version, definition: instrument.definition as InstrumentDefinition };
}

export function toReply(
  ctx: RequestContext,
  theCase: cases.CaseRow,
  instrument: Awaited<ReturnType<typeof instrumentOf>>,
  row: repo.ScreeningRow | undefined,
) {
  return {
    caseId: theCase.id,
    caseUrgency: theCase.urgency as Urgency,
    editable: theCase.status === 'intake' && can(ctx.actor, 'case.update', caseResource(theCase)),
    form: {
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      title: instrument.definition.screening.title,
      questions: instrument.definition.screening.questions,
    },
    screening: row
      ? {
          answers: row.answers as AssessmentAnswers,
          urgency: row.urgency as 'urgent' | 'routine',
          version: row.version,
          createdAt: row.created_at.toISOString(),
          createdBy: row.created_by,
          updatedAt: row.updated_at.toISOString(),
          updatedBy: row.updated_by,
        }
      : null,
  };
}

/** The case's screening form and its answers (null until someone screens); the read is audited. */
export async function getScreening(ctx: RequestContext, caseId: string) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await caseFor(ctx, trx, caseId, 'case.read');
    const row = await repo.findScreening(trx, caseId);
    const instrument = await instrumentOf(trx, row);
    await audit(trx, ctx, 'screening.read', { type: 'case', id: caseId }, { screened: !!row });
    return toReply(ctx, theCase, instrument, row);
  });
}

/** An urgent screening: a routine case becomes urgent, its assessment due sooner, and the first contact is set. */
async function actOnUrgent(ctx: RequestContext, trx: Tx, theCase: cases.CaseRow) {
  let current = theCase;
  let raised = false;
  if (theCase.urgency === 'routine') {
    const updated = await cases.updateCase(trx, theCase.id, theCase.version, { urgency: 'urgent', updated_by: ctx.actor.id });
    if (!updated) throw new Conflict('version_conflict', cases.toCase(theCase));
    current = { ...theCase, ...updated };
    raised = true;
    const due = await repo.openDeadlineTask(trx, theCase.id, 'assessment_due');
    const sooner = assessmentDueDate(theCase.opened_at, 'urgent');
    if (due?.due_date && sooner < due.due_date)
      await updateTask(trx, due.id, due.version, { due_date: sooner, due_sort: dueSort({ dueDate: sooner }), updated_by: ctx.actor.id });
  }
  let firstContactTaskId: string | null = null;
  if (!(await repo.openDeadlineTask(trx, theCase.id, 'first_contact'))) {
    const task = firstContactTask(current, 'critical', ctx.actor.id);
    if (task) firstContactTaskId = (await insertTask(trx, task)).id;
  }
  return { current, raised, firstContactTaskId };
}

/**
 * Saves the screening (the first save, sent with version null, creates it; later ones send the version they
 * read). Only while the
 * case is in intake; answers are checked against the instrument, every question must be answered.
 */
export async function saveScreening(ctx: RequestContext, caseId: string, input: ScreeningSave) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId, 'case.update');
    const existing = await repo.lockScreening(trx, caseId);
    const instrument = await instrumentOf(trx, existing);
    if (theCase.status !== 'intake') throw new Conflict('screening_not_editable', toReply(ctx, theCase, instrument, existing));
    if (input.version !== (existing?.version ?? null)) throw new Conflict('version_conflict', toReply(ctx, theCase, instrument, existing));
    const problems = screeningAnswerProblems(instrument.definition, input.answers);
    if (problems.length) throw new Invalid(problems);
    const urgency = screeningUrgency(instrument.definition, input.answers);
    const values = { answers: JSON.stringify(input.answers), urgency, updated_by: ctx.actor.id };
    const row = existing
      ? await repo.updateScreening(trx, caseId, existing.version, values)
      : await repo.insertScreening(trx, {
          ...values,
          case_id: caseId,
          instrument_id: instrument.id,
          instrument_version: instrument.version,
          region_code: theCase.region_code,
          district_code: theCase.district_code,
          created_by: ctx.actor.id,
        });
    if (!row) throw new Conflict('version_conflict', toReply(ctx, theCase, instrument, existing));
    const acted =
      urgency === 'urgent' ? await actOnUrgent(ctx, trx, theCase) : { current: theCase, raised: false, firstContactTaskId: null };
    await cases.recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'screening.recorded',
      actorId: ctx.actor.id,
      details: { urgency, urgencyRaised: acted.raised, firstContactTaskId: acted.firstContactTaskId },
    });
    await audit(
      trx,
      ctx,
      'screening.save',
      { type: 'case', id: caseId },
      { urgency, urgencyRaised: acted.raised, firstContact: !!acted.firstContactTaskId, created: !existing },
    );
    return toReply(ctx, acted.current, instrument, row);
  });
}
