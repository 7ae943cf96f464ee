import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { endAtProviders } from '../oidc/sign-out.ts';
import * as service from './service.ts';

const tags = ['users'];
export const meOut = schemas.userOut.extend({ organisation: schemas.organisationOut.nullable() });
const one = { 200: schemas.userOut, ...schemas.commonErrors };

export const userRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get('/api/me', { schema: { tags, summary: 'The signed-in user', response: { 200: meOut, ...schemas.commonErrors } } }, (request) =>
    service.me(contextOf(request, db)),
  );
  app.patch(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Remember the interface language',
        body: schemas.meUpdate,
        response: { 200: meOut, ...schemas.commonErrors },
      },
    },
    (request) => service.setMyLocale(contextOf(request, db), request.body.locale),
  );
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Users (admins: all; organisation admins and supervisors: their organisation)',
        querystring: schemas.usersQuery.extend(schemas.listQuery.shape),
        response: { 200: schemas.pageOf(schemas.userOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listUsers(contextOf(request, db), request.query),
  );
  app.get('/api/users/:id', { schema: { tags, summary: 'One user', params: schemas.userParams, response: one } }, (request) =>
    service.getUser(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/users',
    { schema: { tags, summary: 'Create a user', body: schemas.userCreate, response: { 201: schemas.userOut, ...schemas.commonErrors } } },
    async (request, reply) => reply.status(201).send(await service.createUser(contextOf(request, db), request.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change roles, scope, password or deactivate; send the version you read',
        params: schemas.userParams,
        body: schemas.userUpdate,
        response: one,
      },
    },
    async (request) => {
      const { user, ended } = await service.updateUser(contextOf(request, db), request.params.id, request.body);
      // A deactivation or a new password ends the sessions opened through OneID at OneID too.
      await endAtProviders(request, ended);
      return user;
    },
  );
};
