import { Conflict, Invalid, NotFound } from '@hamkor/domain';
import { z } from 'zod';
import { commandOf, isCommandType } from '../../commands/registry.ts';
import type { SyncCommandResult, SyncConflictField } from '../../db/schema.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { conflictingFields, withValueAt } from './merge.ts';
import { changesOf, staleState } from './push.ts';
import * as repo from './repo.ts';

export const conflictChoice = z.union([z.enum(['mine', 'theirs']), z.object({ value: z.unknown() }).strict()], { error: 'choice' });
export const conflictResolve = z.object({ choices: z.record(z.string().max(300), conflictChoice) });
export type ConflictResolve = z.infer<typeof conflictResolve>;

/** The signed-in user's conflicts still waiting for a choice; each is theirs alone, as the command was. */
export async function listConflicts(ctx: RequestContext) {
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.openConflicts(trx, ctx.actor.id);
    if (rows.length > 0) await audit(trx, ctx, 'sync.conflicts_read', null, { conflicts: rows.map((row) => row.id) });
    return {
      items: rows.map((row) => ({
        id: row.id,
        commandId: row.command_id,
        type: row.type,
        entityType: row.entity_type,
        entityId: row.entity_id,
        createdAt: row.created_at.toISOString(),
        fields: row.fields,
      })),
    };
  });
}

/**
 * Applies the worker's choice for every field of a conflict through the command's own use case, on the version
 * the "theirs" values were read from. When the record moved on again meanwhile, the conflict is refreshed with
 * the new values and the worker is asked again (409 conflict_changed): nobody's change is overwritten unseen.
 */
export async function resolveConflict(ctx: RequestContext, id: string, input: ConflictResolve) {
  try {
    return await applyChoices(ctx, id, input);
  } catch (error) {
    if (!(error instanceof MovedOn)) throw error;
    await repo.refreshConflict(ctx.db, ctx.actor.id, error.changed);
    throw new Conflict('conflict_changed');
  }
}

async function applyChoices(ctx: RequestContext, id: string, input: ConflictResolve) {
  const result = await withTx(ctx.db, async (trx) => {
    const row = await repo.lockConflict(trx, id, ctx.actor.id);
    if (row?.status !== 'open' || !isCommandType(row.type)) throw new NotFound();
    const spec = commandOf(row.type);
    const missing = row.fields.filter((field) => !Object.hasOwn(input.choices, field.path));
    const unknown = Object.keys(input.choices).filter((path) => !row.fields.some((field) => field.path === path));
    if (missing.length > 0 || unknown.length > 0)
      throw new Invalid([
        ...missing.map((field) => ({ path: `choices.${field.path}`, code: 'required' })),
        ...unknown.map((path) => ({ path: `choices.${path}`, code: 'invalid' })),
      ]);
    // A command that is an action (complete a task) rather than fields: it runs only if the worker keeps it.
    const keepsMine = row.fields.some((field) => input.choices[field.path] !== 'theirs');
    if (spec.changes && row.fields.some((field) => typeof input.choices[field.path] === 'object'))
      throw new Invalid(row.fields.map((field) => ({ path: `choices.${field.path}`, code: 'choice' })));
    let payload: Record<string, unknown> = row.payload;
    for (const field of row.fields) {
      const choice = input.choices[field.path];
      const value = choice === 'mine' ? field.mine : choice === 'theirs' ? field.theirs : choice?.value;
      if (!spec.changes) payload = withValueAt(payload, field.path, value);
    }
    const parsed = spec.payload.safeParse(payload);
    if (!parsed.success) throw new Invalid([{ path: 'choices', code: 'invalid' }]);

    let result: SyncCommandResult;
    if (spec.changes && !keepsMine) result = { status: 'applied', entityId: row.entity_id, version: row.their_version ?? undefined };
    else {
      try {
        const done = await spec.run({ ...ctx, db: trx }, row.entity_id, parsed.data, row.their_version);
        result = { status: 'applied', entityId: done.id, version: done.version };
      } catch (error) {
        const current = staleState(spec, error);
        if (!current) throw error;
        // The record moved on: show the worker the new values instead of applying the old choice.
        const fields = conflictingFields(...changesOf(spec, row.payload), current.values);
        throw new MovedOn({ id, fields: fields.length > 0 ? fields : row.fields, theirVersion: current.version });
      }
    }
    await repo.markResolved(trx, id, ctx.actor.id, row.command_id, result);
    // Which side was kept, not the values: those are in the record itself.
    const kept = Object.fromEntries(
      Object.entries(input.choices).map(([path, choice]) => [path, typeof choice === 'string' ? choice : 'typed']),
    );
    await audit(trx, ctx, 'sync.resolve', { type: row.entity_type, id: row.entity_id }, { conflictId: id, choices: kept });
    return result;
  });
  return { status: 'applied' as const, entityId: result.entityId, version: result.version ?? null };
}

/** The record moved on while the worker was choosing: everything done for the choice is rolled back. */
class MovedOn extends Error {
  constructor(readonly changed: { id: string; fields: SyncConflictField[]; theirVersion: number | null }) {
    super('moved_on');
  }
}
