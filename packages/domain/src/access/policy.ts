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
  | { type: 'report' }
  | { type: 'dashboard'; kind: DashboardKind }
  | { type: 'family'; organisationId: string; districtCode: string }
  | { type: 'import'; districtCode: string }
  | { type: 'service'; organisationId: string }
  | { type: 'instrument' }
  | { type: 'attachment'; createdBy: string | null }
  | ReferralResource
  | CaseResource;

/**
 * A case as the policy sees it: whose organisation and district, who works it, who supervises it, and
 * the supervisor of the assigned worker (a supervisor's team is the workers pointing at them).
 */
export type CaseResource = {
  type: 'case';
  organisationId: string;
  districtCode: string;
  assignedUserId: string | null;
  supervisorId: string | null;
  assigneeSupervisorId?: string | null;
  sharedWith?: readonly string[];
};

/**
 * A referral as the policy sees it: the case it comes from (the sender's side) and the organisation it
 * goes to (the receiver's side). The receiver never reaches the case through it.
 */
export type ReferralResource = {
  type: 'referral';
  fromOrganisationId: string;
  toOrganisationId: string;
  case: CaseResource;
};

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
  | 'report.read'
  | 'dashboard.read'
  | 'family.read'
  | 'family.create'
  | 'family.update'
  | 'family.merge'
  | 'import.run'
  | 'case.read'
  | 'case.create'
  | 'case.update'
  | 'case.assign'
  | 'case.approve'
  | 'case.close'
  | 'service.read'
  | 'service.manage'
  | 'referral.read'
  | 'referral.send'
  | 'referral.cancel'
  | 'referral.respond'
  | 'referral.override_consent'
  | 'instrument.manage'
  | 'attachment.archive';

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

/** Roles that hold and work family cases. */
const CASE_STAFF: readonly Role[] = ['social_worker', 'supervisor', 'org_admin'];

/**
 * Whether a district lies within the actor's reach: a territorial scope reaches its region or district;
 * otherwise the districts the actor's organisation serves.
 */
export function reachesDistrict(actor: Actor, districtCode: string): boolean {
  const { level, territoryCode } = actor.scope;
  if (level === 'national') return true;
  if (level === 'region' || level === 'district') return !!territoryCode && districtCode.startsWith(territoryCode);
  if (level === 'aggregate') return false;
  return actor.territories.includes(districtCode);
}

const familyInReach = (actor: Actor, family: { organisationId: string; districtCode: string }) =>
  family.organisationId === actor.organisationId || reachesDistrict(actor, family.districtCode);

const ownCase = (actor: Actor, c: CaseResource) => c.assignedUserId === actor.id || !!c.sharedWith?.includes(actor.id);
const supervisesCase = (actor: Actor, c: CaseResource) =>
  c.organisationId === actor.organisationId && (c.supervisorId === actor.id || c.assigneeSupervisorId === actor.id);

/**
 * Whether a case lies within the actor's scope: `own` the cases assigned to or shared with them; `team`
 * also those they supervise or whose worker they supervise; `organisation` the organisation's; the
 * territorial scopes their territory; `national` all. Roles without case work never reach one.
 */
function caseInScope(actor: Actor, c: CaseResource): boolean {
  switch (actor.scope.level) {
    case 'own':
      return ownCase(actor, c);
    case 'team':
      return ownCase(actor, c) || supervisesCase(actor, c);
    case 'organisation':
      return ownCase(actor, c) || c.organisationId === actor.organisationId;
    case 'district':
    case 'region':
    case 'national':
      return ownCase(actor, c) || reachesDistrict(actor, c.districtCode);
    case 'aggregate':
      return false;
  }
}

/** Roles of a receiving organisation that work its referral inbox. */
const REFERRAL_RECEIVERS: readonly Role[] = ['agency_focal_point', 'org_admin', 'supervisor', 'social_worker'];

const receivesReferral = (actor: Actor, r: ReferralResource) => r.toOrganisationId === actor.organisationId;
const sendsReferral = (actor: Actor, r: ReferralResource) =>
  hasRole(actor, 'system_admin') || (hasRole(actor, ...CASE_STAFF) && caseInScope(actor, r.case));

/**
 * Which side of a referral the actor reads it from: the sender's (the case's staff, who see all of it) or
 * the receiver's (the receiving organisation, who see only what was shared); null when neither.
 */
