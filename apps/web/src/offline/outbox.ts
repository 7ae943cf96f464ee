import { type ContactKind, splitConsentScope } from '@hamkor/domain';
import { v7 } from 'uuid';
import { api } from '../api/client.ts';
import { type Entity, type LocalCopy, type LocalRecord, type OfflineDb, ownRows, readPlain, writePlain } from './store.ts';

/** A change typed on the device, as POST /api/sync/push takes it. */
export type Command = {
  commandId: string;
  type: string;
  entityId: string;
  /** The record's version on the device when the change was typed; null for a create. */
  baseVersion: number | null;
  payload: Record<string, unknown>;
  clientTime: string;
};

export type PushResult = {
  commandId: string;
  status: 'applied' | 'duplicate' | 'merged' | 'conflict' | 'rejected';
  entityId: string;
  version?: number;
  conflictId?: string;
  error?: { code: string; message: string };
};

/**
 * A command in the outbox, encrypted like the records. `waiting` until the server answers; a `conflict` or
 * `rejected` answer stays, with its reason, until the worker acts on it. `caseId` ties it to a case page.
 */
export type OutboxEntry = {
  command: Command;
  status: 'waiting' | 'conflict' | 'rejected';
  caseId: string | null;
  conflictId?: string;
  error?: { code: string; message: string };
  /** A refused change whose text went to the worker's supervisor as a note: when, and to whom. */
  noted?: { at: string; to: string };
};

/** At most this many commands per push, as the server takes. */
export const PUSH_BATCH = 200;

export async function listOutbox(copy: LocalCopy): Promise<OutboxEntry[]> {
  const rows = await ownRows(copy.db.outbox, copy.owner).toArray();
  return Promise.all(rows.map((row) => copy.open<OutboxEntry>(row)));
}

async function saveEntry(copy: LocalCopy, entry: OutboxEntry): Promise<void> {
  await copy.db.outbox.put({ owner: copy.owner, key: entry.command.commandId, ...(await copy.seal(entry)) });
}

/**
 * The number of changes waiting to be sent and of those that need the worker (a conflict or a refusal), kept in
 * clear beside the encrypted outbox so the header can show them while the copy is locked: counts, nothing about
 * what the changes are.
 */
const WAITING = 'waiting';
const PROBLEMS = 'problems';

async function recount(copy: LocalCopy): Promise<void> {
  const entries = await listOutbox(copy);
  const waiting = entries.filter((entry) => entry.status === 'waiting').length;
  await writePlain(copy.db, copy.owner, WAITING, waiting);
  await writePlain(copy.db, copy.owner, PROBLEMS, entries.length - waiting);
}

/** The counts of changes waiting to be sent and of those needing attention, of a user whose copy may be locked. */
export async function outboxCounts(db: OfflineDb, owner: string): Promise<{ waiting: number; problems: number }> {
  const [waiting, problems] = await Promise.all([readPlain<number>(db, owner, WAITING), readPlain<number>(db, owner, PROBLEMS)]);
  return { waiting: waiting ?? 0, problems: problems ?? 0 };
}

/** The count of changes waiting to be sent of a user whose copy may be locked. */
export async function waitingCount(db: OfflineDb, owner: string): Promise<number> {
  return (await outboxCounts(db, owner)).waiting;
}

async function dropEntry(copy: LocalCopy, command: Command): Promise<void> {
  await copy.db.outbox.delete([copy.owner, command.commandId]);
  const localOnly = LOCAL_ONLY[command.type];
  if (localOnly) await copy.put([], [{ entity: localOnly, id: command.entityId }]);
}

/** Takes a command out of the outbox, with the record that existed only on the device because of it. */
export async function discardEntry(copy: LocalCopy, command: Command): Promise<void> {
  await dropEntry(copy, command);
  await recount(copy);
}

/** Marks a refused change as sent to the supervisor as a note; it stays until the worker removes it. */
export async function markNoted(copy: LocalCopy, entry: OutboxEntry, to: string): Promise<void> {
  await saveEntry(copy, { ...entry, noted: { at: new Date().toISOString(), to } });
}

/** Records a command creates on the device; once sent, the server's copy (if in the offline set) comes by pull. */
const LOCAL_ONLY: Record<string, Entity> = { 'contact.record': 'contact', 'family.register': 'family', 'consent.record': 'consent' };

