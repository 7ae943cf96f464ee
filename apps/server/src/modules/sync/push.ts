import { createHash } from 'node:crypto';
import { Conflict, DomainError, type FieldProblem, Invalid, NotFound } from '@hamkor/domain';
import { ZodError, z } from 'zod';
import { type CommandSpec, commandOf, isCommandType } from '../../commands/registry.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { SyncCommandResult, SyncConflictField } from '../../db/schema.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import { zodIssuesToProblems } from '../../lib/validation.ts';
import { recordRefusal } from '../audit/refusals.ts';
import { conflictingFields, flatten } from './merge.ts';
import * as repo from './repo.ts';

export type PushResult = Omit<SyncCommandResult, 'status'> & {
  commandId: string | null;
  status: SyncCommandResult['status'] | 'duplicate';
};
type Logger = { error: (details: Record<string, unknown>, message: string) => void };

const uuid = z.uuid({ error: 'uuid' });
/** One command as a device queued it. Each is checked on its own: a malformed one is answered on its own line. */
export const commandEnvelope = z.object({
  commandId: uuid,
  type: z.string().min(1).max(64),
  entityId: uuid,
  baseVersion: z.number().int().min(0).max(2_147_483_647).nullable(),
  payload: z.record(z.string(), z.unknown()),
  clientTime: z.iso.datetime({ offset: true, error: 'invalid' }).optional(),
});
export type CommandEnvelope = z.infer<typeof commandEnvelope>;

/** Keys of a payload that say where the record is rather than what changed in it. */
const ROUTING = new Set(['base', 'caseId', 'planId']);
/** A merge that loses the race again this many times becomes a conflict for the worker. */
const MERGE_TRIES = 3;

/** The answer given when a command came back a second time after an answer that was not recorded. */
class AlreadyRecorded extends Error {}

const hashOf = (command: CommandEnvelope) =>
  createHash('sha256')
    .update(canonicalJson({ type: command.type, entityId: command.entityId, baseVersion: command.baseVersion, payload: command.payload }))
    .digest('hex');

function errorOf(ctx: RequestContext, error: DomainError, fields?: FieldProblem[]): NonNullable<SyncCommandResult['error']> {
  const t = translator(ctx.locale);
  const message = t(`errors.${error.code}`, error.params);
  const detail = fields?.length
    ? ` (${fields.map((field) => `${field.path}: ${t(`fields.${field.code}`, field.params ?? {})}`).join('; ')})`
    : '';
  return { code: error.code, message: `${message}${detail}` };
}

/**
 * Applies a device's queued commands in order, each through the same use case as its HTTP route and in its own
 * transaction, with the command recorded in that transaction. Every command gets its own answer; none stops
 * the others, and none makes the whole push fail.
 */
export async function push(ctx: RequestContext, deviceId: string, commands: readonly unknown[], log: Logger): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const raw of commands) results.push(await pushOne(ctx, deviceId, raw, log));
  return results;
}

async function pushOne(ctx: RequestContext, deviceId: string, raw: unknown, log: Logger): Promise<PushResult> {
  const parsed = commandEnvelope.safeParse(raw);
  if (!parsed.success) {
    const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const commandId = uuid.safeParse(given.commandId).success ? String(given.commandId) : null;
    const entityId = uuid.safeParse(given.entityId).success ? String(given.entityId) : '';
    const fields = zodIssuesToProblems(parsed.error.issues);
    return { commandId, status: 'rejected', entityId, error: errorOf(ctx, new Invalid(fields), fields) };
  }
  const command = { ...parsed.data, commandId: parsed.data.commandId.toLowerCase(), entityId: parsed.data.entityId.toLowerCase() };
  const hash = hashOf(command);
  const seen = await repo.findCommand(ctx.db, ctx.actor.id, command.commandId);
  if (seen) return answerAgain(ctx, command, seen, hash);
  try {
    return { commandId: command.commandId, ...(await dispatch(ctx, deviceId, command, hash)) };
  } catch (error) {
    if (error instanceof AlreadyRecorded) {
      const first = await repo.findCommand(ctx.db, ctx.actor.id, command.commandId);
      if (first) return answerAgain(ctx, command, first, hash);
    }
    log.error(
      { err: { name: (error as Error).name, code: (error as { code?: unknown }).code }, type: command.type },
      'sync command failed',
    );
    return {
      commandId: command.commandId,
      status: 'rejected',
      entityId: command.entityId,
      error: errorOf(ctx, new DomainError('internal')),
    };
  }
}

function answerAgain(
  ctx: RequestContext,
  command: CommandEnvelope,
  seen: { request_hash: string; result: SyncCommandResult },
  hash: string,
): PushResult {
  if (seen.request_hash !== hash)
    return {
      commandId: command.commandId,
      status: 'rejected',
      entityId: command.entityId,
      error: errorOf(ctx, new Conflict('command_id_reused')),
    };
  return { ...seen.result, commandId: command.commandId, status: 'duplicate' };
}

