import { schemas, Unauthenticated } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { SESSION_COOKIE } from '../../plugins/auth.ts';
import { meOut } from '../users/routes.ts';
import { profile } from '../users/service.ts';
import * as service from './service.ts';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/auth/login',
    {
      // Public, and needs no CSRF token even with a live session cookie: signing in from the sign-in page must
      // always work (a tab may have lost its token); a successful sign-in ends the cookie's session.
      config: { public: true, signIn: true },
      schema: {
        tags,
        summary: 'Sign in; sets the session cookie and returns the CSRF token. A session cookie sent with it is ended.',
        body: schemas.loginBody,
        response: { 200: z.object({ user: meOut, csrfToken: z.string() }), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const result = await service.login(db, {
        ...request.body,
        ip: request.ip ?? null,
        replaces: request.sessionToken,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
        expires: result.expiresAt,
      });
      return {
        user: await profile(db, result.user.id),
        csrfToken: result.csrfToken,
      };
    },
  );
  app.get(
    '/api/auth/session',
    {
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token of the session, for a tab that has lost its token',
        response: { 200: z.object({ user: meOut, csrfToken: z.string() }), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const session = request.sessionToken ? await service.resolveSession(db, request.sessionToken) : undefined;
      if (!session) throw new Unauthenticated('session_expired');
      reply.header('cache-control', 'no-store');
      return { user: await profile(db, session.user.id), csrfToken: session.csrfToken };
    },
  );
  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        summary: 'Sign out: ends the session',
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      if (request.sessionToken && request.actor) await service.logout(db, request.sessionToken, request.actor.id, request.ip ?? null);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
