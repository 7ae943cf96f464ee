import { can, NotFound } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { hashToken } from '../../lib/tokens.ts';
import { deleteSessionsOfUser, type EndedSession } from '../auth/repo.ts';
import { SESSION_IDLE_MS } from '../auth/service.ts';
import { findUserById } from '../users/repo.ts';
import * as repo from './repo.ts';

/** My sessions, the one this request is made in marked `current`; the token's hash never leaves the server. */
export async function listMySessions(ctx: RequestContext, sessionToken: string) {
  const now = new Date();
  const current = hashToken(sessionToken);
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listLiveSessions(trx, ctx.actor.id, now, new Date(now.getTime() - SESSION_IDLE_MS));
    // The addresses and devices are the user's own personal data: reading them is audited like any other.
    await audit(trx, ctx, 'session.list', { type: 'user', id: ctx.actor.id }, { count: rows.length });
    return {
      items: rows.map((row) => ({
        id: row.id,
        device: row.device,
        ip: row.ip,
        createdAt: row.created_at.toISOString(),
        lastSeenAt: row.last_seen_at.toISOString(),
        current: row.token_hash === current,
        provider: row.provider,
      })),
    };
  });
}

/** Ends one of my sessions (a phone left behind); another user's session id is a 404. Whether it was this one. */
export async function revokeMySession(ctx: RequestContext, sessionToken: string, id: string): Promise<{ wasCurrent: boolean }> {
  return withTx(ctx.db, async (trx) => {
    const ended = await repo.deleteSessionOf(trx, ctx.actor.id, id);
    if (!ended) throw new NotFound();
    const wasCurrent = ended.tokenHash === hashToken(sessionToken);
    await audit(trx, ctx, 'session.revoke', { type: 'user', id: ctx.actor.id }, { session: id, current: wasCurrent });
    return { wasCurrent };
  });
}

/** An administrator ends every session of a user they manage (an organisation's admin: their organisation's). */
export async function endSessionsOfUser(ctx: RequestContext, userId: string): Promise<EndedSession[]> {
  return withTx(ctx.db, async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user || !can(ctx.actor, 'user.update', { type: 'user', organisationId: user.organisation_id, id: userId }))
      throw new NotFound(user && { type: 'user', id: user.id });
    const ended = await deleteSessionsOfUser(trx, userId);
    await audit(trx, ctx, 'user.sessions_end', { type: 'user', id: userId }, { count: ended.length });
    return ended;
  });
}
