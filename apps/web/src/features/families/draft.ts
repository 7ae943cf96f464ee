import { emptyHousehold, emptyMember, type HouseholdValues, likelyRelationship, type MemberValues, surnameForSex } from './values.ts';

/**
 * The registration form as typed so far, kept on this device for the signed-in user until the family is
 * saved, so a closed tab, a reload or a lost connection costs nothing.
 */
export type DraftMember = MemberValues & {
  /** Stable across renders and reloads: React's key and the duplicate check's. */
  key: string;
  /** Persons the worker said are someone else; recorded on the server once this member is saved. */
  notSame: string[];
  /** The family name was carried over from another member and not typed: it follows the sex chosen. */
  surnameCarried?: boolean;
};
export type FamilyDraft = { savedAt: string; household: HouseholdValues; members: DraftMember[] };

const PREFIX = 'hamkor.draft.family.';

/** Unique within one form; crypto.randomUUID would need a secure context, which a district LAN may not give. */
const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export const newMember = (): DraftMember => ({ ...emptyMember(), key: newKey(), notSame: [] });

/**
 * The next member of a household being registered, with what the household already says: the family name
 * of the member before (in the form of the sex chosen later) and the most likely relationship.
 */
export function nextMember(members: readonly DraftMember[]): DraftMember {
  const previous = members.at(-1)?.surname.trim() ?? '';
  return { ...newMember(), surname: previous, surnameCarried: previous !== '', relationship: likelyRelationship(members) };
}

/** A member after a change: a carried-over family name follows the sex, until the worker types one. */
export function changedMember<T extends MemberValues & { surnameCarried?: boolean }>(member: T, change: Partial<T>): T {
  if ('surname' in change) return { ...member, ...change, surnameCarried: false };
  const next = { ...member, ...change };
  return change.sex && member.surnameCarried ? { ...next, surname: surnameForSex(member.surname, change.sex) } : next;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored draft, completed with today's defaults where an older version of the form had fewer fields. */
export function readDraft(storage: Storage, userId: string): FamilyDraft | null {
  try {
    const stored: unknown = JSON.parse(storage.getItem(PREFIX + userId) ?? 'null');
    if (!isRecord(stored) || !isRecord(stored.household) || !Array.isArray(stored.members)) return null;
    return {
      savedAt: typeof stored.savedAt === 'string' ? stored.savedAt : new Date().toISOString(),
      household: { ...emptyHousehold(), ...stored.household },
      members: stored.members.filter(isRecord).map((member) => ({ ...newMember(), ...member })),
    };
  } catch {
    return null;
  }
}

export function writeDraft(storage: Storage, userId: string, draft: Omit<FamilyDraft, 'savedAt'>): string {
  const savedAt = new Date().toISOString();
  try {
    storage.setItem(PREFIX + userId, JSON.stringify({ ...draft, savedAt }));
  } catch {
    // A full or disabled storage must not stop the worker typing; the form itself still holds everything.
  }
  return savedAt;
}

export function clearDraft(storage: Storage, userId: string): void {
  storage.removeItem(PREFIX + userId);
}
