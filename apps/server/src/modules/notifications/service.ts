import { NotFound, type schemas } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import * as repo from './repo.ts';

function toNotification(ctx: RequestContext, row: repo.NotificationRow) {
  const t = translator(ctx.locale);
  return {
    id: row.id,
    kind: row.kind,
    caseId: row.case_id,
    params: row.params as Record<string, string>,
    text: t(`notifications.${row.kind}`, row.params),
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The caller's notifications, newest first, and how many are unread. They hold case numbers, no names. */
export async function listNotifications(ctx: RequestContext, query: schemas.ListQuery) {
  const before = decodeCursor(query.cursor, { id: cursorKey.id });
  const [rows, unread] = await Promise.all([
    repo.listNotifications(ctx.db, ctx.actor.id, { beforeId: before?.id, limit: query.limit }),
    repo.unreadCount(ctx.db, ctx.actor.id),
  ]);
  const { items, nextCursor } = page(rows, query.limit, (row) => ({ id: row.id }));
  return { unread, items: items.map((row) => toNotification(ctx, row)), nextCursor };
}

export async function markNotificationRead(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const row = await repo.markRead(trx, id, ctx.actor.id);
    if (!row) throw new NotFound();
    await audit(trx, ctx, 'notification.read', { type: 'notification', id }, {});
    return toNotification(ctx, row);
  });
}