/** Queues a command and applies it to the local copy at once (the records it changes, marked pending). */
async function enqueue(
  copy: LocalCopy,
  command: Omit<Command, 'commandId' | 'clientTime'>,
  caseId: string | null,
  local: LocalRecord[],
): Promise<Command> {
  // v7: sortable by time, so the outbox (keyed by it) keeps the order the worker typed in.
  const full: Command = { ...command, commandId: v7(), clientTime: new Date().toISOString() };
  await copy.put(local.map((record) => ({ ...record, pending: true })));
  await saveEntry(copy, { command: full, status: 'waiting', caseId });
  await recount(copy);
  return full;
}

export type ContactInput = { caseId: string; kind: ContactKind; date: string; text: string; participants?: string[] };
/** A contact kept on the device until it is sent: the record the case page shows meanwhile. */
export type LocalContact = ContactInput & { id: string; createdAt: string };

export async function recordContact(copy: LocalCopy, input: ContactInput): Promise<Command> {
  const id = v7();
  const contact: LocalContact = { ...input, id, createdAt: new Date().toISOString() };
  return enqueue(copy, { type: 'contact.record', entityId: id, baseVersion: null, payload: { ...input } }, input.caseId, [
    { entity: 'contact', id, version: null, data: contact },
  ]);
}

type TaskLike = { id: string; caseId: string; status: string; version: number };

export async function completeTask(copy: LocalCopy, task: TaskLike): Promise<Command> {
  const record = await copy.get<TaskLike>('task', task.id);
  // The base is the server's version the device holds, not one bumped by earlier local changes.
  const baseVersion = record?.version ?? task.version;
  return enqueue(copy, { type: 'task.complete', entityId: task.id, baseVersion, payload: {} }, task.caseId, [
    { entity: 'task', id: task.id, version: baseVersion, data: { ...(record?.data ?? task), status: 'done' } },
  ]);
}

type ScreeningLike = { screening: { answers: Record<string, string>; version: number } | null; [field: string]: unknown };

/**
 * Saves the intake screening's answers on the device. The base is what the device held before (null for a
 * first save), with the previous answers, so the server can merge answers nobody else changed meanwhile.
 */
export async function saveScreening(copy: LocalCopy, caseId: string, answers: Record<string, string>): Promise<Command> {
  const record = await copy.get<ScreeningLike>('screening', caseId);
  const held = record?.data.screening ?? null;
  const before = held?.answers ?? {};
  const baseVersion = held?.version ?? null;
  const data = { ...(record?.data ?? {}), screening: { ...(held ?? { version: 0 }), answers: { ...before, ...answers } } };
  return enqueue(
    copy,
    { type: 'screening.save', entityId: caseId, baseVersion, payload: { answers: data.screening.answers, base: { answers: before } } },
    caseId,
    [{ entity: 'screening', id: caseId, version: record?.version ?? null, data }],
  );
}

/**
 * Changes household fields of a family on the device. Only the fields that differ are sent, each with the
 * value the device held (`base`), so a change someone else made to another field meanwhile is merged.
 */
export async function updateFamily(copy: LocalCopy, familyId: string, changes: Record<string, unknown>): Promise<Command | null> {
  const record = await copy.get<Record<string, unknown>>('family', familyId);
  if (!record) return null;
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([field, value]) => JSON.stringify(record.data[field] ?? null) !== JSON.stringify(value ?? null)),
  );
  if (Object.keys(changed).length === 0) return null;
  const base = Object.fromEntries(Object.keys(changed).map((field) => [field, record.data[field] ?? null]));
  return enqueue(copy, { type: 'family.update', entityId: familyId, baseVersion: record.version, payload: { ...changed, base } }, null, [
    { ...record, data: { ...record.data, ...changed } },
  ]);
}

type PlanLike = { caseId: string; goals: { actions: { id: string; status: string; version: number; taskId?: string | null }[] }[] };

/**
 * Moves a plan action along on the device. A second change of the same action before the signal returns
 * replaces the first (under a new command id, in case the first reached the server unanswered) and keeps its
 * base: the status and version the server last gave, so it is not taken for a conflict with itself.
 */
