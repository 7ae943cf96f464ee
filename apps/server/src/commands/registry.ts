import { assessmentUpdate, consentCreate, contactCreate, planActionUpdate, schemas, screeningSave, taskUpdate } from '@hamkor/domain';
import { z } from 'zod';
import type { RequestContext } from '../lib/context.ts';
import * as screening from '../modules/assessments/screening.ts';
import * as assessments from '../modules/assessments/service.ts';
import * as consents from '../modules/consents/service.ts';
import * as contacts from '../modules/contacts/service.ts';
import * as families from '../modules/families/service.ts';
import * as persons from '../modules/persons/service.ts';
import * as plans from '../modules/plans/service.ts';
import * as tasks from '../modules/tasks/service.ts';

/** The kinds of record the offline set holds, as the sync endpoints name them. */
export type SyncEntity =
  | 'family'
  | 'person'
  | 'case'
  | 'contact'
  | 'screening'
  | 'assessment'
  | 'plan'
  | 'plan_action'
  | 'task'
  | 'consent'
  | 'referral'
  | 'instrument'
  | 'service';

/** What a command did: the record it wrote and the version that record has now. */
export type CommandOutcome = { id: string; version: number };

/** A record as the 409 of a stale write showed it: its version and its fields as the command names them. */
export type CurrentState = { version: number | null; values: Record<string, unknown> };

/**
 * One use case that changes data, as a device may send it: the input it takes (the HTTP body without the
 * version, which comes from the command's base version) and the function the HTTP route calls too. An edit
 * also says how to read its fields off the record a version conflict returns, so that a stale command whose
 * fields nobody else changed can be merged.
 */
export type CommandSpec<P = unknown> = {
  entity: SyncEntity;
  /** A create: the command's entityId is the id the device gave the new record. */
  creates: boolean;
  payload: z.ZodType<P>;
  run(ctx: RequestContext, entityId: string, payload: P, version: number | null): Promise<CommandOutcome>;
  current?(record: unknown): CurrentState;
  /** The fields the command changes and their values before, when they are not its payload and `base`. */
  changes?(payload: P): { mine: Record<string, unknown>; base: Record<string, unknown> };
};

/** The values a device had before its change, sent with an edit so that a stale one can be merged field by field. */
const base = { base: z.record(z.string(), z.unknown()).optional() };
const caseId = { caseId: z.uuid({ error: 'uuid' }) };
const record = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
const versionOf = (value: unknown): number => {
  const version = record(value).version;
  if (typeof version !== 'number') throw new Error('a command returned a record without a version');
  return version;
};
const required = (version: number | null): number => version ?? 0;
const asRecord = (value: unknown): CurrentState => ({
  version: (record(value).version as number | undefined) ?? null,
  values: record(value),
});

