import type {} from '@fastify/multipart';
import { Invalid } from '@hamkor/domain';
import type { FastifyRequest } from 'fastify';
import { readFirstFile } from '../../lib/multipart.ts';
import type { Upload } from './read-file.ts';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest file accepted, whether sent as multipart form data or as the raw request body. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What the sender says the file is. An old .xls counts as a claim to be a workbook, and fails as one. */
function declaredKind(fileName: string, mediaType: string | undefined): Upload['declared'] {
  const name = fileName.toLowerCase();
  if (name.endsWith('.xlsx') || name.endsWith('.xls') || mediaType?.startsWith(XLSX_MEDIA_TYPE)) return 'xlsx';
  if (name.endsWith('.csv') || mediaType?.startsWith('text/csv')) return 'csv';
  return null;
}

/** The uploaded file: the first file part of a multipart form, or the raw body. */
export async function uploadOf(request: FastifyRequest): Promise<Upload> {
  if (request.isMultipart()) {
    const { file, data } = await readFirstFile(request, 'file_required');
    return { data, declared: declaredKind(file.filename, file.mimetype) };
  }
  if (!Buffer.isBuffer(request.body)) throw new Invalid([{ path: 'file', code: 'file_required' }]);
  return { data: request.body, declared: declaredKind('', request.headers['content-type']) };
}
