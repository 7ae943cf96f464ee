import { schemas, Unauthenticated } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf, SESSION_COOKIE } from '../../plugins/auth.ts';
import { endAtProviders, providerLogouts } from '../oidc/sign-out.ts';
import { meOut } from '../users/routes.ts';
import { profile } from '../users/service.ts';
import { changeOwnPassword } from './password.ts';
import { confirmTotp, enrolTotp, resetTotp, secondFactorStatus } from './second-factor.ts';
import * as service from './service.ts';

const tags = ['auth'];
/** "Remember this device": sent only to the sign-in route, never readable by the page. */
export const DEVICE_COOKIE = 'hamkor_device';
const signedIn = z.object({
  user: meOut,
  csrfToken: z.string(),
  /** True when the user's role needs a second factor they have not enrolled: the session may only enrol one. */
  enrolmentRequired: z.boolean(),
});
const sessionTokenOf = (token: string | null) => {
  if (!token) throw new Unauthenticated();
  return token;
};

export const authRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/auth/login',
    {
      // Public, and needs no CSRF token even with a live session cookie: signing in from the sign-in page must
      // always work (a tab may have lost its token); a successful sign-in ends the cookie's session.
      config: { public: true, signIn: true },
      schema: {
        tags,
        summary:
          'Sign in; sets the session cookie and returns the CSRF token. A session cookie sent with it is ended. An account with a second factor answers 401 `totp_required` until `totp` carries a code or a recovery code.',
        body: schemas.loginBody,
        response: { 200: signedIn, ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const result = await service.login(db, {
        ...request.body,
        deviceCookie: request.cookies[DEVICE_COOKIE],
        userAgent: request.headers['user-agent'],
        ip: request.ip ?? null,
        replaces: request.sessionToken,
      });
      if (result.rememberDevice)
        reply.setCookie(DEVICE_COOKIE, result.rememberDevice.value, {
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          path: '/api/auth/login',
          expires: result.rememberDevice.expiresAt,
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
        enrolmentRequired: result.enrolmentRequired,
      };
    },
  );
  app.get(
    '/api/auth/session',
    {
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token of the session, for a tab that has lost its token',
        response: { 200: signedIn, ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const session = request.sessionToken ? await service.resolveSession(db, request.sessionToken) : undefined;
      if (!session) throw new Unauthenticated('session_expired');
      reply.header('cache-control', 'no-store');
      return { user: await profile(db, session.user.id), csrfToken: session.csrfToken, enrolmentRequired: session.enrolOnly };
    },
  );
  app.get(
    '/api/auth/totp',
    {
      schema: {
        tags,
        summary: 'Whether my second factor is on, and how many recovery codes are left',
        response: { 200: z.object({ on: z.boolean(), recoveryCodesLeft: z.number().int() }), ...schemas.commonErrors },
      },
    },
    (request) => secondFactorStatus(contextOf(request, db)),
  );
  app.post(
    '/api/auth/totp/enrol',
    {
      schema: {
        tags,
        summary: 'Start enrolling a second factor: a new secret as an otpauth URI and a QR code (409 when one is already on)',
        response: { 200: schemas.totpEnrolOut, ...schemas.commonErrors },
      },
    },
    (request) => enrolTotp(contextOf(request, db)),
  );
  app.post(
    '/api/auth/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Turn the second factor on with a first code; returns ten recovery codes, shown this once',
        body: schemas.totpConfirmBody,
        response: { 200: schemas.totpConfirmOut, ...schemas.commonErrors },
      },
    },
    (request) => confirmTotp(contextOf(request, db), sessionTokenOf(request.sessionToken), request.body.code),
  );
  app.delete(
    '/api/users/:id/totp',
    {
      schema: {
        tags,
        summary: 'Reset a user’s second factor (a lost phone); their remembered devices are forgotten with it',
        params: schemas.userParams,
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      await resetTotp(contextOf(request, db), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password: the current one, and a new one of at least 12 characters that is not common; my other sessions end',
        body: schemas.passwordChangeBody,
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const ended = await changeOwnPassword(contextOf(request, db), sessionTokenOf(request.sessionToken), request.body);
      // The other sessions opened through OneID sign out of OneID too, once the change has committed.
      await endAtProviders(request, ended);
      return reply.status(204).send(null);
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
      // A session opened through OneID signs out of OneID too (modules/oidc).
      if (request.sessionToken && request.actor) await providerLogouts.get(app.server)?.({ token: request.sessionToken });
      if (request.sessionToken && request.actor) await service.logout(db, request.sessionToken, request.actor.id, request.ip ?? null);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
