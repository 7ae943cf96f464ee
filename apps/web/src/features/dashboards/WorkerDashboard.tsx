import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dashboardsApi, type WorkerDashboardOut } from '../../api/reports.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';
import { CountTable } from './CountTable.tsx';
import { Figure } from './Figure.tsx';
import { RISK_COLOURS } from './figures.ts';
import { dayText, useFormat } from './format.ts';
import { Stats } from './Stats.tsx';

type Data = WorkerDashboardOut;
type NextTask = Data['tasks']['next'][number];

const dueText = (task: NextTask) =>
  task.dueAt ? `${formatDate(task.dueAt)} ${formatTime(task.dueAt)}` : task.dueDate ? dayText(task.dueDate) : '';

// A worker's home is the screen a slow phone opens most: its figures start as tables, so chart.js is fetched
// only when the worker asks for a chart.
function Caseload({ caseload }: { caseload: Data['caseload'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const statuses = caseload.byStatus.map((item) => ({ key: item.key, label: t(`enum.caseStatus.${item.key}`), count: item.count }));
  const risks = caseload.byRisk.map((item) => ({
    key: item.key,
    label: item.key === 'none' ? t('cases.riskUnknown') : t(`enum.risk.${item.key}`),
    count: item.count,
  }));
  const byStatus = t('dashboards.worker.byStatus');
  const byRisk = t('dashboards.worker.byRisk');
  return (
    <>
      <Figure
        initialView="table"
        title={byStatus}
        name="caseload-by-status"
        chart={{
          type: 'bar',
          labels: statuses.map((s) => s.label),
          series: [{ label: t('dashboards.cases'), values: statuses.map((s) => s.count) }],
        }}
        table={
          <CountTable
            caption={byStatus}
            headings={[t('dashboards.status'), t('dashboards.cases')]}
            rows={statuses.map((s) => ({ key: s.key, label: s.label, counts: [s.count] }))}
            testId="worker-by-status"
          />
        }
      >
        <p>
          {t('dashboards.worker.total', { n: format.count(caseload.total) })} <Link to="/cases">{t('dashboards.worker.openCaseload')}</Link>
        </p>
      </Figure>
      <Figure
        initialView="table"
        title={byRisk}
        name="caseload-by-risk"
        chart={{
          type: 'doughnut',
          labels: risks.map((r) => r.label),
          series: [{ label: t('dashboards.cases'), values: risks.map((r) => r.count) }],
          colours: risks.map((r) => RISK_COLOURS[r.key] ?? '#8a96a1'),
        }}
        table={
          <CountTable
            caption={byRisk}
            headings={[t('dashboards.risk'), t('dashboards.cases')]}
            rows={risks.map((r) => ({ key: r.key, label: r.label, counts: [r.count] }))}
            testId="worker-by-risk"
          />
        }
      />
    </>
  );
}

function Tasks({ tasks }: { tasks: Data['tasks'] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-tasks">
      <h2 id="dash-tasks">{t('dashboards.worker.tasks')}</h2>
      <Stats
        testId="worker-tasks"
        items={[
          { key: 'overdue', label: t('enum.due.overdue'), value: tasks.overdue, tone: 'danger' },
          { key: 'today', label: t('enum.due.today'), value: tasks.today, tone: 'warning' },
          { key: 'upcoming', label: t('enum.due.upcoming'), value: tasks.upcoming },
        ]}
      />
      {tasks.next.length === 0 ? (
        <p className="empty">{t('tasks.none')}</p>
      ) : (
        <ul className="task-list">
          {tasks.next.map((task) => (
            <li key={task.id} className={`task task--${task.due}`}>
              <span className="task__title">{task.title}</span>
              <Link to={`/cases/${task.caseId}`}>{task.caseNumber}</Link>
              <span className="task__due">
                {t('tasks.due', { date: dueText(task) })}
                <span className={`badge due due--${task.due}`}> {t(`enum.due.${task.due}`)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link to="/tasks">{t('home.allTasks')}</Link>
    </section>
  );
}

function Referrals({ referrals }: { referrals: Data['referralsAwaiting'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="dash-referrals">
      <h2 id="dash-referrals">{t('dashboards.worker.referralsAwaiting', { n: format.count(referrals.count) })}</h2>
      {referrals.items.length === 0 ? (
        <p className="empty">{t('dashboards.worker.noReferralsAwaiting')}</p>
      ) : (
        <ul className="case-list" data-testid="worker-referrals">
          {referrals.items.map((item) => (
            <li key={item.id} className="case-row">
              <div className="case-row__main">
                <Link to={`/cases/${item.caseId}`} className="case-row__number">
                  {item.caseNumber}
                </Link>
                <span>{item.toOrganisationName}</span>
              </div>
              <div className="case-row__marks">
                <span className="muted">{t('dashboards.worker.sentOn', { date: dayText(item.sentAt) })}</span>
                <span className="badge">{t(`enum.urgency.${item.urgency}`)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A social worker's own work at a glance: caseload by stage and risk, tasks due, referrals not yet answered. */
export function WorkerDashboard() {
  const { t } = useTranslation();
  // Deadline task titles come translated in the language saved on the account.
  const { locale } = useMe();
  const data = useResource(() => dashboardsApi.worker(), [locale]);
  if (data.error) return <FormAlert message={errorText(t, data.error)} />;
  if (!data.data) return <Loading />;
  return (
    <div className="dashboard" data-testid="worker-dashboard">
      <Tasks tasks={data.data.tasks} />
      <div className="dashboard__grid">
        <Caseload caseload={data.data.caseload} />
      </div>
      <Referrals referrals={data.data.referralsAwaiting} />
    </div>
  );
}
