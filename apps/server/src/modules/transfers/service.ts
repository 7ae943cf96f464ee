import {
  type CaseShareCreate,
  Conflict,
  can,
  consentProblem,
  Invalid,
  mayEver,
  NotFound,
  reachOf,
  type TransferAccept,
  type TransferCreate,
  type TransferOut,
  type TransferResource,
  type TransferReturn,
  type TransferStatus,
  type TransfersQuery,
  takesCases,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { caseFor, caseResource, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { type NotificationKind, notify } from '../notifications/repo.ts';
import { activeOrganisation, caseConsentRows, familyHeadId, organisationCategories } from '../referrals/repo.ts';
import { findUserById } from '../users/repo.ts';
import * as repo from './repo.ts';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findTransfer>>>;

const transferResource = (row: { to_organisation_id: string }, theCase: cases.CaseRow): TransferResource => ({
  type: 'transfer',
  toOrganisationId: row.to_organisation_id,
  case: caseResource(theCase),
});

const person = (id: string | null, name: string | null) => (id ? { id, displayName: name ?? '' } : null);

export function toTransfer(row: Row, steps: TransferOut['steps']): TransferOut {
  return {
    id: row.id,
    status: row.status as TransferStatus,
    caseId: row.case_id,
    caseNumber: row.case_number,
    familyName: row.family_name ?? '',
    districtCode: row.district_code,
    riskLevel: row.risk_level,
    fromOrganisation: { id: row.from_organisation_id, name: row.from_organisation_name },
    toOrganisation: { id: row.to_organisation_id, name: row.to_organisation_name },
    reason: row.reason,
    consentId: row.consent_id,
    sentBy: person(row.sent_by, row.sent_by_name),
    sentAt: row.sent_at.toISOString(),
    assignee: person(row.assignee_id, row.assignee_name),
    decidedBy: person(row.decided_by, row.decided_by_name),
    decidedAt: row.decided_at?.toISOString() ?? null,
    returnReason: row.return_reason,
    steps,
    version: row.version,
  };
}

const stepsFor = (ctx: RequestContext, row: Row, resource: TransferResource): TransferOut['steps'] =>
  row.status === 'pending' && can(ctx.actor, 'transfer.respond', resource) ? ['accept', 'return'] : [];

/** The transfer and its case, if the reader is on either side; 404 otherwise. */
async function readable(ctx: RequestContext, db: Tx, id: string) {
  const row = await repo.findTransfer(db, id);
  const theCase = row && (await cases.findCase(db, row.case_id));
  if (!row || !theCase) throw new NotFound();
  const resource = transferResource(row, theCase);
  if (!can(ctx.actor, 'transfer.read', resource)) throw new NotFound({ type: 'transfer', id: row.id });
  return { row, theCase, resource };
}

async function transferFor(ctx: RequestContext, trx: Tx, id: string) {
  const { row, resource } = await readable(ctx, trx, id);
  return toTransfer(row, stepsFor(ctx, row, resource));
}

/** The inbox (transfers to the organisations whose transfers the reader decides) or the outbox (of cases the reader reads). */
export async function listTransfers(ctx: RequestContext, query: TransfersQuery) {
  if (!mayEver(ctx.actor, 'transfer.read')) throw new NotFound();
  const before = decodeCursor(query.cursor, { id: cursorKey.id });
  const inbox = query.box === 'inbox';
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listTransfers(trx, {
      box: query.box,
      filter: reachOf(ctx.actor, inbox ? 'transfer.respond' : 'case.read'),
      status: query.status,
      caseId: query.caseId,
      beforeId: before?.id,
      limit: query.limit,
    });
    const result = page(rows, query.limit, (row) => ({ id: row.id }));
    await audit(trx, ctx, 'transfer.list', null, {
      box: query.box,
      results: result.items.length,
      transferIds: result.items.map((r) => r.id),
    });
    // The inbox holds only transfers the reader decides on (its filter is the rule's reach).
    const steps = (row: Row): TransferOut['steps'] => (inbox && row.status === 'pending' ? ['accept', 'return'] : []);
    return { items: result.items.map((row) => toTransfer(row, steps(row))), nextCursor: result.nextCursor };
  });
}

/**
 * The consent the transfer relies on: the one named, or an active consent of the case covering the
 * receiving organisation (by name, or by a category of the services it offers) and the case's persons.
 * A transfer is never sent on an override: the whole case moves. 409 names what is missing.
 */
