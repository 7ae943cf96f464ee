import { EMERGENCY_ROLES, hasRole, mayEver } from '@hamkor/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, useLocation } from 'react-router';
import { LogoMark, MenuIcon } from '../../components/icons.tsx';
import { actorOf, useSession } from '../auth/session.tsx';
import { OfflineAwareOutlet, OfflineShell, SignOutButton, SyncStatus } from '../offline/OfflineShell.tsx';
import { OfflinePrompt } from '../offline/PinForms.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { mayAdminister, mayOpenSection, SECTIONS } from './nav.ts';

/** The signed-in frame: header with the user and language, the main menu, and the page. */
export function AppShell() {
  const { t } = useTranslation();
  const { state } = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // A new page: close the phone menu and bring focus to the content, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
    if (location.pathname !== firstPath.current) main.current?.focus();
    firstPath.current = '';
  }, [location.pathname]);

  // Escape closes the phone menu and returns focus to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  if (state.status === 'loading') return null;
  if (state.status === 'unreachable') return <OfflineShell />;
  if (state.status === 'signedOut') return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  const { me } = state;
  // A role that must have a second factor, signed in without one: the Security page only, until it is set up.
  if (state.enrolmentRequired && location.pathname !== '/security') return <Navigate to="/security" replace />;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to="/" className="brand">
            <LogoMark />
            <span>{t('app.name')}</span>
          </Link>
          <SyncStatus />
          <button
            ref={menuButton}
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="app-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <MenuIcon />
            <span>{t('a11y.menu')}</span>
          </button>
          <div id="app-menu" className={menuOpen ? 'app-menu app-menu--open' : 'app-menu'}>
            <nav className="main-nav" aria-label={t('a11y.mainNav')}>
              <ul>
                <li>
                  <NavLink to="/" end>
                    {t('nav.home')}
                  </NavLink>
                </li>
                {SECTIONS.filter((section) => mayOpenSection(actorOf(me), section)).map((section) => (
                  <li key={section}>
                    <NavLink to={`/${section}`}>{t(`nav.${section}`)}</NavLink>
                  </li>
                ))}
                {hasRole(actorOf(me), ...EMERGENCY_ROLES, 'auditor') && (
                  <li>
                    <NavLink to="/access">{t('nav.access')}</NavLink>
                  </li>
                )}
                {mayEver(actorOf(me), 'audit.read') && (
                  <li>
                    <NavLink to="/audit">{t('nav.audit')}</NavLink>
                  </li>
                )}
                {mayEver(actorOf(me), 'retention.manage') && (
                  <li>
                    <NavLink to="/retention">{t('nav.retention')}</NavLink>
                  </li>
                )}
                {mayAdminister(actorOf(me)) && (
                  <li>
                    <NavLink to="/admin">{t('nav.administration')}</NavLink>
                  </li>
                )}
              </ul>
            </nav>
            <div className="account">
              <p className="account__who" data-testid="current-user">
                <span className="account__name">{me.displayName}</span>
                {me.organisation && <span className="account__org">{me.organisation.name}</span>}
              </p>
              {(mayEver(actorOf(me), 'case.read') || mayEver(actorOf(me), 'referral.respond')) && <NotificationBell />}
              <LanguageSwitcher className="language--header" />
              <Link to="/security" className="button button--header">
                {t('nav.security')}
              </Link>
              <Link to="/reminders" className="button button--header">
                {t('nav.reminders')}
              </Link>
              <SignOutButton className="button button--header" />
            </div>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="app-main">
        <OfflinePrompt />
        <OfflineAwareOutlet />
      </main>
      <footer className="app-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}
