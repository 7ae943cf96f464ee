import {
  erasureProposalCreate,
  erasureProposalOut,
  erasureProposalParams,
  erasureProposalsOut,
  erasureProposalsQuery,
  legalHoldLift,
  legalHoldSet,
  legalHoldStateOut,
  legalHoldsOut,
  retentionDueOut,
  retentionScheduleOut,
  retentionScheduleUpdate,
  schemas,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { setAttachmentsRoot } from './files.ts';
import * as service from './service.ts';

const tags = ['retention'];
const caseParams = z.object({ id: schemas.id });

export const retentionRoutes: FastifyPluginAsyncZod<ModuleOptions & { attachmentsDir: string }> = async (app, { db, attachmentsDir }) => {
  setAttachmentsRoot(attachmentsDir);
  app.get(
    '/api/retention/schedule',
    {
      schema: {
        tags,
        summary: 'How long each record type is kept, in years (system administrators)',
        response: { 200: retentionScheduleOut, ...schemas.commonErrors },
      },
    },
    (request) => service.getSchedule(contextOf(request, db)),
  );
  app.put(
    '/api/retention/schedule',
    {
      schema: {
        tags,
        summary: 'Change how long record types are kept; each item names the version it was read at (audited)',
        body: retentionScheduleUpdate,
        response: { 200: retentionScheduleOut, ...schemas.commonErrors },
      },
    },
    (request) => service.updateSchedule(contextOf(request, db), request.body),
  );
  app.get(
    '/api/retention/due',
    {
      schema: {
        tags,
        summary: 'Families whose records are due for erasure under the schedule, oldest first, with any legal hold and proposal',
        response: { 200: retentionDueOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listDue(contextOf(request, db)),
  );
  app.post(
    '/api/retention/proposals',
    {
      schema: {
        tags,
        summary:
          'Propose the erasure of a due family: lists what would go and asks a second system administrator through the approvals (kind erasure)',
        body: erasureProposalCreate,
        response: { 201: erasureProposalOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.propose(contextOf(request, db), request.body.familyId)),
  );
  app.get(
    '/api/retention/proposals',
    {
      schema: {
        tags,
        summary: 'Erasure proposals, newest first: drafted by the daily run, pending a decision, erased or rejected',
        querystring: erasureProposalsQuery,
        response: { 200: erasureProposalsOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listProposals(contextOf(request, db), request.query.status ?? undefined),
  );
  app.get(
    '/api/retention/proposals/:id',
    {
      schema: {
        tags,
        summary: 'One erasure proposal',
        params: erasureProposalParams,
        response: { 200: erasureProposalOut, ...schemas.commonErrors },
      },
    },
    (request) => service.getProposal(contextOf(request, db), request.params.id),
  );
  app.get(
    '/api/retention/holds',
    {
      schema: { tags, summary: 'Every case under a legal hold now', response: { 200: legalHoldsOut, ...schemas.commonErrors } },
    },
    (request) => service.listHolds(contextOf(request, db)),
  );
  app.get(
    '/api/cases/:id/legal-hold',
    {
      schema: {
        tags,
        summary: "The case's legal hold and the lifted ones (its supervisor, its organisation's admin, system administrators)",
        params: caseParams,
        response: { 200: legalHoldStateOut, ...schemas.commonErrors },
      },
    },
    (request) => service.getHold(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/cases/:id/legal-hold',
    {
      schema: {
        tags,
        summary: 'Put the case under a legal hold, with a reason: nothing of it or its family is erased until it is lifted',
        params: caseParams,
        body: legalHoldSet,
        response: { 201: legalHoldStateOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.setHold(contextOf(request, db), request.params.id, request.body.reason)),
  );
  app.delete(
    '/api/cases/:id/legal-hold',
    {
      schema: {
        tags,
        summary: "Lift the case's legal hold (a reason may be given)",
        params: caseParams,
        // The reason is optional, and so is the body.
        body: z.preprocess((body) => body ?? {}, legalHoldLift),
        response: { 200: legalHoldStateOut, ...schemas.commonErrors },
      },
    },
    (request) => service.liftHold(contextOf(request, db), request.params.id, request.body.reason ?? null),
  );
};
