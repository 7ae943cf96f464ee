import { assessmentCreate, assessmentParams, assessmentUpdate, caseParams, schemas, screeningSave } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as screening from './screening.ts';
import * as service from './service.ts';

const tags = ['assessments'];
// The reply schemas are the domain's, so the web reads the same shapes.
export const assessmentOut = schemas.assessmentOut;
const historyItemOut = schemas.assessmentSummaryOut;
export const screeningOut = schemas.screeningOut;

const one = { 200: assessmentOut, ...schemas.commonErrors };
const submitBody = z.object({ version: schemas.version });

export const assessmentRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/cases/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Start an assessment of the case as a draft; without answers it is prefilled from the last approved one',
        params: caseParams,
        body: assessmentCreate,
        response: { 201: assessmentOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.startAssessment(contextOf(request, db), request.params.id, request.body)),
  );
  app.get(
    '/api/cases/:id/assessments',
    {
      schema: {
        tags,
        summary: 'The case’s assessments, newest first, with domain scores and their change (the read is audited)',
        params: caseParams,
        response: { 200: z.object({ items: z.array(historyItemOut) }), ...schemas.commonErrors },
      },
    },
    (request) => service.listCaseAssessments(contextOf(request, db), request.params.id),
  );
  app.get(
    '/api/assessments/:id',
    {
      schema: {
        tags,
        summary: 'An assessment with its scores, risk and reasons (the read is audited)',
        params: assessmentParams,
        response: one,
      },
    },
    (request) => service.getAssessment(contextOf(request, db), request.params.id),
  );
  app.patch(
    '/api/assessments/:id',
    {
      schema: {
        tags,
        summary: 'Save a draft as you go: partial answers, adjusted ratings, strengths, needs, an override with its reason',
        params: assessmentParams,
        body: assessmentUpdate,
        response: one,
      },
    },
    (request) => service.updateAssessment(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/assessments/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit: the risk is computed with its reasons and the supervisor is asked to approve (and any override)',
        params: assessmentParams,
        body: submitBody,
        response: one,
      },
    },
    (request) => service.submitAssessment(contextOf(request, db), request.params.id, request.body),
  );
  app.get(
    '/api/cases/:id/screening',
    {
      schema: {
        tags,
        summary: 'The intake screening: its questions and, once saved, the answers and the urgency (the read is audited)',
        params: caseParams,
        response: { 200: screeningOut, ...schemas.commonErrors },
      },
    },
    (request) => screening.getScreening(contextOf(request, db), request.params.id),
  );
  app.put(
    '/api/cases/:id/screening',
    {
      schema: {
        tags,
        summary: 'Save the intake screening while the case is in intake; an urgent answer makes the case urgent and sets a first contact',
        params: caseParams,
        body: screeningSave,
        response: { 200: screeningOut, ...schemas.commonErrors },
      },
    },
    (request) => screening.saveScreening(contextOf(request, db), request.params.id, request.body),
  );
};
