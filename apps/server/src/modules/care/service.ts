import {
  type ApprovalDecisionBody,
  type CareArrangementCreate,
  type CareArrangementUpdate,
  type CareResource,
  type CareType,
  Conflict,
  can,
  careOrganisationKind,
  careReadFilter,
  EMERGENCY_REVIEW_HOURS,
  type GatekeepingCreate,
  type GatekeepingListOut,
  Invalid,
  isHomeType,
  isOutOfFamily,
  mayEver,
  NotFound,
  REINTEGRATION_VISIT_MONTHS,
  type RiskLevel,
  readinessOfRisk,
} from '@hamkor/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { bumpVersioned } from '../../db/versioned.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import type { ApprovalRow } from '../approvals/repo.ts';
import { requestApproval } from '../approvals/request.ts';
import { latestReadiness } from '../assessments/repo.ts';
import { caseResource, caseFor as readableCase, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { notify } from '../notifications/repo.ts';
import type { PersonRow } from '../persons/columns.ts';
import { findPerson, lockPerson } from '../persons/repo.ts';
import { dueSort, insertTask } from '../tasks/repo.ts';
import * as repo from './repo.ts';

const HOUR_MS = 3_600_000;

const careResource = (person: { organisation_id: string; district_code: string }, placedWith: string | null): CareResource => ({
  type: 'care',
  organisationId: person.organisation_id,
  districtCode: person.district_code,
  placedWith,
});

const displayName = (p: { surname: string; given_name: string; patronymic?: string | null }) =>
  [p.surname, p.given_name, p.patronymic].filter(Boolean).join(' ');

/** The child (locked for a write, so that one child's arrangements are written one at a time); 404 if out of reach. */
async function childFor(ctx: RequestContext, trx: Tx, personId: string, action: 'care.read' | 'care.record') {
  // Only writes lock: a read takes no row lock, so it may be served where nothing is written.
  const person = action === 'care.record' ? await lockPerson(trx, personId) : await findPerson(trx, personId);
  const placed = person && (await repo.placedWith(trx, person.id));
  if (!person || person.merged_into || !can(ctx.actor, action, careResource(person, placed ?? null)))
    throw new NotFound(person && { type: 'person', id: person.id });
  return person;
}

/** The child's latest readiness assessment: its result once submitted, and whether the reader may open its case. */
async function readinessOf(ctx: RequestContext, trx: Tx, personId: string) {
  const row = await latestReadiness(trx, personId);
  if (!row) return null;
  const theCase = await cases.findCase(trx, row.case_id);
  return {
    assessmentId: row.id,
    caseId: row.case_id,
    status: row.status as 'draft' | 'submitted' | 'approved' | 'returned',
    level:
      row.computed_risk && row.status !== 'draft' && row.status !== 'returned' ? readinessOfRisk(row.computed_risk as RiskLevel) : null,
    date: (row.approved_at ?? row.submitted_at ?? row.created_at).toISOString(),
    mayOpen: !!theCase && can(ctx.actor, 'case.read', caseResource(theCase)),
  };
}

/** A child's care history, newest first, with the latest readiness for a return; reading it is recorded. */
export async function listCareArrangements(ctx: RequestContext, personId: string) {
  return withTx(ctx.db, async (trx) => {
    const person = await childFor(ctx, trx, personId, 'care.read');
    const rows = await repo.listForPerson(trx, person.id);
    const readiness = await readinessOf(ctx, trx, person.id);
    await audit(
      trx,
      ctx,
      'care.read',
      { type: 'person', id: person.id },
      { arrangements: rows.length, readinessAssessmentId: readiness?.assessmentId ?? null },
    );
    return {
      person: { id: person.id, displayName: displayName(person), birthDate: person.birth_date, familyId: person.family_id },
      items: rows.map(repo.toArrangement),
      steps: can(ctx.actor, 'care.record', careResource(person, null)) ? ['record' as const] : [],
      readiness,
    };
  });
}

/** Children in care within the reader's reach (for a residential organisation: those placed with it), or one family's. */
export async function listPlacements(ctx: RequestContext, query: { familyId?: string }) {
  if (!mayEver(ctx.actor, 'care.read')) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listCurrent(trx, careReadFilter(ctx.actor), 200, query.familyId);
    await audit(trx, ctx, 'care.list', null, { results: rows.length, personIds: rows.map((row) => row.person_id) });
    return {
      items: rows.map((row) => ({ ...repo.toArrangement(row), personName: displayName(row), birthDate: row.birth_date })),
    };
  });
}

