import { TooManyRequests, Unauthenticated } from '@hamkor/domain';
import type { Db } from '../../db/database.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { appendAuditEvent } from '../audit/repo.ts';
import { summariseDevice } from '../sessions/device.ts';
import { findUserByUsername, toUser, type User } from '../users/repo.ts';
import * as repo from './repo.ts';
import { mustHaveSecondFactor } from './settings.ts';
import { acceptedStep, deviceRemembered, isTotpCode, openSecret, recoveryCodeHash, signDevice } from './totp.ts';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** A session's idle clock is moved on by its first request a minute after the last move. */
export const TOUCH_EVERY_MS = 60_000;

/**
 * Sign-in throttling (docs/security.md gives the rule in words). Every try is counted before its password is
 * checked, on three keys, and goes ahead only if all three let it:
 * - the account and the address together: 3 tries at once (5 from an address the account signed in from in
 *   the last 30 days), then each further try waits 30 s, 60 s, 120 s... at most 5 minutes;
 * - the account: 20 tries a window from addresses it has not signed in from lately;
 * - the address: 100 tries a window at once, then one every 5 seconds, so an office behind one address is
 *   slowed down, never shut out.
 * A try that succeeds gives its own count back; failures beside it stay counted.
 */
const WINDOW_MS = 15 * 60 * 1000;
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;
export const THROTTLE = {
  pair: { windowMs: WINDOW_MS, free: 3, freeKnown: 5, firstDelayS: 30, maxDelayS: 300 },
  account: { windowMs: WINDOW_MS, free: repo.NO_WAIT, firstDelayS: 0, maxDelayS: 0, cap: 20 },
  address: { windowMs: WINDOW_MS, free: 100, firstDelayS: 5, maxDelayS: 5 },
} as const satisfies Record<string, repo.Rule>;

/**
 * Failures are counted, and audited only at telling moments: an account's first failure (while its address
 * is within its free tries, so that guessing many names from one address is not one row each), the account's
 * cap, every 25th after that, and an address reaching its free tries. A guessing run leaves a few rows, not thousands.
 */
const shouldAuditFailure = (account: number, address: number) =>
  (account === 1 && address < THROTTLE.address.free) ||
  account === THROTTLE.account.cap ||
  account % 25 === 0 ||
  address === THROTTLE.address.free;

type LoginInput = {
  username: string;
  password: string;
  /** A TOTP code or a recovery code. */
  totp?: string | undefined;
  rememberDevice?: boolean | undefined;
  /** The remembered-device cookie the browser sent, if any. */
  deviceCookie?: string | undefined;
  userAgent?: string | undefined;
  ip: string | null;
  /** The session of the cookie the sign-in was made with: a successful sign-in ends it. */
  replaces?: string | null;
};
export type LoginResult = {
  user: User;
  token: string;
  csrfToken: string;
  expiresAt: Date;
  /** The session may only enrol a second factor, which the user's role requires. */
  enrolmentRequired: boolean;
  /** A remembered-device cookie to set, when asked for with a good code. */
  rememberDevice?: { value: string; expiresAt: Date };
};

export const REMEMBER_DEVICE_MS = 30 * 24 * 60 * 60 * 1000;

/** A try counted on one key; `marksAddress` for the account-and-address key, which a success marks as known. */
type Counted = { key: string; rule: repo.Rule; admission: repo.Admission; marksAddress: boolean };

