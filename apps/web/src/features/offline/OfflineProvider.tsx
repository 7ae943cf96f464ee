import { keepsOfflineCopy } from '@hamkor/domain';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { listAll } from '../../api/client.ts';
import type { Me, Organisation } from '../../api/types.ts';
import { IDLE_LOCK_MS, idleTimer } from '../../offline/idle.ts';
import type { LocalCopy } from '../../offline/store.ts';

/** The offline copy's code (Dexie, WebCrypto) loads on first use, so the sign-in page does not wait for it. */
const offline = () => import('../../offline/index.ts');

import { actorOf, SessionProvider, useSession } from '../auth/session.tsx';

/** The copy's list of organisations (no personal data, kept encrypted like the rest). */
export const ORGANISATIONS = 'organisations';
/** How often a worker's copy is brought up to date while signed in and online. */
const PULL_EVERY_MS = 5 * 60 * 1000;
/** "Not my device" is remembered for this tab only: nothing about it is stored on the device. */
const DECLINED_KEY = 'hamkor.offline.declined';

export type UnlockOutcome = { status: 'unlocked' } | { status: 'wrong'; attemptsLeft: number } | { status: 'wiped' } | { status: 'none' };

type OfflineValue = {
  /** The unlocked copy; null while locked or when there is none. */
  copy: LocalCopy | null;
  /** Whose copy this device holds and could unlock now (the signed-in user's, or without signal the last user's). */
  vaultUser: string | null;
  /** A signed-in worker without a copy here, who has not said "not my device". */
  needsSetup: boolean;
  /** The copy was erased after five wrong PINs (in this tab). */
  wiped: boolean;
  /** The user: from the session, or without signal as saved in the copy. */
  me: Me | null;
  online: boolean;
  waiting: number;
  problems: number;
  pulledAt: string | null;
  syncing: boolean;
  /** Changes whenever the local copy changed, so views read it again. */
  revision: number;
  setUp: (pin: string) => Promise<void>;
  decline: () => void;
  unlock: (pin: string) => Promise<UnlockOutcome>;
  lock: () => void;
  syncNow: () => Promise<void>;
  /** Tells the views and the counter that the local copy was written to. */
  changed: () => void;
};

const OfflineContext = createContext<OfflineValue | null>(null);

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/**
 * The worker's offline copy for the whole app: asks for a PIN after the first sign-in on a device, unlocks it,
 * locks it on sign-out, on another user's session and after the idle time, and keeps it in step with the
 * server (push the outbox, then pull) only while the owner is signed in: without a session nothing is sent.
 */
