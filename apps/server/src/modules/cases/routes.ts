import { caseAssign, caseClose, caseCreate, caseParams, caseReopen, casesQuery, caseTransition, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { caseloadItemOut, caseOut, timelineEventOut } from './replies.ts';
import * as service from './service.ts';

const tags = ['cases'];
const one = { 200: caseOut, ...schemas.commonErrors };

export const caseRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Open a case for a registered family: numbered, in intake, with the assessment due as a task',
        body: caseCreate,
        response: { 201: caseOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.openCase(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/cases',
    {
      config: { readTransaction: true },
      schema: {
        tags,
        summary: 'The caseload: cases you may see, newest first; assignee=me, status, risk, q (a case number or a family member’s name)',
        querystring: casesQuery,
        response: { 200: schemas.pageOf(caseloadItemOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listCaseload(contextOf(request, db), request.query),
  );
  app.get(
    '/api/cases/:id',
    { config: { readTransaction: true }, schema: { tags, summary: 'A case (the read is audited)', params: caseParams, response: one } },
    (request) => service.getCase(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/cases/:id/assign',
    {
      schema: {
        tags,
        summary: 'Give the case to a social worker of its organisation (its supervisor or an organisation admin); the worker is notified',
        params: caseParams,
        body: caseAssign,
        response: one,
      },
    },
    (request) => service.assignCase(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/cases/:id/transition',
    {
      schema: {
        tags,
        summary: 'Move the case a step; 409 transition_not_allowed or approval_required when the state machine refuses',
        params: caseParams,
        body: caseTransition,
        response: one,
      },
    },
    (request) => service.transitionCase(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/cases/:id/close',
    {
      schema: {
        tags,
        summary: 'Request closure with its reason and outcome: the case goes to closing and its supervisor is asked to approve',
        params: caseParams,
        body: caseClose,
        response: one,
      },
    },
    (request) => service.requestClosure(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/cases/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed case, with the reason; it returns to assessment',
        params: caseParams,
        body: caseReopen,
        response: one,
      },
    },
    (request) => service.reopenCase(contextOf(request, db), request.params.id, request.body),
  );
  app.get(
    '/api/cases/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Every event of the case, newest first, with who and when (the read is audited)',
        params: caseParams,
        querystring: schemas.listQuery,
        response: { 200: schemas.pageOf(timelineEventOut), ...schemas.commonErrors },
      },
    },
    (request) => service.caseTimeline(contextOf(request, db), request.params.id, request.query),
  );
};
