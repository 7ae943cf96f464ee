import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { casesApi } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { plansApi } from '../../api/plans.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { PlanStatusBadge, Progress } from './PlanView.tsx';

/** Every revision of the case's plan, newest first; each opens as it was. */
export function PlanHistoryPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const theCase = useResource(() => casesApi.get(caseId), [caseId]);
  const plans = useResource(() => plansApi.list(caseId), [caseId]);
  const failure = theCase.error ?? plans.error;
  if (failure instanceof ApiError && (failure.status === 404 || failure.status === 400)) return <NotFoundPage />;
  if (!theCase.data || !plans.data) return failure ? <FormAlert message={errorText(t, failure)} /> : <Loading />;
  return (
    <>
      <title>{`${t('plans.history.title')} · ${theCase.data.number} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/cases/${caseId}`}>{t('cases.title', { number: theCase.data.number })}</Link>
      </p>
      <h1>{t('plans.history.title')}</h1>
      {plans.data.items.length === 0 && <p className="empty">{t('plans.none')}</p>}
      <ul className="case-list" data-testid="plan-history">
        {plans.data.items.map((plan) => (
          <li key={plan.id} className="case-row" data-testid="plan-revision">
            <div className="case-row__main">
              <Link to={`/cases/${caseId}/plans/${plan.id}`} className="case-row__number">
                {t('plans.titleRevision', { revision: plan.revision })}
              </Link>
              <span className="case-row__worker">
                {plan.approvedAt
                  ? t('plans.approvedOn', { date: formatDate(plan.approvedAt) })
                  : t('common.lastChanged', { date: formatDate(plan.updatedAt) })}
              </span>
              <span>{t('plans.goalsCount', { count: plan.goals.length })}</span>
            </div>
            <div className="case-row__marks">
              <PlanStatusBadge plan={plan} />
              <Progress done={plan.progress.done} total={plan.progress.total} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
