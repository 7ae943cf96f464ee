import { describe, expect, it } from 'vitest';
import type { DuplicateCandidate } from '../../api/families.ts';
import { hasNewCandidates } from './useDuplicateChecks.ts';

const candidate = (personId: string): DuplicateCandidate => ({
  personId,
  familyId: personId,
  surname: 'Tursunova',
  givenName: 'Gulnora',
  patronymic: null,
  birthDate: null,
  birthYear: 1989,
  districtCode: '1722226',
  score: 0.9,
  reasons: ['name_same_key'],
});
const outside = { resolvedBy: 'supervisor' as const };

describe('whether a new duplicate check is worth stopping a save for', () => {
  it('stops for someone not shown before, unless set aside as not the same person', () => {
    expect(hasNewCandidates(undefined, { candidates: [candidate('a')], outsideReach: null }, [])).toBe(true);
    expect(hasNewCandidates(undefined, { candidates: [candidate('a')], outsideReach: null }, ['a'])).toBe(false);
    const shown = { candidates: [candidate('a')], outsideReach: null };
    expect(hasNewCandidates(shown, { candidates: [candidate('a')], outsideReach: null }, [])).toBe(false);
  });

  it('stops once for a match outside the reach, which has no id to remember', () => {
    expect(hasNewCandidates(undefined, { candidates: [], outsideReach: outside }, [])).toBe(true);
    expect(hasNewCandidates({ candidates: [], outsideReach: outside }, { candidates: [], outsideReach: outside }, [])).toBe(false);
    expect(hasNewCandidates(undefined, { candidates: [], outsideReach: null }, [])).toBe(false);
  });
});
