import { CONTACT_KINDS, caseParams, contactCreate, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['contacts'];

export const contactOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(CONTACT_KINDS),
  date: z.string(),
  text: z.string(),
  participants: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});

export const contactRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/cases/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Record a contact with the family: home visit, phone call, office visit or case conference',
        params: caseParams,
        body: contactCreate,
        response: { 201: contactOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.recordContact(contextOf(request, db), request.params.id, request.body)),
  );
  app.get(
    '/api/cases/:id/contacts',
    {
      config: { readTransaction: true },
      schema: {
        tags,
        summary: "A case's contacts, the latest first (the read is audited)",
        params: caseParams,
        querystring: schemas.listQuery,
        response: { 200: schemas.pageOf(contactOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listContacts(contextOf(request, db), request.params.id, request.query),
  );
};
