import { caseParams, consentCreate, consentOut, consentParams, consentsOut, consentWithdraw, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['consents'];

export const consentRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/cases/:id/consents',
    {
      schema: {
        tags,
        summary: 'The consents to share recorded on a case, newest first',
        params: caseParams,
        response: { 200: consentsOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listConsents(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/cases/:id/consents',
    {
      schema: {
        tags,
        summary: 'Record a family member’s consent to share (for themselves and those they answer for)',
        params: caseParams,
        body: consentCreate,
        response: { 201: consentOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.recordConsent(contextOf(request, db), request.params.id, request.body)),
  );
  app.post(
    '/api/consents/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a consent: new referrals can no longer rely on it',
        params: consentParams,
        body: consentWithdraw,
        response: { 200: consentOut, ...schemas.commonErrors },
      },
    },
    (request) => service.withdrawConsent(contextOf(request, db), request.params.id, request.body),
  );
};
