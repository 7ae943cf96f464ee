import type { MultipartFile } from '@fastify/multipart';
import { DomainError, Invalid, schemas } from '@hamkor/domain';
import { errorCodes, type FastifyRequest } from 'fastify';

/**
 * The first file of a multipart form, read whole. A form the parser cannot read (no boundary, cut short,
 * malformed parts, too many parts) is the sender's error: 400 on `file`; a file over the limit is 413, as
 * any body over its limit. The file's name is checked as every text is (no control or direction characters).
 */
export async function readFirstFile(request: FastifyRequest, requiredCode: string): Promise<{ file: MultipartFile; data: Buffer }> {
  try {
    const file = await request.file();
    if (!file) throw new Invalid([{ path: 'file', code: requiredCode }]);
    const nameProblem = schemas.textProblem(file.filename, false);
    if (nameProblem) throw new Invalid([{ path: 'file', code: nameProblem }]);
    return { file, data: await file.toBuffer() };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    throw new Invalid([{ path: 'file', code: 'multipart' }]);
  }
}
