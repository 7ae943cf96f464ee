import type { Db, Tx } from '../../db/database.ts';

/** A user's sessions still alive: not past their end, nor idle longer than `idleSince` allows. */
export async function listLiveSessions(db: Db | Tx, userId: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'device', 'ip', 'created_at', 'last_seen_at', 'provider'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleSince)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends one session of the user's; false when they have none by that id. */
export async function deleteSessionOf(trx: Tx, userId: string, id: string): Promise<{ tokenHash: string } | undefined> {
  const row = await trx
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('token_hash')
    .executeTakeFirst();
  return row && { tokenHash: row.token_hash };
}
