import type { Db, Tx } from '../../db/database.ts';
import type { UserRow } from '../users/repo.ts';

export async function insertSession(
  trx: Tx,
  values: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('sessions')
    .values({
      token_hash: values.tokenHash,
      user_id: values.userId,
      csrf_token: values.csrfToken,
      expires_at: values.expiresAt,
      ip: values.ip,
    })
    .execute();
}

export type SessionWithUser = {
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: UserRow;
  /** Districts served by the user's organisation. */
  territories: string[];
};

/** One query per request: the session and its user together. */
export async function findSession(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .selectAll('u')
    .select(['s.csrf_token', 's.last_seen_at', 's.expires_at', 'o.territories'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { csrf_token, last_seen_at, expires_at, territories, ...user } = row;
  return { csrfToken: csrf_token, lastSeenAt: last_seen_at, expiresAt: expires_at, user, territories };
}

export async function touchSession(db: Db, tokenHash: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db | Tx, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(trx: Tx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export type Attempts = {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
};

export async function findAttempts(trx: Tx, key: string): Promise<Attempts | undefined> {
  const row = await trx.selectFrom('login_attempts').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
  return (
    row && {
      failures: row.failures,
      windowStartedAt: row.window_started_at,
      lockedUntil: row.locked_until,
    }
  );
}

export async function saveAttempts(trx: Tx, key: string, attempts: Attempts): Promise<void> {
  const values = {
    failures: attempts.failures,
    window_started_at: attempts.windowStartedAt,
    locked_until: attempts.lockedUntil,
  };
  await trx
    .insertInto('login_attempts')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function clearAttempts(trx: Tx, key: string): Promise<void> {
  await trx.deleteFrom('login_attempts').where('key', '=', key).execute();
}
