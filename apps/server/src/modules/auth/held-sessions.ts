import type { SessionWithUser } from './repo.ts';
import { TOUCH_EVERY_MS } from './service.ts';

/** What a request's actor is made of, as read with the session; never the password hash. */
export type HeldSession = {
  tokenHash: string;
  stamp: string;
  user: Omit<SessionWithUser['user'], 'password_hash'>;
  territories: string[];
  lastSeenAt: number;
  expiresAt: number;
};

/**
 * Sessions as last read, for the reads that confirm them in their own transaction instead of looking them up
 * first (plugins/auth.ts, docs/security.md "Sessions"). Nothing here is trusted on its own: a held session only
 * saves the lookup's round trip, and the read it serves fails unless the database still agrees with it. A session
 * is held only until its idle clock is due to move (a minute), and never one that may only enrol a second factor
 * or whose user has an emergency access open. Bounded: the oldest go first.
 */
export class HeldSessions {
  readonly #held = new Map<string, HeldSession>();

  constructor(readonly limit = 10_000) {}

  hold(tokenHash: string, session: SessionWithUser): void {
    this.#held.delete(tokenHash);
    if (session.enrolOnly || session.openEmergency) return;
    const { password_hash: _secret, ...user } = session.user;
    if (this.#held.size >= this.limit) {
      const oldest = this.#held.keys().next();
      if (!oldest.done) this.#held.delete(oldest.value);
    }
    this.#held.set(tokenHash, {
      tokenHash,
      stamp: session.stamp,
      user,
      territories: session.territories,
      lastSeenAt: session.lastSeenAt.getTime(),
      expiresAt: session.expiresAt.getTime(),
    });
  }

  /** The session held for the token, while it needs no touch and has not expired. */
  get(tokenHash: string, now = Date.now()): HeldSession | undefined {
    const held = this.#held.get(tokenHash);
    if (!held) return undefined;
    if (now - held.lastSeenAt > TOUCH_EVERY_MS || now >= held.expiresAt) {
      this.#held.delete(tokenHash);
      return undefined;
    }
    return held;
  }

  forget(tokenHash: string): void {
    this.#held.delete(tokenHash);
  }
}
