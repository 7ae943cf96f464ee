import type { FastifyRequest } from 'fastify';
import { afterTransaction } from '../../db/transactions.ts';
import type { EndedSession } from '../auth/repo.ts';
import type { SessionEnding } from './service.ts';

/**
 * Per app (its HTTP server, shared by all its plugins): signs sessions out of the identity provider that opened
 * them, when it keeps a session of its own (OneID). Set by the OIDC routes; absent when no provider is configured.
 */
export const providerLogouts = new WeakMap<object, (which: SessionEnding) => Promise<void>>();

/**
 * Signs out at their providers the sessions a change has ended (a new password, a deactivation, an administrator
 * ending them): at once when the change has committed, or — when the request runs in a transaction of its own
 * (an Idempotency-Key) — once that transaction has, and never if it rolls back.
 */
export async function endAtProviders(request: FastifyRequest, ended: readonly EndedSession[]): Promise<void> {
  const logout = providerLogouts.get(request.server.server);
  if (!logout || !ended.some((session) => session.provider_token_sealed)) return;
  if (request.transaction) afterTransaction(request.transaction, (committed) => (committed ? logout({ ended }) : undefined));
  else await logout({ ended });
}
