import { can, NotFound } from '@hamkor/domain';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { decodeCursor, page } from '../../lib/pagination.ts';
import * as repo from './repo.ts';

/** The audit trail, newest first. Reading it is itself recorded. */
export async function listAuditEvents(
  ctx: RequestContext,
  query: {
    entityId?: string;
    actorId?: string;
    limit: number;
    cursor?: string;
  },
) {
  if (!can(ctx.actor, 'audit.read', { type: 'audit' })) throw new NotFound();
  const before = decodeCursor<{ seq: number }>(query.cursor, ['seq']);
  return ctx.db.transaction().execute(async (trx) => {
    await audit(trx, ctx, 'audit.read', null, {
      entityId: query.entityId ?? null,
      actorId: query.actorId ?? null,
    });
    const rows = await repo.listAuditEvents(trx, {
      ...query,
      beforeSeq: before?.seq,
      limit: query.limit + 1,
    });
    const result = page(rows, query.limit, (row) => ({ seq: row.seq }));
    return {
      items: result.items.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextCursor: result.nextCursor,
    };
  });
}
