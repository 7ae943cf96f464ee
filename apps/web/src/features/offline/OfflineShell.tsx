import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LogoMark } from '../../components/icons.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useSession } from '../auth/session.tsx';
import { Unreachable } from '../auth/Unreachable.tsx';
import { LanguageSwitcher } from '../shell/LanguageSwitcher.tsx';
import { useOffline } from './OfflineProvider.tsx';
import { UnlockForm } from './PinForms.tsx';
import './offline.css';

// The offline pages (and Dexie under them) load only when the copy is opened.
const loadPages = () => import('./OfflinePages.tsx');
const OfflinePages = lazy(() => loadPages().then((module) => ({ default: module.OfflineRoutes })));

function OfflineRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <OfflinePages />
    </Suspense>
  );
}

/** The header's count of changes kept on this device, linking to their list. */
export function SyncStatus() {
  const { t } = useTranslation();
  const { waiting, problems, syncing } = useOffline();
  // Locked, the two counts are known (kept in clear); the list behind the link asks for the PIN.
  if (waiting === 0 && problems === 0 && !syncing) return null;
  return (
    // Short marks with the full words for screen readers: the phone's header has little room beside the menu.
    <Link to="/sync/outbox" className="sync-status" data-testid="sync-status" aria-live="polite">
      {syncing && <span className="visually-hidden">{t('offline.status.syncing')}</span>}
      {waiting > 0 && (
        <span className="badge" data-testid="sync-waiting" title={t('offline.status.waiting', { count: waiting })}>
          <span aria-hidden="true">↑ {waiting}</span>
          <span className="visually-hidden">{t('offline.status.waiting', { count: waiting })}</span>
        </span>
      )}
      {problems > 0 && (
        <span className="badge badge--danger" data-testid="sync-problems" title={t('offline.status.problems', { count: problems })}>
          <span aria-hidden="true">! {problems}</span>
          <span className="visually-hidden">{t('offline.status.problems', { count: problems })}</span>
        </span>
      )}
    </Link>
  );
}

/** Sign-out that warns about changes not sent yet; they stay encrypted for this user's next sign-in here. */
export function SignOutButton({ className }: { className: string }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const { waiting, lock } = useOffline();
  const [asking, setAsking] = useState(false);
  const leave = () => {
    setAsking(false);
    lock();
    signOut().catch(() => {});
  };
  return (
    <>
      <button type="button" className={className} onClick={() => (waiting > 0 ? setAsking(true) : leave())}>
        {t('auth.signOut')}
      </button>
      {asking && (
        <Modal title={t('offline.signOut.title')} onClose={() => setAsking(false)}>
          <p>{t('offline.signOut.body', { count: waiting })}</p>
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={leave}>
              {t('offline.signOut.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}

/** The page area of the signed-in shell: the offline copy's pages while the browser has no network, else the page. */
export function OfflineAwareOutlet() {
  const { copy, online } = useOffline();
  // Fetched while there is signal, so the pages are at hand when it goes (the service worker may not hold them yet).
  useEffect(() => {
    if (copy) loadPages().catch(() => {});
  }, [copy]);
  return copy && !online ? <OfflineRoutes /> : <Outlet />;
}

/**
 * The app when the server cannot be reached (a reload without signal): the PIN opens the caseload kept on
 * this device; without a copy here, the "cannot reach the server" page as before. Nothing is sent until
 * the session is confirmed by the server once the signal returns.
 */
export function OfflineShell() {
  const { t } = useTranslation();
  const { vaultUser, copy, lock, wiped } = useOffline();
  const { retry } = useSession();
  if (!vaultUser && wiped)
    return (
      <main id="main" className="sign-in__main" tabIndex={-1}>
        <div className="sign-in__card card">
          <div className="notice notice--error" role="alert">
            {t('offline.unlock.wiped')}
          </div>
          <button type="button" className="button button--primary button--block" onClick={retry}>
            {t('auth.retry')}
          </button>
        </div>
      </main>
    );
  if (!vaultUser) return <Unreachable />;
  if (!copy)
    return (
      <main id="main" className="sign-in__main" tabIndex={-1}>
        <div className="sign-in__card card">
          <h1>{t('offline.unlock.title')}</h1>
          <div className="notice notice--warning">{t('errors.network')}</div>
          <SyncStatus />
          <UnlockForm intro={t('offline.unlock.body')} />
          <button type="button" className="button button--block" onClick={retry}>
            {t('auth.retry')}
          </button>
        </div>
      </main>
    );
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__inner offline-header">
          <Link to="/" className="brand">
            <LogoMark />
            <span>{t('app.name')}</span>
          </Link>
          <SyncStatus />
          <LanguageSwitcher className="language--header" />
          <button type="button" className="button button--header" onClick={lock}>
            {t('offline.lock')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        <OfflineRoutes />
      </main>
    </div>
  );
}