export async function updatePlanAction(copy: LocalCopy, planId: string, actionId: string, status: string): Promise<Command | null> {
  const record = await copy.get<PlanLike>('plan', planId);
  const action = record?.data.goals.flatMap((goal) => goal.actions).find((one) => one.id === actionId);
  if (!record || !action || action.status === status) return null;
  const earlier = (await listOutbox(copy)).find(
    (entry) => entry.status === 'waiting' && entry.command.type === 'plan_action.update' && entry.command.entityId === actionId,
  );
  const base = (earlier?.command.payload.base as { status: string } | undefined) ?? { status: action.status };
  if (earlier) await copy.db.outbox.delete([copy.owner, earlier.command.commandId]);
  const goals = record.data.goals.map((goal) => ({
    ...goal,
    actions: goal.actions.map((one) => (one.id === actionId ? { ...one, status } : one)),
  }));
  // The action's task follows it on the server (done, cancelled, else open): the device shows it so at once.
  const task = action.taskId ? await copy.get<{ status: string }>('task', action.taskId) : undefined;
  const taskStatus = status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'open';
  const followers = task ? [{ ...task, data: { ...task.data, status: taskStatus } }] : [];
  return enqueue(
    copy,
    {
      type: 'plan_action.update',
      entityId: actionId,
      baseVersion: earlier?.command.baseVersion ?? action.version,
      payload: { planId, status, base },
    },
    record.data.caseId,
    [{ ...record, data: { ...record.data, goals } }, ...followers],
  );
}

export type ConsentInput = {
  caseId: string;
  givenByPersonId: string;
  onBehalfOfPersonIds: string[];
  scope: string[];
  date: string;
  note?: string;
};
type Giver = { id: string; surname: string; givenName: string; patronymic?: string | null };

/**
 * A consent given on a visit: the body of POST /api/cases/:id/consents with its case, and a record the case page
 * shows meanwhile. `organisations` names the organisations of its scope, as the server will.
 */
export async function recordConsent(
  copy: LocalCopy,
  input: ConsentInput,
  givenBy: Giver,
  organisations: readonly { id: string; name: string }[] = [],
): Promise<Command> {
  const id = v7();
  const now = new Date().toISOString();
  const consent = {
    ...input,
    id,
    givenBy: { id: givenBy.id, surname: givenBy.surname, givenName: givenBy.givenName, patronymic: givenBy.patronymic ?? null },
    scopeCategories: splitConsentScope(input.scope).categories,
    scopeOrganisations: organisations
      .filter((organisation) => input.scope.includes(organisation.id))
      .map(({ id: organisationId, name }) => ({ id: organisationId, name })),
    note: input.note ?? null,
    status: 'active',
    createdAt: now,
  };
  return enqueue(copy, { type: 'consent.record', entityId: id, baseVersion: null, payload: { ...input } }, input.caseId, [
    { entity: 'consent', id, version: null, data: consent },
  ]);
}

type FamilyWithMembers = { members?: { id: string; version?: number; [field: string]: unknown }[] };

/**
 * Corrects a family member on the device: only the fields that differ are sent, each with the value the device
 * held. A second correction of the same person before the signal returns joins the first (under a new command
 * id) and keeps the first one's values before, so it is not taken for a conflict with itself.
 */
export async function updatePerson(
  copy: LocalCopy,
  familyId: string,
  personId: string,
  changes: Record<string, unknown>,
): Promise<Command | null> {
  const record = await copy.get<FamilyWithMembers>('family', familyId);
  const person = record?.data.members?.find((member) => member.id === personId);
  if (!record || !person || typeof person.version !== 'number') return null;
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([field, value]) => JSON.stringify(person[field] ?? null) !== JSON.stringify(value ?? null)),
  );
  if (Object.keys(changed).length === 0) return null;
  const earlier = (await listOutbox(copy)).find(
    (entry) => entry.status === 'waiting' && entry.command.type === 'person.update' && entry.command.entityId === personId,
  );
  const { base: earlierBase = {}, ...earlierChanges } = (earlier?.command.payload ?? {}) as { base?: Record<string, unknown> };
  const base = { ...Object.fromEntries(Object.keys(changed).map((field) => [field, person[field] ?? null])), ...earlierBase };
  if (earlier) await copy.db.outbox.delete([copy.owner, earlier.command.commandId]);
  const members = record.data.members?.map((member) => (member.id === personId ? { ...member, ...changed } : member));
  return enqueue(
    copy,
    {
      type: 'person.update',
      entityId: personId,
      baseVersion: earlier?.command.baseVersion ?? person.version,
      payload: { ...earlierChanges, ...changed, base },
    },
    null,
    [{ ...record, data: { ...record.data, members } }],
  );
}