export function referralSide(actor: Actor, r: ReferralResource): 'sender' | 'receiver' | null {
  if (sendsReferral(actor, r)) return 'sender';
  if (hasRole(actor, ...REFERRAL_RECEIVERS) && receivesReferral(actor, r)) return 'receiver';
  return null;
}

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
  // A worker's dashboard is their own caseload; a supervisor's, their team; the manager's, figures of their reach.
  'dashboard.read': [
    { roles: ['system_admin', ...CASE_STAFF], when: (_actor, dashboard) => dashboard.kind === 'worker' },
    { roles: ['supervisor', 'org_admin'], when: (_actor, dashboard) => dashboard.kind === 'supervisor' },
    { roles: ['system_admin', 'supervisor', 'manager', 'analyst'], when: (_actor, dashboard) => dashboard.kind === 'manager' },
  ],
  'family.read': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: familyInReach }],
  'family.create': [
    { roles: ['system_admin'] },
    { roles: CASE_STAFF, when: (actor, family) => reachesDistrict(actor, family.districtCode) },
  ],
  'family.update': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: familyInReach }],
  'family.merge': [{ roles: ['system_admin'] }, { roles: ['supervisor', 'org_admin'], when: familyInReach }],
  'import.run': [
    { roles: ['system_admin'] },
    { roles: ['supervisor', 'org_admin'], when: (actor, target) => reachesDistrict(actor, target.districtCode) },
  ],
  'case.read': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: caseInScope }],
  // A case is opened for a family within reach, by the opener's organisation.
  'case.create': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: familyInReach }],
  'case.update': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: caseInScope }],
  'case.close': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: caseInScope }],
  // Assigning and approving are the case supervisor's, or an organisation admin's for their organisation.
  'case.assign': [
    { roles: ['system_admin'] },
    { roles: ['org_admin'], when: ownOrganisation },
    { roles: ['supervisor'], when: supervisesCase },
  ],
  'case.approve': [
    { roles: ['system_admin'] },
    { roles: ['org_admin'], when: ownOrganisation },
    { roles: ['supervisor'], when: supervisesCase },
  ],
  'service.read': [{ roles: EVERY_ROLE }],
  // The directory is kept by admins, and by each organisation's admin for its own services.
  // New versions of assessment instruments are published nationally.
  'instrument.manage': [{ roles: ['system_admin'] }],
  // An attachment is hidden from its case by whoever uploaded it, or by a supervisor or admin (the case's
  // own access is checked first).
  'attachment.archive': [
    { roles: ['system_admin', 'org_admin', 'supervisor'] },
    { roles: CASE_STAFF, when: (actor, attachment) => attachment.createdBy === actor.id },
  ],
  'service.manage': [{ roles: ['system_admin'] }, { roles: ['org_admin'], when: ownOrganisation }],
  'referral.read': [
    { roles: ['system_admin'] },
    { roles: CASE_STAFF, when: (actor, r) => caseInScope(actor, r.case) },
    { roles: REFERRAL_RECEIVERS, when: receivesReferral },
  ],
  'referral.send': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: (actor, r) => caseInScope(actor, r.case) }],
  'referral.cancel': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, when: (actor, r) => caseInScope(actor, r.case) }],
  'referral.respond': [{ roles: REFERRAL_RECEIVERS, when: receivesReferral }],
  // Sharing without the family's consent is a supervisor's call (or an admin's), never a worker's alone.
  'referral.override_consent': [
    { roles: ['system_admin'] },
    { roles: ['org_admin'], when: (actor, r) => r.case.organisationId === actor.organisationId },
    { roles: ['supervisor'], when: (actor, r) => supervisesCase(actor, r.case) },
  ],
};

export function can<A extends Action>(actor: Actor, action: A, resource: ResourceOf<A>): boolean {
  const rules = RULES[action] as Rule<A>[];
  return rules.some((rule) => hasRole(actor, ...rule.roles) && (!rule.when || rule.when(actor, resource)));
}

/** Which records of a kind an actor may list, for the repositories to turn into a WHERE clause. */
export type ReadFilter =
  | { kind: 'all' }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'reach'; organisationId: string; districtCodes: readonly string[]; territoryPrefix: string | null }
  | { kind: 'none' };

/** Families (and their members) the actor may find: the same reach as `family.read`, as a filter. */
export function familyReadFilter(actor: Actor): ReadFilter {
  if (hasRole(actor, 'system_admin') || (hasRole(actor, ...CASE_STAFF) && actor.scope.level === 'national')) return { kind: 'all' };
  if (!hasRole(actor, ...CASE_STAFF)) return { kind: 'none' };
  const territorial = actor.scope.level === 'region' || actor.scope.level === 'district';
  return {
    kind: 'reach',
    organisationId: actor.organisationId,
    districtCodes: territorial ? [] : actor.territories,
    territoryPrefix: territorial ? (actor.scope.territoryCode ?? null) : null,
  };
}

