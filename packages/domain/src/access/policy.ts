import { EVERYTHING, inReach, NOTHING, type Reach, type Reachable, territoryContains, unionOf } from './reach.ts';
import { type Actor, hasRole, type Role } from './roles.ts';

/**
 * The one access policy of Hamkor: `can(actor, action, resource)`, pure, shared by server and web.
 * Rules are data: for each action, which roles may perform it and under which condition on the resource.
 * Lists use `reachOf`, which gives the same rules' reach (see reach.ts) for the repositories to apply in SQL.
 */

export type Resource =
  | { type: 'territory' }
  | { type: 'mahalla'; districtCode: string }
  | { type: 'organisation'; id?: string }
  | { type: 'user'; organisationId: string; id?: string }
  | { type: 'audit' }
  | { type: 'report' }
  | { type: 'dashboard'; kind: DashboardKind }
  | { type: 'family'; organisationId: string; districtCode: string; familyId?: string }
  | { type: 'import'; districtCode: string }
  | { type: 'service'; organisationId: string }
  | { type: 'instrument' }
  | { type: 'attachment'; createdBy: string | null }
  | { type: 'note' }
  /** The log of reminders sent by Telegram and SMS. */
  | { type: 'reminder' }
  /** A staff record: of an organisation, with the account it belongs to (none for a trainee). */
  | { type: 'staff'; organisationId: string; userId: string | null }
  | { type: 'training'; organisationId: string }
  /** A supervision session: its organisation, and the supervisor and workers who were in it. */
  | { type: 'supervision'; organisationId: string; participantIds: readonly string[] }
  /** The retention schedule, what is due and erasure proposals (docs/audit.md). */
  | { type: 'retention'; proposedBy?: string | null }
  /** A legal hold on a case: set and lifted by whoever decides on the case. */
  | { type: 'legal_hold'; case: CaseResource }
  /** A record opened with a reason (break-the-glass): who opened it and who is to review it. */
  | { type: 'emergency'; openedBy?: string; reviewers?: readonly string[] }
  | ReferralResource
  | TransferResource
  | TracingResource
  | CareResource
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
  /** The case's family, for emergency access to it. */
  familyId?: string;
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

/**
 * A child's care arrangements as the policy sees them: the child's family's organisation and district, and
 * the organisation the child is placed with now (a residential care organisation sees only those children).
 */
export type CareResource = { type: 'care'; organisationId: string; districtCode: string; placedWith: string | null };

/** A transfer as the policy sees it: the case it moves (the sender's side) and the organisation it goes to. */
export type TransferResource = { type: 'transfer'; toOrganisationId: string; case: CaseResource };

/** A tracing request as the policy sees it: the organisation that holds it, and that organisation's kind. */
export type TracingResource = { type: 'tracing'; organisationId: string; organisationKind: string };

/** Organisations whose case staff trace families (docs/tracing.md): the transit centre and the district Inson centres. */
export const TRACING_ORGANISATION_KINDS: readonly string[] = ['transit_centre', 'inson_centre'];

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
  | 'case.record_contact'
  | 'case.assign'
  | 'case.approve'
  | 'case.close'
  | 'case.transfer'
  | 'case.share'
  | 'care.read'
  | 'care.record'
  | 'transfer.read'
  | 'transfer.respond'
  | 'staff.read'
  | 'staff.create'
  | 'staff.update'
  | 'training.read'
  | 'training.manage'
  | 'supervision.read'
  | 'supervision.record'
  | 'service.read'
  | 'service.manage'
  | 'referral.read'
  | 'referral.send'
  | 'referral.cancel'
  | 'referral.respond'
  | 'referral.override_consent'
  | 'instrument.manage'
  | 'attachment.archive'
  | 'note.send'
  | 'tracing.read'
  | 'tracing.create'
  | 'tracing.update'
  | 'reminder.monitor'
  | 'emergency.open'
  | 'emergency.read_all'
  | 'emergency.review'
  | 'retention.manage'
  | 'retention.approve'
  | 'legal_hold.set';

type ResourceOf<A extends Action> = A extends `${infer T}.${string}` ? Extract<Resource, { type: T }> : never;

