import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import { replicaOf } from '../db/replica.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * With a read replica (db/replica.ts): once a signed-in user's write request has committed, notes the
 * primary's WAL position for them, so that their next dashboard, report or search reads from the primary
 * until the replica has replayed it. Noted before the answer leaves (onSend, after the Idempotency-Key
 * plugin's commit), so the user's next request already knows.
 */
export const readYourWritesPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  const replica = replicaOf(options.db);
  if (!replica) return;
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.actor && WRITES.has(request.method) && reply.statusCode < 400) await replica.noteWrite(request.actor.id);
    return payload;
  });
});
