import { auditQuery, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { XLSX_TYPE } from '../reports/files.ts';
import { AUDIT_LANES } from './repo.ts';
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
  /** The acting user's name, for the viewer. */
  actorName: z.string().nullable(),
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
        summary:
          "Audit events, newest first, filtered by user, record, action, outcome and period (auditors and admins; a record's supervisor reads who has seen it with `entityId` and `reads=true`); `format=csv|xlsx` exports them (audited)",
        querystring: auditQuery,
        produces: ['application/json', 'text/csv', XLSX_TYPE],
        response: { 200: z.union([schemas.pageOf(auditEventOut), z.any().describe('The CSV or XLSX file')]), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const result = await service.listAuditEvents(contextOf(request, db), request.query);
      if ('file' in result && result.file) {
        const { file } = result;
        return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.name}"`).send(file.data);
      }
      return result.page;
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Checks every lane of the audit log (or one, `lane`) and lists every broken link (auditors and admins)',
        querystring: z.object({
          lane: z.coerce
            .number({ error: 'invalid' })
            .int({ error: 'invalid' })
            .min(0, { error: 'invalid' })
            .max(AUDIT_LANES - 1, { error: 'invalid' })
            .optional(),
        }),
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
    (request) => service.verifyChain(contextOf(request, db), request.query.lane),
  );
};
