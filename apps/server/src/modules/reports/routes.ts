import { REPORT_NAMES, reportOut, reportParams, reportQuery, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { XLSX_TYPE } from './files.ts';
import * as service from './service.ts';

const tags = ['reports'];

/** The kind of reply asked for: the name's extension, then `format`, then the Accept header; JSON otherwise. */
function formatOf(
  extension: 'csv' | 'xlsx' | null,
  format: string | null | undefined,
  accept: string | undefined,
): 'json' | 'csv' | 'xlsx' {
  if (extension) return extension;
  if (format === 'csv' || format === 'xlsx' || format === 'json') return format;
  const wanted = (accept ?? '').toLowerCase();
  if (wanted.includes(XLSX_TYPE)) return 'xlsx';
  if (wanted.includes('text/csv')) return 'csv';
  return 'json';
}

export const reportRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/reports/:name',
    {
      schema: {
        tags,
        summary:
          `A report (${REPORT_NAMES.join(', ')}) by territory, month or service category, for the reader's reach. ` +
          'JSON by default; CSV or XLSX with the extension (caseload.xlsx), format=csv|xlsx or the Accept header, ' +
          'titled in the reader’s language (exports are audited). Counts under five are hidden from aggregate-only readers.',
        params: reportParams,
        querystring: reportQuery,
        produces: ['application/json', 'text/csv', XLSX_TYPE],
        response: { 200: z.union([reportOut, z.any().describe('The CSV or XLSX file')]), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, db);
      const { name, format: extension } = request.params.name;
      const format = formatOf(extension, request.query.format, request.headers.accept);
      if (format === 'json') return service.getReport(ctx, name, request.query);
      const file = await service.exportReport(ctx, name, request.query, format);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.name}"`).send(file.data);
    },
  );
};
