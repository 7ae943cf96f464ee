import { EDITABLE_PLAN_STATUSES } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CaseDetail } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { type Plan, type PlanAction, plansApi } from '../../api/plans.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { PlanStatusBadge, PlanView, Progress } from './PlanView.tsx';
import { usePlanChoices } from './usePlanChoices.ts';

/** The plan in force (or the one being written) on the case page: progress, goals, actions, and the next step. */
export function PlanCard({ theCase, onChanged }: { theCase: CaseDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const plans = useResource(() => plansApi.list(theCase.id), [theCase.id, theCase.version]);
  const choices = usePlanChoices(theCase);
  const [error, setError] = useState<unknown>(null);
  const items = plans.data?.items ?? [];
  const working = items.find((plan) => plan.status !== 'approved' && plan.status !== 'superseded');
  const inForce = items.find((plan) => plan.status === 'approved');
  const shown: Plan | undefined = working ?? inForce;
  const base = `/cases/${theCase.id}/plans`;
  const start = (copyPrevious: boolean) => {
    setError(null);
    plansApi.create(theCase.id, { copyPrevious }).then(
      (created) => navigate(`${base}/${created.id}`),
      (reason: unknown) => {
        if (reason instanceof ApiError && reason.status === 409) plans.reload();
        setError(reason);
      },
    );
  };
  const setStatus = (plan: Plan, action: PlanAction, status: PlanAction['status']) => {
    setError(null);
    plansApi.updateAction(plan.id, action.id, { status, version: action.version }).then(
      () => {
        plans.reload();
        onChanged();
      },
      (reason: unknown) => {
        setError(
          reason instanceof ApiError && reason.code === 'version_conflict'
            ? new ApiError(409, 'version_conflict', t('plans.actionConflict'))
            : reason,
        );
        plans.reload();
      },
    );
  };
  const familyName = (personId: string) => {
    const member = choices.data?.family?.members.find((m) => m.id === personId);
    return member ? fullName(member) : '';
  };
  const controls = (plan: Plan) => (action: PlanAction) =>
    plan.status === 'approved' &&
    !theCase.readOnly && (
      <span className="plan-action__controls">
        {action.status !== 'done' && action.status !== 'cancelled' && (
          <button type="button" className="button button--small" onClick={() => setStatus(plan, action, 'done')}>
            {t('plans.markDone')}
          </button>
        )}
        {action.status === 'planned' && (
          <button type="button" className="button button--small" onClick={() => setStatus(plan, action, 'in_progress')}>
            {t('plans.markStarted')}
          </button>
        )}
        {action.performer === 'organisation' && action.status !== 'done' && action.status !== 'cancelled' && (
          <Link className="button button--small" to={`/referrals/new?case=${theCase.id}&action=${action.id}`}>
            {t('plans.refer')}
          </Link>
        )}
      </span>
    );

  return (
    <section className="card" aria-labelledby="plan-title" data-testid="plan-card">
      <div className="section-head section-head--tight">
        <h2 id="plan-title">{t('plans.title')}</h2>
        {shown && (
          <span className="case-row__marks">
            <PlanStatusBadge plan={shown} />
            <Progress done={shown.progress.done} total={shown.progress.total} />
          </span>
        )}
      </div>
      <FormAlert message={error || plans.error ? errorText(t, error ?? plans.error) : null} />
      {plans.data && items.length === 0 && <p className="empty">{t('plans.none')}</p>}
      {shown && <PlanView plan={shown} def={choices.data?.def} familyName={familyName} actionControls={controls(shown)} />}
      <div className="case-actions">
        {working && EDITABLE_PLAN_STATUSES.includes(working.status) && !theCase.readOnly && (
          <Link className="button button--primary" to={`${base}/${working.id}`}>
            {working.status === 'returned' ? t('plans.rework') : t('plans.continue')}
          </Link>
        )}
        {!working && !theCase.readOnly && plans.data && (
          <button type="button" className="button button--primary" onClick={() => start(!!inForce)}>
            {inForce ? t('plans.revise') : t('plans.create')}
          </button>
        )}
        {items.length > 0 && (
          <Link className="button" to={base}>
            {t('plans.history.link')}
          </Link>
        )}
      </div>
    </section>
  );
}
