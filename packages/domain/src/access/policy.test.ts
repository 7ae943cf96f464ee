import { describe, expect, it } from 'vitest';
import {
  attachmentActions,
  type CaseResource,
  can,
  caseActions,
  caseReadFilter,
  dashboardFor,
  dashboardTeam,
  familyReadFilter,
  mayEver,
  openingTeam,
  reachesDistrict,
  supervisesWorkers,
  type TransferResource,
  takesCases,
  userReadFilter,
  worksCases,
} from './policy.ts';
import { EVERYTHING, NOTHING, territoryLevel } from './reach.ts';
import { type Actor, defaultScopeFor, type Role } from './roles.ts';

const SHORCHI = '1722226';
const DENOV = '1722210';

function actor(roles: Role[], overrides: Partial<Actor> = {}): Actor {
  return { id: 'u1', organisationId: 'org-inson', roles, scope: { level: defaultScopeFor(roles) }, territories: [SHORCHI], ...overrides };
}

describe('access policy', () => {
  it('lets only system admins create organisations, and organisation admins edit their own', () => {
    expect(can(actor(['system_admin']), 'organisation.create', { type: 'organisation' })).toBe(true);
    for (const role of ['org_admin', 'supervisor', 'social_worker', 'agency_focal_point', 'analyst'] as Role[]) {
      expect(can(actor([role]), 'organisation.create', { type: 'organisation' }), role).toBe(false);
    }
    expect(can(actor(['org_admin']), 'organisation.update', { type: 'organisation', id: 'org-inson' })).toBe(true);
    expect(can(actor(['org_admin']), 'organisation.update', { type: 'organisation', id: 'org-school' })).toBe(false);
  });

  it('leaves instruments to system admins, and hiding an attachment to its uploader or a supervisor', () => {
    expect(can(actor(['system_admin']), 'instrument.manage', { type: 'instrument' })).toBe(true);
    for (const role of ['org_admin', 'supervisor', 'social_worker', 'analyst'] as Role[]) {
      expect(can(actor([role]), 'instrument.manage', { type: 'instrument' }), role).toBe(false);
    }
    expect(can(actor(['social_worker']), 'attachment.archive', { type: 'attachment', createdBy: 'u1' })).toBe(true);
    expect(can(actor(['social_worker']), 'attachment.archive', { type: 'attachment', createdBy: 'u2' })).toBe(false);
    expect(can(actor(['social_worker']), 'attachment.archive', { type: 'attachment', createdBy: null })).toBe(false);
    expect(can(actor(['supervisor']), 'attachment.archive', { type: 'attachment', createdBy: 'u2' })).toBe(true);
    expect(can(actor(['agency_focal_point']), 'attachment.archive', { type: 'attachment', createdBy: 'u1' })).toBe(false);
  });

  it('keeps user management within the organisation for organisation admins', () => {
    const orgAdmin = actor(['org_admin']);
    expect(can(orgAdmin, 'user.create', { type: 'user', organisationId: 'org-inson' })).toBe(true);
    expect(can(orgAdmin, 'user.create', { type: 'user', organisationId: 'org-ngo' })).toBe(false);
    expect(userReadFilter(orgAdmin)).toEqual([{ kind: 'organisation', organisationId: 'org-inson' }]);
    expect(userReadFilter(actor(['system_admin']))).toEqual(EVERYTHING);
    expect(userReadFilter(actor(['social_worker']))).toEqual(NOTHING);
  });

  it('never lets aggregate-only roles or receiving agencies reach a family', () => {
    const family = { type: 'family' as const, organisationId: 'org-inson', districtCode: SHORCHI };
    for (const role of ['analyst', 'manager', 'agency_focal_point', 'auditor'] as Role[]) {
      expect(can(actor([role]), 'family.read', family), role).toBe(false);
      expect(familyReadFilter(actor([role])), role).toEqual(NOTHING);
    }
  });

  it('lets case staff reach families in the districts their organisation serves, or registered by it', () => {
    const worker = actor(['social_worker']);
    expect(can(worker, 'family.read', { type: 'family', organisationId: 'org-other', districtCode: SHORCHI })).toBe(true);
    expect(can(worker, 'family.read', { type: 'family', organisationId: 'org-other', districtCode: DENOV })).toBe(false);
    expect(can(worker, 'family.read', { type: 'family', organisationId: 'org-inson', districtCode: DENOV })).toBe(true);
    expect(can(worker, 'family.create', { type: 'family', organisationId: 'org-inson', districtCode: DENOV })).toBe(false);
    expect(can(worker, 'family.merge', { type: 'family', organisationId: 'org-inson', districtCode: SHORCHI })).toBe(false);
    expect(can(actor(['supervisor']), 'family.merge', { type: 'family', organisationId: 'org-inson', districtCode: SHORCHI })).toBe(true);
  });

  it('gives territorial scopes their region or district, whatever the organisation serves', () => {
    const regional = actor(['supervisor'], { scope: { level: 'region', territoryCode: '1722' }, territories: [] });
    expect(reachesDistrict(regional, SHORCHI)).toBe(true);
    expect(reachesDistrict(regional, '1703202')).toBe(false);
    expect(familyReadFilter(regional)).toEqual([
      { kind: 'organisation', organisationId: 'org-inson' },
      { kind: 'territory', code: '1722' },
    ]);
    expect(reachesDistrict(actor(['analyst']), SHORCHI)).toBe(false);
    expect(familyReadFilter(actor(['social_worker']))).toEqual([
      { kind: 'organisation', organisationId: 'org-inson' },
      { kind: 'districts', codes: [SHORCHI] },
    ]);
  });

  it('tells the interface which sections a role may ever use', () => {
    expect(mayEver(actor(['system_admin']), 'mahalla.manage')).toBe(true);
    expect(mayEver(actor(['social_worker']), 'user.create')).toBe(false);
    expect(mayEver(actor(['org_admin']), 'user.create')).toBe(true);
    expect(mayEver(actor(['auditor']), 'audit.read')).toBe(true);
  });

  it('gives each role a sensible default scope', () => {
    expect(defaultScopeFor(['system_admin'])).toBe('national');
    expect(defaultScopeFor(['analyst'])).toBe('aggregate');
    expect(defaultScopeFor(['supervisor'])).toBe('team');
    expect(defaultScopeFor(['social_worker'])).toBe('own');
    expect(defaultScopeFor(['analyst', 'social_worker'])).toBe('own');
  });
});

