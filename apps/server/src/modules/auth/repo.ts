import { type RawBuilder, sql } from 'kysely';
import { ANSWERED_WITH_NEXT, type Db, type Tx } from '../../db/database.ts';
import { bumpVersioned } from '../../db/versioned.ts';
import type { UserRow } from '../users/repo.ts';

export async function insertSession(
  trx: Tx,
  values: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    device: string | null;
    enrolOnly: boolean;
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
      device: values.device,
      enrol_only: values.enrolOnly,
    })
    .execute();
}

export type SessionWithUser = {
  id: string;
  /** May only enrol a second factor (docs/security.md). */
  enrolOnly: boolean;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: UserRow;
  /** Districts served by the user's organisation. */
  territories: string[];
  /** The user holds a record opened with a reason that has not been ended (docs/access.md). */
  openEmergency: boolean;
  /** All of the above that makes the request's actor, hashed by the database (session_stamp_of, migration 0036). */
  stamp: string;
};

/** The session and its user together, in one query (for reads that hold a session, once a minute: plugins/auth.ts). */
export async function findSession(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .selectAll('u')
    .select(['s.id as session_id', 's.enrol_only', 's.csrf_token', 's.last_seen_at', 's.expires_at', 'o.territories'])
    .select((eb) => {
      // In the same round trip, whether the rarer lookup of records opened with a reason is needed at all.
      const openEmergency = eb.exists(
        eb.selectFrom('emergency_accesses as e').select('e.id').whereRef('e.user_id', '=', 'u.id').where('e.ended_at', 'is', null),
      );
      return [openEmergency.as('open_emergency'), sql<string>`session_stamp_of(s, u, o.territories, ${openEmergency})`.as('stamp')];
    })
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, enrol_only, csrf_token, last_seen_at, expires_at, territories, open_emergency, stamp, ...user } = row;
  return {
    id: session_id,
    enrolOnly: enrol_only,
    csrfToken: csrf_token,
    lastSeenAt: last_seen_at,
    expiresAt: expires_at,
    user,
    territories,
    openEmergency: Boolean(open_emergency),
    stamp,
  };
}

/** The SQLSTATE session_confirm raises. */
export const SESSION_CHANGED = 'HKS01';

/**
 * The session still as `stamp` says, unexpired, not idle and its user active — or the error HKS01 (migration
 * 0036), which aborts the transaction. Written without waiting inside one (ANSWERED_WITH_NEXT): its answer comes
 * with the statement after it, which fails with it.
 */
export async function confirmSession(db: Db | Tx, tokenHash: string, stamp: string, idleSeconds: number): Promise<void> {
  const held = db.isTransaction ? ANSWERED_WITH_NEXT : '';
  await sql`${sql.raw(held)}SELECT session_confirm(${tokenHash}, ${stamp}, ${idleSeconds}::int)`.execute(db);
}

