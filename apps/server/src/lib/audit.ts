import type { Tx } from '../db/database.ts';
import { appendAuditEvent } from '../modules/audit/repo.ts';
import type { RequestContext, SystemContext } from './context.ts';

/** Records what the actor of `ctx` did, inside the transaction of the change itself. */
export function audit(
  trx: Tx,
  ctx: RequestContext | SystemContext,
  action: string,
  entity: { type: string; id: string } | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  return appendAuditEvent(trx, {
    actorId: ctx.actor?.id ?? null,
    action,
    entityType: entity?.type ?? null,
    entityId: entity?.id ?? null,
    ip: ctx.ip,
    details,
  });
}
