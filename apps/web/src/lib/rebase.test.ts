import { describe, expect, it } from 'vitest';
import { changedFields, rebase } from './rebase.ts';

describe('rebasing an edit on someone else’s change', () => {
  const original = { address: 'Old street 1', phone: '', notes: 'a', markers: ['x'] };

  it('keeps what the user changed and takes the rest from the current record', () => {
    const mine = { ...original, phone: '+998 90 123 45 67' };
    const current = { ...original, address: 'New street 2' };
    expect(rebase(original, mine, current)).toEqual({
      values: { address: 'New street 2', phone: '+998 90 123 45 67', notes: 'a', markers: ['x'] },
      theirs: ['address'],
      both: [],
    });
  });

  it('flags a field both changed differently, keeping the user’s value', () => {
    const mine = { ...original, notes: 'mine', markers: ['x', 'y'] };
    const current = { ...original, notes: 'theirs', markers: ['x', 'y'] };
    const rebased = rebase(original, mine, current);
    expect(rebased.values.notes).toBe('mine');
    expect(rebased.both).toEqual(['notes']);
    expect(rebased.theirs).toEqual([]);
  });
});

describe('changed fields', () => {
  it('lists only what differs, comparing arrays and objects by value', () => {
    expect(changedFields({ a: 1, b: [1], c: { d: 1 } }, { a: 1, b: [1, 2], c: { d: 1 } })).toEqual({ b: [1, 2] });
  });
});
