/// <reference types="vite-plugin-pwa/vanillajs" />

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n } from './i18n/index.ts';
import { preloadHomeOnSignIn } from './preload.ts';
import './styles.css';

/**
 * The service worker precaches the whole app shell (about a megabyte) for work without signal. On a slow
 * phone's first visit that download must not compete with the sign-in form, so it starts only once the
 * page has loaded, the first screen (`#main`: sign-in, the app, or "no connection") is shown, and the
 * browser is idle: typically while the worker types their password.
 */
function registerServiceWorkerAfterFirstScreen() {
  if (!('serviceWorker' in navigator)) return;
  // Its registration code (workbox-window) is itself loaded then, not with the first screen. A new version
  // takes over without reloading the page (no onNeedReload reload), so nothing being typed is lost.
  const register = () =>
    void import('virtual:pwa-register').then(({ registerSW }) => registerSW({ immediate: true, onNeedReload: () => {} }));
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 5_000 }) : setTimeout(register, 1_000);
  const whenShown = () => {
    if (document.getElementById('main')) return whenIdle();
    const observer = new MutationObserver(() => {
      if (!document.getElementById('main')) return;
      observer.disconnect();
      whenIdle();
    });
    observer.observe(document.getElementById('root')!, { childList: true, subtree: true });
  };
  if (document.readyState === 'complete') whenShown();
  else window.addEventListener('load', whenShown, { once: true });
}

preloadHomeOnSignIn();
const root = createRoot(document.getElementById('root')!);
initI18n().then(() => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  registerServiceWorkerAfterFirstScreen();
});
