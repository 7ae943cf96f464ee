import { type Actor, hasRole, ROLES, type Role, type ScopeLevel } from './roles.ts';

/**
 * What an actor may give others. A system admin may give anything; an organisation admin only the roles
 * and scopes of an organisation's own staff, so nobody can make an account more powerful than their own.
 */
const ORGANISATION_ROLES: readonly Role[] = ['org_admin', 'supervisor', 'social_worker', 'agency_focal_point'];
const ORGANISATION_SCOPES: readonly ScopeLevel[] = ['own', 'team', 'organisation'];

/** The field that asks for more than the actor may grant, or null when the grant is allowed. */
export function refusedGrant(actor: Actor, grant: { roles?: readonly Role[]; scope?: ScopeLevel }): 'roles' | 'scope.level' | null {
  if (hasRole(actor, 'system_admin')) return null;
  if (grant.roles?.some((role) => !ORGANISATION_ROLES.includes(role))) return 'roles';
  if (grant.scope && !ORGANISATION_SCOPES.includes(grant.scope)) return 'scope.level';
  return null;
}

/** The roles the actor may hand out, for a form to offer. */
export function grantableRoles(actor: Actor): readonly Role[] {
  return hasRole(actor, 'system_admin') ? ROLES : ORGANISATION_ROLES;
}
