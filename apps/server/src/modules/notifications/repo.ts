import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { NotificationsTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

export type NotificationRow = Selectable<NotificationsTable>;

/**
 * What a user is told: a message key (`notifications.<kind>`) and its parameters, never personal data, except
 * the text a worker writes to their own supervisor (`worker_note`).
 */
export const NOTIFICATION_KINDS = [
  'case_assigned',
  'approval_requested',
  'approval_approved',
  'approval_returned',
  'referral_received',
  'referral_accepted',
  'referral_declined',
  'referral_started',
  'referral_completed',
  'referral_cancelled',
  'referral_consent_override',
  'transfer_received',
  'transfer_accepted',
  'transfer_returned',
  'case_shared',
  'emergency_placement',
  // Carries what the worker typed (a change refused after work offline), for their supervisor alone to read.
  'worker_note',
  // A record opened outside its opener's reach with a reason: for its supervisors and auditors to review.
  'emergency_access',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationInput = {
  userId: string;
  regionCode: string;
  kind: NotificationKind;
  caseId: string | null;
  params: Record<string, string>;
  at?: Date;
};

export async function notify(trx: Tx, input: NotificationInput): Promise<string> {
  const id = newId();
  await trx
    .insertInto('notifications')
    .values({
      id,
      user_id: input.userId,
      region_code: input.regionCode,
      kind: input.kind,
      case_id: input.caseId,
      params: JSON.stringify(input.params),
      created_at: input.at ?? new Date(),
    })
    .execute();
  return id;
}

export async function listNotifications(db: Db | Tx, userId: string, query: { beforeId?: string; limit: number }) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(!!query.beforeId, (qb) => qb.where('id', '<', query.beforeId as string))
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

export async function unreadCount(db: Db | Tx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read (the first reading counts); another user's is not found. */
export async function markRead(trx: Tx, id: string, userId: string): Promise<NotificationRow | undefined> {
  await trx
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  return trx.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}
