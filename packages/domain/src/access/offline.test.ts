import { describe, expect, it } from 'vitest';
import { keepsOfflineCopy } from './offline.ts';
import type { Actor, Role } from './roles.ts';

const actor = (roles: Role[]): Actor => ({ id: 'u1', organisationId: 'o1', roles, scope: { level: 'own' }, territories: [] });

describe('keepsOfflineCopy', () => {
  it('is for the workers who visit families, and for nobody else', () => {
    expect(keepsOfflineCopy(actor(['social_worker']))).toBe(true);
    expect(keepsOfflineCopy(actor(['social_worker', 'analyst']))).toBe(true);
    for (const role of ['system_admin', 'org_admin', 'supervisor', 'agency_focal_point', 'manager', 'analyst', 'auditor'] as Role[])
      expect(keepsOfflineCopy(actor([role]))).toBe(false);
  });
});
