import { ApiError, api, csrf } from '../api/client.ts';

/**
 * A sign-out made without signal: the server's session is still alive, so the device remembers to end it
 * (a flag, nothing about the user) and does so as soon as the signal returns, before anything else is sent.
 * Kept apart from the offline copy's code so the sign-in page can load it at once.
 */
const PENDING = 'hamkor.signOutPending';

export const signOutPending = (): boolean => localStorage.getItem(PENDING) === '1';

export function rememberSignOut(): void {
  localStorage.setItem(PENDING, '1');
}

/** Ends the session a sign-out without signal left alive; throws (and keeps it pending) while there is no signal. */
export async function sendPendingSignOut(): Promise<void> {
  if (!signOutPending()) return;
  try {
    // The tab's CSRF token went with the sign-out: the live session gives it again.
    const session = await api.get<{ csrfToken: string }>('/api/auth/session');
    csrf.set(session.csrfToken);
    await api.post('/api/auth/logout');
  } catch (error) {
    // 401: the session had ended meanwhile (expired, or signed out from another tab); nothing left to do.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  csrf.clear();
  localStorage.removeItem(PENDING);
}