export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const now = new Date();
  await sweepNow(db, now);
  const counted = await countAttempt(db, input, now);

  const user = await findUserByUsername(db, input.username);
  const passwordOk = await verifyPassword(user?.password_hash, input.password);
  // A deactivated account is answered as a wrong password is, so that the answer does not confirm the password.
  if (!user || !passwordOk || !user.active) {
    await recordFailure(db, {
      userId: user?.id ?? null,
      ip: input.ip,
      reason: !user ? 'unknown_account' : passwordOk ? 'inactive' : 'password',
      accountAttempts: counted[1].admission.attempts,
      addressAttempts: counted[2].admission.attempts,
    });
    throw new Unauthenticated('invalid_credentials');
  }
  const factor = await checkSecondFactor(db, user.id, input);
  if (factor.outcome === 'missing') {
    // The password was right: its try is given back, and the client asks for the code.
    await db.transaction().execute(async (trx) => {
      for (const { key, rule, admission } of counted) await repo.giveBackAttempt(trx, key, admission, now, rule, false);
    });
    throw new Unauthenticated('totp_required');
  }
  if (factor.outcome === 'wrong') {
    await recordFailure(db, {
      userId: user.id,
      ip: input.ip,
      reason: 'totp',
      accountAttempts: counted[1].admission.attempts,
      addressAttempts: counted[2].admission.attempts,
    });
    throw new Unauthenticated('totp_invalid');
  }
  const enrolOnly = factor.outcome === 'none' && mustHaveSecondFactor(user.roles);
  const rememberDevice =
    input.rememberDevice && factor.epoch && (factor.outcome === 'totp' || factor.outcome === 'recovery_code')
      ? { expiresAt: new Date(now.getTime() + REMEMBER_DEVICE_MS), value: '' }
      : undefined;
  if (rememberDevice && factor.epoch) rememberDevice.value = await signDevice(db, user.id, factor.epoch, rememberDevice.expiresAt);

  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.transaction().execute(async (trx) => {
    // The same order as countAttempt takes the rows in, so two sign-ins never wait on each other in a circle.
    for (const { key, rule, admission, marksAddress } of counted) await repo.giveBackAttempt(trx, key, admission, now, rule, marksAddress);
    if (input.replaces) await repo.deleteSession(trx, hashToken(input.replaces));
    await repo.insertSession(trx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: input.ip,
      device: summariseDevice(input.userAgent),
      enrolOnly,
    });
    if (factor.outcome === 'recovery_code')
      await appendAuditEvent(trx, {
        actorId: user.id,
        action: 'auth.recovery_code_used',
        entityType: 'user',
        entityId: user.id,
        ip: input.ip,
        details: { left: await repo.unusedRecoveryCodes(trx, user.id) },
      });
    await appendAuditEvent(trx, {
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      ip: input.ip,
      details: {
        ...(input.replaces ? { replacedSession: true } : {}),
        ...(factor.outcome !== 'none' ? { secondFactor: factor.outcome } : {}),
        ...(enrolOnly ? { enrolmentRequired: true } : {}),
        ...(rememberDevice ? { deviceRemembered: true } : {}),
      },
    });
  });
  return {
    user: toUser(user),
    token,
    csrfToken,
    expiresAt,
    enrolmentRequired: enrolOnly,
    ...(rememberDevice ? { rememberDevice } : {}),
  };
}

type Factor =
  | { outcome: 'none' | 'missing' | 'wrong'; epoch?: undefined }
  | { outcome: 'totp' | 'recovery_code' | 'remembered_device'; epoch: string };

/**
 * The second factor of a sign-in whose password was right: none (the account has none), missing, wrong, or
 * how it was given. A code is taken as used here, so a code or a recovery code signs in once.
 */
export async function checkSecondFactor(db: Db, userId: string, input: LoginInput): Promise<Factor> {
  const totp = await repo.findTotp(db, userId);
  if (!totp?.confirmed_at) return { outcome: 'none' };
  if (await deviceRemembered(db, input.deviceCookie, userId, totp.epoch)) return { outcome: 'remembered_device', epoch: totp.epoch };
  const code = input.totp?.trim();
  if (!code) return { outcome: 'missing' };
  if (isTotpCode(code)) {
    const lastStep = totp.last_step === null ? null : Number(totp.last_step);
    const step = acceptedStep(await openSecret(db, totp.secret_sealed), code, lastStep);
    return step !== null && (await repo.takeTotpStep(db, userId, step)) ? { outcome: 'totp', epoch: totp.epoch } : { outcome: 'wrong' };
  }
  return (await repo.takeRecoveryCode(db, userId, recoveryCodeHash(code)))
    ? { outcome: 'recovery_code', epoch: totp.epoch }
    : { outcome: 'wrong' };
}

