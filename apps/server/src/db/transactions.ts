import { markReadOnly } from '../modules/audit/repo.ts';
import type { Db, Tx } from './database.ts';

/**
 * Runs `work` in the caller's transaction when `db` already is one, or in a new one otherwise. A use case
 * written with it composes: called on its own it commits by itself; called inside an outer transaction (a
 * request made with an Idempotency-Key, which records its answer in the same transaction) it commits or
 * rolls back with everything else done there. A transaction it opens, it settles (see afterTransaction).
 */
export async function withTx<T>(db: Db | Tx, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  let opened: Tx | undefined;
  let result: T;
  try {
    result = await db.transaction().execute((trx) => {
      opened = trx;
      return work(trx);
    });
  } catch (error) {
    if (opened) await settleTransaction(opened, false);
    throw error;
  }
  if (opened) await settleTransaction(opened, true);
  return result;
}

/**
 * withTx for a use case that only reads and records the read: when it opens the transaction itself, the
 * commit of the audit event does not wait for the disk (docs/benchmark.md); inside a caller's transaction,
 * which may write, it is an ordinary part of it.
 */
export async function withReadTx<T>(db: Db | Tx, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  return withTx(db, (trx) => {
    markReadOnly(trx);
    return work(trx);
  });
}

type Settled = (committed: boolean) => Promise<void> | void;
const waiting = new WeakMap<Tx, Settled[]>();

/**
 * Runs `then` once `trx` is over, told whether it committed: for what the database cannot roll back (a file
 * written beside its row), so that it follows the transaction's fate however far out the transaction was
 * opened. Whoever opens a transaction settles it: withTx, and the Idempotency-Key plugin.
 */
export function afterTransaction(trx: Tx, then: Settled): void {
  const list = waiting.get(trx) ?? [];
  list.push(then);
  waiting.set(trx, list);
}

/** Runs, once, what waits on the end of `trx`; every one runs even if one fails, and the first failure is thrown. */
export async function settleTransaction(trx: Tx, committed: boolean): Promise<void> {
  const list = waiting.get(trx) ?? [];
  waiting.delete(trx);
  const results = await Promise.allSettled(list.map(async (then) => then(committed)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