async function transferConsent(
  trx: Tx,
  theCase: cases.CaseRow,
  receiver: { id: string; name: string },
  consentId: string | null | undefined,
) {
  const head = await familyHeadId(trx, theCase.family_id);
  const personIds = theCase.focus_person_ids.length ? theCase.focus_person_ids : head ? [head] : [];
  const sharing = { organisationId: receiver.id, categories: await organisationCategories(trx, receiver.id), personIds };
  const consents = (await caseConsentRows(trx, theCase.id)).map((row) => ({
    id: row.id,
    facts: {
      status: row.status as 'active' | 'withdrawn',
      givenByPersonId: row.given_by_person_id,
      onBehalfOfPersonIds: row.on_behalf_of_person_ids,
      categories: row.scope_categories,
      organisationIds: row.scope_organisation_ids,
    },
  }));
  const candidates = consentId ? consents.filter((consent) => consent.id === consentId) : consents;
  if (consentId && !candidates.length) throw new Invalid([{ path: 'consentId', code: 'unknown_consent' }]);
  const covering = candidates.find((consent) => !consentProblem(consent.facts, sharing));
  if (covering) return covering.id;
  const problems = candidates.map((consent) => consentProblem(consent.facts, sharing));
  if (consentId && problems[0] === 'consent_withdrawn') throw new Conflict('consent_withdrawn', undefined, { consentId });
  const context = problems.includes('consent_persons') ? 'transfer_persons' : 'transfer';
  throw new Conflict('consent_required', undefined, { context, problem: context, organisationName: receiver.name });
}

async function tell(
  trx: Tx,
  userIds: (string | null)[],
  exceptUserId: string,
  input: { regionCode: string; kind: NotificationKind; caseId: string | null; params: Record<string, string> },
) {
  for (const userId of new Set(userIds.filter((id): id is string => !!id && id !== exceptUserId))) await notify(trx, { userId, ...input });
}

/**
 * Sends the case to another organisation: its worker, supervisor or organisation admin, with a reason and
 * a consent that covers the receiver. The case stays with the sender until the receiver decides; one
 * pending transfer at a time, never for a closed case. The receiving supervisors hear of it.
 */
export async function sendTransfer(ctx: RequestContext, caseId: string, input: TransferCreate) {
  const id = await withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId, 'case.transfer');
    const receiver = await activeOrganisation(trx, input.toOrganisationId);
    if (!receiver) throw new Invalid([{ path: 'toOrganisationId', code: 'unknown_organisation' }]);
    if (receiver.id === theCase.organisation_id) throw new Invalid([{ path: 'toOrganisationId', code: 'transfer_same_organisation' }]);
    const pending = await repo.pendingTransferOf(trx, theCase.id);
    if (pending) throw new Conflict('transfer_pending', undefined, { transferId: pending.id });
    const consentId = await transferConsent(trx, theCase, receiver, input.consentId);
    const id = input.id?.toLowerCase() ?? newId();
    await repo.insertTransfer(trx, {
      id,
      case_id: theCase.id,
      region_code: theCase.region_code,
      from_organisation_id: theCase.organisation_id,
      to_organisation_id: receiver.id,
      reason: input.reason,
      consent_id: consentId,
      sent_by: ctx.actor.id,
      from_assigned_user_id: theCase.assigned_user_id,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'transfer.sent',
      actorId: ctx.actor.id,
      details: { transferId: id, fromOrganisationId: theCase.organisation_id, toOrganisationId: receiver.id },
    });
    const sender = await activeOrganisation(trx, theCase.organisation_id);
    await tell(trx, await repo.receivingSupervisors(trx, receiver.id), ctx.actor.id, {
      regionCode: theCase.region_code,
      kind: 'transfer_received',
      caseId: null,
      params: { transferId: id, caseNumber: theCase.number, organisationName: sender?.name ?? '' },
    });
    await audit(trx, ctx, 'transfer.send', { type: 'transfer', id }, { caseId: theCase.id, toOrganisationId: receiver.id, consentId });
    return id;
  });
  return withTx(ctx.db, (trx) => transferFor(ctx, trx, id));
}

export async function getTransfer(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const transfer = await transferFor(ctx, trx, id);
    await audit(trx, ctx, 'transfer.read', { type: 'transfer', id });
    return transfer;
  });
}

