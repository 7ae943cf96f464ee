import { describe, expect, it } from 'vitest';
import { can } from '../access/policy.ts';
import type { Actor, Role } from '../access/roles.ts';

const actor = (id: string, roles: Role[], organisationId = 'org-a'): Actor => ({
  id,
  organisationId,
  roles,
  scope: { level: roles.includes('system_admin') ? 'national' : 'own' },
  territories: ['1722226'],
});
const session = { type: 'supervision' as const, organisationId: 'org-a', participantIds: ['sup', 'w1'] };

describe('workforce rules', () => {
  it('lets only the people in a supervision session and the head of its organisation read it', () => {
    expect(can(actor('sup', ['supervisor']), 'supervision.read', session)).toBe(true);
    expect(can(actor('w1', ['social_worker']), 'supervision.read', session)).toBe(true);
    expect(can(actor('head', ['org_admin']), 'supervision.read', session)).toBe(true);
    expect(can(actor('w2', ['social_worker']), 'supervision.read', session)).toBe(false);
    expect(can(actor('sup2', ['supervisor']), 'supervision.read', session)).toBe(false);
    expect(can(actor('head-b', ['org_admin'], 'org-b'), 'supervision.read', session)).toBe(false);
    expect(can(actor('root', ['system_admin']), 'supervision.read', session)).toBe(false);
  });

  it('lets everyone keep their own profile, and the head of an organisation its staff’s', () => {
    const profile = { type: 'staff' as const, organisationId: 'org-a', userId: 'w1' };
    expect(can(actor('w1', ['social_worker']), 'staff.update', profile)).toBe(true);
    expect(can(actor('w2', ['social_worker']), 'staff.update', profile)).toBe(false);
    expect(can(actor('sup', ['supervisor']), 'staff.update', profile)).toBe(false);
    expect(can(actor('sup', ['supervisor']), 'staff.read', profile)).toBe(true);
    expect(can(actor('head', ['org_admin']), 'staff.update', profile)).toBe(true);
    expect(can(actor('head-b', ['org_admin'], 'org-b'), 'staff.read', profile)).toBe(false);
  });
});
