import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['organisations'];
const one = { 200: schemas.organisationOut, ...schemas.commonErrors };

export const organisationRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'Organisations, filtered by district served and kind',
        querystring: schemas.organisationsQuery.extend(schemas.listQuery.shape),
        response: { 200: schemas.pageOf(schemas.organisationOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listOrganisations(contextOf(request, db), request.query),
  );
  app.get(
    '/api/organisations/:id',
    { schema: { tags, summary: 'One organisation', params: schemas.organisationParams, response: one } },
    (request) => service.getOrganisation(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/organisations',
    {
      schema: {
        tags,
        summary: 'Create an organisation (system admin)',
        body: schemas.organisationCreate,
        response: { 201: schemas.organisationOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createOrganisation(contextOf(request, db), request.body)),
  );
  app.patch(
    '/api/organisations/:id',
    {
      schema: {
        tags,
        summary: 'Change an organisation; send the version you read (409 with the current record if it moved on)',
        params: schemas.organisationParams,
        body: schemas.organisationUpdate,
        response: one,
      },
    },
    (request) => service.updateOrganisation(contextOf(request, db), request.params.id, request.body),
  );
};
