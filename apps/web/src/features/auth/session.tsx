import { type Actor, isLocale, type Locale } from '@hamkor/domain';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, configureApi, csrf } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { changeLocale, currentLocale } from '../../i18n/index.ts';
import { rememberSignOut, sendPendingSignOut, signOutPending } from '../../offline/signOut.ts';

/** `unreachable`: the server could not be asked (no signal); that says nothing about the session. */
type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'signedOut'; ended: boolean }
  | { status: 'signedIn'; me: Me; enrolmentRequired?: boolean };

/** `enrolmentRequired`: the user's role needs a second factor they have not set up; the session may only do that. */
type SignedIn = { user: Me; csrfToken: string; enrolmentRequired: boolean };
/** What the sign-in form sends besides the password, once the server has asked for a second factor. */
export type SecondFactor = { totp?: string; rememberDevice?: boolean };

type SessionValue = {
  state: SessionState;
  /** Asks the server again after it could not be reached. */
  retry: () => void;
  signIn: (username: string, password: string, factor?: SecondFactor) => Promise<void>;
  /** The second factor is now on: the session may do everything. */
  enrolled: () => void;
  signOut: () => Promise<void>;
  setLocale: (locale: Locale) => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in user as the access policy of @hamkor/domain sees them. */
export function actorOf(me: Me): Actor {
  return {
    id: me.id,
    organisationId: me.organisationId,
    roles: me.roles,
    scope: me.scope,
    territories: me.organisation?.territories ?? [],
  };
}

async function adoptSavedLocale(me: Me): Promise<void> {
  if (isLocale(me.locale) && me.locale !== currentLocale()) await changeLocale(me.locale);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // Every tab starts by asking the server: a live session cookie gives it the user and the CSRF token.
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const current = useRef(state);
  current.current = state;

  useEffect(() => {
    configureApi({
      language: currentLocale,
      onSessionLost: () => {
        csrf.clear();
        setState({ status: 'signedOut', ended: true });
      },
      recoverToken: async () => {
        const shown = current.current.status === 'signedIn' ? current.current.me.id : null;
        try {
          const session = await api.get<SignedIn>('/api/auth/session');
          csrf.set(session.csrfToken);
          if (session.user.id === shown) return true;
          // The cookie now belongs to someone else (signed in from another tab): show their session, send nothing.
          setState({ status: 'signedIn', me: session.user, enrolmentRequired: session.enrolmentRequired });
          return false;
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) {
            csrf.clear();
            setState({ status: 'signedOut', ended: shown !== null });
          }
          return false;
        }
      },
    });
  }, []);

  useEffect(() => {
    if (state.status !== 'loading') return;
    // A sign-out made without signal goes first: the session it ends is not taken up again.
    sendPendingSignOut()
      .then(() => api.get<SignedIn>('/api/auth/session'))
      .then(async (session) => {
        csrf.set(session.csrfToken);
        await adoptSavedLocale(session.user);
        setState({ status: 'signedIn', me: session.user, enrolmentRequired: session.enrolmentRequired });
      })
      .catch((error: unknown) => {
        // Only the server saying so means signed out; no signal, or a server in trouble, is asked again later.
        if (error instanceof ApiError && error.status === 401) {
          csrf.clear();
          setState({ status: 'signedOut', ended: false });
        } else setState({ status: 'unreachable' });
      });
  }, [state.status]);

  const retry = useCallback(() => setState((now) => (now.status === 'unreachable' ? { status: 'loading' } : now)), []);

  // Back online: ask again without waiting for a tap.
  useEffect(() => {
    if (state.status !== 'unreachable') return;
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [state.status, retry]);

  // Signed out without signal: the server's session is ended as soon as the signal returns.
  useEffect(() => {
    if (state.status !== 'signedOut' || !signOutPending()) return;
    const send = () => sendPendingSignOut().catch(() => {});
    window.addEventListener('online', send);
    return () => window.removeEventListener('online', send);
  }, [state.status]);

  const signIn = useCallback(async (username: string, password: string, factor: SecondFactor = {}) => {
    await sendPendingSignOut();
    const result = await api.post<SignedIn>('/api/auth/login', { username, password, ...factor });
    csrf.set(result.csrfToken);
    await adoptSavedLocale(result.user);
    setState({ status: 'signedIn', me: result.user, enrolmentRequired: result.enrolmentRequired });
  }, []);

  const enrolled = useCallback(() => setState((now) => (now.status === 'signedIn' ? { ...now, enrolmentRequired: false } : now)), []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } catch (error) {
      // No signal, or a server in trouble: the session is ended once it can be (a refusal says it already ended).
      if (!(error instanceof ApiError && (error.status === 0 || error.status >= 500))) throw error;
      rememberSignOut();
    } finally {
      csrf.clear();
      setState({ status: 'signedOut', ended: false });
    }
  }, []);

  const setLocale = useCallback(
    async (locale: Locale) => {
      await changeLocale(locale);
      if (state.status !== 'signedIn') return;
      const me = await api.patch<Me>('/api/me', { locale });
      setState((now) => ({ status: 'signedIn', me, enrolmentRequired: now.status === 'signedIn' && now.enrolmentRequired }));
    },
    [state.status],
  );

  const value = useMemo(
    () => ({ state, retry, signIn, enrolled, signOut, setLocale }),
    [state, retry, signIn, enrolled, signOut, setLocale],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For pages inside the signed-in shell, where a user is always present. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe outside the signed-in shell');
  return state.me;
}
