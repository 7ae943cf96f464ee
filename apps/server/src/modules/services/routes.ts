import { schemas, serviceCreate, serviceOut, serviceParams, servicesPageOut, servicesQuery, serviceUpdate } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['services'];
const one = { 200: serviceOut, ...schemas.commonErrors };

export const serviceRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/services',
    {
      schema: {
        tags,
        summary: 'The service directory: services offered in a district, by category, or matching a text',
        querystring: servicesQuery,
        response: { 200: servicesPageOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listServices(contextOf(request, db), request.query),
  );
  app.get(
    '/api/services/:id',
    { schema: { tags, summary: 'One service of the directory', params: serviceParams, response: one } },
    (request) => service.getService(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/services',
    {
      schema: {
        tags,
        summary: 'Add a service to the directory (system admin, or the organisation’s admin)',
        body: serviceCreate,
        response: { 201: serviceOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createService(contextOf(request, db), request.body)),
  );
  app.patch(
    '/api/services/:id',
    {
      schema: {
        tags,
        summary: 'Change a service; send the version you read (409 with the current record if it moved on)',
        params: serviceParams,
        body: serviceUpdate,
        response: one,
      },
    },
    (request) => service.updateService(contextOf(request, db), request.params.id, request.body),
  );
};