async function dispatch(ctx: RequestContext, deviceId: string, command: CommandEnvelope, hash: string): Promise<SyncCommandResult> {
  const record = (trx: Tx, result: SyncCommandResult) => recordCommand(trx, ctx.actor.id, deviceId, command, hash, result);
  const refuse = (error: DomainError, fields?: FieldProblem[]) =>
    settle(ctx.db, async (trx) => {
      const result: SyncCommandResult = { status: 'rejected', entityId: command.entityId, error: errorOf(ctx, error, fields) };
      await record(trx, result);
      return result;
    });

  if (!isCommandType(command.type)) return refuse(new Invalid([{ path: 'type', code: 'choice' }], 'unknown_command'));
  const spec = commandOf(command.type);
  const payload = spec.payload.safeParse(command.payload);
  if (!payload.success) {
    const fields = zodIssuesToProblems(payload.error.issues).map((field) => ({ ...field, path: `payload.${field.path}` }));
    return refuse(new Invalid(fields), fields);
  }
  let version = spec.creates ? null : await chainedVersion(ctx.db, ctx.actor.id, command.entityId, command.baseVersion);
  let status: 'applied' | 'merged' = 'applied';
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await settle(ctx.db, async (trx) => {
        const outcome = await spec.run({ ...ctx, db: trx }, command.entityId, payload.data, version);
        const result: SyncCommandResult = { status, entityId: outcome.id, version: outcome.version };
        await record(trx, result);
        return result;
      });
    } catch (error) {
      if (error instanceof AlreadyRecorded) throw error;
      const current = staleState(spec, error);
      if (current && attempt < MERGE_TRIES) {
        const fields = conflictingFields(...changesOf(spec, payload.data as Record<string, unknown>), current.values);
        if (fields.length === 0 && current.version !== null) {
          version = current.version;
          status = 'merged';
          continue;
        }
        if (fields.length > 0) return openConflict(ctx, command, spec, { fields, theirVersion: current.version }, record);
      }
      if (error instanceof ZodError) {
        const fields = zodIssuesToProblems(error.issues).map((field) => ({ ...field, path: `payload.${field.path}` }));
        return refuse(new Invalid(fields), fields);
      }
      if ((error as { code?: unknown }).code === '23505') return refuse(new Conflict('already_exists'));
      if (error instanceof Invalid) return refuse(error, error.fields);
      // A command on a record outside the worker's reach is a refused attempt like a 404 on HTTP, audited the same way.
      if (error instanceof NotFound && error.refused)
        await recordRefusal(ctx.db, {
          kind: 'access',
          actorId: ctx.actor.id,
          entity: error.refused,
          route: `POST /api/sync/push ${command.type}`,
          ip: ctx.ip,
        });
      if (error instanceof DomainError) return refuse(error);
      throw error;
    }
  }
}

/** The record a stale edit met, when the command can be merged at all. */
export function staleState(spec: CommandSpec, error: unknown) {
  if (!(error instanceof Conflict) || error.code !== 'version_conflict' || error.current === undefined || !spec.current) return null;
  return spec.current(error.current);
}

export function changesOf(spec: CommandSpec, payload: Record<string, unknown>): [Map<string, unknown>, Record<string, unknown>] {
  if (spec.changes) {
    const { mine, base } = spec.changes(payload);
    return [flatten(mine), base];
  }
  const mine = Object.fromEntries(Object.entries(payload).filter(([key]) => !ROUTING.has(key)));
  const base = payload.base && typeof payload.base === 'object' ? (payload.base as Record<string, unknown>) : {};
  return [flatten(mine), base];
}

/** Runs `work` in a transaction of its own (a command recorded meanwhile by a twin request throws AlreadyRecorded). */
const settle = <T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> => withTx(db, work);

async function recordCommand(
  trx: Tx,
  userId: string,
  deviceId: string,
  command: CommandEnvelope,
  hash: string,
  result: SyncCommandResult,
): Promise<void> {
  const inserted = await repo.insertCommand(trx, {
    userId,
    commandId: command.commandId,
    deviceId,
    type: command.type,
    entityId: command.entityId,
    baseVersion: command.baseVersion,
    hash,
    result,
  });
  // The same command, sent twice at once, was applied by the other request: this one's effect rolls back.
  if (!inserted) throw new AlreadyRecorded();
}

/**
 * The version the server reached from `baseVersion` by this user's own earlier commands on the same record:
 * a device does not learn the versions its queued edits make until it is online, so each of them names the
 * version it started from, and the server follows its own chain. A chain ends at a merged command: its result
 * holds someone else's changes the device has not seen, so the next edit is merged field by field again.
 */
export async function chainedVersion(db: Db | Tx, userId: string, entityId: string, baseVersion: number | null): Promise<number | null> {
  if (baseVersion === null) return null;
  const last = await repo.lastFromBase(db, userId, entityId, baseVersion);
  return last?.status === 'applied' && last.version !== null ? last.version : baseVersion;
}

async function openConflict(
  ctx: RequestContext,
  command: CommandEnvelope,
  spec: CommandSpec,
  { fields, theirVersion }: { fields: SyncConflictField[]; theirVersion: number | null },
  record: (trx: Tx, result: SyncCommandResult) => Promise<void>,
): Promise<SyncCommandResult> {
  return settle(ctx.db, async (trx) => {
    const id = newId();
    await repo.insertConflict(trx, {
      id,
      userId: ctx.actor.id,
      commandId: command.commandId,
      type: command.type,
      entityType: spec.entity,
      entityId: command.entityId,
      payload: command.payload,
      fields,
      theirVersion,
    });
    await audit(
      trx,
      ctx,
      'sync.conflict',
      { type: spec.entity, id: command.entityId },
      { conflictId: id, fields: fields.map((f) => f.path) },
    );
    const result: SyncCommandResult = { status: 'conflict', entityId: command.entityId, conflictId: id };
    await record(trx, result);
    return result;
  });
}
