import { describe, expect, it } from 'vitest';
import { grantableRoles, refusedGrant } from './grants.ts';
import { type Actor, ROLES } from './roles.ts';

const actor = (roles: Actor['roles']): Actor => ({
  id: 'a',
  organisationId: 'o',
  roles,
  scope: { level: 'organisation' },
  territories: [],
});

describe('grants', () => {
  it('lets a system admin grant any role and scope', () => {
    expect(refusedGrant(actor(['system_admin']), { roles: ['system_admin', 'auditor'], scope: 'national' })).toBeNull();
  });

  it('keeps an organisation admin to the roles and scopes of an organisation', () => {
    const orgAdmin = actor(['org_admin']);
    expect(refusedGrant(orgAdmin, { roles: ['social_worker', 'supervisor'], scope: 'team' })).toBeNull();
    expect(refusedGrant(orgAdmin, { roles: ['system_admin'] })).toBe('roles');
    expect(refusedGrant(orgAdmin, { roles: ['analyst'] })).toBe('roles');
    expect(refusedGrant(orgAdmin, { roles: ['supervisor'], scope: 'national' })).toBe('scope.level');
    expect(refusedGrant(orgAdmin, { scope: 'region' })).toBe('scope.level');
  });
});

describe('grantable roles', () => {
  it('offers exactly the roles a grant would not refuse', () => {
    for (const who of [actor(['system_admin']), actor(['org_admin'])]) {
      const offered = grantableRoles(who);
      for (const role of ROLES)
        expect(offered.includes(role), `${who.roles[0]} ${role}`).toBe(refusedGrant(who, { roles: [role] }) === null);
    }
  });
});
