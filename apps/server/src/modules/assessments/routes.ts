import {
  APPROVAL_STATUSES,
  assessmentCreate,
  assessmentParams,
  assessmentUpdate,
  caseParams,
  DOMAIN_RATINGS,
  RISK_LEVELS,
  schemas,
  screeningSave,
  URGENCIES,
  UZ_CATEGORIES,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as screening from './screening.ts';
import * as service from './service.ts';

const tags = ['assessments'];
const STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
const rating = z.enum(DOMAIN_RATINGS).nullable();
const risk = z.enum(RISK_LEVELS);

export const assessmentOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  instrumentId: z.uuid(),
  instrumentKey: z.string(),
  instrumentVersion: z.number().int(),
  status: z.enum(STATUSES),
  answers: z.record(z.string(), z.string()),
  domainRatings: z.record(z.string(), z.enum(DOMAIN_RATINGS)),
  strengths: z.record(z.string(), z.string()),
  needs: z.record(z.string(), z.string()),
  domainScores: z.record(
    z.string(),
    z.object({
      score: z.number().int().nullable(),
      answered: z.number().int(),
      questions: z.number().int(),
      computedRating: rating,
      rating,
      adjusted: z.boolean(),
    }),
  ),
  /** Computed by the instrument's rule; for a draft, as the answers stand now. */
  riskLevel: risk,
  points: z.number().int(),
  /** What drove the level: immediate dangers, domains with serious problems or concerns, the total. */
  reasons: z.array(z.record(z.string(), z.unknown())),
  category: z.enum(UZ_CATEGORIES),
  overrideRisk: risk.nullable(),
  overrideReason: z.string().nullable(),
  overrideStatus: z.enum(APPROVAL_STATUSES).nullable(),
  /** What the supervisor wrote when returning the assessment for rework, while it is being reworked; else null. */
  returnComment: z.string().nullable(),
  /** The level that stands: an approved override, else the computed level. */
  effectiveRisk: risk,
  effectiveCategory: z.enum(UZ_CATEGORIES),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});

const historyItemOut = z.object({
  id: z.uuid(),
  status: z.enum(STATUSES),
  instrumentId: z.uuid(),
  instrumentVersion: z.number().int(),
  riskLevel: risk,
  effectiveRisk: risk,
  category: z.enum(UZ_CATEGORIES),
  domainScores: z.record(z.string(), z.object({ score: z.number().int().nullable(), rating })),
  /** Each domain's score change from the assessment before (positive: worse); null for the first. */
  change: z.record(z.string(), z.number().int().nullable()).nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  version: z.number().int(),
});

const localised = z.record(z.string(), z.string());
export const screeningOut = z.object({
  caseId: z.uuid(),
  caseUrgency: z.enum(URGENCIES),
  /** Whether the caller may save it now: the case is in intake and theirs to change. */
  editable: z.boolean(),
  /** The questions, from the instrument the screening was made with (the newest one before the first save). */
  form: z.object({
    instrumentId: z.uuid(),
    instrumentVersion: z.number().int(),
    title: localised,
    questions: z.array(
      z.object({
        key: z.string(),
        text: localised,
        answers: z.array(z.object({ key: z.string(), label: localised, urgent: z.boolean().optional() })),
      }),
    ),
  }),
  screening: z
    .object({
      answers: z.record(z.string(), z.string()),
      urgency: z.enum(['urgent', 'routine']),
      version: z.number().int(),
      createdAt: z.string(),
      createdBy: z.uuid().nullable(),
      updatedAt: z.string(),
      updatedBy: z.uuid().nullable(),
    })
    .nullable(),
});

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