/**
 * One rule: the roles it is for and, for records, how far it reaches (`reach`, read through `subject` when the
 * record is reached through another, as a referral through its case). The same reach makes the per-record
 * check here and the SQL filter of lists on the server. `when` is for conditions no list ever filters by.
 */
type Rule<A extends Action> = {
  roles: readonly Role[];
  reach?: (actor: Actor) => Reach;
  subject?: (resource: ResourceOf<A>) => Reachable;
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

/** Roles that hold and work family cases. */
const CASE_STAFF: readonly Role[] = ['social_worker', 'supervisor', 'org_admin'];

/** Roles of a receiving organisation that work its referral inbox. */
const REFERRAL_RECEIVERS: readonly Role[] = ['agency_focal_point', 'org_admin', 'supervisor', 'social_worker'];

/**
 * Roles that may open a record outside their reach with a reason (break-the-glass): those who visit and
 * supervise families. Administrators, agencies and aggregate readers never do (docs/access.md).
 */
export const EMERGENCY_ROLES: readonly Role[] = ['social_worker', 'supervisor'];

/** The families the actor opened with a reason and still holds: read only, never offline (docs/access.md). */
const emergencyReach = (actor: Actor): Reach =>
  actor.emergencyFamilyIds?.length ? [{ kind: 'emergency', familyIds: actor.emergencyFamilyIds }] : NOTHING;

const ownOrganisation = (actor: Actor): Reach => [{ kind: 'organisation', organisationId: actor.organisationId }];
const assignedTo = (actor: Actor): Reach => [{ kind: 'assigned', userId: actor.id }];
const team = (actor: Actor): Reach => [{ kind: 'supervised', userId: actor.id, organisationId: actor.organisationId }];

/**
 * The districts within the actor's reach: a territorial scope reaches its region or district (the whole
 * country when national); aggregate readers none; anyone else the districts their organisation serves.
 */
export function districtReach(actor: Actor): Reach {
  const { level, territoryCode } = actor.scope;
  if (level === 'national') return EVERYTHING;
  if (level === 'region' || level === 'district') return territoryCode ? [{ kind: 'territory', code: territoryCode }] : NOTHING;
  if (level === 'aggregate') return NOTHING;
  return actor.territories.length ? [{ kind: 'districts', codes: actor.territories }] : NOTHING;
}

/** Whether a district lies within the actor's reach (where they may register a family or run an import). */
export function reachesDistrict(actor: Actor, districtCode: string): boolean {
  return inReach(districtReach(actor), { districtCode });
}

/** Children placed now with the actor's organisation (a residential care organisation, transit centre, guardianship authority). */
const placedWithOwnOrganisation = (actor: Actor): Reach => [{ kind: 'placed', organisationId: actor.organisationId }];

/** Families within reach: the actor's organisation's, and those living in the districts they reach. */
const familyReach = (actor: Actor): Reach => unionOf(ownOrganisation(actor), districtReach(actor));

/**
 * The cases within the actor's scope: `own` the cases assigned to or shared with them; `team` also those
 * they supervise or whose worker they supervise; `organisation` the organisation's; the territorial scopes
 * their territory; `national` all. Aggregate readers reach none.
 */
export function caseReach(actor: Actor): Reach {
  switch (actor.scope.level) {
    case 'own':
      return assignedTo(actor);
    case 'team':
      return unionOf(assignedTo(actor), team(actor));
    case 'organisation':
      return unionOf(assignedTo(actor), ownOrganisation(actor));
    case 'district':
    case 'region':
    case 'national':
      return unionOf(assignedTo(actor), districtReach(actor));
    case 'aggregate':
      return NOTHING;
  }
}

const referralCase = (r: ReferralResource): Reachable => r.case;
const referralReceiver = (r: ReferralResource): Reachable => ({ organisationId: r.toOrganisationId });
const organisationItself = (org: { id?: string }): Reachable => ({ organisationId: org.id });
/** The case as its own staff reach it: a co-worker it is only shared with reads it and records contacts, no more. */
const notThroughShares = (theCase: CaseResource): Reachable => ({ ...theCase, sharedWith: [] });
/** Sending and cancelling referrals is the case's own staff's, as the rest of its casework. */
const referralCaseNotShared = (r: ReferralResource): Reachable => ({ ...r.case, sharedWith: [] });
const transferCase = (t: TransferResource): Reachable => t.case;
const transferReceiver = (t: TransferResource): Reachable => ({ organisationId: t.toOrganisationId });
const holdCase = (hold: { case: CaseResource }): Reachable => hold.case;
const tracingOrganisation = (_actor: Actor, r: TracingResource): boolean => TRACING_ORGANISATION_KINDS.includes(r.organisationKind);

/** The rules. An action with no rule matching the actor is denied. */
const RULES: { [A in Action]: Rule<A>[] } = {
  'territory.read': [{ roles: EVERY_ROLE }],
  'mahalla.read': [{ roles: EVERY_ROLE }],
  'mahalla.manage': [{ roles: ['system_admin'] }],
  'organisation.read': [{ roles: EVERY_ROLE }],
  'organisation.create': [{ roles: ['system_admin'] }],
  'organisation.update': [{ roles: ['system_admin'] }, { roles: ['org_admin'], reach: ownOrganisation, subject: organisationItself }],
  'user.read': [{ roles: ['system_admin', 'auditor'] }, { roles: ['org_admin', 'supervisor'], reach: ownOrganisation }],
  'user.create': [{ roles: ['system_admin'] }, { roles: ['org_admin'], reach: ownOrganisation }],
  'user.update': [{ roles: ['system_admin'] }, { roles: ['org_admin'], reach: ownOrganisation }],
  'audit.read': [{ roles: ['system_admin', 'auditor'] }],
  'report.read': [{ roles: ['system_admin', 'supervisor', 'manager', 'analyst'] }],
  // A worker's dashboard is their own caseload; a supervisor's, their team; the manager's, figures of their reach.
  'dashboard.read': [
    { roles: ['system_admin', ...CASE_STAFF], when: (_actor, dashboard) => dashboard.kind === 'worker' },
    { roles: ['supervisor', 'org_admin'], when: (_actor, dashboard) => dashboard.kind === 'supervisor' },
    { roles: ['system_admin', 'supervisor', 'manager', 'analyst'], when: (_actor, dashboard) => dashboard.kind === 'manager' },
  ],
  'family.read': [
    { roles: ['system_admin'] },
    { roles: CASE_STAFF, reach: familyReach },
    { roles: EMERGENCY_ROLES, reach: emergencyReach },
  ],
  'family.create': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: districtReach }],
  'family.update': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: familyReach }],
  'family.merge': [{ roles: ['system_admin'] }, { roles: ['supervisor', 'org_admin'], reach: familyReach }],
  'import.run': [{ roles: ['system_admin'] }, { roles: ['supervisor', 'org_admin'], reach: districtReach }],
  'case.read': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach }, { roles: EMERGENCY_ROLES, reach: emergencyReach }],
  // A case is opened for a family within reach, by the opener's organisation.
  'case.create': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: familyReach }],
  // A co-worker the case is shared with reads it and records contacts; the rest of the casework is its own staff's.
  'case.update': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach, subject: notThroughShares }],
  'case.record_contact': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach }],
  'case.close': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach, subject: notThroughShares }],
  // Sending a case elsewhere and sharing it are for its worker, supervisor or organisation admin, never a co-worker.
  'case.transfer': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach, subject: notThroughShares }],
  'case.share': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach, subject: notThroughShares }],
  // A child's care history is read by the family's workers and by the organisation the child is placed with;
  // arrangements are recorded by the family's workers (docs/care.md).
  'care.read': [
    { roles: ['system_admin'] },
    { roles: CASE_STAFF, reach: (actor) => unionOf(familyReach(actor), placedWithOwnOrganisation(actor)) },
  ],
  'care.record': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: familyReach }],
  // The sender's side reads a transfer through its case; the receiving organisation's supervisors decide on it.
  'transfer.read': [
    { roles: ['system_admin'] },
    { roles: CASE_STAFF, reach: caseReach, subject: transferCase },
    { roles: ['supervisor', 'org_admin'], reach: ownOrganisation, subject: transferReceiver },
  ],
  'transfer.respond': [
    { roles: ['system_admin'] },
    { roles: ['supervisor', 'org_admin'], reach: ownOrganisation, subject: transferReceiver },
  ],
  // Assigning and approving are the case supervisor's, or an organisation admin's for their organisation.
  'case.assign': [{ roles: ['system_admin'] }, { roles: ['org_admin'], reach: ownOrganisation }, { roles: ['supervisor'], reach: team }],
  'case.approve': [{ roles: ['system_admin'] }, { roles: ['org_admin'], reach: ownOrganisation }, { roles: ['supervisor'], reach: team }],
  'service.read': [{ roles: EVERY_ROLE }],
  // The directory is kept by admins, and by each organisation's admin for its own services.
  'service.manage': [{ roles: ['system_admin'] }, { roles: ['org_admin'], reach: ownOrganisation }],
  // New versions of assessment instruments are published nationally.
  'instrument.manage': [{ roles: ['system_admin'] }],
  // An attachment is hidden from its case by whoever uploaded it, or by a supervisor or admin (the case's
  // own access is checked first).
  'attachment.archive': [
    { roles: ['system_admin', 'org_admin', 'supervisor'] },
    { roles: CASE_STAFF, when: (actor, attachment) => attachment.createdBy === actor.id },
  ],
  // Case staff tell their own supervisor what they typed when the server refused it (kept offline meanwhile).
  'note.send': [{ roles: CASE_STAFF }],
  // Deliveries and their failures hold no text, number or name: the system administrator watches the gateways.
  'reminder.monitor': [{ roles: ['system_admin'] }],
  // Break-the-glass (docs/access.md): who may open a record with a reason, who sees every opening, and who
  // reviews one — an auditor, or a supervisor of the record told of it; never the one who opened it.
  'emergency.open': [{ roles: EMERGENCY_ROLES }],
  'emergency.read_all': [{ roles: ['auditor', 'system_admin'] }],
  'emergency.review': [
    { roles: ['auditor'], when: (actor, access) => access.openedBy !== actor.id },
    {
      roles: ['supervisor'],
      when: (actor, access) => access.openedBy !== actor.id && (access.reviewers ?? []).includes(actor.id),
    },
  ],
  // Retention: the schedule and erasure proposals are the system administrators'; an erasure is carried out when
  // a second one approves it, never the one who proposed it. A legal hold is set and lifted by whoever decides
  // on the case (its supervisor, its organisation's admin) or a system administrator.
  'retention.manage': [{ roles: ['system_admin'] }],
  'retention.approve': [{ roles: ['system_admin'], when: (actor, proposal) => !!proposal.proposedBy && proposal.proposedBy !== actor.id }],
  'legal_hold.set': [
    { roles: ['system_admin'] },
    { roles: ['org_admin'], reach: ownOrganisation, subject: holdCase },
    { roles: ['supervisor'], reach: team, subject: holdCase },
  ],
  // The workforce: an organisation's staff records are its admin's and supervisors'; everyone reads (and keeps
  // up) their own profile. Trainings are kept by the organisation that recorded them.
  'staff.read': [
    { roles: ['system_admin'] },
    { roles: ['org_admin', 'supervisor'], reach: ownOrganisation },
    { roles: EVERY_ROLE, when: (actor, staff) => staff.userId === actor.id },
  ],
  'staff.create': [{ roles: ['system_admin'] }, { roles: ['org_admin', 'supervisor'], reach: ownOrganisation }],
  'staff.update': [
    { roles: ['system_admin'] },
    { roles: ['org_admin'], reach: ownOrganisation },
    { roles: EVERY_ROLE, when: (actor, staff) => staff.userId === actor.id },
  ],
  'training.read': [{ roles: ['system_admin'] }, { roles: ['org_admin', 'supervisor'], reach: ownOrganisation }],
  'training.manage': [{ roles: ['system_admin'] }, { roles: ['org_admin', 'supervisor'], reach: ownOrganisation }],
  // A supervision session's notes are confidential to the people in it and the head of their organisation:
  // not even a system administrator reads them (its figures count without reading it).
  'supervision.read': [
    { roles: ['org_admin'], reach: ownOrganisation },
    { roles: EVERY_ROLE, when: (actor, session) => session.participantIds.includes(actor.id) },
  ],
  'supervision.record': [{ roles: ['supervisor', 'org_admin'], reach: ownOrganisation }],
  // Tracing officers: the case staff of a transit centre or an Inson centre, on their organisation's requests.
  // Their match lists reach the whole register, showing only what verifying a match needs.
  'tracing.read': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: ownOrganisation, when: tracingOrganisation }],
  'tracing.create': [{ roles: CASE_STAFF, reach: ownOrganisation, when: tracingOrganisation }],
  'tracing.update': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: ownOrganisation, when: tracingOrganisation }],
  // The sender's side is the case's staff (the outbox); the receiver's, the receiving organisation (the inbox).
  'referral.read': [
    { roles: ['system_admin'] },
    { roles: CASE_STAFF, reach: caseReach, subject: referralCase },
    { roles: REFERRAL_RECEIVERS, reach: ownOrganisation, subject: referralReceiver },
  ],
  'referral.send': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach, subject: referralCaseNotShared }],
  'referral.cancel': [{ roles: ['system_admin'] }, { roles: CASE_STAFF, reach: caseReach, subject: referralCaseNotShared }],
  'referral.respond': [{ roles: REFERRAL_RECEIVERS, reach: ownOrganisation, subject: referralReceiver }],
  // Sharing without the family's consent is a supervisor's call (or an admin's), never a worker's alone.
  'referral.override_consent': [
    { roles: ['system_admin'] },
    { roles: ['org_admin'], reach: ownOrganisation, subject: referralCase },
    { roles: ['supervisor'], reach: team, subject: referralCase },
  ],
};

