import { useCallback, useRef, useState } from 'react';
import { type DuplicateCandidate, type DuplicateProbe, personsApi } from '../../api/families.ts';

export type DuplicateCheck = {
  /** The probe the result answers; a member whose details changed since needs a new check. */
  signature: string;
  status: 'checking' | 'done' | 'failed';
  candidates: DuplicateCandidate[];
};

const signatureOf = (probe: DuplicateProbe | null) => (probe ? JSON.stringify(probe) : '');

/**
 * Asks the server for likely duplicates of each member being entered, once per set of details. Results
 * are kept by member key; a late answer for details since changed is dropped.
 */
export function useDuplicateChecks() {
  const [checks, setChecks] = useState<Record<string, DuplicateCheck>>({});
  const latest = useRef<Record<string, string>>({});

  const check = useCallback(async (key: string, probe: DuplicateProbe | null): Promise<DuplicateCandidate[]> => {
    const signature = signatureOf(probe);
    if (latest.current[key] === signature) return [];
    latest.current[key] = signature;
    if (!probe) {
      setChecks(({ [key]: _dropped, ...rest }) => rest);
      return [];
    }
    setChecks((current) => ({ ...current, [key]: { signature, status: 'checking', candidates: current[key]?.candidates ?? [] } }));
    try {
      const { candidates } = await personsApi.duplicates(probe);
      if (latest.current[key] === signature) setChecks((current) => ({ ...current, [key]: { signature, status: 'done', candidates } }));
      return candidates;
    } catch {
      if (latest.current[key] === signature)
        setChecks((current) => ({ ...current, [key]: { signature, status: 'failed', candidates: [] } }));
      // A failed check must not block registering: the worker is told and may go on.
      latest.current[key] = '';
      return [];
    }
  }, []);

  const isChecked = useCallback((key: string, probe: DuplicateProbe | null) => latest.current[key] === signatureOf(probe), []);
  const forget = useCallback((key: string) => {
    delete latest.current[key];
    setChecks(({ [key]: _dropped, ...rest }) => rest);
  }, []);

  return { checks, check, isChecked, forget };
}

const candidateId = (candidate: DuplicateCandidate) =>
  candidate.inScope ? candidate.personId : `${candidate.districtCode}:${candidate.birthYear}:${candidate.reasons.join()}`;

/** Whether a new check found someone not shown before and not set aside: worth stopping a save for. */
export function hasNewCandidates(shown: DuplicateCandidate[], found: DuplicateCandidate[], notSame: readonly string[]): boolean {
  const seen = new Set(shown.map(candidateId));
  return found.some((candidate) => !seen.has(candidateId(candidate)) && !(candidate.inScope && notSame.includes(candidate.personId)));
}
