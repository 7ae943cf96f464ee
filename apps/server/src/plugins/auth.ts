import { type Actor, Forbidden, isLocale, type Locale, localeFromAcceptLanguage, Unauthenticated } from '@hamkor/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import type { RequestContext } from '../lib/context.ts';
import { sameToken } from '../lib/tokens.ts';
import { loadEmergencyAccess } from '../modules/access/service.ts';
import { resolveSession } from '../modules/auth/service.ts';
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
  interface FastifyRequest {
    actor: Actor | null;
    user: User | null;
    locale: Locale;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (health, login, documentation). */
    public?: boolean;
    /** The sign-in route: takes no CSRF token, since it replaces the cookie's session rather than acting in it. */
    signIn?: boolean;
  }
}

/**
 * Reads the session cookie, attaches the signed-in actor, and guards every route: a route that is not
 * marked public needs a session, and an unsafe method made with a session cookie needs its CSRF token.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('user', null);
  app.decorateRequest('locale', 'uz-Latn');
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request) => {
    const header = request.headers['accept-language'];
    request.locale = localeFromAcceptLanguage(Array.isArray(header) ? header[0] : header);
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(options.db, token);
      if (session) {
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
      }
    }
    if (!request.actor && !request.routeOptions.config.public && request.routeOptions.url) {
      throw new Unauthenticated(token ? 'session_expired' : 'not_signed_in');
    }
  });
});

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
