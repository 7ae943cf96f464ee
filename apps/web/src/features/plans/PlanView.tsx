import './plans.css';
import type { InstrumentDefinition } from '@hamkor/domain';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Plan, PlanAction } from '../../api/plans.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { domainTitle } from '../assessments/text.tsx';

export function PlanStatusBadge({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <span className={`badge plan-status plan-status--${plan.status}`} data-status={plan.status}>
      {t(`plans.status.${plan.status}`)}
    </span>
  );
}

/** Actions done out of all that count, as a bar and in words. */
export function Progress({ done, total }: { done: number; total: number }) {
  const { t } = useTranslation();
  return (
    <span className="plan-progress" data-testid="plan-progress">
      <progress max={Math.max(total, 1)} value={done} aria-hidden="true" />
      <span>{t('plans.progress', { done, total })}</span>
    </span>
  );
}

export function performerText(
  t: (key: string, options?: Record<string, unknown>) => string,
  action: PlanAction,
  familyName?: (id: string) => string,
): string {
  if (action.performer === 'organisation')
    return [action.organisation?.name, action.service?.name].filter(Boolean).join(' — ') || t('plans.performer.organisation');
  if (action.performer === 'worker') return action.user?.displayName ?? t('plans.performer.worker');
  return [t('plans.performer.family'), action.personId && familyName?.(action.personId)].filter(Boolean).join(': ');
}

type Props = {
  plan: Plan;
  def: InstrumentDefinition | undefined;
  familyName?: (id: string) => string;
  /** Buttons beside an action, e.g. mark done or refer, on a plan in force. */
  actionControls?: (action: PlanAction) => ReactNode;
};

/** A plan as it reads: its goals by domain, each with its actions, and the domains left without a goal and why. */
export function PlanView({ plan, def, familyName, actionControls }: Props) {
  const { t } = useTranslation();
  return (
    <div className="plan" data-testid="plan-view">
      {plan.summary && <p>{plan.summary}</p>}
      <ol className="plan-goals">
        {plan.goals.map((goal) => (
          <li key={goal.id} className="plan-goal" data-testid="plan-goal">
            <div className="plan-goal__head">
              <span className="plan-goal__title">{goal.title}</span>
              <span className="badge badge--muted">{goal.domain ? domainTitle(def, goal.domain) : t('plans.otherDomain')}</span>
              <span className="muted">{t('plans.targetOn', { date: formatIsoDate(goal.targetDate) })}</span>
              <Progress done={goal.progress.done} total={goal.progress.total} />
            </div>
            <ul className="plan-actions">
              {goal.actions.map((action) => (
                <li key={action.id} className={`plan-action plan-action--${action.status}`} data-testid="plan-action">
                  <span className="plan-action__what">{action.what}</span>
                  <span className="muted">
                    {performerText(t, action, familyName)} · {t('plans.dueOn', { date: formatIsoDate(action.dueDate) })}
                  </span>
                  <span className="badge badge--muted">{t(`plans.actionStatus.${action.status}`)}</span>
                  {action.referralIds[0] && <Link to={`/referrals/${action.referralIds[0]}`}>{t('plans.referralSent')}</Link>}
                  {actionControls?.(action)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {plan.skippedDomains.length > 0 && (
        <dl className="facts">
          {plan.skippedDomains.map((skip) => (
            <div key={skip.domain}>
              <dt>{t('plans.noGoalFor', { domain: domainTitle(def, skip.domain) })}</dt>
              <dd>{skip.reason}</dd>
            </div>
          ))}
        </dl>
      )}
      {plan.reviewDate && <p className="muted">{t('plans.reviewOn', { date: formatIsoDate(plan.reviewDate) })}</p>}
    </div>
  );
}
