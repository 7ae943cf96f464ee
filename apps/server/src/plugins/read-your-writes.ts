import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import { replicaOf } from '../db/replica.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The primary's WAL position after the user's last write, for the next request, whichever server takes it. */
export const WRITTEN_COOKIE = 'hamkor_written';

/**
 * With a read replica (db/replica.ts): once a signed-in user's write request has committed, notes the
 * primary's WAL position for them, so that their next dashboard, report or search reads from the primary
 * until the replica has replayed it. Noted before the answer leaves (onSend, after the Idempotency-Key
 * plugin's commit), so the user's next request already knows; and sent back in a cookie, so that another
 * server behind the same load balancer knows too.
 */
export const readYourWritesPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  const replica = replicaOf(options.db);
  if (!replica) return;
  app.addHook('onRequest', async (request) => {
    const written = request.cookies[WRITTEN_COOKIE];
    if (request.actor && written) replica.noteWrittenAt(request.actor.id, written);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.actor || !WRITES.has(request.method) || reply.statusCode >= 400) return payload;
    const lsn = await replica.noteWrite(request.actor.id);
    // A minute is far past the lag beyond which every read goes to the primary anyway.
    if (lsn)
      reply.setCookie(WRITTEN_COOKIE, lsn, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: 60,
      });
    return payload;
  });
});
