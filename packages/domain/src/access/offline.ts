import { type Actor, hasRole } from './roles.ts';

/**
 * Whether the actor keeps a copy of their caseload on their device for work without signal: the workers
 * who visit families. Supervisors, administrators and other readers work online only; the server gives
 * them an empty offline set and the web app never asks them for a PIN.
 */
export function keepsOfflineCopy(actor: Actor): boolean {
  return hasRole(actor, 'social_worker');
}
