import {
  assessmentDueDate,
  Conflict,
  caseReadFilter,
  classifyDue,
  firstContactDueAt,
  Invalid,
  type Locale,
  mayEver,
  NotFound,
  type RiskLevel,
  type TaskCreate,
  type TasksQuery,
  type TaskUpdate,
  type Urgency,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { syncActionFromTask } from '../plans/service.ts';
import * as repo from './repo.ts';

export function toTask(locale: Locale, row: repo.TaskRow & { case_number?: string }, now = new Date()) {
  const dueDate = row.due_date;
  const dueAt = row.due_at?.toISOString() ?? null;
  return {
    id: row.id,
    caseId: row.case_id,
    ...(row.case_number !== undefined && { caseNumber: row.case_number }),
    // Deadline tasks are named in the reader's language; the stored title is the English fallback.
    title: row.deadline ? translator(locale)(`tasks.${row.deadline}`, { defaultValue: row.title }) : row.title,
    dueDate,
    dueAt,
    due: row.status === 'open' ? classifyDue(dueAt ?? (dueDate as string), now) : null,
    assigneeId: row.assignee_id,
    status: row.status as 'open' | 'done' | 'cancelled',
    source: row.source as 'manual' | 'deadline' | 'plan_action' | 'plan_review',
    deadline: row.deadline,
    completedAt: row.completed_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The task every new case starts with: its assessment, due by the days its urgency allows. */
export function assessmentDueTask(
  theCase: { id: string; region_code: string; urgency: string; opened_at: Date },
  assigneeId: string | null,
  actorId: string | null,
): repo.TaskValues {
  const dueDate = assessmentDueDate(theCase.opened_at, theCase.urgency as Urgency);
  return {
    id: newId(),
    case_id: theCase.id,
    region_code: theCase.region_code,
    title: 'Complete the assessment',
    due_date: dueDate,
    due_sort: repo.dueSort({ dueDate }),
    assignee_id: assigneeId,
    source: 'deadline',
    deadline: 'assessment_due',
    created_by: actorId,
    updated_by: actorId,
  };
}

/** A high or critical risk level sets a deadline for the first contact (critical: within 24 hours). */
export function firstContactTask(
  theCase: { id: string; region_code: string; assigned_user_id: string | null },
  riskLevel: RiskLevel,
  actorId: string | null,
  now = new Date(),
): repo.TaskValues | null {
  const dueAt = firstContactDueAt(now, riskLevel);
  if (!dueAt) return null;
  return {
    id: newId(),
    case_id: theCase.id,
    region_code: theCase.region_code,
    title: 'First contact with the family',
    due_at: new Date(dueAt),
    due_sort: repo.dueSort({ dueAt }),
    assignee_id: theCase.assigned_user_id,
    source: 'deadline',
    deadline: 'first_contact',
    created_by: actorId,
    updated_by: actorId,
  };
}

async function checkAssignee(trx: Tx, assigneeId: string | null | undefined, organisationId: string): Promise<void> {
  if (assigneeId && !(await repo.isCaseStaffOf(trx, assigneeId, organisationId)))
    throw new Invalid([{ path: 'assigneeId', code: 'assignee_invalid' }]);
}

/** Tasks on the cases the caller may see; `assignee=me` makes it the caller's own list. */
export async function listTasks(ctx: RequestContext, query: TasksQuery) {
  if (!mayEver(ctx.actor, 'case.read')) throw new NotFound();
  const after = decodeCursor(query.cursor, { dueSort: cursorKey.moment, id: cursorKey.id });
  const now = new Date();
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listTasks(trx, {
      filter: caseReadFilter(ctx.actor),
      assigneeId: query.assignee === 'me' ? ctx.actor.id : query.assignee,
      caseId: query.caseId,
      status: query.status ?? (query.due ? 'open' : undefined),
      due: query.due,
      now,
      after,
      limit: query.limit,
    });
    const result = page(rows, query.limit, (row) => ({ dueSort: row.due_sort.toISOString(), id: row.id }));
    await audit(trx, ctx, 'task.list', null, {
      results: result.items.length,
      caseIds: [...new Set(result.items.map((row) => row.case_id))],
    });
    return { items: result.items.map((row) => toTask(ctx.locale, row, now)), nextCursor: result.nextCursor };
  });
}

export async function createTask(ctx: RequestContext, caseId: string, input: TaskCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId);
    const assigneeId = input.assigneeId ?? theCase.assigned_user_id ?? ctx.actor.id;
    await checkAssignee(trx, input.assigneeId, theCase.organisation_id);
    const row = await repo.insertTask(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      case_id: caseId,
      region_code: theCase.region_code,
      title: input.title,
      due_date: input.dueDate ?? null,
      due_at: input.dueAt ?? null,
      due_sort: repo.dueSort(input),
      assignee_id: assigneeId,
      source: 'manual',
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await cases.recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'task.created',
      actorId: ctx.actor.id,
      details: { taskId: row.id, assigneeId },
    });
    await audit(trx, ctx, 'task.create', { type: 'task', id: row.id }, { caseId });
    return toTask(ctx.locale, row);
  });
}

/** The changed columns; a new due day replaces a due moment and the other way round. */
function taskChanges(input: TaskUpdate, current: repo.TaskRow): repo.TaskChanges {
  const dueDate = input.dueDate !== undefined ? input.dueDate : input.dueAt ? null : current.due_date;
  const dueAt = input.dueAt !== undefined ? input.dueAt : input.dueDate ? null : current.due_at;
  if (!dueDate && !dueAt) throw new Invalid([{ path: 'dueDate', code: 'required' }]);
  return {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
    ...(input.status !== undefined && { status: input.status, completed_at: input.status === 'open' ? null : new Date() }),
    due_date: dueDate ?? null,
    due_at: dueAt ?? null,
    due_sort: repo.dueSort({ dueDate, dueAt }),
  };
}

export async function updateTask(ctx: RequestContext, id: string, input: TaskUpdate) {
  return withTx(ctx.db, async (trx) => {
    // Found and checked in the transaction that changes it; the version compare still guards the edit.
    const found = await repo.findTask(trx, id);
    if (!found) throw new NotFound();
    await caseFor(ctx, trx, found.case_id, 'case.update');
    const theCase = await writableCase(ctx, trx, found.case_id);
    const current = (await repo.findTask(trx, id)) ?? found;
    if (current.version !== input.version) throw new Conflict('version_conflict', toTask(ctx.locale, current));
    await checkAssignee(trx, input.assigneeId, theCase.organisation_id);
    const row = await repo.updateTask(trx, id, input.version, { ...taskChanges(input, current), updated_by: ctx.actor.id });
    if (!row) throw new Conflict('version_conflict', toTask(ctx.locale, (await repo.findTask(trx, id)) ?? current));
    // A task made from a plan action carries its status back to the action.
    if (input.status && input.status !== current.status) await syncActionFromTask(ctx, trx, row);
    if (input.status && input.status !== current.status)
      await cases.recordCaseEvent(trx, {
        caseId: theCase.id,
        regionCode: theCase.region_code,
        kind: `task.${input.status === 'open' ? 'reopened' : input.status}`,
        actorId: ctx.actor.id,
        details: { taskId: id },
      });
    const { version: _version, ...changed } = input;
    await audit(trx, ctx, 'task.update', { type: 'task', id }, { caseId: theCase.id, fields: Object.keys(changed) });
    return toTask(ctx.locale, row);
  });
}
