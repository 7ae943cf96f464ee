import { RISK_LEVELS } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dashboardsApi, type SupervisorDashboardOut } from '../../api/reports.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { RiskBadge } from '../cases/badges.tsx';
import { CountTable } from './CountTable.tsx';
import { Figure } from './Figure.tsx';
import { RISK_COLOURS } from './figures.ts';
import { dayText, useFormat } from './format.ts';
import { Stats } from './Stats.tsx';

type Data = SupervisorDashboardOut;
const RISK_KEYS = [...RISK_LEVELS, 'none'] as const;
const NO_CONTACT_DAYS = [7, 14, 30, 60];

function Team({ workers }: { workers: Data['workers'] }) {
  const { t } = useTranslation();
  const title = t('dashboards.supervisor.team');
  const riskLabel = (key: (typeof RISK_KEYS)[number]) => (key === 'none' ? t('cases.riskUnknown') : t(`enum.risk.${key}`));
  return (
    <Figure
      title={title}
      name="team-caseload"
      chart={
        workers.length
          ? {
              type: 'bar',
              horizontal: true,
              stacked: true,
              labels: workers.map((w) => w.displayName),
              series: RISK_KEYS.map((key) => ({ label: riskLabel(key), values: workers.map((w) => w.byRisk[key]) })),
              colours: RISK_KEYS.map((key) => RISK_COLOURS[key] ?? '#8a96a1'),
            }
          : null
      }
      table={
        <CountTable
          caption={title}
          headings={[
            t('dashboards.supervisor.worker'),
            t('dashboards.supervisor.open'),
            ...RISK_KEYS.map(riskLabel),
            t('dashboards.supervisor.overdueTasks'),
          ]}
          rows={workers.map((w) => ({
            key: w.userId,
            label: w.displayName,
            counts: [w.open, ...RISK_KEYS.map((key) => w.byRisk[key]), w.overdueTasks],
          }))}
          testId="team-caseload"
        />
      }
    />
  );
}

function Overdue({ overdue }: { overdue: Data['overdue'] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-overdue">
      <h2 id="dash-overdue">{t('dashboards.supervisor.overdue')}</h2>
      <Stats
        testId="overdue-counts"
        items={(['assessments', 'plans', 'reviews'] as const).map((key) => ({
          key,
          label: t(`dashboards.supervisor.overdueKind.${key}`),
          value: overdue[key],
          tone: 'danger' as const,
        }))}
      />
      {overdue.items.length > 0 && (
        <ul className="case-list" data-testid="overdue-items">
          {overdue.items.map((item) => (
            <li key={`${item.caseId}-${item.kind}`} className="case-row">
              <div className="case-row__main">
                <Link to={`/cases/${item.caseId}`} className="case-row__number">
                  {item.caseNumber}
                </Link>
                <span>{t(`dashboards.supervisor.overdueItem.${item.kind}`)}</span>
                <span className="case-row__worker">{item.assigneeName ?? t('cases.unassigned')}</span>
              </div>
              <span className="badge badge--danger">{t('dashboards.supervisor.dueSince', { date: dayText(item.dueDate) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Approvals({ approvals }: { approvals: Data['pendingApprovals'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="dash-approvals">
      <h2 id="dash-approvals">{t('dashboards.supervisor.approvals', { n: format.count(approvals.count) })}</h2>
      <Stats
        testId="pending-approvals"
        items={approvals.byKind.map((item) => ({ key: item.key, label: t(`enum.approvalKind.${item.key}`), value: item.count }))}
      />
      <Link to="/cases/approvals">{t('dashboards.supervisor.openApprovals')}</Link>
    </section>
  );
}

function NoContact({ noContact, days, onDays }: { noContact: Data['noContact']; days: number; onDays: (days: number) => void }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-no-contact">
      <h2 id="dash-no-contact">{t('dashboards.supervisor.noContact')}</h2>
      <div className="filters">
        <SelectField
          label={t('dashboards.supervisor.noContactFor')}
          value={String(days)}
          onChange={(value) => onDays(Number(value))}
          options={NO_CONTACT_DAYS.map((n) => ({ value: String(n), label: t('dashboards.supervisor.days', { n }) }))}
          required
        />
      </div>
      {noContact.items.length === 0 ? (
        <p className="empty">{t('dashboards.supervisor.allContacted')}</p>
      ) : (
        <ul className="case-list" data-testid="no-contact">
          {noContact.items.map((item) => (
            <li key={item.caseId} className="case-row">
              <div className="case-row__main">
                <Link to={`/cases/${item.caseId}`} className="case-row__number">
                  {item.caseNumber}
                </Link>
                <span className="case-row__worker">{item.assigneeName ?? t('cases.unassigned')}</span>
              </div>
              <div className="case-row__marks">
                <span className="muted">
                  {item.lastContact
                    ? t('dashboards.supervisor.lastContact', { date: dayText(item.lastContact) })
                    : t('dashboards.supervisor.neverContacted')}
                </span>
                <RiskBadge risk={item.riskLevel} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A supervisor's team: caseload per worker, what is overdue, what waits for approval, who has not been seen. */
export function SupervisorDashboard() {
  const { t } = useTranslation();
  const [days, setDays] = useState(14);
  const data = useResource(() => dashboardsApi.supervisor(days), [days]);
  if (data.error) return <FormAlert message={errorText(t, data.error)} />;
  if (!data.data) return <Loading />;
  return (
    <div className="dashboard" data-testid="supervisor-dashboard">
      <Team workers={data.data.workers} />
      <div className="dashboard__grid">
        <Overdue overdue={data.data.overdue} />
        <Approvals approvals={data.data.pendingApprovals} />
      </div>
      <NoContact noContact={data.data.noContact} days={days} onDays={setDays} />
      <p>
        <Link to="/reports">{t('dashboards.supervisor.figures')}</Link>
      </p>
    </div>
  );
}