describe('access policy for cases', () => {
  const theCase = (overrides: Partial<CaseResource> = {}): CaseResource => ({
    type: 'case',
    organisationId: 'org-inson',
    districtCode: SHORCHI,
    assignedUserId: 'worker-1',
    supervisorId: 'supervisor-1',
    assigneeSupervisorId: 'supervisor-1',
    ...overrides,
  });
  const worker = actor(['social_worker'], { id: 'worker-1' });
  const otherWorker = actor(['social_worker'], { id: 'worker-2' });
  const supervisor = actor(['supervisor'], { id: 'supervisor-1' });

  it('shows a worker only the cases assigned to or shared with them', () => {
    expect(can(worker, 'case.read', theCase())).toBe(true);
    expect(can(otherWorker, 'case.read', theCase())).toBe(false);
    expect(can(otherWorker, 'case.read', theCase({ sharedWith: ['worker-2'] }))).toBe(true);
    expect(can(otherWorker, 'case.update', theCase())).toBe(false);
    expect(caseReadFilter(worker)).toEqual([{ kind: 'assigned', userId: 'worker-1' }]);
  });

  it("shows a supervisor their team's cases within their organisation, and lets them assign and approve", () => {
    expect(can(supervisor, 'case.read', theCase())).toBe(true);
    expect(can(supervisor, 'case.read', theCase({ supervisorId: null }))).toBe(true);
    expect(can(supervisor, 'case.read', theCase({ supervisorId: 'supervisor-9', assigneeSupervisorId: 'supervisor-9' }))).toBe(false);
    expect(can(supervisor, 'case.read', theCase({ organisationId: 'org-ngo' }))).toBe(false);
    expect(can(supervisor, 'case.assign', theCase())).toBe(true);
    expect(can(supervisor, 'case.approve', theCase())).toBe(true);
    expect(can(worker, 'case.assign', theCase())).toBe(false);
    expect(can(worker, 'case.approve', theCase())).toBe(false);
    expect(caseReadFilter(supervisor)).toEqual([
      { kind: 'assigned', userId: 'supervisor-1' },
      { kind: 'supervised', userId: 'supervisor-1', organisationId: 'org-inson' },
    ]);
  });

  it('gives organisation and territorial scopes their organisation or territory', () => {
    const orgAdmin = actor(['org_admin']);
    expect(can(orgAdmin, 'case.read', theCase({ assignedUserId: null, supervisorId: null }))).toBe(true);
    expect(can(orgAdmin, 'case.read', theCase({ organisationId: 'org-ngo' }))).toBe(false);
    expect(can(orgAdmin, 'case.assign', theCase())).toBe(true);
    const regional = actor(['supervisor'], { scope: { level: 'region', territoryCode: '1722' } });
    expect(can(regional, 'case.read', theCase({ organisationId: 'org-ngo' }))).toBe(true);
    expect(can(regional, 'case.read', theCase({ districtCode: '1703202' }))).toBe(false);
    expect(caseReadFilter(regional)).toEqual([
      { kind: 'assigned', userId: 'u1' },
      { kind: 'territory', code: '1722' },
    ]);
    expect(caseReadFilter(actor(['system_admin']))).toEqual(EVERYTHING);
  });

  it('never lets receiving agencies or aggregate-only roles reach a case', () => {
    for (const role of ['analyst', 'manager', 'agency_focal_point', 'auditor'] as Role[]) {
      const outsider = actor([role], { id: 'worker-1' });
      for (const action of ['case.read', 'case.update', 'case.create', 'case.close', 'case.assign', 'case.approve'] as const) {
        expect(can(outsider, action, theCase()), `${role} ${action}`).toBe(false);
      }
      expect(caseReadFilter(outsider), role).toEqual(NOTHING);
    }
  });

  it('lets case staff open a case for a family in reach', () => {
    expect(can(worker, 'case.create', theCase())).toBe(true);
    expect(can(worker, 'case.create', theCase({ organisationId: 'org-other', districtCode: DENOV }))).toBe(false);
  });
});

