import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

export const auditRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (auditors and admins)',
        querystring: z
          .object({
            entityId: schemas.id.optional(),
            actorId: schemas.id.optional(),
          })
          .extend(schemas.listQuery.shape),
      },
    },
    (request) => service.listAuditEvents(contextOf(request, db), request.query),
  );
};
