import { Invalid, NotFound } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { assertStrongPassword, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashToken } from '../../lib/tokens.ts';
import { findUserById } from '../users/repo.ts';
import * as repo from './repo.ts';
import { guardPasswordCheck } from './service.ts';

/**
 * Changes one's own password: the current one is checked under the same throttle as signing in (a session
 * left open is not a way to guess it), the new one must be strong, and every other session of the user ends
 * (returned, so that those opened through an identity provider end there too).
 */
export async function changeOwnPassword(
  ctx: RequestContext,
  sessionToken: string,
  input: { currentPassword: string; newPassword: string },
): Promise<repo.EndedSession[]> {
  const user = await findUserById(ctx.db, ctx.actor.id);
  if (!user) throw new NotFound();
  assertStrongPassword(input.newPassword, [user.username, user.display_name], 'newPassword');
  const right = await guardPasswordCheck(ctx.db, user.username, ctx.ip, () => verifyPassword(user.password_hash, input.currentPassword));
  if (!right) throw new Invalid([{ path: 'currentPassword', code: 'password_wrong' }]);
  const passwordHash = await hashPassword(input.newPassword);
  return withTx(ctx.db, async (trx) => {
    await repo.setPasswordHash(trx, user.id, passwordHash);
    const ended = await repo.deleteOtherSessions(trx, user.id, hashToken(sessionToken));
    await audit(trx, ctx, 'auth.password_change', { type: 'user', id: user.id }, { otherSessionsEnded: ended.length });
    return ended;
  });
}
