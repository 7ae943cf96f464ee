import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type DatabaseKind, type Db, pingDatabase } from '../../db/database.ts';

export const APP_VERSION = '0.1.0';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; kind: DatabaseKind; demo: boolean }> = async (app, options) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness, database kind, and whether the demo accounts are offered',
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
    async () => {
      await pingDatabase(options.db);
      return {
        status: 'ok' as const,
        database: options.kind,
        version: APP_VERSION,
        demo: options.demo,
      };
    },
  );
};
