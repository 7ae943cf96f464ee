import { loadAllMessages } from './i18n/index.ts';

/**
 * Pressing "sign in" starts fetching the signed-in shell, the home page and its dashboard (and the interface's
 * messages, if they have not come yet) while the server checks the password. Left to React, each is requested
 * only once the one before has rendered: on a slow phone a round trip of 400 ms or more apiece, one after
 * another, after the sign-in's own.
 */
export function preloadHomeOnSignIn(): void {
  document.addEventListener(
    'submit',
    () => {
      if (window.location.pathname !== '/sign-in') return;
      void import('./features/shell/AppShell.tsx');
      void import('./features/home/HomePage.tsx');
      void import('./features/dashboards/RoleDashboard.tsx');
      // Already on its way since the form was shown; asked again in case that download failed.
      loadAllMessages().catch(() => {});
    },
    { capture: true },
  );
}
