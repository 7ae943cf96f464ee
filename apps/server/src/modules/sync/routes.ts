import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { conflictResolve, listConflicts, resolveConflict } from './conflicts.ts';
import { PULLED, pull } from './pull.ts';
import { push } from './push.ts';

const tags = ['sync'];
const entity = z.enum(PULLED);
const error = z.object({ code: z.string(), message: z.string() });

/** The most commands one push carries; a device with more sends them in several. */
export const PUSH_LIMIT = 200;

export const pushBody = z.object({
  deviceId: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
  // Each command is checked on its own, so that a malformed one is answered on its own line.
  commands: z.array(z.unknown()).max(PUSH_LIMIT, { error: 'too_long' }),
});

export const pushOut = z.object({
  results: z.array(
    z.object({
      commandId: z.uuid().nullable(),
      status: z.enum(['applied', 'duplicate', 'merged', 'conflict', 'rejected']),
      entityId: z.string(),
      version: z.number().int().optional(),
      conflictId: z.uuid().optional(),
      error: error.optional(),
    }),
  ),
});

export const pullQuery = z.object({
  cursor: z.string().max(64, { error: 'too_long' }).optional(),
  limit: z.coerce.number().int({ error: 'invalid' }).min(1, { error: 'too_small' }).max(5000, { error: 'too_big' }).default(500),
});

export const pullOut = z.object({
  changes: z.array(z.object({ entity, id: z.string(), version: z.number().int(), data: z.unknown() })),
  removed: z.array(z.object({ entity, id: z.string() })),
  cursor: z.string(),
  more: z.boolean(),
});

/** The conflict screen's replies are the domain's schemas, which the web's types come from. */
export const conflictsOut = schemas.syncConflictsOut;

export const syncRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/sync/push',
    {
      schema: {
        tags,
        summary:
          'Apply commands a device queued offline, in order, each once (its commandId is recorded with its effect); a stale edit is merged field by field or becomes a conflict',
        body: pushBody,
        response: { 200: pushOut, ...schemas.commonErrors },
      },
    },
    async (request) => ({ results: await push(contextOf(request, db), request.body.deviceId, request.body.commands, request.log) }),
  );
  app.get(
    '/api/sync/pull',
    {
      schema: {
        tags,
        summary:
          "What changed in the worker's offline set since the cursor, and what left it (no cursor: the whole set); reads are audited",
        querystring: pullQuery,
        response: { 200: pullOut, ...schemas.commonErrors },
      },
    },
    (request) => pull(contextOf(request, db), request.query),
  );
  app.get(
    '/api/sync/conflicts',
    {
      schema: {
        tags,
        summary: "The signed-in user's offline edits waiting for a choice",
        response: { 200: conflictsOut, ...schemas.commonErrors },
      },
    },
    (request) => listConflicts(contextOf(request, db)),
  );
  app.post(
    '/api/sync/conflicts/:id/resolve',
    {
      schema: {
        tags,
        summary:
          'Choose, for every field of a conflict, the value before, theirs, mine or a new one; 409 conflict_changed when the record moved on again',
        params: z.object({ id: z.uuid({ error: 'uuid' }) }),
        body: conflictResolve,
        response: {
          200: schemas.syncResolvedOut,
          ...schemas.commonErrors,
        },
      },
    },
    (request) => resolveConflict(contextOf(request, db), request.params.id, request.body),
  );
};
