import { EDITABLE_PLAN_STATUSES, unansweredDomains } from '@hamkor/domain';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type CaseDetail, casesApi } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { type Plan, plansApi } from '../../api/plans.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { rebase } from '../../lib/rebase.ts';
import { domainTitle } from '../assessments/text.tsx';
import { DateField } from '../cases/DateField.tsx';
import { type Conflict, type ConflictField, ConflictNotice } from '../families/ConflictNotice.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { GoalFields } from './GoalFields.tsx';
import { PlanStatusBadge, PlanView, Progress } from './PlanView.tsx';
import { type Choices, usePlanChoices } from './usePlanChoices.ts';
import { contentOf, emptyGoal, type PlanValues, valuesOf } from './values.ts';

/** The server's field messages by exact path (a goal's `actions` message is the goal's, not its actions'). */
function exactFields(error: unknown): Record<string, string> {
  return error instanceof ApiError ? Object.fromEntries(error.fields.map((field) => [field.path, field.message])) : {};
}

function conflictFields(t: TFunction, choices: Choices): ConflictField<PlanValues>[] {
  return [
    { label: t('plans.summary'), keys: ['summary'], text: (v) => v.summary },
    { label: t('plans.review'), keys: ['review'], text: (v) => v.review },
    { label: t('plans.goals'), keys: ['goals'], text: (v) => v.goals.map((goal) => goal.title).join('; ') },
    {
      label: t('plans.reasons'),
      keys: ['skipped'],
      text: (v) =>
        Object.entries(v.skipped)
          .map(([domain, reason]) => `${domainTitle(choices.def, domain)}: ${reason}`)
          .join('; '),
    },
  ];
}

type EditorProps = { theCase: CaseDetail; plan: Plan; choices: Choices; onSaved: (plan: Plan) => void };

