import { isSearchable, parsePersonQuery } from '@hamkor/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type PersonSearchItem, personsApi } from '../../api/families.ts';

export type SearchState = {
  /** idle: nothing typed; short: too little to search on (two letters of a name, or a PINFL). */
  status: 'idle' | 'short' | 'loading' | 'done' | 'failed';
  items: PersonSearchItem[];
  nextCursor: string | null;
  error: unknown;
};

const DEBOUNCE_MS = 300;
const initial: SearchState = { status: 'idle', items: [], nextCursor: null, error: null };

/**
 * Person search as the worker types: waits for a pause, asks only once the query can find anyone, and
 * drops answers to queries that have since changed.
 */
export function usePersonSearch(query: string) {
  const [state, setState] = useState<SearchState>(initial);
  const asked = useRef('');
  const trimmed = query.trim();

  useEffect(() => {
    asked.current = trimmed;
    if (!trimmed) return setState(initial);
    if (!isSearchable(parsePersonQuery(trimmed))) return setState({ ...initial, status: 'short' });
    setState((current) => ({ ...current, status: 'loading' }));
    const timer = setTimeout(() => {
      personsApi
        .search(trimmed)
        .then(
          (page) => asked.current === trimmed && setState({ status: 'done', items: page.items, nextCursor: page.nextCursor, error: null }),
        )
        .catch((error: unknown) => asked.current === trimmed && setState({ ...initial, status: 'failed', error }));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [trimmed]);

  const more = useCallback(async () => {
    const cursor = state.nextCursor;
    if (!cursor) return;
    const asking = asked.current;
    try {
      const page = await personsApi.search(asking, cursor);
      if (asked.current === asking)
        setState((current) => ({ ...current, items: [...current.items, ...page.items], nextCursor: page.nextCursor }));
    } catch (error) {
      if (asked.current === asking) setState((current) => ({ ...current, status: 'failed', error }));
    }
  }, [state.nextCursor]);

  return { ...state, more };
}