/** The organisation named must be active and of the kind the arrangement's type calls for. */
async function checkOrganisation(trx: Tx, type: CareType, organisationId: string | null | undefined) {
  const expected = careOrganisationKind(type);
  if (!organisationId || !expected) return;
  const organisation = await trx.selectFrom('organisations').select(['kind', 'active']).where('id', '=', organisationId).executeTakeFirst();
  if (!organisation?.active) throw new Invalid([{ path: 'organisationId', code: 'unknown_organisation' }]);
  if (organisation.kind !== expected.kind) throw new Invalid([{ path: 'organisationId', code: 'organisation_kind' }]);
}

/** Half-open ranges [start, end): an arrangement ends on the day the next one starts. */
const overlaps = (a: { start: string; end: string | null }, b: { start: string; end: string | null }) =>
  a.start < (b.end ?? '9999-12-31') && b.start < (a.end ?? '9999-12-31');

/** The case a record goes on: the one named (of the child's family, which the recorder works), or the family's open case. */
async function caseFor(ctx: RequestContext, trx: Tx, person: PersonRow, caseId: string | null | undefined) {
  if (!caseId) {
    const open = await repo.openCaseOfFamily(trx, person.family_id);
    return open ? await cases.findCase(trx, open) : undefined;
  }
  const row = await cases.findCase(trx, caseId);
  if (!row || row.family_id !== person.family_id || !can(ctx.actor, 'case.update', caseResource(row)))
    throw new Invalid([{ path: 'caseId', code: 'unknown_case' }]);
  return row;
}