/** The plan's editor: every problem domain answered by a goal or a reason, goals with actions, review date. */
function PlanEditor({ theCase, plan, choices, onSaved }: EditorProps) {
  const { t } = useTranslation();
  const [base, setBase] = useState(plan);
  const [original, setOriginal] = useState(() => valuesOf(plan));
  const [values, setValues] = useState(original);
  const [error, setError] = useState<unknown>(null);
  const [dateErrors, setDateErrors] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict<PlanValues> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<PlanValues>) => setValues((current) => ({ ...current, ...change }));
  const errors = { ...exactFields(error), ...Object.fromEntries(dateErrors.map((path) => [path, t('cases.dateInvalid')])) };
  const open = unansweredDomains(
    { goals: values.goals, skippedDomains: Object.entries(values.skipped).map(([domain, reason]) => ({ domain, reason })) },
    base.problemDomains,
  );

  /** Saves what changed; on a conflict keeps the user's changes over theirs and says what they changed. */
  const save = async (): Promise<Plan | null> => {
    const { content, dateErrors: wrong } = contentOf(values);
    setDateErrors(wrong);
    if (wrong.length) return null;
    try {
      const saved = await plansApi.update(base.id, { ...content, version: base.version });
      const next = valuesOf(saved);
      setBase(saved);
      setOriginal(next);
      setValues(next);
      setConflict(null);
      return saved;
    } catch (reason) {
      if (reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        const current = reason.current as Plan;
        const theirs = valuesOf(current);
        const rebased = rebase(original, values, theirs);
        setBase(current);
        setOriginal(theirs);
        setValues(rebased.values);
        setConflict({ rebased, mine: values, current: theirs });
      }
      throw reason;
    }
  };

  const run = async (submitAfter: boolean) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await save();
      if (!saved) return;
      if (!submitAfter) {
        setNotice(t('plans.saved'));
        return;
      }
      onSaved(await plansApi.submit(saved.id, saved.version));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(true);
  };

  return (
    <form className="form plan-editor" onSubmit={submit} noValidate>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      {conflict && (
        <ConflictNotice
          conflict={conflict}
          fields={conflictFields(t, choices)}
          onUseTheirs={(keys) =>
            setValues((current) => ({ ...current, ...Object.fromEntries(keys.map((key) => [key, conflict.current[key]])) }))
          }
        />
      )}
      <FormAlert
        message={error && !(error instanceof ApiError && error.code === 'version_conflict' && conflict) ? errorText(t, error) : null}
      />
      {base.status === 'returned' && <p className="notice notice--warning">{t('plans.returnedNotice')}</p>}
      <section className="card" aria-labelledby="plan-problems" data-testid="problem-domains">
        <h2 id="plan-problems">{t('plans.problems')}</h2>
        {base.problemDomains.length === 0 && <p className="empty">{t('plans.noProblems')}</p>}
        <p className="muted">{t('plans.problemsHint')}</p>
        <ul className="plan-problems">
          {base.problemDomains.map((domain) => {
            const title = domainTitle(choices.def, domain);
            const goal = values.goals.some((g) => g.domain === domain);
            return (
              <li key={domain} className="plan-problem" data-testid="problem-domain" data-domain={domain}>
                <span className="plan-problem__title">{title}</span>
                {goal ? (
                  <span className="badge badge--ok">{t('plans.hasGoal')}</span>
                ) : (
                  <>
                    {open.includes(domain) && <span className="badge badge--danger">{t('plans.needsGoal')}</span>}
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => set({ goals: [...values.goals, emptyGoal(domain)] })}
                    >
                      {t('plans.addGoalFor', { domain: title })}
                    </button>
                    <TextAreaField
                      label={t('plans.reasonFor', { domain: title })}
                      value={values.skipped[domain] ?? ''}
                      onChange={(reason) => set({ skipped: { ...values.skipped, [domain]: reason } })}
                      error={errors[`domains.${domain}`] ?? errors[`skippedDomains.${domain}`]}
                      rows={2}
                    />
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <h2>{t('plans.goals')}</h2>
      {errors.goals && <p className="field__error">{errors.goals}</p>}
      {values.goals.map((goal, index) => (
        <GoalFields
          key={goal.key}
          goal={goal}
          index={index}
          choices={choices}
          errors={errors}
          onChange={(next) => set({ goals: values.goals.map((g, i) => (i === index ? next : g)) })}
          onRemove={() => set({ goals: values.goals.filter((_, i) => i !== index) })}
        />
      ))}
      <div className="case-actions">
        <button type="button" className="button" onClick={() => set({ goals: [...values.goals, emptyGoal()] })}>
          {t('plans.addGoal')}
        </button>
      </div>
      <DateField label={t('plans.review')} value={values.review} onChange={(review) => set({ review })} error={errors.reviewDate} />
      <p className="field__hint">{t('plans.reviewHint')}</p>
      <TextAreaField label={t('plans.summary')} value={values.summary} onChange={(summary) => set({ summary })} error={errors.summary} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('plans.submit')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => run(false)}>
          {t('plans.saveDraft')}
        </button>
        <Link className="button" to={`/cases/${theCase.id}`}>
          {t('plans.backToCase')}
        </Link>
      </div>
    </form>
  );
}

/** One plan of a case: the editor while it is a draft or returned, else the plan as it reads. */
export function PlanPage() {
  const { t } = useTranslation();
  const { caseId = '', id = '' } = useParams();
  const theCase = useResource(() => casesApi.get(caseId), [caseId]);
  const plan = useResource(() => plansApi.get(id), [id]);
  const choices = usePlanChoices(theCase.data);
  const [submitted, setSubmitted] = useState(false);
  const failure = theCase.error ?? plan.error;
  if (failure instanceof ApiError && (failure.status === 404 || failure.status === 400)) return <NotFoundPage />;
  if (!theCase.data || !plan.data || !choices.data) return failure ? <FormAlert message={errorText(t, failure)} /> : <Loading />;
  const current = plan.data;
  if (current.caseId !== theCase.data.id) return <NotFoundPage />;
  const editable = EDITABLE_PLAN_STATUSES.includes(current.status) && !current.readOnly && !theCase.data.readOnly;
  const familyName = (personId: string) => {
    const member = choices.data?.family?.members.find((m) => m.id === personId);
    return member ? fullName(member) : '';
  };
  return (
    <>
      <title>{`${t('plans.titleRevision', { revision: current.revision })} · ${theCase.data.number} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/cases/${caseId}`}>{t('cases.title', { number: theCase.data.number })}</Link> ·{' '}
        <Link to={`/cases/${caseId}/plans`}>{t('plans.history.title')}</Link>
      </p>
      <div className="case-head">
        <h1>{t('plans.titleRevision', { revision: current.revision })}</h1>
        <div className="case-row__marks">
          <PlanStatusBadge plan={current} />
          <Progress done={current.progress.done} total={current.progress.total} />
        </div>
      </div>
      <p className="muted">{t('common.lastChanged', { date: formatDate(current.updatedAt) })}</p>
      {submitted && (
        <StatusMessage>
          <p>{t('plans.submitted')}</p>
        </StatusMessage>
      )}
      {current.status === 'submitted' && <p className="notice notice--info">{t('plans.awaiting')}</p>}
      {current.status === 'superseded' && <p className="notice">{t('plans.supersededNotice')}</p>}
      {editable ? (
        <PlanEditor
          key={current.id}
          theCase={theCase.data}
          plan={current}
          choices={choices.data}
          onSaved={() => {
            setSubmitted(true);
            plan.reload();
          }}
        />
      ) : (
        <PlanView plan={current} def={choices.data.def} familyName={familyName} />
      )}
    </>
  );
}
