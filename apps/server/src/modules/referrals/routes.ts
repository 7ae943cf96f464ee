import {
  type ReferralStep,
  referralCancel,
  referralComplete,
  referralCreate,
  referralDecline,
  referralOut,
  referralParams,
  referralStepBody,
  referralsPageOut,
  referralsQuery,
  schemas,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['referrals'];
const one = { 200: referralOut, ...schemas.commonErrors };

const STEPS: { step: ReferralStep; body: z.ZodType; summary: string }[] = [
  { step: 'accept', body: referralStepBody, summary: 'The receiving organisation accepts the referral' },
  { step: 'decline', body: referralDecline, summary: 'The receiving organisation declines the referral, with its reason' },
  { step: 'start', body: referralStepBody, summary: 'The receiving organisation marks an accepted referral in progress' },
  { step: 'complete', body: referralComplete, summary: 'The receiving organisation completes the referral with its outcome' },
  { step: 'cancel', body: referralCancel, summary: 'The sender cancels the referral, with a reason' },
];

export const referralRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/referrals',
    {
      schema: {
        tags,
        summary: 'Refer the family to another organisation (409 consent_required without a covering consent or an allowed override)',
        body: referralCreate,
        response: { 201: referralOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.sendReferral(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/referrals',
    {
      schema: {
        tags,
        summary: 'The inbox (referrals to my organisation) or the outbox (referrals from cases I may read)',
        querystring: referralsQuery,
        response: { 200: referralsPageOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listReferrals(contextOf(request, db), request.query),
  );
  app.get(
    '/api/referrals/:id',
    {
      schema: {
        tags,
        summary: 'One referral: the sender sees all of it, the receiver only the shared fields',
        params: referralParams,
        response: one,
      },
    },
    (request) => service.getReferral(contextOf(request, db), request.params.id),
  );
  for (const { step, body, summary } of STEPS)
    app.post(`/api/referrals/:id/${step}`, { schema: { tags, summary, params: referralParams, body, response: one } }, (request) =>
      service.takeStep(contextOf(request, db), request.params.id, step, request.body as service.StepInput),
    );
};