export function OfflineProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const online = useOnline();
  const [copy, setCopy] = useState<LocalCopy | null>(null);
  const [vaultUser, setVaultUser] = useState<string | null>(null);
  /** The signed-in user whose device copy was looked for: until then, no PIN is asked. */
  const [checked, setChecked] = useState<string | null>(null);
  const [savedMe, setSavedMe] = useState<Me | null>(null);
  const [declined, setDeclined] = useState(() => sessionStorage.getItem(DECLINED_KEY));
  const [counts, setCounts] = useState({ waiting: 0, problems: 0 });
  const [pulledAt, setPulledAt] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [wiped, setWiped] = useState(false);
  const [revision, setRevision] = useState(0);
  const busy = useRef(false);

  const sessionMe = state.status === 'signedIn' ? state.me : null;
  const signedInOwner = sessionMe !== null && copy !== null && copy.owner === sessionMe.id;

  // Whose copy may be unlocked: the signed-in user's own; without signal, the last one used here.
  useEffect(() => {
    let live = true;
    const settle = (user: string | null) => live && setVaultUser(user);
    if (state.status === 'signedIn') {
      setCopy((current) => (current && current.owner !== state.me.id ? null : current));
      offline()
        .then(({ hasVault, offlineDb }) => hasVault(offlineDb(), state.me.id))
        .then((has) => {
          settle(has ? state.me.id : null);
          if (live) setChecked(state.me.id);
        });
    } else if (state.status === 'unreachable') {
      offline().then(async ({ hasVault, lastUser, offlineDb }) => {
        const user = await lastUser(offlineDb());
        settle(user && (await hasVault(offlineDb(), user)) ? user : null);
      });
    } else if (state.status === 'signedOut') {
      setCopy(null);
      settle(null);
    }
    return () => {
      live = false;
    };
  }, [state]);

  const changed = useCallback(() => setRevision((value) => value + 1), []);

  // The counter in the header, and the time of the copy, read again whenever the copy changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` says the copy's contents changed
  useEffect(() => {
    let live = true;
    if (!copy) {
      setCounts({ waiting: 0, problems: 0 });
      setPulledAt(null);
      setSavedMe(null);
      // Locked: the counts of changes waiting and of those needing attention are kept in clear, so the header
      // shows them before the PIN.
      if (vaultUser)
        offline()
          .then(({ offlineDb, outboxCounts }) => outboxCounts(offlineDb(), vaultUser))
          .then((counts) => live && setCounts(counts));
      return () => {
        live = false;
      };
    }
    Promise.all([offline().then(({ listOutbox }) => listOutbox(copy)), copy.readMeta<string>('pulledAt'), copy.readMeta<Me>('me')]).then(
      ([entries, at, me]) => {
        if (!live) return;
        const waiting = entries.filter((entry) => entry.status === 'waiting').length;
        setCounts({ waiting, problems: entries.length - waiting });
        setPulledAt(at ?? null);
        setSavedMe(me ?? null);
      },
    );
    return () => {
      live = false;
    };
  }, [copy, vaultUser, revision]);

  const syncNow = useCallback(async () => {
    if (!copy || !signedInOwner || busy.current) return;
    busy.current = true;
    setSyncing(true);
    try {
      const { deviceId, offlineDb, pull, push } = await offline();
      await push(copy, await deviceId(offlineDb()));
      await pull(copy);
      // The organisations a consent may name, as the online form offers them.
      const organisations = await listAll<Organisation>('/api/organisations');
      await copy.writeMeta(
        ORGANISATIONS,
        organisations.filter((organisation) => organisation.active).map(({ id, name }) => ({ id, name })),
      );
    } catch {
      // No signal or a server in trouble: everything stays queued and is tried again later.
    } finally {
      busy.current = false;
      setSyncing(false);
      changed();
    }
  }, [copy, signedInOwner, changed]);

  // The owner signed in: remember who they are (for work without signal), then sync now, every few minutes and on reconnecting.
  useEffect(() => {
    if (!signedInOwner || !copy || !sessionMe) return;
    copy.writeMeta('me', sessionMe).catch(() => {});
    syncNow();
    const timer = setInterval(syncNow, PULL_EVERY_MS);
    window.addEventListener('online', syncNow);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', syncNow);
    };
  }, [signedInOwner, copy, sessionMe, syncNow]);

  // Idle time: without a tap or a key for a while, the key is forgotten.
  useEffect(() => {
    if (!copy) return;
    const timer = idleTimer(IDLE_LOCK_MS, () => setCopy(null));
    const events = ['pointerdown', 'keydown', 'visibilitychange'] as const;
    for (const event of events) document.addEventListener(event, timer.touch, { passive: true });
    return () => {
      timer.stop();
      for (const event of events) document.removeEventListener(event, timer.touch);
    };
  }, [copy]);

  const setUp = useCallback(
    async (pin: string) => {
      if (!sessionMe) return;
      const { createVault, offlineDb } = await offline();
      const created = await createVault(offlineDb(), sessionMe.id, pin);
      setVaultUser(sessionMe.id);
      setCopy(created);
    },
    [sessionMe],
  );

  const decline = useCallback(() => {
    if (!sessionMe) return;
    sessionStorage.setItem(DECLINED_KEY, sessionMe.id);
    setDeclined(sessionMe.id);
  }, [sessionMe]);

  const unlock = useCallback(
    async (pin: string): Promise<UnlockOutcome> => {
      if (!vaultUser) return { status: 'none' };
      const { offlineDb, unlockVault } = await offline();
      const result = await unlockVault(offlineDb(), vaultUser, pin);
      if (result.status === 'unlocked') {
        setCopy(result.copy);
        return { status: 'unlocked' };
      }
      if (result.status === 'wiped' || result.status === 'none') setVaultUser(null);
      if (result.status === 'wiped') setWiped(true);
      return result;
    },
    [vaultUser],
  );

  const lock = useCallback(() => setCopy(null), []);

  const needsSetup =
    sessionMe !== null &&
    keepsOfflineCopy(actorOf(sessionMe)) &&
    vaultUser === null &&
    copy === null &&
    declined !== sessionMe.id &&
    checked === sessionMe.id;

  const value = useMemo<OfflineValue>(
    () => ({
      copy,
      vaultUser,
      needsSetup,
      wiped,
      me: sessionMe ?? savedMe,
      online,
      waiting: counts.waiting,
      problems: counts.problems,
      pulledAt,
      syncing,
      revision,
      setUp,
      decline,
      unlock,
      lock,
      syncNow,
      changed,
    }),
    [
      copy,
      vaultUser,
      needsSetup,
      wiped,
      sessionMe,
      savedMe,
      online,
      counts,
      pulledAt,
      syncing,
      revision,
      setUp,
      decline,
      unlock,
      lock,
      syncNow,
      changed,
    ],
  );
  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>;
}

export function useOffline(): OfflineValue {
  const value = useContext(OfflineContext);
  if (!value) throw new Error('useOffline outside OfflineProvider');
  return value;
}

/** The session, and the worker's offline copy that follows it. */
export function SessionWithOfflineCopy({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <OfflineProvider>{children}</OfflineProvider>
    </SessionProvider>
  );
}
