import { describe, expect, it } from 'vitest';
import { type CaseResource, can } from '../access/policy.ts';
import { type Actor, defaultScopeFor, type Role } from '../access/roles.ts';
import { retentionScheduleUpdate } from './index.ts';

function actor(roles: Role[], id = 'u1', organisationId = 'org-inson'): Actor {
  return { id, organisationId, roles, scope: { level: defaultScopeFor(roles) }, territories: ['1722226'] };
}

const theCase: CaseResource = {
  type: 'case',
  organisationId: 'org-inson',
  districtCode: '1722226',
  assignedUserId: 'worker',
  supervisorId: 'sup',
  assigneeSupervisorId: 'sup',
};

describe('retention in the policy', () => {
  it('leaves the schedule and proposals to system administrators, and the approval to another one than the proposer', () => {
    expect(can(actor(['system_admin']), 'retention.manage', { type: 'retention' })).toBe(true);
    for (const role of ['org_admin', 'supervisor', 'social_worker', 'auditor', 'manager', 'analyst'] as Role[])
      expect(can(actor([role]), 'retention.manage', { type: 'retention' }), role).toBe(false);
    expect(can(actor(['system_admin'], 'a1'), 'retention.approve', { type: 'retention', proposedBy: 'a2' })).toBe(true);
    expect(can(actor(['system_admin'], 'a1'), 'retention.approve', { type: 'retention', proposedBy: 'a1' })).toBe(false);
    // A draft of the daily run has no proposer: an administrator proposes it first.
    expect(can(actor(['system_admin'], 'a1'), 'retention.approve', { type: 'retention', proposedBy: null })).toBe(false);
    expect(can(actor(['auditor'], 'a1'), 'retention.approve', { type: 'retention', proposedBy: 'a2' })).toBe(false);
  });

  it('lets whoever decides on the case set a legal hold: its supervisor, its organisation admin, a system administrator', () => {
    const hold = { type: 'legal_hold' as const, case: theCase };
    expect(can(actor(['supervisor'], 'sup'), 'legal_hold.set', hold)).toBe(true);
    expect(can(actor(['org_admin']), 'legal_hold.set', hold)).toBe(true);
    expect(can(actor(['org_admin'], 'x', 'org-other'), 'legal_hold.set', hold)).toBe(false);
    expect(can(actor(['system_admin']), 'legal_hold.set', hold)).toBe(true);
    expect(can(actor(['supervisor'], 'other-sup'), 'legal_hold.set', hold)).toBe(false);
    expect(can(actor(['social_worker'], 'worker'), 'legal_hold.set', hold)).toBe(false);
    expect(can(actor(['auditor']), 'legal_hold.set', hold)).toBe(false);
  });

  it('takes a schedule of one to a hundred years, each record type once', () => {
    const ok = retentionScheduleUpdate.safeParse({ items: [{ recordType: 'closed_case', years: 10, version: 1 }] });
    expect(ok.success).toBe(true);
    for (const items of [
      [{ recordType: 'closed_case', years: 0, version: 1 }],
      [{ recordType: 'closed_case', years: 101, version: 1 }],
      [{ recordType: 'closed_case', years: 2.5, version: 1 }],
      [{ recordType: 'cases', years: 10, version: 1 }],
      [
        { recordType: 'closed_case', years: 10, version: 1 },
        { recordType: 'closed_case', years: 11, version: 1 },
      ],
      [],
    ])
      expect(retentionScheduleUpdate.safeParse({ items }).success, JSON.stringify(items)).toBe(false);
  });
});
