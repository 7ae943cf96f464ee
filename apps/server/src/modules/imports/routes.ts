import fastifyMultipart from '@fastify/multipart';
import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';
import { MAX_UPLOAD_BYTES, uploadOf, XLSX_MEDIA_TYPE } from './upload.ts';

const tags = ['imports'];
const required = schemas.REQUIRED_IMPORT_COLUMNS.join(', ');

/**
 * Family registers from spreadsheets. The file comes as multipart form data (field `file`) or as the raw
 * body; either way it is read as bytes and its kind sniffed from the content, not trusted from its name.
 */
export const importRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 } });
  app.removeContentTypeParser('text/csv');
  for (const type of ['text/csv', XLSX_MEDIA_TYPE, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
  }

  app.post(
    '/api/imports/families',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary:
          `Import families from CSV or XLSX, one row per person, up to 50 MB (see docs/import-template.md). Columns: ` +
          `${schemas.IMPORT_COLUMN_NAMES.join(', ')}; required: ${required}. Rows with the same family_ref are one family. ` +
          'dryRun=true reports every problem by row and column and flags duplicates, writing nothing; ' +
          'otherwise any problem means 400 and nothing written, and a clean file is written in one transaction.',
        querystring: schemas.importQuery,
        consumes: ['multipart/form-data', 'text/csv', XLSX_MEDIA_TYPE],
        response: { 200: schemas.importReportOut, ...schemas.commonErrors, 413: schemas.errorReply, 415: schemas.errorReply },
      },
    },
    (request) => service.importFamilies(contextOf(request, db), () => uploadOf(request), request.query.dryRun),
  );
  app.get(
    '/api/imports/families/template',
    {
      schema: {
        tags,
        summary: `The import template, CSV or XLSX: the header row (${schemas.IMPORT_COLUMN_NAMES.join(', ')}); the XLSX adds a sheet of accepted values`,
        querystring: schemas.importTemplateQuery,
        produces: ['text/csv', XLSX_MEDIA_TYPE],
        response: { 200: z.any().describe('The template file, sent as an attachment'), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const file = await service.familyImportTemplate(contextOf(request, db), request.query.format);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.name}"`).send(file.data);
    },
  );
};
