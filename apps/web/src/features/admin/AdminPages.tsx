import { mayEver } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { actorOf, useMe } from '../auth/session.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { MahallasPage } from './MahallasPage.tsx';
import { OrganisationsPage } from './OrganisationsPage.tsx';
import { UsersPage } from './UsersPage.tsx';

/** Administration: the tabs the signed-in user may use, each a page of its own. */
export default function AdminPages() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const tabs = [
    {
      path: 'organisations',
      label: t('admin.tabs.organisations'),
      allowed: mayEver(actor, 'organisation.create'),
      page: <OrganisationsPage />,
    },
    { path: 'users', label: t('admin.tabs.users'), allowed: mayEver(actor, 'user.create'), page: <UsersPage /> },
    { path: 'mahallas', label: t('admin.tabs.mahallas'), allowed: mayEver(actor, 'mahalla.manage'), page: <MahallasPage /> },
  ].filter((tab) => tab.allowed);
  if (!tabs[0]) return <NotFoundPage />;

  return (
    <>
      <h1>{t('nav.administration')}</h1>
      <nav className="tabs" aria-label={t('admin.tabs.label')}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.path}>
              <NavLink to={`/admin/${tab.path}`}>{tab.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to={tabs[0].path} replace />} />
        {tabs.map((tab) => (
          <Route key={tab.path} path={tab.path} element={tab.page} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
