/** Roles a user can hold. A user may hold several; scope says how far their view of case data reaches. */
export const ROLES = [
  'system_admin',
  'org_admin',
  'supervisor',
  'social_worker',
  'agency_focal_point',
  'manager',
  'analyst',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * How far a user's view of case data reaches. `own`: cases assigned to or shared with them; `team`: the
 * cases of the workers they supervise; `organisation`: their organisation's; `district`/`region`: a
 * territory (by SOATO code); `national`: everything; `aggregate`: figures only, never a name.
 */
export const SCOPE_LEVELS = ['own', 'team', 'organisation', 'district', 'region', 'national', 'aggregate'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

export type Scope = { level: ScopeLevel; territoryCode?: string | null };

export type Actor = {
  id: string;
  organisationId: string;
  roles: readonly Role[];
  scope: Scope;
  /** District codes the actor's organisation serves. */
  territories: readonly string[];
  /** Families the actor opened with a reason (break-the-glass) and may still read; loaded with the session. */
  emergencyFamilyIds?: readonly string[];
};

/** Roles that only ever see aggregate figures. */
export const AGGREGATE_ONLY_ROLES: readonly Role[] = ['analyst', 'manager'];

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

/** The scope a role is given when none is chosen explicitly. */
export function defaultScopeFor(roles: readonly Role[]): ScopeLevel {
  if (roles.includes('system_admin')) return 'national';
  if (roles.every((role) => AGGREGATE_ONLY_ROLES.includes(role))) return 'aggregate';
  if (roles.includes('supervisor')) return 'team';
  if (roles.includes('org_admin')) return 'organisation';
  return 'own';
}
