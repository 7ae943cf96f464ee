import {
  emergencyAccessesOut,
  emergencyAccessOut,
  emergencyCreate,
  emergencyOpened,
  emergencyParams,
  emergencyQuery,
  emergencyReview,
  schemas,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['access'];

export const accessRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/access/emergency',
    {
      schema: {
        tags,
        summary:
          'Open a family or case outside my reach with a reason (break-the-glass): read only, for HAMKOR_EMERGENCY_ACCESS_HOURS (3), never offline; reviewed afterwards',
        body: emergencyCreate,
        response: { 201: emergencyOpened, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.openEmergency(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/access/emergency',
    {
      schema: {
        tags,
        summary:
          'Emergency accesses: all for auditors, otherwise my own and those I review; `status=pending_review` is the review queue, `format=csv` the report per organisation and period',
        querystring: emergencyQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: z.union([emergencyAccessesOut, z.any().describe('The CSV file')]), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const result = await service.listEmergency(contextOf(request, db), request.query);
      if ('csv' in result && result.csv) {
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="hamkor-emergency-access-${day}.csv"`)
          .send(result.csv);
      }
      return result.page;
    },
  );
  app.post(
    '/api/access/emergency/:id/review',
    {
      schema: {
        tags,
        summary: "Review an emergency access: justified or not, with a comment (the record's supervisor or an auditor; once)",
        params: emergencyParams,
        body: emergencyReview,
        response: { 200: emergencyAccessOut, ...schemas.commonErrors },
      },
    },
    (request) => service.reviewEmergency(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/access/emergency/:id/end',
    {
      schema: {
        tags,
        summary: 'End my emergency access before its time',
        params: emergencyParams,
        response: { 200: emergencyAccessOut, ...schemas.commonErrors },
      },
    },
    (request) => service.endEmergency(contextOf(request, db), request.params.id),
  );
};
