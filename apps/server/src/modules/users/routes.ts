import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get('/api/me', { schema: { tags, summary: 'The signed-in user' } }, (request) => service.me(contextOf(request, db)));
  app.patch(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Remember the interface language',
        body: schemas.meUpdate,
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
      },
    },
    (request) => service.listUsers(contextOf(request, db), request.query),
  );
  app.get('/api/users/:id', { schema: { tags, summary: 'One user', params: schemas.userParams } }, (request) =>
    service.getUser(contextOf(request, db), request.params.id),
  );
  app.post('/api/users', { schema: { tags, summary: 'Create a user', body: schemas.userCreate } }, async (request, reply) =>
    reply.status(201).send(await service.createUser(contextOf(request, db), request.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change roles, scope, password or deactivate; send the version you read',
        params: schemas.userParams,
        body: schemas.userUpdate,
      },
    },
    (request) => service.updateUser(contextOf(request, db), request.params.id, request.body),
  );
};