type AssessmentLike = { caseId: string; status: string; answers: Record<string, string>; [field: string]: unknown };

/**
 * Saves answers of a draft assessment on the device: only the answers that differ, each with the answer the
 * device held (null when unanswered), so answers someone else gave meanwhile to other questions are merged.
 */
export async function saveAssessment(copy: LocalCopy, assessmentId: string, answers: Record<string, string>): Promise<Command | null> {
  const record = await copy.get<AssessmentLike>('assessment', assessmentId);
  if (!record || record.version === null) return null;
  const held = record.data.answers ?? {};
  const changed = Object.fromEntries(Object.entries(answers).filter(([question, answer]) => held[question] !== answer));
  if (Object.keys(changed).length === 0) return null;
  const before = Object.fromEntries(Object.keys(changed).map((question) => [question, held[question] ?? null]));
  // The base version is the server's the device holds: the server follows this device's own earlier saves from it.
  return enqueue(
    copy,
    {
      type: 'assessment.save',
      entityId: assessmentId,
      baseVersion: record.version,
      payload: { answers: changed, base: { answers: before } },
    },
    record.data.caseId,
    [{ ...record, data: { ...record.data, answers: { ...held, ...changed } } }],
  );
}

/** Submits the assessment for approval once the signal returns; the device shows it as submitted meanwhile. */
export async function submitAssessment(copy: LocalCopy, assessmentId: string): Promise<Command | null> {
  const record = await copy.get<AssessmentLike>('assessment', assessmentId);
  if (!record || record.version === null) return null;
  return enqueue(
    copy,
    { type: 'assessment.submit', entityId: assessmentId, baseVersion: record.version, payload: {} },
    record.data.caseId,
    [{ ...record, data: { ...record.data, status: 'submitted' } }],
  );
}

type MemberInput = { surname: string; givenName: string; [field: string]: unknown };
export type FamilyInput = { address: string; districtCode: string; members: MemberInput[]; [field: string]: unknown };

/** Registers a family on the device: the family and its members get their ids here, as the server keeps them. */
export async function registerFamily(copy: LocalCopy, input: FamilyInput): Promise<Command> {
  const id = v7();
  const members = input.members.map((member) => ({ ...member, id: v7() }));
  const body = { ...input, id, members };
  const now = new Date().toISOString();
  return enqueue(copy, { type: 'family.register', entityId: id, baseVersion: null, payload: body }, null, [
    { entity: 'family', id, version: null, data: { ...body, createdAt: now, phones: input.phones ?? [] } },
  ]);
}

/** What one push did: how many commands the server took, and how many now need the worker. */
export type PushOutcome = { sent: number; problems: number };

/**
 * Sends the waiting commands in the order they were typed, in batches the server takes. A command the server
 * took leaves the outbox (its local-only record too: the next pull brings the server's copy); a conflict or
 * refusal stays with its reason. A network failure leaves everything as it was, to send again later.
 */
export async function push(copy: LocalCopy, deviceId: string, send = sendBatch): Promise<PushOutcome> {
  const waiting = (await listOutbox(copy)).filter((entry) => entry.status === 'waiting');
  const outcome: PushOutcome = { sent: 0, problems: 0 };
  for (let start = 0; start < waiting.length; start += PUSH_BATCH) {
    const batch = waiting.slice(start, start + PUSH_BATCH);
    const { results } = await send({ deviceId, commands: batch.map((entry) => entry.command) });
    const byId = new Map(results.map((result) => [result.commandId, result]));
    for (const entry of batch) {
      const result = byId.get(entry.command.commandId);
      if (!result) continue;
      if (result.status === 'conflict' || result.status === 'rejected') {
        outcome.problems++;
        await saveEntry(copy, { ...entry, status: result.status, conflictId: result.conflictId, error: result.error });
        continue;
      }
      outcome.sent++;
      await dropEntry(copy, entry.command);
    }
    await recount(copy);
  }
  return outcome;
}

export function sendBatch(body: { deviceId: string; commands: Command[] }): Promise<{ results: PushResult[] }> {
  return api.post<{ results: PushResult[] }>('/api/sync/push', body);
}
