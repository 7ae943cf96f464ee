import { can, NotFound } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
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
  const before = decodeCursor(query.cursor, { seq: cursorKey.count });
  return withTx(ctx.db, async (trx) => {
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

/**
 * Checks every lane of the audit log (auditors and admins). The check is itself recorded, after it, with what
 * it found, so a verification that found a break cannot go unnoticed.
 */
export async function verifyChain(ctx: RequestContext): Promise<repo.ChainReport> {
  if (!can(ctx.actor, 'audit.read', { type: 'audit' })) throw new NotFound();
  const report = await repo.verifyAuditChain(ctx.db);
  const broken = report.lanes.reduce((n, lane) => n + lane.broken.length, 0);
  await withTx(ctx.db, (trx) => audit(trx, ctx, 'audit.verify', null, { intact: report.intact, broken }));
  return report;
}

/** The report in words for the operator (the CLI): a summary, and a line for each broken link. */
export function describeChainReport(report: repo.ChainReport): string[] {
  const events = report.lanes.reduce((n, lane) => n + lane.events, 0);
  if (report.intact) return [`Audit chain intact: ${events} events checked in ${report.lanes.length} lanes.`];
  const broken = report.lanes.filter((lane) => lane.broken.length > 0);
  const links = broken.flatMap((lane) =>
    lane.broken.map(
      (link) =>
        `Lane ${lane.lane}, event #${link.event}: ${link.reason === 'hash' ? 'its content does not give its hash' : "it does not link to the previous event's hash"}.`,
    ),
  );
  return [
    ...links,
    `Audit chain broken: ${links.length} broken links in ${broken.length} of ${report.lanes.length} lanes (${events} events checked).`,
  ];
}
