import {
  schemas,
  tracingCreate,
  tracingMatchesOut,
  tracingMatchParams,
  tracingPageOut,
  tracingParams,
  tracingQuery,
  tracingRequestOut,
  tracingStep,
  tracingVerify,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['tracing'];
const one = { 200: tracingRequestOut, ...schemas.commonErrors };

export const tracingRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/tracing-requests',
    {
      schema: {
        tags,
        summary: 'Tracing requests of my organisation (a transit centre or an Inson centre), newest first',
        querystring: tracingQuery,
        response: { 200: tracingPageOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listTracing(contextOf(request, db), request.query),
  );
  app.post(
    '/api/tracing-requests',
    {
      schema: {
        tags,
        summary: 'Open a tracing request for a separated child (or from a parent seeking a child); refused without consent to tracing',
        body: tracingCreate,
        response: { 201: tracingRequestOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createTracing(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/tracing-requests/:id',
    { schema: { tags, summary: 'One tracing request', params: tracingParams, response: one } },
    (request) => service.getTracing(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/tracing-requests/:id/steps',
    {
      schema: {
        tags,
        summary: 'Move the request on: start tracing, propose a match, reunify (follow-up visits on the case), close',
        params: tracingParams,
        body: tracingStep,
        response: one,
      },
    },
    (request) => service.takeStep(contextOf(request, db), request.params.id, request.body),
  );
  app.get(
    '/api/tracing-requests/:id/matches',
    {
      schema: {
        tags,
        summary: 'Proposed matches from the whole register, scored with reasons; only what verifying them needs',
        params: tracingParams,
        response: { 200: tracingMatchesOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listMatches(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/tracing-requests/:id/matches/:personId/verify',
    {
      schema: {
        tags,
        summary: 'A worker verifies a proposed match: the request becomes verified',
        params: tracingMatchParams,
        body: tracingVerify,
        response: one,
      },
    },
    (request) => service.verifyMatch(contextOf(request, db), request.params.id, request.params.personId, request.body),
  );
};