/** A decision on a pending transfer, by a supervisor (or admin) of the receiving organisation; 404 for anyone else. */
async function decidable(ctx: RequestContext, trx: Tx, id: string) {
  await repo.lockTransfer(trx, id);
  const found = await repo.findTransfer(trx, id);
  const theCase = found && (await cases.lockCase(trx, found.case_id));
  if (!found || !theCase) throw new NotFound();
  const resource = transferResource(found, theCase);
  if (!can(ctx.actor, 'transfer.respond', resource)) throw new NotFound({ type: 'transfer', id });
  if (found.status !== 'pending') throw new Conflict('transfer_decided', toTransfer(found, []));
  if (theCase.status === 'closed') throw new Conflict('case_closed', cases.toCase(theCase));
  return { row: found, theCase };
}

/**
 * Accepts the case: it moves to the receiving organisation with its history and plan, worked by the worker
 * chosen (who must belong to it; none yet leaves it to the accepting supervisor), its open tasks and the
 * plan's worker actions follow that worker, the family is now served there. Both sides are told.
 */
export async function acceptTransfer(ctx: RequestContext, id: string, input: TransferAccept) {
  await withTx(ctx.db, async (trx) => {
    const { row, theCase } = await decidable(ctx, trx, id);
    const worker = input.assigneeId ? await findUserById(trx, input.assigneeId) : undefined;
    if (input.assigneeId && (!worker?.active || worker.organisation_id !== row.to_organisation_id || !takesCases(worker)))
      throw new Invalid([{ path: 'assigneeId', code: 'assignee_invalid' }]);
    const actorSupervises = ctx.actor.roles.includes('supervisor') && ctx.actor.organisationId === row.to_organisation_id;
    const supervisorId = worker?.supervisor_id ?? (actorSupervises ? ctx.actor.id : null);
    const moved = await cases.updateCase(trx, theCase.id, theCase.version, {
      organisation_id: row.to_organisation_id,
      assigned_user_id: worker?.id ?? null,
      supervisor_id: supervisorId,
      updated_by: ctx.actor.id,
    });
    if (!moved) throw new Conflict('version_conflict', cases.toCase(theCase));
    await repo.moveOpenTasks(trx, theCase.id, worker?.id ?? null, ctx.actor.id);
    if (worker) await repo.moveWorkerActions(trx, theCase.id, worker.id, ctx.actor.id);
    await repo.movePendingApprovals(trx, theCase.id, supervisorId);
    await repo.moveFamily(trx, theCase.family_id, theCase.organisation_id, row.to_organisation_id, ctx.actor.id);
    const now = new Date();
    const decided = await repo.updateTransfer(trx, id, row.version, {
      status: 'accepted',
      assignee_id: worker?.id ?? null,
      decided_by: ctx.actor.id,
      decided_at: now,
      updated_by: ctx.actor.id,
    });
    if (!decided) throw new Conflict('version_conflict', toTransfer(row, []));
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'transfer.accepted',
      actorId: ctx.actor.id,
      at: now,
      details: {
        transferId: id,
        fromOrganisationId: row.from_organisation_id,
        toOrganisationId: row.to_organisation_id,
        from: theCase.assigned_user_id,
        to: worker?.id ?? null,
      },
    });
    const base = { regionCode: theCase.region_code, caseId: theCase.id };
    // The sending side no longer reaches the case: their notice links nowhere.
    await tell(trx, [row.sent_by, theCase.assigned_user_id, theCase.supervisor_id], ctx.actor.id, {
      regionCode: theCase.region_code,
      caseId: null,
      kind: 'transfer_accepted',
      params: { caseNumber: theCase.number, organisationName: row.to_organisation_name },
    });
    if (worker) await tell(trx, [worker.id], ctx.actor.id, { ...base, kind: 'case_assigned', params: { caseNumber: theCase.number } });
    await audit(
      trx,
      ctx,
      'transfer.accept',
      { type: 'transfer', id },
      {
        caseId: theCase.id,
        fromOrganisationId: row.from_organisation_id,
        toOrganisationId: row.to_organisation_id,
        assigneeId: worker?.id ?? null,
      },
    );
  });
  return withTx(ctx.db, (trx) => transferFor(ctx, trx, id));
}

