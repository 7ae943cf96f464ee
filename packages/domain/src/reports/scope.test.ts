import { describe, expect, it } from 'vitest';
import { can, reportScope, reportScopeReaches } from '../access/policy.ts';
import type { Actor } from '../access/roles.ts';

const actor = (roles: Actor['roles'], level: Actor['scope']['level'], territoryCode: string | null = null): Actor => ({
  id: 'u',
  organisationId: 'o',
  roles,
  scope: { level, territoryCode },
  territories: ['1722226'],
});

describe('reportScope', () => {
  it('gives the system admin the whole country, exact', () => {
    expect(reportScope(actor(['system_admin'], 'national'))).toEqual({ kind: 'territory', territoryCode: null, aggregateOnly: false });
  });

  it('gives aggregate-only readers their territory with small counts hidden', () => {
    expect(reportScope(actor(['analyst'], 'aggregate'))).toEqual({ kind: 'territory', territoryCode: null, aggregateOnly: true });
    expect(reportScope(actor(['analyst'], 'aggregate', '1722'))).toEqual({ kind: 'territory', territoryCode: '1722', aggregateOnly: true });
    expect(reportScope(actor(['manager'], 'district', '1722226'))).toEqual({
      kind: 'territory',
      territoryCode: '1722226',
      aggregateOnly: true,
    });
    // A territorial scope without its territory reaches nothing rather than everything.
    expect(reportScope(actor(['manager'], 'region'))).toEqual({ kind: 'none' });
    expect(reportScope(actor(['manager'], 'organisation'))).toEqual({ kind: 'none' });
  });

  it('lets a supervisor count the cases they may read, exactly', () => {
    expect(reportScope(actor(['supervisor'], 'team'))).toEqual({
      kind: 'cases',
      filter: [
        { kind: 'assigned', userId: 'u' },
        { kind: 'supervised', userId: 'u', organisationId: 'o' },
      ],
    });
    expect(reportScope(actor(['supervisor'], 'district', '1722226'))).toEqual({
      kind: 'territory',
      territoryCode: '1722226',
      aggregateOnly: false,
    });
  });

  it('gives workers, agencies and auditors no figures', () => {
    for (const roles of [['social_worker'], ['agency_focal_point'], ['auditor']] as const)
      expect(reportScope(actor(roles, 'own'))).toEqual({ kind: 'none' });
  });

  it('reaches territories within the scope only', () => {
    const district = reportScope(actor(['manager'], 'district', '1722226'));
    expect(reportScopeReaches(district, '1722226')).toBe(true);
    expect(reportScopeReaches(district, '1722210')).toBe(false);
    expect(reportScopeReaches(district, '1722')).toBe(false);
    const region = reportScope(actor(['manager'], 'region', '1722'));
    expect(reportScopeReaches(region, '1722226')).toBe(true);
    expect(reportScopeReaches(region, '1710224')).toBe(false);
    expect(reportScopeReaches(reportScope(actor(['analyst'], 'aggregate')), '1710224')).toBe(true);
    expect(reportScopeReaches({ kind: 'none' }, null)).toBe(false);
  });

  it('opens each dashboard to its readers', () => {
    const board = (kind: 'worker' | 'supervisor' | 'manager') => ({ type: 'dashboard' as const, kind });
    expect(can(actor(['social_worker'], 'own'), 'dashboard.read', board('worker'))).toBe(true);
    expect(can(actor(['social_worker'], 'own'), 'dashboard.read', board('supervisor'))).toBe(false);
    expect(can(actor(['social_worker'], 'own'), 'dashboard.read', board('manager'))).toBe(false);
    expect(can(actor(['supervisor'], 'team'), 'dashboard.read', board('supervisor'))).toBe(true);
    expect(can(actor(['analyst'], 'aggregate'), 'dashboard.read', board('manager'))).toBe(true);
    expect(can(actor(['analyst'], 'aggregate'), 'dashboard.read', board('worker'))).toBe(false);
    expect(can(actor(['agency_focal_point'], 'organisation'), 'dashboard.read', board('manager'))).toBe(false);
  });
});
