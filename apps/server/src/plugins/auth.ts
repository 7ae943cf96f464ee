import { type Actor, Forbidden, isLocale, type Locale, localeFromAcceptLanguage, Unauthenticated } from '@hamkor/domain';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import type { Db, Tx } from '../db/database.ts';
import { readsBeside } from '../db/replica.ts';
import { settleTransaction } from '../db/transactions.ts';
import type { RequestContext } from '../lib/context.ts';
import { hashToken, sameToken } from '../lib/tokens.ts';
import { loadEmergencyAccess } from '../modules/access/service.ts';
import { markReadOnly } from '../modules/audit/repo.ts';
import { type HeldSession, HeldSessions } from '../modules/auth/held-sessions.ts';
import { confirmSession, SESSION_CHANGED } from '../modules/auth/repo.ts';
import { resolveSession, SESSION_IDLE_MS } from '../modules/auth/service.ts';
import { toActor, toUser, type User } from '../modules/users/repo.ts';

export const SESSION_COOKIE = 'hamkor_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a session that must first enrol a second factor may do (docs/security.md): enrol, its language, sign out. */
const ENROLMENT_ROUTES = new Set([
  '/api/auth/session',
  '/api/auth/logout',
  '/api/auth/totp',
  '/api/auth/totp/enrol',
  '/api/auth/totp/confirm',
  '/api/me',
]);

declare module 'fastify' {
  interface FastifyInstance {
    /** Confirms, or looks up afresh, a held session that its route's transaction has not confirmed (errors.ts). */
    confirmHeldSession?: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    actor: Actor | null;
    user: User | null;
    locale: Locale;
    sessionToken: string | null;
    /** The session as last read, while the route's read transaction has yet to confirm it. */
    heldSession: HeldSession | null;
  }
  interface FastifyContextConfig {
    /**
     * A GET that only reads (and audits what it read): it runs in one read transaction, which confirms a session
     * held from an earlier request instead of looking it up first. Its handler returns the reply's value and never
     * sends it itself: the answer leaves only once the transaction has committed.
     */
    readTransaction?: boolean;
    /** Reachable without signing in (health, login, documentation). */
    public?: boolean;
    /** The sign-in route: takes no CSRF token, since it replaces the cookie's session rather than acting in it. */
    signIn?: boolean;
  }
}

