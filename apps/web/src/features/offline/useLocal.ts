import { useEffect, useState } from 'react';
import type { LocalCopy } from '../../offline/store.ts';
import { useOffline } from './OfflineProvider.tsx';

/** Reads the unlocked copy, again whenever it changes. */
export function useLocal<T>(read: (copy: LocalCopy) => Promise<T>, deps: unknown[]): T | undefined {
  const { copy, revision } = useOffline();
  const [data, setData] = useState<T>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` is rebuilt each render; its inputs are `deps`
  useEffect(() => {
    if (!copy) return;
    let live = true;
    read(copy).then((value) => live && setData(value));
    return () => {
      live = false;
    };
  }, [copy, revision, ...deps]);
  return data;
}