function ruleAdmits<A extends Action>(rule: Rule<A>, actor: Actor, resource: ResourceOf<A>): boolean {
  if (!hasRole(actor, ...rule.roles)) return false;
  if (rule.when && !rule.when(actor, resource)) return false;
  return !rule.reach || inReach(rule.reach(actor), rule.subject ? rule.subject(resource) : (resource as Reachable));
}

export function can<A extends Action>(actor: Actor, action: A, resource: ResourceOf<A>): boolean {
  return (RULES[action] as Rule<A>[]).some((rule) => ruleAdmits(rule, actor, resource));
}

/**
 * Every record of an action's kind the actor may act on, as one reach for the server to turn into SQL: the
 * union of the reaches of the rules for the actor's roles. Only for actions whose rules are all reaches.
 */
export function reachOf(actor: Actor, action: Action): Reach {
  const rules = (RULES[action] as Rule<Action>[]).filter((rule) => hasRole(actor, ...rule.roles));
  if (rules.some((rule) => rule.when)) throw new Error(`${action} has a condition that is not a reach`);
  return unionOf(...rules.map((rule) => (rule.reach ? rule.reach(actor) : EVERYTHING)));
}

/** Families (and their members) the actor may find. */
export const familyReadFilter = (actor: Actor): Reach => reachOf(actor, 'family.read');
/** Cases the actor may list; tasks, approvals, the referral outbox and case figures follow their case. */
export const caseReadFilter = (actor: Actor): Reach => reachOf(actor, 'case.read');
/** Children whose care arrangements the actor may list. */
export const careReadFilter = (actor: Actor): Reach => reachOf(actor, 'care.read');
/** Accounts the actor may list. */
export const userReadFilter = (actor: Actor): Reach => reachOf(actor, 'user.read');
/** Referrals in the actor's inbox: those sent to their organisation, if they work it. */
export const referralInboxFilter = (actor: Actor): Reach => reachOf(actor, 'referral.respond');
/** Services the actor keeps (inactive ones are listed only for them). */
export const serviceManageFilter = (actor: Actor): Reach => reachOf(actor, 'service.manage');

