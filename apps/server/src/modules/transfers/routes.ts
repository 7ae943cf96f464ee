import {
  caseShareCreate,
  caseShareParams,
  caseSharesOut,
  schemas,
  transferAccept,
  transferCreate,
  transferOut,
  transferParams,
  transferReturn,
  transfersPageOut,
  transfersQuery,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['transfers'];
const caseParams = z.object({ id: z.uuid({ error: 'uuid' }) });
const one = { 200: transferOut, ...schemas.commonErrors };

export const transferRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/cases/:id/transfer',
    {
      schema: {
        tags,
        summary:
          'Send the case to another organisation (pending until its supervisor accepts; 409 consent_required without a covering consent)',
        params: caseParams,
        body: transferCreate,
        response: { 201: transferOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.sendTransfer(contextOf(request, db), request.params.id, request.body)),
  );
  app.get(
    '/api/transfers',
    {
      schema: {
        tags,
        summary: 'Transfers to my organisation (inbox, for its supervisors) or of cases I read (outbox)',
        querystring: transfersQuery,
        response: { 200: transfersPageOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listTransfers(contextOf(request, db), request.query),
  );
  app.get(
    '/api/transfers/:id',
    { schema: { tags, summary: 'One transfer, for either side', params: transferParams, response: one } },
    (request) => service.getTransfer(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/transfers/:id/accept',
    {
      schema: {
        tags,
        summary: 'The receiving supervisor accepts: the case, its plan and open tasks move to their organisation and the worker chosen',
        params: transferParams,
        body: transferAccept,
        response: one,
      },
    },
    (request) => service.acceptTransfer(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/transfers/:id/return',
    {
      schema: {
        tags,
        summary: 'The receiving supervisor returns the transfer with a reason; the case stays with the sender',
        params: transferParams,
        body: transferReturn,
        response: one,
      },
    },
    (request) => service.returnTransfer(contextOf(request, db), request.params.id, request.body),
  );
  app.get(
    '/api/cases/:id/shares',
    {
      schema: {
        tags,
        summary: 'The co-workers the case is shared with (and, for its staff, who it can be shared with)',
        params: caseParams,
        response: { 200: caseSharesOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listShares(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/cases/:id/shares',
    {
      schema: {
        tags,
        summary: 'Share the case with a co-worker, who then reads it and records contacts',
        params: caseParams,
        body: caseShareCreate,
        response: { 201: caseSharesOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.addShare(contextOf(request, db), request.params.id, request.body)),
  );
  app.delete(
    '/api/cases/:id/shares/:userId',
    {
      schema: {
        tags,
        summary: 'Stop sharing the case with a co-worker',
        params: caseShareParams,
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      await service.removeShare(contextOf(request, db), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );
};
