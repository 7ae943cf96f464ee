import { describe, expect, it } from 'vitest';
import { can, familyReadFilter, mayEver, reachesDistrict, userReadFilter } from './policy.ts';
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

  it('keeps user management within the organisation for organisation admins', () => {
    const orgAdmin = actor(['org_admin']);
    expect(can(orgAdmin, 'user.create', { type: 'user', organisationId: 'org-inson' })).toBe(true);
    expect(can(orgAdmin, 'user.create', { type: 'user', organisationId: 'org-ngo' })).toBe(false);
    expect(userReadFilter(orgAdmin)).toEqual({ kind: 'organisation', organisationId: 'org-inson' });
    expect(userReadFilter(actor(['system_admin']))).toEqual({ kind: 'all' });
    expect(userReadFilter(actor(['social_worker']))).toEqual({ kind: 'none' });
  });

  it('never lets aggregate-only roles or receiving agencies reach a family', () => {
    const family = { type: 'family' as const, organisationId: 'org-inson', districtCode: SHORCHI };
    for (const role of ['analyst', 'manager', 'agency_focal_point', 'auditor'] as Role[]) {
      expect(can(actor([role]), 'family.read', family), role).toBe(false);
      expect(familyReadFilter(actor([role])), role).toEqual({ kind: 'none' });
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
    expect(familyReadFilter(regional)).toEqual({ kind: 'reach', organisationId: 'org-inson', districtCodes: [], territoryPrefix: '1722' });
    expect(reachesDistrict(actor(['analyst']), SHORCHI)).toBe(false);
    expect(familyReadFilter(actor(['social_worker']))).toEqual({
      kind: 'reach',
      organisationId: 'org-inson',
      districtCodes: [SHORCHI],
      territoryPrefix: null,
    });
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
