import { type Actor, hasRole, type Role } from './roles.ts';

/**
 * The one access policy of Hamkor: `can(actor, action, resource)`, pure, shared by server and web.
 * Rules are data: for each action, which roles may perform it and under which condition on the resource.
 * Lists use `readFilter`, which turns the same rules into a description the repositories apply in SQL.
 */

export type Resource =
  | { type: 'territory' }
  | { type: 'mahalla'; districtCode: string }
  | { type: 'organisation'; id?: string }
  | { type: 'user'; organisationId: string; id?: string }
  | { type: 'audit' }
  | { type: 'report' };

export type Action =
  | 'territory.read'
  | 'mahalla.read'
  | 'mahalla.manage'
  | 'organisation.read'
  | 'organisation.create'
  | 'organisation.update'
  | 'user.read'
  | 'user.create'
  | 'user.update'
  | 'audit.read'
  | 'report.read';

type ResourceOf<A extends Action> = A extends `${infer T}.${string}` ? Extract<Resource, { type: T }> : never;

type Rule<A extends Action> = {
  roles: readonly Role[];
  when?: (actor: Actor, resource: ResourceOf<A>) => boolean;
};

const EVERY_ROLE: readonly Role[] = [
  'system_admin',
  'org_admin',
  'supervisor',
  'social_worker',
  'agency_focal_point',
  'manager',
  'analyst',
  'auditor',
];

const ownOrganisation = (actor: Actor, resource: { organisationId: string }) => resource.organisationId === actor.organisationId;

/** The rules. An action with no rule matching the actor is denied. */
const RULES: { [A in Action]: Rule<A>[] } = {
  'territory.read': [{ roles: EVERY_ROLE }],
  'mahalla.read': [{ roles: EVERY_ROLE }],
  'mahalla.manage': [{ roles: ['system_admin'] }],
  'organisation.read': [{ roles: EVERY_ROLE }],
  'organisation.create': [{ roles: ['system_admin'] }],
  'organisation.update': [
    { roles: ['system_admin'] },
    {
      roles: ['org_admin'],
      when: (actor, org) => org.id === actor.organisationId,
    },
  ],
  'user.read': [{ roles: ['system_admin', 'auditor'] }, { roles: ['org_admin', 'supervisor'], when: ownOrganisation }],
  'user.create': [{ roles: ['system_admin'] }, { roles: ['org_admin'], when: ownOrganisation }],
  'user.update': [{ roles: ['system_admin'] }, { roles: ['org_admin'], when: ownOrganisation }],
  'audit.read': [{ roles: ['system_admin', 'auditor'] }],
  'report.read': [{ roles: ['system_admin', 'supervisor', 'manager', 'analyst'] }],
};

export function can<A extends Action>(actor: Actor, action: A, resource: ResourceOf<A>): boolean {
  const rules = RULES[action] as Rule<A>[];
  return rules.some((rule) => hasRole(actor, ...rule.roles) && (!rule.when || rule.when(actor, resource)));
}

/** Which records of a kind an actor may list, for the repositories to turn into a WHERE clause. */
export type ReadFilter = { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'none' };

export function userReadFilter(actor: Actor): ReadFilter {
  if (hasRole(actor, 'system_admin', 'auditor')) return { kind: 'all' };
  if (hasRole(actor, 'org_admin', 'supervisor')) return { kind: 'organisation', organisationId: actor.organisationId };
  return { kind: 'none' };
}

/** Whether the actor may perform an action on at least some resource of its kind (e.g. to show a menu). */
export function mayEver(actor: Actor, action: Action): boolean {
  return RULES[action].some((rule) => hasRole(actor, ...rule.roles));
}
