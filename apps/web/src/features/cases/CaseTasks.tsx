import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseDetail, casesApi, type Task, tasksApi } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, TextField } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { DateField } from './DateField.tsx';

export function dueText(task: Task): string {
  return task.dueDate ? formatIsoDate(task.dueDate) : task.dueAt ? formatDate(task.dueAt) : '';
}

export function TaskLine({ task, onDone, children }: { task: Task; onDone?: (task: Task) => void; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <li className={`task task--${task.due ?? task.status}`}>
      <span className="task__title">{task.title}</span>
      {children}
      <span className="task__due">
        {t('tasks.due', { date: dueText(task) })}
        {task.due && <span className={`badge due due--${task.due}`}> {t(`enum.due.${task.due}`)}</span>}
        {task.status !== 'open' && <span className="badge badge--muted"> {t(`enum.taskStatus.${task.status}`)}</span>}
      </span>
      {onDone && task.status === 'open' && (
        <button type="button" className="button button--small" onClick={() => onDone(task)}>
          {t('tasks.markDone')}
        </button>
      )}
    </li>
  );
}

/** Marks a task done with the version read; a task someone else changed meanwhile is reloaded and said so. */
export function useMarkDone(reload: () => void) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const markDone = (task: Task) => {
    setError(null);
    tasksApi
      .update(task.id, { status: 'done', version: task.version })
      .catch((reason: unknown) =>
        setError(reason instanceof ApiError && reason.code === 'version_conflict' ? t('tasks.conflict') : errorText(t, reason)),
      )
      .finally(reload);
  };
  return { error, markDone };
}

/** The tasks of one case. */
export function CaseTasks({ theCase, onCount }: { theCase: CaseDetail; onCount?: (count: number) => void }) {
  const { t } = useTranslation();
  const tasks = useResource(() => tasksApi.list({ caseId: theCase.id }), [theCase.id, theCase.version]);
  const { error, markDone } = useMarkDone(tasks.reload);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const [dueError, setDueError] = useState<string>();
  const mine = (tasks.data?.items ?? []).filter((task) => task.caseId === theCase.id);
  const count = tasks.data ? mine.length : undefined;
  useEffect(() => {
    if (count !== undefined) onCount?.(count);
  }, [count, onCount]);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const dueDate = parseDayMonthYear(due);
    setDueError(dueDate ? undefined : t('cases.dateInvalid'));
    if (!dueDate) return;
    try {
      await casesApi.addTask(theCase.id, { title, dueDate });
      setTitle('');
      setDue('');
      setAddError(null);
      tasks.reload();
    } catch (reason) {
      setAddError(reason);
    }
  };
  const fields = fieldMessages(addError);
  return (
    <section className="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('tasks.ofCase')}</h2>
      <FormAlert message={error ?? (tasks.error ? errorText(t, tasks.error) : null)} />
      {tasks.data && mine.length === 0 && <p className="empty">{t('tasks.empty')}</p>}
      <ul className="task-list">
        {mine.map((task) => (
          <TaskLine key={task.id} task={task} onDone={theCase.readOnly ? undefined : markDone} />
        ))}
      </ul>
      {!theCase.readOnly && (
        <form className="inline-form" onSubmit={add} noValidate>
          <FormAlert message={addError && Object.keys(fields).length === 0 ? errorText(t, addError) : null} />
          <TextField label={t('tasks.title')} value={title} onChange={setTitle} required error={fields.title} />
          <DateField label={t('tasks.dueDate')} value={due} onChange={setDue} error={dueError ?? fields.dueDate} />
          <button type="submit" className="button">
            {t('tasks.add')}
          </button>
        </form>
      )}
    </section>
  );
}
