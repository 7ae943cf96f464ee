import { OPEN_STATUSES } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { approvalsApi, casesApi, tasksApi } from '../../api/cases.ts';
import { useResource } from '../../components/useResource.ts';
import { useMe } from '../auth/session.tsx';
import { RISK_ORDER, RiskBadge } from '../cases/badges.tsx';
import { TaskLine } from '../cases/CaseTasks.tsx';

/** A worker's day at a glance: overdue and today's tasks, own open cases by stage; a supervisor's waiting approvals. */
export default function WorkOverview() {
  const { t } = useTranslation();
  const me = useMe();
  const supervisor = me.roles.includes('supervisor');
  const tasks = useResource(
    () => Promise.all([tasksApi.list({ assignee: 'me', due: 'overdue' }), tasksApi.list({ assignee: 'me', due: 'today' })]),
    [],
  );
  const cases = useResource(() => casesApi.list({ assignee: 'me' }), []);
  const approvals = useResource(() => (supervisor ? approvalsApi.mine() : Promise.resolve({ items: [], nextCursor: null })), [supervisor]);
  const urgent = tasks.data ? [...tasks.data[0].items, ...tasks.data[1].items] : [];
  const waiting = (approvals.data?.items ?? []).filter((item) => item.status === 'pending' && item.assignedTo === me.id);
  const open = (cases.data?.items ?? []).filter((item) => (OPEN_STATUSES as readonly string[]).includes(item.status));

  return (
    <>
      {supervisor && (
        <section className="card" aria-labelledby="home-approvals">
          <h2 id="home-approvals">{t('approvals.title')}</h2>
          <p>
            <Link to="/cases/approvals">{t('home.approvalsWaiting', { count: waiting.length })}</Link>
          </p>
        </section>
      )}
      <section className="card" aria-labelledby="home-tasks">
        <h2 id="home-tasks">{t('home.tasksToday')}</h2>
        {tasks.data && urgent.length === 0 && <p className="empty">{t('tasks.none')}</p>}
        <ul className="task-list">
          {urgent.map((task) => (
            <TaskLine key={task.id} task={task}>
              <Link to={`/cases/${task.caseId}`}>{task.caseNumber ?? t('approvals.case')}</Link>
            </TaskLine>
          ))}
        </ul>
        <Link to="/tasks">{t('home.allTasks')}</Link>
      </section>
      {open.length > 0 && (
        <section className="card" aria-labelledby="home-cases">
          <h2 id="home-cases">{t('home.myCases')}</h2>
          {OPEN_STATUSES.map((status) => {
            const list = open.filter((item) => item.status === status);
            if (list.length === 0) return null;
            list.sort((a, b) => (RISK_ORDER[a.riskLevel ?? ''] ?? 4) - (RISK_ORDER[b.riskLevel ?? ''] ?? 4));
            return (
              <div key={status}>
                <h3>{t(`enum.caseStatus.${status}`)}</h3>
                <ul className="case-list">
                  {list.map((item) => (
                    <li key={item.id} className="case-row">
                      <div className="case-row__main">
                        <Link to={`/cases/${item.id}`} className="case-row__number">
                          {item.number}
                        </Link>
                        <span>{item.familyHeadName}</span>
                      </div>
                      <RiskBadge risk={item.riskLevel} />
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
      )}
    </>
  );
}
