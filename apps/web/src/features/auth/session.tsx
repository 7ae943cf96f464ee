import { type Actor, isLocale, type Locale } from '@hamkor/domain';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, configureApi, csrf } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { changeLocale, currentLocale } from '../../i18n/index.ts';

type SessionState = { status: 'loading' } | { status: 'signedOut'; ended: boolean } | { status: 'signedIn'; me: Me };

type SessionValue = {
  state: SessionState;
  signIn: (username: string, password: string) => Promise<void>;
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
  const [state, setState] = useState<SessionState>(() => (csrf.get() ? { status: 'loading' } : { status: 'signedOut', ended: false }));

  useEffect(() => {
    configureApi({
      language: currentLocale,
      onSessionLost: () => {
        csrf.clear();
        setState({ status: 'signedOut', ended: true });
      },
    });
  }, []);

  useEffect(() => {
    if (state.status !== 'loading') return;
    api
      .get<Me>('/api/me')
      .then(async (me) => {
        await adoptSavedLocale(me);
        setState({ status: 'signedIn', me });
      })
      .catch(() => {
        csrf.clear();
        setState({ status: 'signedOut', ended: false });
      });
  }, [state.status]);

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await api.post<{ user: Me; csrfToken: string }>('/api/auth/login', { username, password });
    csrf.set(result.csrfToken);
    await adoptSavedLocale(result.user);
    setState({ status: 'signedIn', me: result.user });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
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
      setState({ status: 'signedIn', me });
    },
    [state.status],
  );

  const value = useMemo(() => ({ state, signIn, signOut, setLocale }), [state, signIn, signOut, setLocale]);
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
