import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { AttachmentsTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type AttachmentRow = Selectable<AttachmentsTable>;
type Listed = AttachmentRow & { created_by_name: string | null };

export function toAttachment(row: AttachmentRow & { created_by_name?: string | null }) {
  return {
    id: row.id,
    caseId: row.case_id,
    contactId: row.contact_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size_bytes,
    sha256: row.sha256,
    archivedAt: row.archived_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    createdByName: row.created_by_name ?? null,
  };
}

export async function insertAttachment(trx: Tx, values: Insertable<AttachmentsTable>): Promise<AttachmentRow> {
  return trx.insertInto('attachments').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findAttachment(db: Db | Tx, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockAttachment(trx: Tx, id: string): Promise<AttachmentRow | undefined> {
  return trx.selectFrom('attachments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A case's attachments that are not archived, the newest first. */
export async function listAttachments(db: Db | Tx, caseId: string): Promise<Listed[]> {
  return db
    .selectFrom('attachments')
    .leftJoin('users', 'users.id', 'attachments.created_by')
    .selectAll('attachments')
    .select('users.display_name as created_by_name')
    .where('attachments.case_id', '=', caseId)
    .where('attachments.archived_at', 'is', null)
    .orderBy('attachments.created_at', 'desc')
    .orderBy('attachments.id', 'desc')
    .limit(500)
    .execute();
}

/** Archives the attachment if it is still at the version its archiver read; undefined otherwise. */
export async function archiveAttachment(trx: Tx, id: string, expectedVersion: number, actorId: string): Promise<AttachmentRow | undefined> {
  return updateVersioned(trx, 'attachments', id, expectedVersion, { archived_at: new Date(), archived_by: actorId, updated_by: actorId });
}

export async function contactOfCase(db: Db | Tx, contactId: string, caseId: string): Promise<boolean> {
  const row = await db.selectFrom('contacts').select('id').where('id', '=', contactId).where('case_id', '=', caseId).executeTakeFirst();
  return !!row;
}
