import { APPROVAL_STATUSES, approvalDecision, approvalParams, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['approvals'];

export const approvalOut = schemas.approvalOut;
/** An erasure's approval names no case: the family and its cases are gone once it is approved (modules/retention). */
const erasureApprovalOut = approvalOut.extend({ kind: z.literal('erasure'), caseId: z.null() });

const approvalsQuery = schemas.listQuery.extend({
  box: z.enum(['mine'], { error: 'choice' }).default('mine'),
  status: z.enum(APPROVAL_STATUSES, { error: 'choice' }).optional(),
});

export const approvalRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/approvals',
    {
      schema: {
        tags,
        summary: 'box=mine: the requests waiting for your decision, and those you made',
        querystring: approvalsQuery,
        response: { 200: schemas.pageOf(approvalOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listApprovals(contextOf(request, db), request.query),
  );
  app.post(
    '/api/approvals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve or return (with a comment) a request; an approved closure closes the case, a returned one sends it back',
        params: approvalParams,
        body: approvalDecision,
        response: { 200: z.union([approvalOut, erasureApprovalOut]), ...schemas.commonErrors },
      },
    },
    (request) => service.decideOnApproval(contextOf(request, db), request.params.id, request.body),
  );
};