/** Which cases an actor may list: `caseInScope` as a description the repository turns into SQL. */
export type CaseReadFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'own'; userId: string }
  | { kind: 'team'; userId: string; organisationId: string }
  | { kind: 'organisation'; userId: string; organisationId: string }
  | { kind: 'territory'; userId: string; territoryPrefix: string };

export function caseReadFilter(actor: Actor): CaseReadFilter {
  if (hasRole(actor, 'system_admin')) return { kind: 'all' };
  if (!hasRole(actor, ...CASE_STAFF)) return { kind: 'none' };
  const { level, territoryCode } = actor.scope;
  const userId = actor.id;
  switch (level) {
    case 'own':
      return { kind: 'own', userId };
    case 'team':
      return { kind: 'team', userId, organisationId: actor.organisationId };
    case 'organisation':
      return { kind: 'organisation', userId, organisationId: actor.organisationId };
    case 'district':
    case 'region':
      return territoryCode ? { kind: 'territory', userId, territoryPrefix: territoryCode } : { kind: 'own', userId };
    case 'national':
      return { kind: 'all' };
    case 'aggregate':
      return { kind: 'none' };
  }
}

export function userReadFilter(actor: Actor): ReadFilter {
  if (hasRole(actor, 'system_admin', 'auditor')) return { kind: 'all' };
  if (hasRole(actor, 'org_admin', 'supervisor')) return { kind: 'organisation', organisationId: actor.organisationId };
  return { kind: 'none' };
}

/** Whether the actor may perform an action on at least some resource of its kind (e.g. to show a menu). */
/**
 * Who works and who supervises a case its opener opens: a social worker works it, under their own supervisor;
 * a supervisor supervises it until they assign it; anyone else (an administrator) leaves both to be assigned.
 */
export function openingTeam(
  actor: Actor,
  openersSupervisorId: string | null,
): { assignedUserId: string | null; supervisorId: string | null } {
  if (hasRole(actor, 'social_worker')) return { assignedUserId: actor.id, supervisorId: openersSupervisorId };
  if (hasRole(actor, 'supervisor')) return { assignedUserId: null, supervisorId: actor.id };
  return { assignedUserId: null, supervisorId: null };
}

/** The team a supervisor's dashboard shows: a supervisor's own workers, for anyone else their organisation's. */
export function dashboardTeam(actor: Actor): { supervisorId: string } | { organisationId: string } {
  return hasRole(actor, 'supervisor') ? { supervisorId: actor.id } : { organisationId: actor.organisationId };
}

export function mayEver(actor: Actor, action: Action): boolean {
  return RULES[action].some((rule) => hasRole(actor, ...rule.roles));
}

export const DASHBOARD_KINDS = ['worker', 'supervisor', 'manager'] as const;
export type DashboardKind = (typeof DASHBOARD_KINDS)[number];

/**
 * Which cases the figures of reports and the manager's dashboard may count. `territory`: every case of a
 * territory (null: the whole country); `aggregateOnly` readers see figures only, with small counts hidden.
 * `cases`: staff without a territorial scope count the cases they may read (`caseReadFilter`).
 */
export type ReportScope =
  | { kind: 'none' }
  | { kind: 'territory'; territoryCode: string | null; aggregateOnly: boolean }
  | { kind: 'cases'; filter: CaseReadFilter };

export function reportScope(actor: Actor): ReportScope {
  if (!can(actor, 'report.read', { type: 'report' })) return { kind: 'none' };
  if (hasRole(actor, 'system_admin')) return { kind: 'territory', territoryCode: null, aggregateOnly: false };
  const { level, territoryCode } = actor.scope;
  const aggregateOnly = !hasRole(actor, ...CASE_STAFF);
  if (level === 'national' || level === 'aggregate') return { kind: 'territory', territoryCode: territoryCode ?? null, aggregateOnly };
  if (level === 'region' || level === 'district')
    return territoryCode ? { kind: 'territory', territoryCode, aggregateOnly } : { kind: 'none' };
  if (aggregateOnly) return { kind: 'none' };
  return { kind: 'cases', filter: caseReadFilter(actor) };
}

/** Whether a territory (a region or district code) lies within a report scope; null asks for the whole reach. */
export function reportScopeReaches(scope: ReportScope, territoryCode: string | null): boolean {
  if (scope.kind === 'none') return false;
  if (scope.kind === 'cases' || scope.territoryCode === null) return true;
  return !!territoryCode?.startsWith(scope.territoryCode);
}
