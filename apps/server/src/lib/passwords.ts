import { Invalid } from '@hamkor/domain';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes). */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

let dummyHash: Promise<string> | undefined;

/** Verifies; for an unknown account it still spends the same time, so timing does not reveal usernames. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(storedHash, password);
}

/**
 * Passwords are judged by zxcvbn-ts against the common and breached passwords it ships (no network), the
 * user's own name and username, and keyboard and date patterns: a score under 3 ("safely unguessable") is
 * refused. There is no forced periodic change (NIST SP 800-63B, 5.1.1.2).
 */
const strength = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
/** The warnings zxcvbn gives when a password is, or is close to, one on its lists. */
const COMMON_WARNINGS = new Set(['topTen', 'topHundred', 'common', 'similarToCommon', 'userInputs']);

/** Why a new password is refused (a field code), or null when it is strong enough. */
export function weakPassword(password: string, userInputs: string[] = []): 'password_common' | 'password_weak' | null {
  const result = strength.check(password, userInputs);
  if (result.score >= 3) return null;
  return result.feedback.warning && COMMON_WARNINGS.has(result.feedback.warning) ? 'password_common' : 'password_weak';
}

/** Refuses a new password that is too easy to guess, naming the field and why. */
export function assertStrongPassword(password: string, userInputs: string[], path = 'password'): void {
  const problem = weakPassword(password, userInputs);
  if (problem) throw new Invalid([{ path, code: problem }]);
}
