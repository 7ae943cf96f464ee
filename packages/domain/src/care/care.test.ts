import { describe, expect, it } from 'vitest';
import { can } from '../access/policy.ts';
import type { Actor } from '../access/roles.ts';
import { careArrangementCreate, gatekeepingCreate, isOutOfFamily } from './index.ts';

const HOME = '0190a4a0-0000-7000-8000-000000000001';
const INSON = '0190a4a0-0000-7000-8000-000000000002';
const educator: Actor = { id: 'u1', organisationId: HOME, roles: ['social_worker'], scope: { level: 'own' }, territories: [] };
const worker: Actor = { id: 'u2', organisationId: INSON, roles: ['social_worker'], scope: { level: 'own' }, territories: ['1722226'] };
const child = (placedWith: string | null) => ({ type: 'care' as const, organisationId: INSON, districtCode: '1722226', placedWith });

describe('care in the policy', () => {
  it('lets a residential organisation read the children placed with it now, and record nothing', () => {
    expect(can(educator, 'care.read', child(HOME))).toBe(true);
    expect(can(educator, 'care.read', child(null))).toBe(false);
    expect(can(educator, 'care.read', child(INSON))).toBe(false);
    expect(can(educator, 'care.record', child(HOME))).toBe(false);
  });

  it("lets the family's worker read and record whatever the placement", () => {
    expect(can(worker, 'care.read', child(HOME))).toBe(true);
    expect(can(worker, 'care.record', child(HOME))).toBe(true);
    expect(can(worker, 'care.record', { ...child(null), organisationId: HOME, districtCode: '1722210' })).toBe(false);
  });
});

describe('care rules', () => {
  it('counts residential care and the transit centre as outside the family, not kinship, guardianship or a foster family', () => {
    expect(['mehribonlik_home', 'baby_home', 'boarding_school', 'muruvvat_home', 'transit_centre'].every(isOutOfFamily)).toBe(true);
    expect(['parents', 'kinship', 'guardianship', 'foster_family', 'adoption'].some(isOutOfFamily)).toBe(false);
  });

  it('wants an institution named for an institutional placement, and none for life with parents', () => {
    const base = { startDate: '2026-01-10', authority: 'Vasiylik organi', changeReason: 'poverty' };
    const paths = (body: object) => {
      const parsed = careArrangementCreate.safeParse(body);
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}:${issue.message}`);
    };
    expect(paths({ ...base, type: 'baby_home' })).toEqual(['organisationId:required']);
    expect(paths({ ...base, type: 'parents', organisationId: HOME })).toEqual(['organisationId:organisation_not_expected']);
    expect(paths({ ...base, type: 'kinship', endDate: '2025-01-01' })).toEqual(['endDate:end_before_start']);
  });

  it('names each family-based option a gatekeeping request left out, and a repeated one', () => {
    const parsed = gatekeepingCreate.safeParse({
      childId: HOME,
      proposedType: 'baby_home',
      emergency: false,
      optionsConsidered: [
        { option: 'kinship_care', why: 'a' },
        { option: 'kinship_care', why: 'b' },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'optionsConsidered.support_at_home',
      'optionsConsidered.guardianship',
      'optionsConsidered.foster_family',
      'optionsConsidered.1.option',
    ]);
  });
});