describe('who works and supervises a case', () => {
  it('gives a case a worker opens to that worker under their supervisor, and one a supervisor opens to their supervision', () => {
    expect(openingTeam(actor(['social_worker']), 'sup1')).toEqual({ assignedUserId: 'u1', supervisorId: 'sup1' });
    expect(openingTeam(actor(['supervisor']), null)).toEqual({ assignedUserId: null, supervisorId: 'u1' });
    expect(openingTeam(actor(['system_admin']), 'sup1')).toEqual({ assignedUserId: null, supervisorId: null });
  });

  it('shows a supervisor their own workers, and anyone else their organisation', () => {
    expect(dashboardTeam(actor(['supervisor']))).toEqual({ supervisorId: 'u1' });
    expect(dashboardTeam(actor(['org_admin']))).toEqual({ organisationId: 'org-inson', roles: ['social_worker'] });
  });
});

describe('territory codes', () => {
  it('tells a region from a district from a mahalla', () => {
    expect(territoryLevel('1722')).toBe('region');
    expect(territoryLevel(SHORCHI)).toBe('district');
    expect(territoryLevel('1722226-014')).toBe('mahalla');
    expect(territoryLevel('17222')).toBe('mahalla');
  });
});

describe('allowed actions', () => {
  it('lists what an actor may do to a case and to an attachment', () => {
    const theCase = (overrides: Partial<CaseResource> = {}): CaseResource => ({
      type: 'case',
      organisationId: 'org-inson',
      districtCode: SHORCHI,
      assignedUserId: 'worker-1',
      supervisorId: null,
      ...overrides,
    });
    const supervisor = actor(['supervisor'], { id: 'supervisor-1' });
    const theirs = theCase({ supervisorId: 'supervisor-1' });
    expect(caseActions(supervisor, theirs)).toEqual([
      'edit',
      'transition',
      'record_contact',
      'close',
      'assign',
      'approve',
      'transfer',
      'share',
    ]);
    const other = actor(['supervisor'], { id: 'supervisor-2', scope: { level: 'organisation' } });
    expect(caseActions(other, theirs)).toEqual(['edit', 'transition', 'record_contact', 'close', 'transfer', 'share']);
    const worker = actor(['social_worker'], { id: 'worker-1' });
    expect(caseActions(worker, theCase())).toEqual(['edit', 'transition', 'record_contact', 'close', 'transfer', 'share']);
    // A co-worker the case is shared with reads it and records contacts, nothing more: no edits, no stage,
    // no referrals, no closing, transferring or sharing.
    const coWorker = actor(['social_worker'], { id: 'worker-ngo', organisationId: 'org-ngo' });
    const shared = theCase({ sharedWith: ['worker-ngo'] });
    expect(caseActions(coWorker, shared)).toEqual(['record_contact']);
    expect(can(coWorker, 'case.read', shared)).toBe(true);
    expect(can(coWorker, 'case.update', shared)).toBe(false);
    expect(attachmentActions(worker, { createdBy: 'worker-1' })).toEqual(['archive']);
    expect(attachmentActions(worker, { createdBy: 'someone' })).toEqual([]);
    expect(attachmentActions(supervisor, { createdBy: 'someone' })).toEqual(['archive']);
  });
});

