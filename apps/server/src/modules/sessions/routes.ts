import { schemas, Unauthenticated } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf, SESSION_COOKIE } from '../../plugins/auth.ts';
import { endAtProviders, providerLogouts } from '../oidc/sign-out.ts';
import * as service from './service.ts';

const tags = ['sessions'];

export const sessionRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  const tokenOf = (token: string | null) => {
    if (!token) throw new Unauthenticated();
    return token;
  };
  app.get(
    '/api/sessions',
    {
      schema: {
        tags,
        summary: 'My sessions: device, address, when opened and last seen; `current` is this one',
        response: { 200: z.object({ items: z.array(schemas.sessionOut) }), ...schemas.commonErrors },
      },
    },
    (request) => service.listMySessions(contextOf(request, db), tokenOf(request.sessionToken)),
  );
  app.delete(
    '/api/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one of my sessions (ending this one signs out); another user’s is a 404',
        params: schemas.sessionParams,
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      // A session opened through OneID, ended from another device, signs out of OneID too (modules/oidc).
      if (request.actor) await providerLogouts.get(app.server)?.({ id: request.params.id, userId: request.actor.id });
      const { wasCurrent } = await service.revokeMySession(contextOf(request, db), tokenOf(request.sessionToken), request.params.id);
      if (wasCurrent) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/users/:id/sessions',
    {
      schema: {
        tags,
        summary: 'End every session of a user (system admins: anyone; organisation admins: their organisation)',
        params: schemas.userParams,
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const ended = await service.endSessionsOfUser(contextOf(request, db), request.params.id);
      // Those opened through OneID sign out of OneID too, once they have ended here.
      await endAtProviders(request, ended);
      return reply.status(204).send(null);
    },
  );
};
