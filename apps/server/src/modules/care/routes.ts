import {
  careArrangementCreate,
  careArrangementOut,
  careArrangementParams,
  careArrangementUpdate,
  careHistoryOut,
  gatekeepingCreate,
  gatekeepingListOut,
  gatekeepingOut,
  placementsOut,
  placementsQuery,
  schemas,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['care'];
const params = z.object({ id: z.uuid({ error: 'uuid' }) });

export const careRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/persons/:id/care-arrangements',
    {
      schema: {
        tags,
        summary: 'A child’s care history, newest first (the family’s workers, and the organisation the child is placed with)',
        params,
        response: { 200: careHistoryOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listCareArrangements(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/persons/:id/care-arrangements',
    {
      schema: {
        tags,
        summary:
          'Record a new arrangement: it ends the current one on its start date; a placement outside the family needs a gatekeeping decision (409 gatekeeping_required)',
        params,
        body: careArrangementCreate,
        response: { 201: careArrangementOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.recordCareArrangement(contextOf(request, db), request.params.id, request.body)),
  );
  app.patch(
    '/api/care-arrangements/:id',
    {
      schema: {
        tags,
        summary: 'Correct an arrangement, end the current one, or record a return home’s 12-month outcome (409 on a stale version)',
        params: careArrangementParams,
        body: careArrangementUpdate,
        response: { 200: careArrangementOut, ...schemas.commonErrors },
      },
    },
    (request) => service.updateCareArrangement(contextOf(request, db), request.params.id, request.body),
  );
  app.get(
    '/api/care-arrangements',
    {
      schema: {
        tags,
        summary: 'Children in care now within my reach (a residential organisation: those placed with it), or one family’s',
        querystring: placementsQuery,
        response: { 200: placementsOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listPlacements(contextOf(request, db), request.query),
  );
  app.get(
    '/api/cases/:id/gatekeeping',
    {
      schema: {
        tags,
        summary: 'The case’s gatekeeping decisions, with the 72-hour review of each emergency placement',
        params,
        response: { 200: gatekeepingListOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listGatekeeping(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/cases/:id/gatekeeping',
    {
      schema: {
        tags,
        summary:
          'Ask the supervisor (with the guardianship authority) for a gatekeeping decision before a placement outside the family; an emergency placement gets a 72-hour review task',
        params,
        body: gatekeepingCreate,
        response: { 201: gatekeepingOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.requestGatekeeping(contextOf(request, db), request.params.id, request.body)),
  );
};