/** `type` → how it is checked and run. The sync endpoint dispatches on this; the HTTP routes call the same functions. */
export const COMMANDS = {
  'family.register': {
    entity: 'family',
    creates: true,
    payload: schemas.familyCreate.omit({ id: true }),
    run: async (ctx, id, payload) => {
      const family = await families.registerFamily(ctx, { ...payload, id });
      return { id: family.id, version: family.version };
    },
  } satisfies CommandSpec<Omit<schemas.FamilyCreate, 'id'>>,
  'family.update': {
    entity: 'family',
    creates: false,
    payload: schemas.familyUpdate.omit({ version: true }).extend(base),
    run: async (ctx, id, { base: _base, ...payload }, version) => {
      const family = await families.updateFamily(ctx, id, { ...payload, version: required(version) });
      return { id, version: family.version };
    },
    current: asRecord,
  } satisfies CommandSpec<Omit<schemas.FamilyUpdate, 'version'> & { base?: Record<string, unknown> }>,
  'person.update': {
    entity: 'person',
    creates: false,
    // The refinement of the whole person is checked again by the route's own schema when it runs.
    payload: z.record(z.string(), z.unknown()),
    run: async (ctx, id, { base: _base, ...payload }, version) => {
      const parsed = schemas.personUpdate.parse({ ...payload, version: required(version) });
      const person = await persons.updatePerson(ctx, id, parsed);
      return { id, version: person.version };
    },
    current: asRecord,
  } satisfies CommandSpec<Record<string, unknown>>,
  'contact.record': {
    entity: 'contact',
    creates: true,
    payload: contactCreate.omit({ id: true }).extend(caseId),
    run: async (ctx, id, { caseId, ...payload }) => {
      const contact = await contacts.recordContact(ctx, caseId, { ...payload, id });
      return { id: contact.id, version: versionOf(contact) };
    },
  } satisfies CommandSpec<Omit<z.infer<typeof contactCreate>, 'id'> & { caseId: string }>,
  'screening.save': {
    entity: 'screening',
    creates: false,
    payload: screeningSave.omit({ version: true }).extend(base),
    run: async (ctx, caseId, { base: _base, ...payload }, version) => {
      const saved = await screening.saveScreening(ctx, caseId, { ...payload, version });
      return { id: caseId, version: versionOf(saved.screening) };
    },
    current: (reply) => {
      const saved = record(record(reply).screening);
      return { version: (saved.version as number | undefined) ?? null, values: { answers: saved.answers ?? {} } };
    },
  } satisfies CommandSpec<Omit<z.infer<typeof screeningSave>, 'version'> & { base?: Record<string, unknown> }>,
  'assessment.save': {
    entity: 'assessment',
    creates: false,
    payload: z.record(z.string(), z.unknown()),
    run: async (ctx, id, { base: _base, ...payload }, version) => {
      const parsed = assessmentUpdate.parse({ ...payload, version: required(version) });
      const saved = await assessments.updateAssessment(ctx, id, parsed);
      return { id, version: versionOf(saved) };
    },
    current: asRecord,
  } satisfies CommandSpec<Record<string, unknown>>,
  'assessment.submit': {
    entity: 'assessment',
    creates: false,
    payload: z.object({}),
    run: async (ctx, id, _payload, version) => {
      const submitted = await assessments.submitAssessment(ctx, id, { version: required(version) });
      return { id, version: versionOf(submitted) };
    },
  } satisfies CommandSpec<Record<string, never>>,
  'plan_action.update': {
    entity: 'plan_action',
    creates: false,
    payload: planActionUpdate.omit({ version: true }).extend({ planId: z.uuid({ error: 'uuid' }), ...base }),
    run: async (ctx, actionId, { planId, base: _base, ...payload }, version) => {
      const plan = await plans.updateAction(ctx, planId, actionId, { ...payload, version: required(version) });
      const action = plan.goals.flatMap((goal) => goal.actions).find((one) => one.id === actionId);
      return { id: actionId, version: versionOf(action) };
    },
    current: asRecord,
  } satisfies CommandSpec<{ status: z.infer<typeof planActionUpdate>['status']; planId: string; base?: Record<string, unknown> }>,
  'task.complete': {
    entity: 'task',
    creates: false,
    payload: z.object({}),
    run: async (ctx, id, _payload, version) => {
      const task = await tasks.updateTask(ctx, id, taskUpdate.parse({ status: 'done', version: required(version) }));
      return { id, version: versionOf(task) };
    },
    // Completing is the only change: a task someone else edited meanwhile is still completed, unless it was
    // closed or cancelled, which the merge sees as a change of `status`.
    current: (task) => ({ version: (record(task).version as number | undefined) ?? null, values: { status: record(task).status } }),
    changes: () => ({ mine: { status: 'done' }, base: { status: 'open' } }),
  } satisfies CommandSpec<Record<string, never>>,
  'consent.record': {
    entity: 'consent',
    creates: true,
    payload: consentCreate.omit({ id: true }).extend(caseId),
    run: async (ctx, id, { caseId, ...payload }) => {
      const consent = await consents.recordConsent(ctx, caseId, { ...payload, id });
      return { id: consent.id, version: versionOf(consent) };
    },
  } satisfies CommandSpec<Omit<z.infer<typeof consentCreate>, 'id'> & { caseId: string }>,
} as const;

export type CommandType = keyof typeof COMMANDS;
export const COMMAND_TYPES = Object.keys(COMMANDS) as CommandType[];
export const isCommandType = (type: string): type is CommandType => Object.hasOwn(COMMANDS, type);
export const commandOf = (type: CommandType): CommandSpec => COMMANDS[type] as unknown as CommandSpec;