/**
 * Which side of a referral the actor reads it from: the sender's (the case's staff, who see all of it) or
 * the receiver's (the receiving organisation, who see only what was shared); null when neither.
 */
export function referralSide(actor: Actor, r: ReferralResource): 'sender' | 'receiver' | null {
  if (can(actor, 'referral.send', r)) return 'sender';
  if (can(actor, 'referral.respond', r)) return 'receiver';
  return null;
}

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

/** The team a supervisor's dashboard shows: a supervisor's own workers, for anyone else their organisation's case workers. */
export function dashboardTeam(actor: Actor): { supervisorId: string } | { organisationId: string; roles: readonly Role[] } {
  return hasRole(actor, 'supervisor') ? { supervisorId: actor.id } : { organisationId: actor.organisationId, roles: CASE_WORKERS };
}

/** Who a case is given to: its social workers. */
const CASE_WORKERS: readonly Role[] = ['social_worker'];
const holds = (user: { roles: readonly string[] }, roles: readonly Role[]) => user.roles.some((role) => roles.includes(role as Role));

/** Whether a user (of the case's organisation, active) may be assigned a case: a social worker. */
export const takesCases = (user: { roles: readonly string[] }): boolean => holds(user, CASE_WORKERS);
/** Whether a user may hold a case's tasks: anyone who works cases. */
export const worksCases = (user: { roles: readonly string[] }): boolean => holds(user, CASE_STAFF);
/** Whether a user may be chosen as a worker's supervisor. */
export const supervisesWorkers = (user: { roles: readonly string[] }): boolean => holds(user, ['supervisor']);
/** Who in a receiving organisation is told of a referral when it names no focal point. */
export const REFERRAL_INBOX_KEEPERS: readonly Role[] = ['agency_focal_point', 'org_admin'];