export async function touchSession(db: Db, tokenHash: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db | Tx, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** A session that has ended, as much as its identity provider needs to end it there too (modules/oidc). */
export type EndedSession = { provider: string | null; provider_token_sealed: string | null };

/** Ends every session of the user; says which ended, for their identity providers. */
export async function deleteSessionsOfUser(trx: Tx, userId: string): Promise<EndedSession[]> {
  return trx.deleteFrom('sessions').where('user_id', '=', userId).returning(['provider', 'provider_token_sealed']).execute();
}

/**
 * How tries on one key are let through. In a window, `free` tries pass at once; after that each must wait
 * `firstDelayS`, doubling with each further try up to `maxDelayS`. `cap` bounds the tries of a window outright.
 */
export type Rule = {
  windowMs: number;
  free: number;
  /** `free` for an address the account has signed in from since `knownSince`. */
  freeKnown?: number;
  knownSince?: Date;
  firstDelayS: number;
  maxDelayS: number;
  cap?: number;
};

export type Admission = {
  admitted: boolean;
  attempts: number;
  nextAt: Date | null;
  windowStartedAt: Date;
  lastSuccessAt: Date | null;
};

/** Stands in for "never": a rule with this many free tries never asks anyone to wait. */
export const NO_WAIT = 2_147_483_647;

const freeTries = (rule: Rule) =>
  sql<number>`(CASE WHEN t.last_success_at > ${rule.knownSince ?? null}::timestamptz THEN ${rule.freeKnown ?? rule.free}::int ELSE ${rule.free}::int END)`;

/** When the try numbered `count` of a window lets the next one through. */
const nextTryAt = (now: Date, rule: Rule, count: RawBuilder<number>) =>
  sql<Date | null>`(CASE WHEN ${count} >= ${freeTries(rule)} THEN ${now}::timestamptz
    + make_interval(secs => least(${rule.firstDelayS}::float8 * power(2, ${count} - ${freeTries(rule)}), ${rule.maxDelayS}::float8)) END)`;

/**
 * Decides whether a try on `key` may go ahead and counts it, in one statement: the row is locked by the
 * upsert, so parallel tries are decided one after another and none sees a count that another has moved.
 * Every SET expression reads the row as it was; `admitted` is written so that RETURNING can tell.
 */
export async function admitAttempt(trx: Tx, key: string, now: Date, rule: Rule): Promise<Admission> {
  const live = sql<boolean>`(t.window_started_at > ${new Date(now.getTime() - rule.windowMs)}::timestamptz)`;
  const before = sql<number>`(CASE WHEN ${live} THEN t.attempts ELSE 0 END)`;
  const waited = sql<boolean>`(NOT ${live} OR t.next_at IS NULL OR t.next_at <= ${now}::timestamptz)`;
  const underCap = rule.cap === undefined ? sql<boolean>`true` : sql<boolean>`(${before} < ${rule.cap}::int)`;
  const admitted = sql<boolean>`(${waited} AND ${underCap})`;
  const firstNextAt = rule.free <= 1 ? new Date(now.getTime() + rule.firstDelayS * 1000) : null;
  const { rows } = await sql<{
    admitted: boolean;
    attempts: number;
    next_at: Date | null;
    window_started_at: Date;
    last_success_at: Date | null;
  }>`
    INSERT INTO login_attempts AS t (key, window_started_at, attempts, next_at, admitted)
    VALUES (${key}, ${now}::timestamptz, 1, ${firstNextAt}::timestamptz, true)
    ON CONFLICT (key) DO UPDATE SET
      admitted = ${admitted},
      attempts = CASE WHEN ${admitted} THEN ${before} + 1 ELSE ${before} END,
      next_at = CASE WHEN ${admitted} THEN ${nextTryAt(now, rule, sql<number>`(${before} + 1)`)} WHEN ${live} THEN t.next_at END,
      window_started_at = CASE WHEN ${live} THEN t.window_started_at ELSE ${now}::timestamptz END
    RETURNING admitted, attempts, next_at, window_started_at, last_success_at`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error(`login_attempts upsert returned nothing for ${key.split(':')[0]}`);
  return {
    admitted: row.admitted,
    attempts: row.attempts,
    nextAt: row.next_at,
    windowStartedAt: row.window_started_at,
    lastSuccessAt: row.last_success_at,
  };
}

/**
 * A try that succeeded gives back its own count, and only its own: failures made beside it stay counted.
 * Nothing is given back once the window it was counted in has ended. `known` marks the address as one the
 * account signs in from.
 */
export async function giveBackAttempt(trx: Tx, key: string, counted: Admission, now: Date, rule: Rule, known: boolean): Promise<void> {
  const sameWindow = sql<boolean>`(t.window_started_at = ${counted.windowStartedAt}::timestamptz)`;
  await sql`
    UPDATE login_attempts AS t SET
      attempts = CASE WHEN ${sameWindow} THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
      next_at = CASE WHEN ${sameWindow} AND t.attempts - 1 < ${freeTries(rule)} THEN NULL ELSE t.next_at END,
      last_success_at = ${known ? sql`${now}::timestamptz` : sql`t.last_success_at`}
    WHERE t.key = ${key}`.execute(trx);
}

/** Rows that no longer say anything: their window is over and they mark no recent sign-in. */
export async function sweepAttempts(db: Db, windowStartedBefore: Date, succeededBefore: Date): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('window_started_at', '<', windowStartedBefore)
    .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', succeededBefore)]))
    .execute();
}

/** The user's TOTP, confirmed or pending. */
export async function findTotp(db: Db | Tx, userId: string) {
  return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A new pending enrolment replaces one not yet confirmed. */
export async function putPendingTotp(trx: Tx, userId: string, sealed: string): Promise<void> {
  await trx
    .insertInto('user_totp')
    .values({ user_id: userId, secret_sealed: sealed })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ secret_sealed: sealed, created_at: new Date(), confirmed_at: null, last_step: null }),
    )
    .execute();
}

/** Turns a pending TOTP on with the step of its first code and a new epoch; its recovery codes replace any old ones. */
export async function confirmTotp(trx: Tx, userId: string, step: number, codeHashes: string[]): Promise<boolean> {
  const confirmed = await trx
    .updateTable('user_totp')
    .set({ confirmed_at: new Date(), last_step: step, epoch: sql`gen_random_uuid()` })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  if (confirmed.numUpdatedRows === 0n) return false;
  await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('totp_recovery_codes')
    .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
    .execute();
  return true;
}

/** Takes a code's step as the last one used, unless a later or equal step was already taken (a replay). */
export async function takeTotpStep(db: Db | Tx, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_totp')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', String(step))]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Uses a recovery code once: of two sign-ins racing with the same code, one gets it. */
export async function takeRecoveryCode(db: Db | Tx, userId: string, codeHash: string): Promise<boolean> {
  const result = await db
    .updateTable('totp_recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function unusedRecoveryCodes(db: Db | Tx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes a user's second factor, pending or confirmed, and its recovery codes; whether there was one. */
export async function deleteTotp(trx: Tx, userId: string): Promise<boolean> {
  await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  const result = await trx.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The session that confirmed a second factor may do everything; other sessions that could only enrol stay so. */
export async function completeEnrolment(trx: Tx, tokenHash: string): Promise<void> {
  await trx.updateTable('sessions').set({ enrol_only: false }).where('token_hash', '=', tokenHash).execute();
}

export async function setPasswordHash(trx: Tx, userId: string, passwordHash: string): Promise<void> {
  // Changed by its owner with their current password, not an edit of a version they read: bumped, so an
  // admin's form open on the old version gets a conflict.
  await bumpVersioned(trx, 'users', (eb) => eb('id', '=', userId), { password_hash: passwordHash, updated_by: userId });
}

/** Ends every session of the user but one; says which ended, for their identity providers. */
export async function deleteOtherSessions(trx: Tx, userId: string, keepTokenHash: string): Promise<EndedSession[]> {
  return trx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('token_hash', '<>', keepTokenHash)
    .returning(['provider', 'provider_token_sealed'])
    .execute();
}