describe('transfers', () => {
  const theCase: CaseResource = {
    type: 'case',
    organisationId: 'org-inson',
    districtCode: SHORCHI,
    assignedUserId: 'worker-1',
    supervisorId: 'supervisor-1',
  };
  const transfer: TransferResource = { type: 'transfer', toOrganisationId: 'org-denov', case: theCase };

  it("lets the receiving organisation's supervisors and admins decide, and the sending side read it", () => {
    expect(can(actor(['supervisor'], { id: 'supervisor-d', organisationId: 'org-denov' }), 'transfer.respond', transfer)).toBe(true);
    expect(
      can(
        actor(['org_admin'], { id: 'admin-d', organisationId: 'org-denov', scope: { level: 'organisation' } }),
        'transfer.respond',
        transfer,
      ),
    ).toBe(true);
    expect(can(actor(['social_worker'], { id: 'worker-d', organisationId: 'org-denov' }), 'transfer.respond', transfer)).toBe(false);
    expect(can(actor(['supervisor'], { id: 'supervisor-1' }), 'transfer.respond', transfer)).toBe(false);
    expect(can(actor(['social_worker'], { id: 'worker-1' }), 'transfer.read', transfer)).toBe(true);
    expect(can(actor(['social_worker'], { id: 'worker-2' }), 'transfer.read', transfer)).toBe(false);
  });
});

describe('who may hold what', () => {
  it('gives cases to social workers, tasks to case staff, and workers to supervisors', () => {
    expect(takesCases({ roles: ['social_worker'] })).toBe(true);
    expect(takesCases({ roles: ['supervisor'] })).toBe(false);
    expect(worksCases({ roles: ['org_admin'] })).toBe(true);
    expect(worksCases({ roles: ['agency_focal_point'] })).toBe(false);
    expect(supervisesWorkers({ roles: ['social_worker', 'supervisor'] })).toBe(true);
    expect(supervisesWorkers({ roles: ['org_admin'] })).toBe(false);
  });
});

describe('dashboards', () => {
  it('shows supervisors their team, workers their caseload, administrators and analysts figures', () => {
    expect(dashboardFor(actor(['supervisor']))).toBe('supervisor');
    expect(dashboardFor(actor(['social_worker']))).toBe('worker');
    expect(dashboardFor(actor(['system_admin']))).toBe('manager');
    expect(dashboardFor(actor(['analyst']))).toBe('manager');
    expect(dashboardFor(actor(['agency_focal_point']))).toBeNull();
  });
});

describe('break-the-glass in the policy', () => {
  const access = { type: 'emergency' as const, openedBy: 'opener', reviewers: ['u1'] };
  it('lets case staff open a record with a reason, and nobody else', () => {
    expect(can(actor(['social_worker']), 'emergency.open', { type: 'emergency' })).toBe(true);
    expect(can(actor(['supervisor']), 'emergency.open', { type: 'emergency' })).toBe(true);
    for (const role of ['agency_focal_point', 'auditor', 'analyst', 'manager', 'org_admin'] as Role[])
      expect(can(actor([role]), 'emergency.open', { type: 'emergency' }), role).toBe(false);
  });
  it('lets an auditor or a supervisor told of it review an opening, never its opener', () => {
    expect(can(actor(['auditor']), 'emergency.review', access)).toBe(true);
    expect(can(actor(['supervisor']), 'emergency.review', access)).toBe(true);
    expect(can(actor(['supervisor'], { id: 'someone-else' }), 'emergency.review', access)).toBe(false);
    expect(can(actor(['supervisor']), 'emergency.review', { ...access, openedBy: 'u1' })).toBe(false);
    expect(can(actor(['auditor'], { id: 'opener' }), 'emergency.review', access)).toBe(false);
    expect(can(actor(['social_worker']), 'emergency.review', access)).toBe(false);
  });
  it('shows every opening to auditors and the system administrator only', () => {
    expect(can(actor(['auditor']), 'emergency.read_all', { type: 'emergency' })).toBe(true);
    expect(can(actor(['system_admin']), 'emergency.read_all', { type: 'emergency' })).toBe(true);
    expect(can(actor(['supervisor']), 'emergency.read_all', { type: 'emergency' })).toBe(false);
  });
});