/** Returns the transfer with a reason: the case stays with the sender, who is told. */
export async function returnTransfer(ctx: RequestContext, id: string, input: TransferReturn) {
  await withTx(ctx.db, async (trx) => {
    const { row, theCase } = await decidable(ctx, trx, id);
    const now = new Date();
    const decided = await repo.updateTransfer(trx, id, row.version, {
      status: 'returned',
      return_reason: input.reason,
      decided_by: ctx.actor.id,
      decided_at: now,
      updated_by: ctx.actor.id,
    });
    if (!decided) throw new Conflict('version_conflict', toTransfer(row, []));
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'transfer.returned',
      actorId: ctx.actor.id,
      at: now,
      details: { transferId: id, toOrganisationId: row.to_organisation_id },
    });
    await tell(trx, [row.sent_by, theCase.assigned_user_id], ctx.actor.id, {
      regionCode: theCase.region_code,
      kind: 'transfer_returned',
      caseId: theCase.id,
      params: { transferId: id, caseNumber: theCase.number, organisationName: row.to_organisation_name },
    });
    // The reason stays on the transfer; the audit log holds no free text.
    await audit(trx, ctx, 'transfer.return', { type: 'transfer', id }, { caseId: theCase.id, toOrganisationId: row.to_organisation_id });
  });
  return withTx(ctx.db, (trx) => transferFor(ctx, trx, id));
}

async function sharesOf(ctx: RequestContext, trx: Tx, theCase: cases.CaseRow) {
  const canManage = can(ctx.actor, 'case.share', caseResource(theCase)) && theCase.status !== 'closed';
  const rows = await repo.listShares(trx, theCase.id);
  const candidates = canManage ? await repo.shareCandidates(trx, theCase) : [];
  return {
    items: rows.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      organisation: { id: row.organisation_id, name: row.organisation_name },
      sharedAt: row.created_at.toISOString(),
      sharedBy: row.created_by,
    })),
    canManage,
    candidates: candidates.map((user) => ({
      id: user.id,
      displayName: user.display_name,
      organisation: { id: user.organisation_id, name: user.organisation_name },
    })),
  };
}

/** The co-workers a case is shared with, for anyone who reads it. */
export async function listShares(ctx: RequestContext, caseId: string) {
  return withTx(ctx.db, async (trx) => sharesOf(ctx, trx, await caseFor(ctx, trx, caseId, 'case.read')));
}

/**
 * Shares the case with a co-worker: active case staff of the case's organisation or of one serving its
 * district. They read the case and record contacts on it; approving, transferring, closing and sharing
 * stay with the case's own staff. They are told; the timeline shows it.
 */
export async function addShare(ctx: RequestContext, caseId: string, input: CaseShareCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId, 'case.share');
    if (input.userId === theCase.assigned_user_id || !(await repo.isShareable(trx, theCase, input.userId)))
      throw new Invalid([{ path: 'userId', code: 'share_user_invalid' }]);
    const added = await repo.insertShare(trx, {
      case_id: theCase.id,
      user_id: input.userId,
      region_code: theCase.region_code,
      created_by: ctx.actor.id,
    });
    if (added) {
      await repo.bumpCase(trx, theCase.id, ctx.actor.id);
      await cases.recordCaseEvent(trx, {
        caseId: theCase.id,
        regionCode: theCase.region_code,
        kind: 'share.added',
        actorId: ctx.actor.id,
        details: { userId: input.userId },
      });
      await tell(trx, [input.userId], ctx.actor.id, {
        regionCode: theCase.region_code,
        kind: 'case_shared',
        caseId: theCase.id,
        params: { caseNumber: theCase.number },
      });
      await audit(trx, ctx, 'case.share', { type: 'case', id: theCase.id }, { userId: input.userId });
    }
    return sharesOf(ctx, trx, (await cases.findCase(trx, theCase.id)) ?? theCase);
  });
}

/** Stops sharing the case with a co-worker (also on a closed case); 404 when it was not shared with them. */
export async function removeShare(ctx: RequestContext, caseId: string, userId: string) {
  await withTx(ctx.db, async (trx) => {
    const theCase = await cases.lockCase(trx, caseId);
    if (!theCase || !can(ctx.actor, 'case.share', caseResource(theCase))) throw new NotFound(theCase && { type: 'case', id: caseId });
    if (!(await repo.deleteShare(trx, caseId, userId))) throw new NotFound();
    await repo.bumpCase(trx, caseId, ctx.actor.id);
    await cases.recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'share.removed',
      actorId: ctx.actor.id,
      details: { userId },
    });
    await audit(trx, ctx, 'case.unshare', { type: 'case', id: caseId }, { userId });
  });
}