/** The day a number of months after a date, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** Follow-up visits after a return home: monthly for three months, then quarterly to twelve, as the case's tasks. */
async function reintegrationVisits(ctx: RequestContext, trx: Tx, theCase: cases.CaseRow, returnedOn: string) {
  for (const months of REINTEGRATION_VISIT_MONTHS) {
    const dueDate = addMonths(returnedOn, months);
    await insertTask(trx, {
      id: newId(),
      case_id: theCase.id,
      region_code: theCase.region_code,
      title: months === 12 ? 'Reintegration follow-up visit and 12-month outcome' : 'Reintegration follow-up visit',
      due_date: dueDate,
      due_sort: dueSort({ dueDate }),
      assignee_id: theCase.assigned_user_id,
      source: 'deadline',
      deadline: months === 12 ? 'reintegration_outcome' : 'reintegration_visit',
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
  }
}

/**
 * Records a new arrangement. Without an end date it becomes the current one and ends the current one on its
 * start date; with one it is history and may not overlap any other. A placement outside the family needs an
 * approved gatekeeping decision for the child proposing that type, or an emergency request waiting for its
 * review (409 gatekeeping_required). A return home from care starts the follow-up visits on the case.
 */
export async function recordCareArrangement(ctx: RequestContext, personId: string, input: CareArrangementCreate) {
  return withTx(ctx.db, async (trx) => {
    const person = await childFor(ctx, trx, personId, 'care.record');
    await checkOrganisation(trx, input.type, input.organisationId);
    const existing = await repo.listForPerson(trx, person.id);
    const current = existing.find((row) => row.end_date === null);
    const range = { start: input.startDate, end: input.endDate ?? null };
    const clash = existing.find((row) => {
      // The current arrangement ends where a new current one starts, if it started before.
      if (row === current && !input.endDate) return row.start_date >= input.startDate;
      return overlaps(range, { start: row.start_date, end: row.end_date });
    });
    if (clash) throw new Invalid([{ path: 'startDate', code: 'care_overlap' }]);

    const gatekeeping = isOutOfFamily(input.type) ? await repo.usableGatekeeping(trx, person.id, input.type) : undefined;
    if (isOutOfFamily(input.type) && !gatekeeping)
      throw new Conflict('gatekeeping_required', undefined, { type: input.type, personId: person.id });
    const theCase = gatekeeping ? await cases.findCase(trx, gatekeeping.case_id) : await caseFor(ctx, trx, person, input.caseId);
    const returningHome = !input.endDate && isHomeType(input.type) && !!current && isOutOfFamily(current.type);
    if (returningHome && !theCase) throw new Invalid([{ path: 'caseId', code: 'required' }]);

    if (current && !input.endDate) {
      const ended = await repo.updateArrangement(trx, current.id, current.version, { end_date: input.startDate, updated_by: ctx.actor.id });
      if (!ended) throw new Error('a locked child’s arrangement changed under its lock');
    }
    const id = input.id ?? newId();
    const emergency = gatekeeping?.status === 'pending';
    await repo.insertArrangement(trx, {
      id,
      person_id: person.id,
      region_code: person.region_code,
      case_id: theCase?.id ?? null,
      type: input.type,
      start_date: input.startDate,
      end_date: input.endDate ?? null,
      organisation_id: input.organisationId ?? null,
      authority: input.authority,
      document_ref: input.documentRef ?? null,
      change_reason: input.changeReason,
      gatekeeping_approval_id: gatekeeping?.id ?? null,
      emergency,
      review_task_id: emergency && typeof gatekeeping?.payload.reviewTaskId === 'string' ? gatekeeping.payload.reviewTaskId : null,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    // A return home is recorded whatever the family's readiness (an authority may decide it first); the timeline
    // keeps the readiness it was recorded with, so a return made without a ready family can be told.
    const readiness = returningHome ? await latestReadiness(trx, person.id) : undefined;
    if (theCase) {
      await cases.recordCaseEvent(trx, {
        caseId: theCase.id,
        regionCode: theCase.region_code,
        kind: returningHome ? 'care.returned_home' : 'care.recorded',
        actorId: ctx.actor.id,
        details: {
          arrangementId: id,
          personId: person.id,
          type: input.type,
          emergency,
          ...(returningHome && {
            readiness: readiness
              ? {
                  assessmentId: readiness.id,
                  status: readiness.status,
                  level: readiness.computed_risk ? readinessOfRisk(readiness.computed_risk as RiskLevel) : null,
                }
              : null,
          }),
        },
      });
      if (returningHome) await reintegrationVisits(ctx, trx, theCase, input.startDate);
    }
    await audit(
      trx,
      ctx,
      'care.record',
      { type: 'care_arrangement', id },
      { personId: person.id, type: input.type, caseId: theCase?.id ?? null, gatekeepingApprovalId: gatekeeping?.id ?? null, emergency },
    );
    const row = await repo.findArrangement(trx, id);
    if (!row) throw new Error('an arrangement just written is missing');
    return repo.toArrangement(row);
  });
}

/** Corrects an arrangement or ends the current one (leaving care), and records a return home's 12-month outcome. */
export async function updateCareArrangement(ctx: RequestContext, id: string, input: CareArrangementUpdate) {
  return withTx(ctx.db, async (trx) => {
    const found = await repo.findArrangement(trx, id);
    if (!found) throw new NotFound();
    const person = await childFor(ctx, trx, found.person_id, 'care.record');
    const row = await repo.findArrangement(trx, id);
    if (!row) throw new NotFound();
    if (input.endDate !== undefined && row.end_date !== null && input.endDate !== row.end_date)
      throw new Invalid([{ path: 'endDate', code: 'end_date_fixed' }]);
    if (input.endDate && input.endDate < row.start_date) throw new Invalid([{ path: 'endDate', code: 'end_before_start' }]);
    if (input.outcome && !isHomeType(row.type)) throw new Invalid([{ path: 'outcome', code: 'outcome_not_expected' }]);
    const changed = await repo.updateArrangement(trx, id, input.version, {
      ...(input.endDate !== undefined && row.end_date === null && { end_date: input.endDate }),
      ...(input.authority !== undefined && { authority: input.authority }),
      ...(input.documentRef !== undefined && { document_ref: input.documentRef }),
      ...(input.changeReason !== undefined && { change_reason: input.changeReason }),
      ...(input.outcome !== undefined && { outcome: input.outcome }),
      updated_by: ctx.actor.id,
    });
    if (!changed) throw new Conflict('version_conflict', repo.toArrangement(row));
    const { version: _version, ...fields } = input;
    if (row.case_id) {
      const theCase = await cases.findCase(trx, row.case_id);
      if (theCase)
        await cases.recordCaseEvent(trx, {
          caseId: theCase.id,
          regionCode: theCase.region_code,
          kind: 'care.changed',
          actorId: ctx.actor.id,
          details: {
            arrangementId: id,
            personId: person.id,
            fields: Object.keys(fields),
            ...(input.outcome && { outcome: input.outcome }),
          },
        });
    }
    await audit(trx, ctx, 'care.update', { type: 'care_arrangement', id }, { personId: person.id, fields: Object.keys(fields) });
    const after = await repo.findArrangement(trx, id);
    if (!after) throw new Error('an arrangement just written is missing');
    return repo.toArrangement(after);
  });
}

/**
 * Asks the case's supervisor for a gatekeeping decision before placing a child of the family outside it:
 * which family-based options were weighed and why each was not enough. An emergency placement may come
 * first: a review task due within 72 hours goes to the supervisor, who is told at once.
 */
export async function requestGatekeeping(ctx: RequestContext, caseId: string, input: GatekeepingCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId, 'case.update');
    const child = await trx
      .selectFrom('persons')
      .select(['id'])
      .where('id', '=', input.childId)
      .where('family_id', '=', theCase.family_id)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (!child) throw new Invalid([{ path: 'childId', code: 'unknown_person' }]);
    const supervisorId = theCase.supervisor_id ?? theCase.assignee_supervisor_id;
    let reviewTaskId: string | null = null;
    if (input.emergency) {
      reviewTaskId = newId();
      const dueAt = new Date(Date.now() + EMERGENCY_REVIEW_HOURS * HOUR_MS);
      await insertTask(trx, {
        id: reviewTaskId,
        case_id: theCase.id,
        region_code: theCase.region_code,
        title: 'Review the emergency placement',
        due_at: dueAt,
        due_sort: dueSort({ dueAt }),
        assignee_id: supervisorId ?? theCase.assigned_user_id,
        source: 'deadline',
        deadline: 'care_review',
        created_by: ctx.actor.id,
        updated_by: ctx.actor.id,
      });
    }
    const approvalId = await requestApproval(ctx, trx, theCase, {
      kind: 'gatekeeping',
      payload: { ...input, reviewTaskId },
      event: { proposedType: input.proposedType, emergency: input.emergency, personId: input.childId },
      audit: { personId: input.childId, proposedType: input.proposedType, emergency: input.emergency },
    });
    if (input.emergency && supervisorId)
      await notify(trx, {
        userId: supervisorId,
        regionCode: theCase.region_code,
        kind: 'emergency_placement',
        caseId: theCase.id,
        params: { caseNumber: theCase.number },
      });
    return { approvalId, status: 'pending' as const, reviewTaskId };
  });
}

/**
 * The supervisor's decision on a gatekeeping request, taken with the guardianship authority: approving names
 * the authority's decision. Either way the emergency placement's review is done.
 */
export async function settleGatekeeping(
  ctx: RequestContext,
  trx: Tx,
  approval: ApprovalRow,
  approve: boolean,
  input: ApprovalDecisionBody,
): Promise<void> {
  if (approve && !input.authorityDecision) throw new Invalid([{ path: 'authorityDecision', code: 'required' }]);
  if (input.authorityDecision)
    await trx
      .updateTable('approvals')
      .set({ payload: sql`payload || ${JSON.stringify({ authorityDecision: input.authorityDecision })}::jsonb` })
      .where('id', '=', approval.id)
      .execute();
  const reviewTaskId = (approval.payload as { reviewTaskId?: unknown }).reviewTaskId;
  if (typeof reviewTaskId === 'string')
    await bumpVersioned(trx, 'tasks', (eb) => eb.and([eb('id', '=', reviewTaskId), eb('status', '=', 'open')]), {
      status: 'done',
      completed_at: new Date(),
      updated_by: ctx.actor.id,
    });
}

/** The case's gatekeeping decisions and the review of each emergency placement; reading them is recorded. */
export async function listGatekeeping(ctx: RequestContext, caseId: string): Promise<GatekeepingListOut> {
  return withTx(ctx.db, async (trx) => {
    const theCase = await readableCase(ctx, trx, caseId, 'case.read');
    const rows = await repo.gatekeepingOfCase(trx, theCase.id);
    await audit(trx, ctx, 'gatekeeping.list', { type: 'case', id: theCase.id }, { results: rows.length });
    const now = Date.now();
    const resource = caseResource(theCase);
    return {
      items: rows.map((row) => {
        const payload = row.payload as Partial<GatekeepingCreate> & { authorityDecision?: string };
        return {
          id: row.id,
          status: row.status as 'pending' | 'approved' | 'returned',
          childId: payload.childId ?? '',
          childName: row.child_name ?? '',
          proposedType: payload.proposedType ?? 'mehribonlik_home',
          emergency: payload.emergency === true,
          optionsConsidered: payload.optionsConsidered ?? [],
          authorityDecision: payload.authorityDecision ?? null,
          comment: row.comment,
          requestedAt: row.requested_at.toISOString(),
          decidedAt: row.decided_at?.toISOString() ?? null,
          review:
            row.review_task_id && row.review_due_at
              ? {
                  taskId: row.review_task_id,
                  dueAt: row.review_due_at.toISOString(),
                  open: row.review_status === 'open',
                  overdue: row.review_status === 'open' && row.review_due_at.getTime() < now,
                }
              : null,
        };
      }),
      mayDecide: can(ctx.actor, 'case.approve', resource),
      mayRequest: can(ctx.actor, 'case.update', resource),
    };
  });
}
