import { createHash } from 'node:crypto';
import { Conflict, Invalid } from '@hamkor/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ControlledTransaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { settleTransaction } from '../db/transactions.ts';
import { canonicalJson } from '../lib/canonical-json.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The transaction a request made with an Idempotency-Key runs in; its services join it (withTx). */
    transaction: ControlledTransaction<Database> | null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Keys are kept this long: a phone out of signal for weeks still retries safely when it is back. */
const KEEP_DAYS = 30;
/** Old keys are swept by every this many new ones, in the transaction of the new one. */
const SWEEP_EVERY = 500;

/** What the key was first used for: a repeat must be the same request, made on the same route. */
function requestHash(request: FastifyRequest): string {
  const body = request.body === undefined || typeof request.body === 'object' || typeof request.body === 'string' ? request.body : null;
  return createHash('sha256')
    .update(canonicalJson({ method: request.method, route: request.routeOptions.url, params: request.params, query: request.query, body }))
    .digest('hex');
}

const rollback = (trx: ControlledTransaction<Database>) => trx.rollback().execute();

async function finish(request: FastifyRequest, work: (trx: ControlledTransaction<Database>) => Promise<void>) {
  const trx = request.transaction;
  if (!trx) return;
  request.transaction = null;
  if (trx.isCommitted || trx.isRolledBack) return;
  try {
    await work(trx);
  } catch (error) {
    // A failed commit (the database went away) must not leave the connection inside the transaction.
    if (!trx.isCommitted && !trx.isRolledBack) await rollback(trx).catch(() => undefined);
    throw error;
  } finally {
    // What waits on the outcome (an attachment's file) follows it.
    await settleTransaction(trx, trx.isCommitted);
  }
}

/**
 * `Idempotency-Key: <uuid>` on a POST: the key, the user and the answer are recorded in the same transaction as
 * the request's effect, so that a repeat by the same user (a retry after a lost answer, a double tap) gets the
 * first answer back and writes nothing. A repeat that arrives while the first is still running waits for it.
 * An answer of 4xx or 5xx records nothing, so the request may be tried again. Sign-in and sign-out take no key,
 * and neither do the sync endpoints: every command a device pushes carries its own id and is recorded with its effect.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  app.decorateRequest('transaction', null);
  let created = 0;

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (
      key === undefined ||
      request.method !== 'POST' ||
      !request.actor ||
      request.routeOptions.url?.startsWith('/api/auth/') ||
      request.routeOptions.url?.startsWith('/api/sync/')
    )
      return;
    if (typeof key !== 'string' || !UUID.test(key)) throw new Invalid([{ path: 'idempotency-key', code: 'invalid' }]);
    const userId = request.actor.id;
    const hash = requestHash(request);
    const trx = await options.db.startTransaction().execute();
    try {
      const inserted = await trx
        .insertInto('idempotency_keys')
        .values({ user_id: userId, key: key.toLowerCase(), request_hash: hash })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) {
        created += 1;
        if (created % SWEEP_EVERY === 0)
          await trx
            .deleteFrom('idempotency_keys')
            .where('created_at', '<', new Date(Date.now() - KEEP_DAYS * 24 * 3600 * 1000))
            .execute();
        request.transaction = trx;
        return;
      }
      const first = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status', 'body'])
        .where('user_id', '=', userId)
        .where('key', '=', key.toLowerCase())
        .executeTakeFirstOrThrow();
      await rollback(trx);
      if (first.request_hash !== hash || first.status === null)
        throw new Conflict('idempotency_key_reused', undefined, { header: 'Idempotency-Key' });
      reply.header('idempotent-replayed', 'true').status(first.status);
      if (first.body === null) return reply.send();
      return reply.type('application/json; charset=utf-8').send(first.body);
    } catch (error) {
      if (!trx.isCommitted && !trx.isRolledBack && request.transaction !== trx) await rollback(trx);
      throw error;
    }
  });

  // Before compression and the other onSend hooks: the answer is kept as the client will read it, uncompressed.
  app.addHook('onSend', async (request, reply, payload) => {
    await finish(request, async (trx) => {
      if (reply.statusCode >= 400) return rollback(trx);
      await trx
        .updateTable('idempotency_keys')
        .set({ status: reply.statusCode, body: typeof payload === 'string' ? payload : null })
        .where('user_id', '=', request.actor?.id ?? '')
        .where('key', '=', String(request.headers['idempotency-key']).toLowerCase())
        .execute();
      await trx.commit().execute();
    });
    return payload;
  });
  // A request whose answer never went through onSend leaves nothing behind.
  app.addHook('onResponse', (request) => finish(request, rollback));
});
