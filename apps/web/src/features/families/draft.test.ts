import { describe, expect, it } from 'vitest';
import { changedMember, clearDraft, newMember, nextMember, readDraft, writeDraft } from './draft.ts';
import { emptyHousehold } from './values.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => items.delete(key),
    setItem: (key, value) => items.set(key, value),
  };
}

describe('registration drafts', () => {
  it('are kept per user and cleared on request', () => {
    const storage = memoryStorage();
    const member = { ...newMember(), surname: 'Ravshanova' };
    writeDraft(storage, 'user-1', { household: { ...emptyHousehold('1722226'), address: 'Navbahor 1' }, members: [member] });
    expect(readDraft(storage, 'user-2')).toBeNull();
    const draft = readDraft(storage, 'user-1');
    expect(draft?.household.address).toBe('Navbahor 1');
    expect(draft?.members[0]?.surname).toBe('Ravshanova');
    expect(draft?.members[0]?.key).toBe(member.key);
    clearDraft(storage, 'user-1');
    expect(readDraft(storage, 'user-1')).toBeNull();
  });

  it('fill fields a stored draft lacks and ignore what is not a draft', () => {
    const storage = memoryStorage();
    storage.setItem('hamkor.draft.family.u', JSON.stringify({ household: { address: 'x' }, members: [{ surname: 'A' }, 'junk'] }));
    const draft = readDraft(storage, 'u');
    expect(draft?.household.districtCode).toBe('');
    expect(draft?.members).toHaveLength(1);
    expect(draft?.members[0]?.whereabouts).toBe('present');
    storage.setItem('hamkor.draft.family.v', '{not json');
    expect(readDraft(storage, 'v')).toBeNull();
  });
});

describe('a member added to the household being registered', () => {
  it('carries the family name over and guesses the relationship', () => {
    const first = nextMember([]);
    expect(first).toMatchObject({ surname: '', surnameCarried: false, relationship: 'head' });
    const mother = changedMember(first, { surname: 'Qudratova', givenName: 'Mohinur', sex: 'female' });
    const father = nextMember([mother]);
    expect(father).toMatchObject({ surname: 'Qudratova', surnameCarried: true, relationship: 'spouse' });
    expect(nextMember([mother, father]).relationship).toBe('child');
  });

  it('puts a carried family name in the form of the sex chosen, but never changes one the worker typed', () => {
    const father = nextMember([{ ...nextMember([]), surname: 'Qudratova', relationship: 'head' }]);
    expect(changedMember(father, { sex: 'male' }).surname).toBe('Qudratov');
    const typed = changedMember(father, { surname: 'Aliyeva' });
    expect(typed.surnameCarried).toBe(false);
    expect(changedMember(typed, { sex: 'male' }).surname).toBe('Aliyeva');
  });
});
