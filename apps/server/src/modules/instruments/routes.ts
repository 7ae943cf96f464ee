import { instrumentCreate, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['assessments'];

export const instrumentOut = schemas.instrumentOut;

export const instrumentRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/instruments',
    {
      schema: {
        tags,
        summary: 'The assessment instruments and their versions (domains, questions, answers, the risk rule), newest first',
        response: { 200: z.object({ items: z.array(instrumentOut) }), ...schemas.commonErrors },
      },
    },
    (request) => service.listInstruments(contextOf(request, db)),
  );
  app.post(
    '/api/instruments',
    {
      schema: {
        tags,
        summary: 'Load a new version of an instrument (system admins); assessments keep the version they were made with',
        body: instrumentCreate,
        response: { 201: instrumentOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createInstrument(contextOf(request, db), request.body)),
  );
};
