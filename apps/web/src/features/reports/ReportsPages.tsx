import { mayEver } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { actorOf, useMe } from '../auth/session.tsx';
import { ManagerDashboard } from '../dashboards/ManagerDashboard.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { ReportPage } from './ReportPage.tsx';
import '../dashboards/dashboards.css';

function ReportsTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('reports.sections')}>
      <ul>
        <li>
          <NavLink to="/reports" end>
            {t('reports.overview')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/reports/tables">{t('reports.tables')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

function Overview() {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${t('reports.overview')} · ${t('app.name')}`}</title>
      <h1>{t('nav.reports')}</h1>
      <ReportsTabs />
      <ManagerDashboard />
    </>
  );
}

function Tables() {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${t('reports.tables')} · ${t('app.name')}`}</title>
      <h1>{t('nav.reports')}</h1>
      <ReportsTabs />
      <ReportPage />
    </>
  );
}

/** The Reports section, loaded when first opened: figures of a territory, and each report as a table with exports. */
export default function ReportsPages() {
  const actor = actorOf(useMe());
  if (!mayEver(actor, 'report.read')) return <NotFoundPage />;
  return (
    <Routes>
      <Route index element={<Overview />} />
      <Route path="tables" element={<Tables />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
