import { createHash } from 'node:crypto';
import { attachmentActions, Conflict, can, Forbidden, Invalid, NotFound } from '@hamkor/domain';
import { fileTypeFromBuffer } from 'file-type';
import { afterTransaction, withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import * as repo from './repo.ts';
import { AttachmentStore } from './storage.ts';

/** An attachment as a reply, with what the reader may do to it. */
const replyOf = (ctx: RequestContext, row: Parameters<typeof repo.toAttachment>[0]) => ({
  ...repo.toAttachment(row),
  actions: attachmentActions(ctx.actor, { createdBy: row.created_by }),
});

/** The largest attachment accepted: a phone photo or a scanned document. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What may be attached, by the type sniffed from the bytes, with the extension a download is named with. */
export const ATTACHMENT_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

/** The content is none of the accepted types, whatever its name or declared type says (415). */
export class UnsupportedAttachment extends Error {}

export type AttachmentUpload = { data: Buffer; fileName: string; contactId: string | undefined };

/** The media type of the bytes, if it is one that may be attached. */
export async function sniffAttachment(data: Buffer): Promise<string | null> {
  const type = await fileTypeFromBuffer(data);
  return type && type.mime in ATTACHMENT_TYPES ? type.mime : null;
}

/**
 * A file name safe to store and to offer back: no directories, control or reserved characters, at most
 * 120 characters, ending in the extension of the sniffed type.
 */
export function safeFileName(name: string, mediaType: string): string {
  const ext = ATTACHMENT_TYPES[mediaType] ?? 'bin';
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"*:<>?|;]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 120 - ext.length - 1) || 'attachment';
  const current = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  const same = current === ext || (ext === 'jpg' && current === 'jpeg');
  return same ? `${stem}.${current}` : `${stem}.${ext}`;
}

/**
 * Stores a photo or scan on a case (optionally on one of its contacts). Access is checked before the
 * upload is read; the file is written to a temporary place, moved under the store just before the
 * transaction commits, and removed if it does not: also when that transaction was opened around this
 * one (a request with an Idempotency-Key) and fails after the upload is done. The audit names the type
 * and size, not the file name.
 */
export async function uploadAttachment(ctx: RequestContext, store: AttachmentStore, caseId: string, read: () => Promise<AttachmentUpload>) {
  // Only a quick refusal, so a stranger's upload is never read; what decides is writableCase below, in the
  // transaction that writes the row (the upload is not read inside it: a transaction is not held open
  // while a client sends up to 10 MB).
  await caseFor(ctx, ctx.db, caseId, 'case.update');
  const upload = await read();
  const mediaType = await sniffAttachment(upload.data);
  if (!mediaType) throw new UnsupportedAttachment();
  if (upload.contactId !== undefined && !/^[0-9a-f-]{36}$/i.test(upload.contactId))
    throw new Invalid([{ path: 'contactId', code: 'uuid' }]);
  const sha256 = createHash('sha256').update(upload.data).digest('hex');
  const staged = await store.stage(upload.data);
  try {
    return await withTx(ctx.db, async (trx) => {
      afterTransaction(trx, (committed) => (committed ? undefined : staged.discard()));
      const theCase = await writableCase(ctx, trx, caseId);
      if (upload.contactId && !(await repo.contactOfCase(trx, upload.contactId, caseId)))
        throw new Invalid([{ path: 'contactId', code: 'contact_not_in_case' }]);
      const id = newId();
      const createdAt = new Date();
      const storageKey = AttachmentStore.keyFor(theCase.region_code, createdAt, id);
      const row = await repo.insertAttachment(trx, {
        id,
        case_id: caseId,
        contact_id: upload.contactId ?? null,
        region_code: theCase.region_code,
        file_name: safeFileName(upload.fileName, mediaType),
        media_type: mediaType,
        size_bytes: upload.data.length,
        sha256,
        storage_key: storageKey,
        created_at: createdAt,
        created_by: ctx.actor.id,
        updated_at: createdAt,
        updated_by: ctx.actor.id,
      });
      await audit(
        trx,
        ctx,
        'attachment.create',
        { type: 'attachment', id },
        { caseId, contactId: row.contact_id, mediaType, size: row.size_bytes },
      );
      await staged.place(storageKey);
      return replyOf(ctx, row);
    });
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

export async function listAttachments(ctx: RequestContext, caseId: string) {
  return withTx(ctx.db, async (trx) => {
    await caseFor(ctx, trx, caseId, 'case.read');
    const rows = await repo.listAttachments(trx, caseId);
    await audit(trx, ctx, 'attachment.list', { type: 'case', id: caseId }, { results: rows.length });
    return { items: rows.map((row) => replyOf(ctx, row)) };
  });
}

/** The attachment's file, for whoever may read its case; the read is audited before a byte is sent. */
export async function openAttachment(ctx: RequestContext, store: AttachmentStore, id: string) {
  const row = await withTx(ctx.db, async (trx) => {
    const found = await repo.findAttachment(trx, id);
    if (!found) throw new NotFound();
    await caseFor(ctx, trx, found.case_id, 'case.read');
    await audit(trx, ctx, 'attachment.read', { type: 'attachment', id }, { caseId: found.case_id });
    return found;
  });
  return { row, stream: store.open(row.storage_key) };
}

/** Hides an attachment from the case; its uploader or a supervisor may. Nothing is deleted. */
export async function archiveAttachment(ctx: RequestContext, id: string, version: number) {
  return withTx(ctx.db, async (trx) => {
    const found = await repo.findAttachment(trx, id);
    if (!found) throw new NotFound();
    await writableCase(ctx, trx, found.case_id);
    const row = await repo.lockAttachment(trx, id);
    if (!row) throw new NotFound();
    if (!can(ctx.actor, 'attachment.archive', { type: 'attachment', createdBy: row.created_by }))
      throw new Forbidden('attachment_archive_forbidden');
    if (row.archived_at && row.version === version) return replyOf(ctx, row);
    const archived = await repo.archiveAttachment(trx, id, version, ctx.actor.id);
    if (!archived) throw new Conflict('version_conflict', repo.toAttachment(row));
    await audit(trx, ctx, 'attachment.archive', { type: 'attachment', id }, { caseId: row.case_id });
    return replyOf(ctx, archived);
  });
}
