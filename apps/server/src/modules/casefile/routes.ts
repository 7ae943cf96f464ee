import { caseParams, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

export const caseFileRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/cases/:id/file.pdf',
    {
      schema: {
        tags: ['cases'],
        summary:
          'The printable case file (PDF): the case, family and members, assessments, plan, referrals and contacts, ' +
          'in your language; Latin and Cyrillic names alike. The read is audited.',
        params: caseParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('The PDF file'), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const file = await service.caseFile(contextOf(request, db), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('cache-control', 'no-store')
        .send(file.data);
    },
  );
};
