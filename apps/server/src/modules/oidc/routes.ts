import { Conflict, DomainError, NotFound, schemas, Unauthenticated } from '@hamkor/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { translator } from '../../lib/i18n.ts';
import { contextOf, SESSION_COOKIE } from '../../plugins/auth.ts';
import { meOut } from '../users/routes.ts';
import { profile } from '../users/service.ts';
import { createProviders, type IdentitySettings, readIdentitySettings } from './providers.ts';
import * as service from './service.ts';
import { providerLogouts } from './sign-out.ts';

const tags = ['auth'];
/** The flow's state (then the second-factor ticket), held by the browser that started it: a callback from elsewhere finds none. */
export const FLOW_COOKIE = 'hamkor_oidc';
const FLOW_PATH = '/api/auth/oidc';

export type IdentityOptions = ModuleOptions & { identity?: IdentitySettings };

export const identityRoutes: FastifyPluginAsyncZod<IdentityOptions> = async (app, { db, identity }) => {
  const settings = identity ?? readIdentitySettings();
  const providers = createProviders(settings);
  const labels = new Map([...providers.values()].map((p) => [p.name, p.label]));
  /** With no provider configured every flow route answers 404, as for a name not configured. */
  const providerOf = (name: string) => {
    const provider = providers.get(name);
    if (!provider) throw new NotFound();
    return provider;
  };
  const callbackUrl = (request: FastifyRequest, name: string) =>
    `${settings.publicUrl ?? `${request.protocol}://${request.host}`}${FLOW_PATH}/${name}/callback`;
  const flowCookie = (request: FastifyRequest, reply: FastifyReply, value: string | null) => {
    if (value === null) reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
    else
      reply.setCookie(FLOW_COOKIE, value, {
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level navigation from another site, which must carry it.
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: FLOW_PATH,
        maxAge: service.FLOW_LIFETIME_MS / 1000,
      });
  };
  const sessionCookie = (request: FastifyRequest, reply: FastifyReply, session: service.SessionOpened) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: '/',
      expires: session.expiresAt,
    });
  /** A person's browser is sent back to a page that says what happened, in their language; an API client gets the error itself. */
  const navigating = (request: FastifyRequest) => request.headers['sec-fetch-mode'] === 'navigate';
  const browser = (request: FastifyRequest) => ({
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'],
    replaces: request.sessionToken,
    sessionUserId: request.actor?.id ?? null,
  });

  app.get(
    '/api/auth/providers',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The identity providers one may sign in with here (none unless configured): name and button label',
        response: { 200: schemas.providersOut, ...schemas.commonErrors },
      },
    },
    () => ({ items: [...providers.values()].map(({ name, label, kind }) => ({ name, label, kind })) }),
  );

  app.get(
    '/api/auth/oidc/:provider/start',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Sends the browser to the provider (302). `intent=link` (signed in) links the identity to my account; otherwise it signs in. 404 for a provider not configured',
        params: schemas.providerParams,
        querystring: schemas.oidcStartQuery,
        response: { 302: z.null(), ...schemas.commonErrors, 503: schemas.errorReply },
      },
    },
    async (request, reply) => {
      const provider = providerOf(request.params.provider);
      try {
        const { url, state } = await service.startFlow(db, provider, {
          intent: request.query.intent,
          userId: request.actor?.id ?? null,
          redirectUri: callbackUrl(request, provider.name),
        });
        flowCookie(request, reply, state);
        return reply.header('cache-control', 'no-store').redirect(url.href, 302);
      } catch (error) {
        if (error instanceof service.SignInRefused && navigating(request)) return reply.redirect(pageFor(error.intent, error.code), 302);
        if (error instanceof service.SignInRefused) return refuse(request, reply, error);
        throw error;
      }
    },
  );

  app.get(
    '/api/auth/oidc/:provider/callback',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Where the provider sends the browser back: signs in (session cookie, 302 to /), asks for the second factor (302 to the sign-in page), or links (302 to /security). A missing, foreign, used or expired state is 400',
        params: schemas.providerParams,
        querystring: schemas.oidcCallbackQuery,
        response: { 302: z.null(), ...schemas.commonErrors, 503: schemas.errorReply },
      },
    },
    async (request, reply) => {
      const provider = providerOf(request.params.provider);
      reply.header('cache-control', 'no-store');
      const query = Object.fromEntries(
        Object.entries(request.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      try {
        const result = await service.completeFlow(db, provider, {
          query,
          cookieState: request.cookies[FLOW_COOKIE],
          redirectUri: callbackUrl(request, provider.name),
          ...browser(request),
        });
        if (result.kind === 'second_factor') {
          flowCookie(request, reply, result.ticket);
          return reply.redirect(`/sign-in?provider=${encodeURIComponent(provider.name)}&step=code`, 302);
        }
        flowCookie(request, reply, null);
        if (result.kind === 'linked') return reply.redirect(`/security?linked=${encodeURIComponent(provider.name)}`, 302);
        sessionCookie(request, reply, result.session);
        return reply.redirect('/', 302);
      } catch (error) {
        flowCookie(request, reply, null);
        if (error instanceof service.SignInRefused) {
          if (navigating(request)) return reply.redirect(pageFor(error.intent, error.code), 302);
          return refuse(request, reply, error);
        }
        if (error instanceof DomainError && error.code === 'oidc_state_invalid' && navigating(request))
          return reply.redirect(pageFor('login', error.code), 302);
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/oidc/:provider/second-factor',
    {
      // Like the password sign-in: no session yet, so no CSRF token; the flow cookie and the code are the proof.
      config: { public: true, signIn: true },
      schema: {
        tags,
        summary: 'The second factor of a provider sign-in whose account has one: a code or a recovery code. Sets the session cookie',
        params: schemas.providerParams,
        body: schemas.oidcSecondFactorBody,
        response: {
          200: z.object({ user: meOut, csrfToken: z.string(), enrolmentRequired: z.boolean() }),
          ...schemas.commonErrors,
        },
      },
    },
    async (request, reply) => {
      const provider = providerOf(request.params.provider);
      const ticket = request.cookies[FLOW_COOKIE];
      flowCookie(request, reply, null);
      const session = await service.completeSecondFactor(db, provider, { ticket, totp: request.body.totp, ...browser(request) });
      sessionCookie(request, reply, session);
      return { user: await profile(db, session.user.id), csrfToken: session.csrfToken, enrolmentRequired: session.enrolmentRequired };
    },
  );

  app.get(
    '/api/auth/identities',
    {
      schema: {
        tags,
        summary: 'The provider identities linked to my account',
        response: { 200: schemas.identitiesOut, ...schemas.commonErrors },
      },
    },
    (request) => service.myIdentities(contextOf(request, db), labels),
  );

  app.delete(
    '/api/auth/identities/:id',
    {
      schema: {
        tags,
        summary: 'Unlink a provider identity from my account; it no longer signs in',
        params: schemas.identityParams,
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      await service.unlinkIdentity(contextOf(request, db), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Signing out of Hamkor signs out of a provider that keeps its own session (OneID), before the session goes.
  providerLogouts.set(app.server, (which) => service.providerLogout(db, providers, which, app.log));
};

/** For an API client: a provider that could not be reached is 503, a link that clashes 409, anything else 401. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: service.SignInRefused) {
  if (error.code === 'oidc_unavailable') {
    const t = translator(request.locale);
    return reply
      .status(503)
      .header('retry-after', '30')
      .send({ error: { code: error.code, message: t(`errors.${error.code}`) } });
  }
  if (error.code === 'oidc_identity_taken' || error.code === 'oidc_already_linked') throw new Conflict(error.code);
  throw new Unauthenticated(error.code);
}

const pageFor = (intent: service.Intent, code: string) =>
  intent === 'link' ? `/security?linkError=${encodeURIComponent(code)}` : `/sign-in?signInError=${encodeURIComponent(code)}`;
