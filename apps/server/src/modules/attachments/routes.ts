import fastifyMultipart from '@fastify/multipart';
import { ATTACHMENT_ACTIONS, caseParams, Invalid, schemas } from '@hamkor/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { translator } from '../../lib/i18n.ts';
import { readFirstFile } from '../../lib/multipart.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';
import { AttachmentStore } from './storage.ts';

const tags = ['attachments'];

export const attachmentOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  contactId: z.uuid().nullable(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  archivedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  /** What the access policy lets the reader do to it (the web shows its buttons from this). */
  actions: z.array(z.enum(ATTACHMENT_ACTIONS)),
});

const attachmentParams = z.object({ id: z.uuid({ error: 'uuid' }) });
const archiveBody = z.object({ version: schemas.version });

/** The one file of a multipart form (field `file`), and the `contactId` field sent before it. */
async function readUpload(request: FastifyRequest): Promise<service.AttachmentUpload> {
  if (!request.isMultipart()) throw new Invalid([{ path: 'file', code: 'attachment_required' }]);
  const { file, data } = await readFirstFile(request, 'attachment_required');
  const field = file.fields.contactId;
  const contactField = Array.isArray(field) ? field[0] : field;
  const contactId = contactField && 'value' in contactField && typeof contactField.value === 'string' ? contactField.value.trim() : '';
  return { data, fileName: file.filename, contactId: contactId || undefined };
}

/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Photos and scans on cases. The type is sniffed from the bytes (JPEG, PNG, WebP, HEIC, PDF), never
 * taken from the name or the declared type; files live under the attachments directory, behind the
 * case's access policy.
 */
export const attachmentRoutes: FastifyPluginAsyncZod<ModuleOptions & { attachmentsDir: string }> = async (app, { db, attachmentsDir }) => {
  const store = new AttachmentStore(attachmentsDir);
  await app.register(fastifyMultipart, {
    limits: { fileSize: service.MAX_ATTACHMENT_BYTES, files: 1, fields: 5, fieldSize: 200 },
  });

  app.post(
    '/api/cases/:id/attachments',
    {
      bodyLimit: service.MAX_ATTACHMENT_BYTES + 64 * 1024,
      schema: {
        tags,
        summary:
          'Attach a photo or scan to a case: multipart form data with one `file` (JPEG, PNG, WebP, HEIC or PDF, sniffed ' +
          'from the content, up to 10 MB) and optionally a `contactId` field, sent before the file',
        params: caseParams,
        consumes: ['multipart/form-data'],
        response: { 201: attachmentOut, ...schemas.commonErrors, 413: schemas.errorReply, 415: schemas.errorReply },
      },
    },
    async (request, reply) => {
      try {
        const attachment = await service.uploadAttachment(contextOf(request, db), store, request.params.id, () => readUpload(request));
        return reply.status(201).send(attachment);
      } catch (error) {
        if (!(error instanceof service.UnsupportedAttachment)) throw error;
        const t = translator(request.locale);
        return reply.status(415).send({
          error: {
            code: 'unsupported_media_type',
            message: t('errors.unsupported_media_type'),
            fields: [{ path: 'file', code: 'attachment_type', message: t('fields.attachment_type') }],
          },
        });
      }
    },
  );
  app.get(
    '/api/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: "A case's attachments that are not archived, the newest first (the read is audited)",
        params: caseParams,
        response: { 200: z.object({ items: z.array(attachmentOut) }), ...schemas.commonErrors },
      },
    },
    (request) => service.listAttachments(contextOf(request, db), request.params.id),
  );
  app.get(
    '/api/attachments/:id/content',
    {
      schema: {
        tags,
        summary: "An attachment's file, as a download (the read is audited)",
        params: attachmentParams,
        produces: Object.keys(service.ATTACHMENT_TYPES),
        response: { 200: z.any().describe('The file, sent as an attachment'), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      const { row, stream } = await service.openAttachment(contextOf(request, db), store, request.params.id);
      return reply
        .type(row.media_type)
        .header('content-length', String(row.size_bytes))
        .header('content-disposition', contentDisposition(row.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(stream);
    },
  );
  app.post(
    '/api/attachments/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive an attachment: it leaves the case list, nothing is deleted (its uploader or a supervisor)',
        params: attachmentParams,
        body: archiveBody,
        response: { 200: attachmentOut, ...schemas.commonErrors },
      },
    },
    (request) => service.archiveAttachment(contextOf(request, db), request.params.id, request.body.version),
  );
};
