import { DUE_CLASSES } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tasksApi } from '../../api/cases.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { TaskLine, useMarkDone } from '../cases/CaseTasks.tsx';

/** The signed-in worker's open tasks: overdue first, then today's, then what comes next. */
export default function TasksPage() {
  const { t } = useTranslation();
  const tasks = useResource(() => Promise.all(DUE_CLASSES.map((due) => tasksApi.list({ assignee: 'me', due }))), []);
  const { error, markDone } = useMarkDone(tasks.reload);
  return (
    <>
      <title>{`${t('nav.tasks')} · ${t('app.name')}`}</title>
      <h1>{t('tasks.heading')}</h1>
      <FormAlert message={error ?? (tasks.error ? errorText(t, tasks.error) : null)} />
      {tasks.loading && !tasks.data && <Loading />}
      {tasks.data &&
        DUE_CLASSES.map((due, index) => (
          <section key={due} className="card" aria-labelledby={`tasks-${due}`}>
            <h2 id={`tasks-${due}`}>{t(`tasks.group.${due}`)}</h2>
            {tasks.data?.[index]?.items.length === 0 && <p className="empty">{t('tasks.none')}</p>}
            <ul className="task-list">
              {tasks.data?.[index]?.items.map((task) => (
                <TaskLine key={task.id} task={task} onDone={markDone}>
                  <Link to={`/cases/${task.caseId}`}>{task.caseNumber ?? t('approvals.case')}</Link>
                </TaskLine>
              ))}
            </ul>
          </section>
        ))}
    </>
  );
}
