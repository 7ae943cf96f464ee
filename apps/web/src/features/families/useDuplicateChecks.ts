import { useCallback, useRef, useState } from 'react';
import { type DuplicateCandidate, type DuplicateProbe, type Duplicates, type OutsideReach, personsApi } from '../../api/families.ts';

export type DuplicateCheck = {
  /** The probe the result answers; a member whose details changed since needs a new check. */
  signature: string;
  status: 'checking' | 'done' | 'failed';
  candidates: DuplicateCandidate[];
  /** Someone outside the user's reach may be the same person: told only that, and whom to ask. */
  outsideReach: OutsideReach | null;
};

const NOTHING: Duplicates = { candidates: [], outsideReach: null };

const signatureOf = (probe: DuplicateProbe | null) => (probe ? JSON.stringify(probe) : '');

/**
 * Asks the server for likely duplicates of each member being entered, once per set of details. Results
 * are kept by member key; a late answer for details since changed is dropped.
 */
export function useDuplicateChecks() {
  const [checks, setChecks] = useState<Record<string, DuplicateCheck>>({});
  const latest = useRef<Record<string, string>>({});

  const check = useCallback(async (key: string, probe: DuplicateProbe | null): Promise<Duplicates> => {
    const signature = signatureOf(probe);
    if (latest.current[key] === signature) return NOTHING;
    latest.current[key] = signature;
    if (!probe) {
      setChecks(({ [key]: _dropped, ...rest }) => rest);
      return NOTHING;
    }
    setChecks((current) => ({
      ...current,
      [key]: { ...NOTHING, ...current[key], signature, status: 'checking' },
    }));
    try {
      const found = await personsApi.duplicates(probe);
      if (latest.current[key] === signature) setChecks((current) => ({ ...current, [key]: { signature, status: 'done', ...found } }));
      return found;
    } catch {
      if (latest.current[key] === signature) setChecks((current) => ({ ...current, [key]: { signature, status: 'failed', ...NOTHING } }));
      // A failed check must not block registering: the worker is told and may go on.
      latest.current[key] = '';
      return NOTHING;
    }
  }, []);

  const isChecked = useCallback((key: string, probe: DuplicateProbe | null) => latest.current[key] === signatureOf(probe), []);
  const forget = useCallback((key: string) => {
    delete latest.current[key];
    setChecks(({ [key]: _dropped, ...rest }) => rest);
  }, []);

  return { checks, check, isChecked, forget };
}

/**
 * Whether a new check found someone not shown before and not set aside, or a match outside the user's
 * reach not told before: worth stopping a save for.
 */
export function hasNewCandidates(shown: Duplicates | undefined, found: Duplicates, notSame: readonly string[]): boolean {
  const seen = new Set((shown?.candidates ?? []).map((candidate) => candidate.personId));
  if (found.outsideReach && !shown?.outsideReach) return true;
  return found.candidates.some((candidate) => !seen.has(candidate.personId) && !notSame.includes(candidate.personId));
}
