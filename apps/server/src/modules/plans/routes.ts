import {
  caseParams,
  planActionParams,
  planActionUpdate,
  planCreate,
  planOut,
  planParams,
  planSubmit,
  plansOut,
  planUpdate,
  schemas,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['plans'];
const one = { 200: planOut, ...schemas.commonErrors };

export const planRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/cases/:id/plans',
    {
      schema: {
        tags,
        summary: 'The case’s service plans, newest revision first',
        params: caseParams,
        response: { 200: plansOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listPlans(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/cases/:id/plans',
    {
      schema: {
        tags,
        summary: 'Draft a service plan: the first, or a revision of the plan in force (409 plan_in_progress while another is open)',
        params: caseParams,
        body: planCreate,
        response: { 201: planOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createPlan(contextOf(request, db), request.params.id, request.body)),
  );
  app.get(
    '/api/plans/:id',
    { schema: { tags, summary: 'One service plan with its goals and actions', params: planParams, response: one } },
    (request) => service.getPlan(contextOf(request, db), request.params.id),
  );
  app.patch(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft or returned plan; goals and skipped domains, when sent, replace the lists',
        params: planParams,
        body: planUpdate,
        response: one,
      },
    },
    (request) => service.updatePlan(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/plans/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit the plan for approval; every problem domain needs a goal or a reason (400 plan_incomplete)',
        params: planParams,
        body: planSubmit,
        response: one,
      },
    },
    (request) => service.submitPlan(contextOf(request, db), request.params.id, request.body),
  );
  app.patch(
    '/api/plans/:id/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'Progress of an action of the plan in force; its task follows',
        params: planActionParams,
        body: planActionUpdate,
        response: one,
      },
    },
    (request) => service.updateAction(contextOf(request, db), request.params.id, request.params.actionId, request.body),
  );
};
