import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { actorOf, useMe } from '../auth/session.tsx';
import { dashboardFor } from '../dashboards/kind.ts';
import { mayOpenSection, SECTIONS } from '../shell/nav.ts';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';

// The dashboard of the user's role needs its API module, charts and labels: it loads after the first screen.
const RoleDashboard = lazy(() => import('../dashboards/RoleDashboard.tsx'));

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const territoryName = useTerritoryNames([me.scope.territoryCode]);
  const territory = me.scope.territoryCode ? territoryName(me.scope.territoryCode) : '';
  return (
    <>
      <title>{`${t('nav.home')} · ${t('app.name')}`}</title>
      <h1>{t('home.welcome', { name: me.displayName })}</h1>
      <p className="lead">{t('home.intro')}</p>
      {dashboardFor(actorOf(me)) && (
        <Suspense fallback={null}>
          <RoleDashboard />
        </Suspense>
      )}
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('home.profile')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('home.organisation')}</dt>
            <dd>{me.organisation?.name ?? t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('home.roles')}</dt>
            <dd>{me.roles.map((role) => t(`enum.role.${role}`)).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('home.scope')}</dt>
            <dd>
              {t(`enum.scope.${me.scope.level}`)}
              {territory && ` — ${territory}`}
            </dd>
          </div>
        </dl>
      </section>
      <h2>{t('home.sections')}</h2>
      <ul className="tiles">
        {SECTIONS.filter((section) => mayOpenSection(actorOf(me), section)).map((section) => (
          <li key={section}>
            <Link to={`/${section}`} className="tile">
              <span className="tile__title">{t(`nav.${section}`)}</span>
              <span className="tile__text">{t(`sections.${section}.description`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
