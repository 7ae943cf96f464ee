import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['families'];
const one = { 200: schemas.familyOut, ...schemas.commonErrors };

export const familyRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/families',
    {
      schema: {
        tags,
        summary: 'Register a family with its members (ask POST /api/persons/duplicates first); warnings flag doubtful PINFLs',
        body: schemas.familyCreate,
        response: { 201: schemas.familySavedOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.registerFamily(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/families',
    {
      config: { readTransaction: true },
      schema: {
        tags,
        summary:
          'My families (assignee=me): the families of your open cases and those you registered without a case, latest activity first (the read is audited)',
        querystring: schemas.familiesQuery,
        response: { 200: schemas.familyListOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listMyFamilies(contextOf(request, db), request.query),
  );
  app.get(
    '/api/families/:id',
    {
      config: { readTransaction: true },
      schema: { tags, summary: 'A family and its members (the read is audited)', params: schemas.familyParams, response: one },
    },
    (request) => service.getFamily(contextOf(request, db), request.params.id),
  );
  app.patch(
    '/api/families/:id',
    {
      schema: {
        tags,
        summary: 'Change a family; send the version you read (409 with the current record if it moved on)',
        params: schemas.familyParams,
        body: schemas.familyUpdate,
        response: one,
      },
    },
    (request) => service.updateFamily(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/families/:id/members',
    {
      schema: {
        tags,
        summary: 'Add a member to a family',
        params: schemas.familyParams,
        body: schemas.personCreate,
        response: { 201: schemas.personSavedOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.addMember(contextOf(request, db), request.params.id, request.body)),
  );
  app.post(
    '/api/families/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge a duplicate family into this one (supervisors): members move here, the duplicate is kept as merged',
        params: schemas.familyParams,
        body: schemas.familyMerge,
        response: one,
      },
    },
    (request) => service.mergeFamilies(contextOf(request, db), request.params.id, request.body),
  );
};