/**
 * A password checked outside sign-in (changing one's own) is counted on the same keys as a sign-in: a right
 * one gives its try back, a wrong one stays counted and answers 429 once the rules say wait.
 */
export async function guardPasswordCheck(db: Db, username: string, ip: string | null, check: () => Promise<boolean>): Promise<boolean> {
  const now = new Date();
  const counted = await countAttempt(db, { username, password: '', ip }, now);
  const right = await check();
  if (right)
    await db.transaction().execute(async (trx) => {
      for (const { key, rule, admission } of counted) await repo.giveBackAttempt(trx, key, admission, now, rule, false);
    });
  return right;
}

/**
 * Counts the try on the account and address together, the account, and the address, in that order; the
 * first that refuses undoes the counts already made (the transaction rolls back) and answers 429.
 */
async function countAttempt(db: Db, input: LoginInput, now: Date): Promise<[Counted, Counted, Counted]> {
  const address = input.ip ?? 'unknown';
  const pairRule = { ...THROTTLE.pair, knownSince: new Date(now.getTime() - KNOWN_ADDRESS_MS) };
  return db.transaction().execute(async (trx) => {
    const admit = async (key: string, rule: repo.Rule, marksAddress = false): Promise<Counted> => {
      const admission = await repo.admitAttempt(trx, key, now, rule);
      if (!admission.admitted) {
        const until =
          admission.nextAt && admission.nextAt > now ? admission.nextAt : new Date(admission.windowStartedAt.getTime() + rule.windowMs);
        throw new TooManyRequests(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));
      }
      return { key, rule, admission, marksAddress };
    };
    const pair = await admit(`pair:${input.username} ${address}`, pairRule, true);
    // An address the account signed in from lately is not held back by guesses made from elsewhere.
    const known = pair.admission.lastSuccessAt !== null && pair.admission.lastSuccessAt > pairRule.knownSince;
    const account = await admit(`user:${input.username}`, known ? { ...THROTTLE.account, cap: undefined } : THROTTLE.account);
    return [pair, account, await admit(`ip:${address}`, THROTTLE.address)];
  });
}

let lastSweep = 0;
/** Now and then, rows whose window is over and that mark no recent sign-in are deleted. */
async function sweepNow(db: Db, now: Date): Promise<void> {
  if (now.getTime() - lastSweep < 10 * 60 * 1000) return;
  lastSweep = now.getTime();
  await repo.sweepAttempts(db, new Date(now.getTime() - WINDOW_MS), new Date(now.getTime() - KNOWN_ADDRESS_MS));
}

async function recordFailure(
  db: Db,
  failure: {
    userId: string | null;
    ip: string | null;
    reason: string;
    accountAttempts: number;
    addressAttempts: number;
  },
): Promise<void> {
  if (!shouldAuditFailure(failure.accountAttempts, failure.addressAttempts)) return;
  await db.transaction().execute(async (trx) => {
    await appendAuditEvent(trx, {
      actorId: null,
      action: 'auth.login_failed',
      entityType: failure.userId ? 'user' : null,
      entityId: failure.userId,
      ip: failure.ip,
      // The typed username is not kept for unknown accounts: it may be a mistyped password.
      details: {
        reason: failure.reason,
        accountFailures: failure.accountAttempts,
        addressFailures: failure.addressAttempts,
        capped: failure.accountAttempts >= THROTTLE.account.cap,
      },
    });
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
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await repo.touchSession(db, tokenHash);
    return { ...session, lastSeenAt: new Date(now) };
  }
  return session;
}
