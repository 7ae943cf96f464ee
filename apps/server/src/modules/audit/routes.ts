import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const auditEventOut = z.object({
  seq: z.number().int(),
  id: z.uuid(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.uuid().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  lane: z.number().int(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (auditors and admins); each hash covers the previous one of its lane',
        querystring: z.object({ entityId: schemas.id.optional(), actorId: schemas.id.optional() }).extend(schemas.listQuery.shape),
        response: { 200: schemas.pageOf(auditEventOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listAuditEvents(contextOf(request, db), request.query),
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Checks every lane of the audit log and lists every broken link (auditors and admins)',
        response: {
          200: z.object({
            intact: z.boolean(),
            lanes: z.array(
              z.object({
                lane: z.number().int(),
                events: z.number().int(),
                broken: z.array(z.object({ event: z.number().int(), reason: z.enum(['prev_hash', 'hash']) })),
              }),
            ),
          }),
          ...schemas.commonErrors,
        },
      },
    },
    (request) => service.verifyChain(contextOf(request, db)),
  );
};
