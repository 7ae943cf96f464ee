import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type DatabaseKind, type Db, pingDatabase } from '../../db/database.ts';
import { type Lifecycle, RETRY_AFTER_SECONDS } from '../../lib/lifecycle.ts';

export const APP_VERSION = '0.1.0';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; kind: DatabaseKind; demo: boolean; lifecycle: Lifecycle }> = async (
  app,
  options,
) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness (without waiting for the database), database kind, and whether the demo accounts are offered',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgresql']),
            version: z.string(),
            /** Demo mode (HAMKOR_DEMO): the sign-in page lists the demo accounts only then. */
            demo: z.boolean(),
          }),
        },
      },
    },
    // Liveness: the process answers. It does not wait for the database, so a saturated pool or a restarting
    // PostgreSQL never gets a live server killed; /api/ready says whether it can serve.
    async () => {
      return {
        status: 'ok' as const,
        database: options.kind,
        version: APP_VERSION,
        demo: options.demo,
      };
    },
  );

  app.get(
    '/api/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: 200 while serving, 503 while starting, draining or without its database',
        response: {
          200: z.object({ status: z.literal('ready') }),
          503: z.object({ status: z.enum(['starting', 'draining', 'database_unavailable']) }),
        },
      },
    },
    async (_request, reply) => {
      const { phase } = options.lifecycle;
      if (phase !== 'serving') return reply.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send({ status: phase });
      try {
        await pingDatabase(options.db);
      } catch {
        return reply
          .code(503)
          .header('Retry-After', String(RETRY_AFTER_SECONDS))
          .send({ status: 'database_unavailable' as const });
      }
      return { status: 'ready' as const };
    },
  );
};
