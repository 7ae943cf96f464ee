import type { Db, Tx } from './database.ts';

/**
 * Runs `work` in the caller's transaction when `db` already is one, or in a new one otherwise. A use case
 * written with it composes: called on its own it commits by itself; called inside an outer transaction (a
 * request made with an Idempotency-Key, which records its answer in the same transaction) it commits or
 * rolls back with everything else done there.
 */
export function withTx<T>(db: Db | Tx, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Tx) : db.transaction().execute(work);
}