/**
 * Reads the session cookie, attaches the signed-in actor, and guards every route: a route that is not
 * marked public needs a session, and an unsafe method made with a session cookie needs its CSRF token.
 *
 * A route marked `readTransaction` (a GET that only reads and audits what it read) runs in one read transaction
 * of its own. A session read for it less than a minute ago is not looked up again: the actor is made from what
 * was read then, and the transaction's first statement confirms it (modules/auth/held-sessions.ts, migration
 * 0036). Confirmed, the read goes on; ended, expired, idle or changed in any way that makes the actor, and the
 * transaction fails before it has read anything — the session is then looked up afresh and the route runs again
 * as the session now allows, or is answered 401. The confirmation goes out in the same write as the read's first
 * statement, so the lookup's round trip is saved (docs/security.md, "Sessions").
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('user', null);
  app.decorateRequest('locale', 'uz-Latn');
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('heldSession', null);
  const held = new HeldSessions();

  /** The session looked up: attached, and held for the next reads, when it is valid. */
  const attachSession = async (request: FastifyRequest, token: string) => {
    const session = await resolveSession(options.db, token);
    if (!session) return;
    held.hold(hashToken(token), session);
    request.actor = toActor(session.user, session.territories);
    request.user = toUser(session.user);
    request.sessionToken = token;
    // Families opened with a reason (break-the-glass) join the actor's reach while they last.
    if (session.openEmergency) await loadEmergencyAccess(options.db, request.actor, request.ip ?? null);
    if (isLocale(session.user.locale)) request.locale = session.user.locale;
    if (UNSAFE_METHODS.has(request.method) && !request.routeOptions.config.signIn) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) throw new Forbidden('csrf');
    }
    if (session.enrolOnly && !ENROLMENT_ROUTES.has(request.routeOptions.url ?? '') && !request.routeOptions.config.public)
      throw new Forbidden('totp_enrolment_required');
  };

  const requireActor = (request: FastifyRequest, token: string | undefined) => {
    if (!request.actor && !request.routeOptions.config.public && request.routeOptions.url) {
      throw new Unauthenticated(token ? 'session_expired' : 'not_signed_in');
    }
  };

  app.addHook('onRequest', async (request) => {
    request.locale = askedLocale(request);
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      // Only a readTransaction route (GET or HEAD, refused on any other: see onRoute) is served from a held session.
      const candidate = request.routeOptions.config.readTransaction ? held.get(hashToken(token)) : undefined;
      if (candidate) {
        request.actor = toActor(candidate.user, candidate.territories);
        request.user = toUser(candidate.user);
        request.sessionToken = token;
        request.heldSession = candidate;
        if (isLocale(candidate.user.locale)) request.locale = candidate.user.locale;
      } else await attachSession(request, token);
    }
    requireActor(request, token);
  });

  /**
   * After a read from a held session failed: whether the session still stands as held. If not, it is looked up
   * afresh and the request's actor replaced (or 401 thrown when it has ended), and false is answered.
   */
  const recheck = async (request: FastifyRequest, session: HeldSession): Promise<boolean> => {
    request.heldSession = null;
    if (await sessionConfirmed(options.db, session)) return true;
    held.forget(session.tokenHash);
    request.actor = null;
    request.user = null;
    request.sessionToken = null;
    request.locale = askedLocale(request);
    const token = request.cookies[SESSION_COOKIE];
    if (token) await attachSession(request, token);
    requireActor(request, token);
    return false;
  };
  // A request refused before its route ran (a query that does not validate, say) is answered only once its held
  // session is confirmed, so that the answer is the one its session now gets (plugins/errors.ts).
  app.decorate('confirmHeldSession', async (request: FastifyRequest) => {
    if (request.heldSession) await recheck(request, request.heldSession);
  });

  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod & { [READ_TRANSACTION]?: true };
    // A HEAD route made from its GET comes with the GET's handler, already wrapped.
    if (!route.config?.readTransaction || handler[READ_TRANSACTION]) return;
    // A write in a read transaction would be committed as a read's audit event is, without waiting for the disk.
    if ([route.method].flat().some((method) => !SAFE_METHODS.has(method)))
      throw new Error(`readTransaction is for GET routes only: ${route.method} ${route.url}`);
    const wrapped = async function readTransaction(this: FastifyInstance, request, reply) {
      const session = request.heldSession;
      request.heldSession = null;
      const work = async () => handler.call(this, request, reply);
      if (!session) return inReadTransaction(options.db, request, null, work);
      try {
        return await inReadTransaction(options.db, request, session, work);
      } catch (error) {
        // The route's own answer (a 404, a 400), unless the session is no longer what its actor was made from:
        // then the route runs again as the session now allows.
        if (reply.sent) throw error;
        const stands = await recheck(request, session);
        // (Standing again by now, the session's refusal is not the route's answer either: it runs again.)
        if (stands && (error as { code?: string }).code !== SESSION_CHANGED) throw error;
        return inReadTransaction(options.db, request, null, work);
      }
    } as RouteHandlerMethod & { [READ_TRANSACTION]?: true };
    wrapped[READ_TRANSACTION] = true;
    route.handler = wrapped;
  });
});

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const READ_TRANSACTION = Symbol('readTransaction');

/** The language the request asks for, until a session says the user's own. */
function askedLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return localeFromAcceptLanguage(Array.isArray(header) ? header[0] : header);
}

/**
 * Runs a read-only route in one transaction, which its use cases join (contextOf): read-only, so its audit events
 * commit as a read's do (db/transactions.ts withReadTx), and served from the replica where a read may be. With a
 * held session, the transaction opens with its confirmation.
 */
async function inReadTransaction<T>(db: Db, request: FastifyRequest, session: HeldSession | null, work: () => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  markReadOnly(trx);
  readsBeside(trx, db);
  request.transaction = trx;
  let committed = false;
  try {
    if (session) await confirmHeld(trx, session);
    const result = await work();
    // Fails if the transaction has (the confirmation's failure caught by the route and gone past among others:
    // db/database.ts refuses a COMMIT that PostgreSQL answers ROLLBACK).
    await trx.commit().execute();
    committed = true;
    return result;
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack)
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
    throw error;
  } finally {
    request.transaction = null;
    await settleTransaction(trx, committed);
  }
}

const confirmHeld = (db: Db | Tx, session: HeldSession) => confirmSession(db, session.tokenHash, session.stamp, SESSION_IDLE_MS / 1000);

/** Whether the held session still stands, asked on its own: after a read that failed, to tell why. */
async function sessionConfirmed(db: Db, session: HeldSession): Promise<boolean> {
  try {
    await confirmHeld(db, session);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === SESSION_CHANGED) return false;
    throw error;
  }
}

/** The request's context for a service call; only for routes that are not public. */
export function contextOf(request: FastifyRequest, db: Db): RequestContext {
  if (!request.actor) throw new Unauthenticated();
  return {
    actor: request.actor,
    // A request made with an Idempotency-Key runs in its own transaction, which its use cases join.
    db: request.transaction ?? db,
    locale: request.locale,
    ip: request.ip ?? null,
  };
}