/** Whether the actor may perform an action on at least some resource of its kind (e.g. to show a menu). */
export function mayEver(actor: Actor, action: Action): boolean {
  return RULES[action].some((rule) => hasRole(actor, ...rule.roles));
}

export const DASHBOARD_KINDS = ['worker', 'supervisor', 'manager'] as const;
export type DashboardKind = (typeof DASHBOARD_KINDS)[number];

/**
 * The dashboard a user's work calls for: a supervisor's team first, then a worker's own caseload, then the
 * figures of a territory (administrators, managers, analysts). An administrator has no caseload of their own.
 */
export function dashboardFor(actor: Actor): DashboardKind | null {
  const may = (kind: DashboardKind) => can(actor, 'dashboard.read', { type: 'dashboard', kind });
  if (may('supervisor')) return 'supervisor';
  if (may('worker') && !hasRole(actor, 'system_admin')) return 'worker';
  if (may('manager')) return 'manager';
  return null;
}

/**
 * Which cases the figures of reports and the manager's dashboard may count. `territory`: every case of a
 * territory (null: the whole country); `aggregateOnly` readers see figures only, with small counts hidden.
 * `cases`: staff without a territorial scope count the cases they may read (`caseReadFilter`).
 */
export type ReportScope =
  | { kind: 'none' }
  | { kind: 'territory'; territoryCode: string | null; aggregateOnly: boolean }
  | { kind: 'cases'; filter: Reach };

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
  return !!territoryCode && territoryContains(scope.territoryCode, territoryCode);
}

/** What can be done to a case, as its reply lists it for the web to show the matching buttons. */
export const CASE_ACTIONS = ['edit', 'transition', 'record_contact', 'close', 'assign', 'approve', 'transfer', 'share'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
const CASE_ACTION_RULE: Record<CaseAction, Extract<Action, `case.${string}`>> = {
  edit: 'case.update',
  transition: 'case.update',
  record_contact: 'case.record_contact',
  close: 'case.close',
  assign: 'case.assign',
  approve: 'case.approve',
  transfer: 'case.transfer',
  share: 'case.share',
};

export function caseActions(actor: Actor, theCase: CaseResource): CaseAction[] {
  return CASE_ACTIONS.filter((action) => can(actor, CASE_ACTION_RULE[action], theCase));
}

/** What can be done to an attachment of a case the actor reads. */
export const ATTACHMENT_ACTIONS = ['archive'] as const;
export type AttachmentAction = (typeof ATTACHMENT_ACTIONS)[number];

export function attachmentActions(actor: Actor, attachment: { createdBy: string | null }): AttachmentAction[] {
  return can(actor, 'attachment.archive', { type: 'attachment', ...attachment }) ? ['archive'] : [];
}
