import { TooManyRequests, Unauthenticated } from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { appendAuditEvent } from '../audit/repo.ts';
import { findUserByUsername, toUser, type User } from '../users/repo.ts';
import * as repo from './repo.ts';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_LOCK_AFTER = 5;
const ADDRESS_LIMIT = 30;
/**
 * Failures are counted, and audited only at telling moments: an account's first failure, its lock, every
 * 25th after that, and an address reaching its limit. A password-guessing run leaves a few rows, not thousands.
 */
const shouldAuditFailure = (account: number, address: number) =>
  account === 1 || account === ACCOUNT_LOCK_AFTER || account % 25 === 0 || address === ADDRESS_LIMIT;

type LoginInput = { username: string; password: string; ip: string | null };
export type LoginResult = {
  user: User;
  token: string;
  csrfToken: string;
  expiresAt: Date;
};

export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const now = new Date();
  const accountKey = `user:${input.username}`;
  const addressKey = `ip:${input.ip ?? 'unknown'}`;
  const user = await findUserByUsername(db, input.username);

  const blocked = await db.transaction().execute(async (trx) => {
    const address = await repo.findAttempts(trx, addressKey);
    if (address && inWindow(address, now) && address.failures >= ADDRESS_LIMIT)
      return retryAfter(address.windowStartedAt.getTime() + WINDOW_MS, now);
    const account = await repo.findAttempts(trx, accountKey);
    if (account?.lockedUntil && account.lockedUntil > now) return retryAfter(account.lockedUntil.getTime(), now);
    return 0;
  });
  if (blocked) throw new TooManyRequests(blocked);

  const passwordOk = await verifyPassword(user?.password_hash, input.password);
  if (!user || !passwordOk || !user.active) {
    await recordFailure(db, {
      accountKey,
      addressKey,
      userId: user?.id ?? null,
      ip: input.ip,
      now,
      reason: user && passwordOk ? 'inactive' : 'password',
    });
    throw new Unauthenticated(user && passwordOk ? 'account_inactive' : 'invalid_credentials');
  }

  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.transaction().execute(async (trx) => {
    await repo.clearAttempts(trx, accountKey);
    await repo.insertSession(trx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: input.ip,
    });
    await appendAuditEvent(trx, {
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      ip: input.ip,
    });
  });
  return { user: toUser(user), token, csrfToken, expiresAt };
}

function inWindow(attempts: repo.Attempts, now: Date): boolean {
  return now.getTime() - attempts.windowStartedAt.getTime() < WINDOW_MS;
}

function retryAfter(untilMs: number, now: Date): number {
  return Math.max(1, Math.ceil((untilMs - now.getTime()) / 1000));
}

async function bump(trx: Tx, key: string, now: Date, lockAfter?: number): Promise<repo.Attempts> {
  const previous = await repo.findAttempts(trx, key);
  const fresh = !previous || !inWindow(previous, now);
  const failures = fresh ? 1 : previous.failures + 1;
  const attempts: repo.Attempts = {
    failures,
    windowStartedAt: fresh ? now : previous.windowStartedAt,
    lockedUntil: lockAfter && failures >= lockAfter ? new Date(now.getTime() + WINDOW_MS) : (previous?.lockedUntil ?? null),
  };
  await repo.saveAttempts(trx, key, attempts);
  return attempts;
}

async function recordFailure(
  db: Db,
  failure: {
    accountKey: string;
    addressKey: string;
    userId: string | null;
    ip: string | null;
    now: Date;
    reason: string;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const account = await bump(trx, failure.accountKey, failure.now, ACCOUNT_LOCK_AFTER);
    const address = await bump(trx, failure.addressKey, failure.now);
    if (shouldAuditFailure(account.failures, address.failures)) {
      await appendAuditEvent(trx, {
        actorId: null,
        action: 'auth.login_failed',
        entityType: failure.userId ? 'user' : null,
        entityId: failure.userId,
        ip: failure.ip,
        // The typed username is not kept for unknown accounts: it may be a mistyped password.
        details: {
          reason: failure.userId ? failure.reason : 'unknown_account',
          accountFailures: account.failures,
          addressFailures: address.failures,
          locked: account.failures >= ACCOUNT_LOCK_AFTER,
        },
      });
    }
  });
}

export async function logout(db: Db, token: string, actorId: string, ip: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, hashToken(token));
    await appendAuditEvent(trx, {
      actorId,
      action: 'auth.logout',
      entityType: 'user',
      entityId: actorId,
      ip,
    });
  });
}

/** The session for a cookie, or undefined when it is unknown, expired or idle too long. */
export async function resolveSession(db: Db, token: string) {
  const tokenHash = hashToken(token);
  const session = await repo.findSession(db, tokenHash);
  const now = Date.now();
  if (!session) return undefined;
  if (session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > SESSION_IDLE_MS || !session.user.active) {
    await repo.deleteSession(db, tokenHash);
    return undefined;
  }
  // Refresh the idle clock at most once a minute, not on every request.
  if (now - session.lastSeenAt.getTime() > 60_000) await repo.touchSession(db, tokenHash);
  return session;
}
