import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { assessmentsApi } from '../../api/assessments.ts';
import type { CaseDetail } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { RiskBadge } from '../cases/badges.tsx';
import { CategoryBadge, domainTitle, ReadinessBadge } from './text.tsx';

/** The case's assessment at a glance: start one, continue the draft, the latest result, the history. */
export function AssessmentCard({ theCase }: { theCase: CaseDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useResource(() => assessmentsApi.list(theCase.id), [theCase.id, theCase.version]);
  const instruments = useResource(() => assessmentsApi.instruments(), []);
  const [error, setError] = useState<unknown>(null);
  // The family assessment; a readiness assessment of a child in care is reached from the child's care history.
  const items = (list.data?.items ?? []).filter((item) => !item.childId);
  // The newest readiness assessment of each child in care, made on this case: linked, not repeated in full.
  const readiness = (list.data?.items ?? []).filter(
    (item, index, all) => item.childId && all.findIndex((other) => other.childId === item.childId) === index,
  );
  const open = items.find((item) => item.status === 'draft' || item.status === 'returned');
  const latest = items.find((item) => item.status === 'submitted' || item.status === 'approved');
  const def = instruments.data?.items.find((i) => i.id === latest?.instrumentId)?.definition;
  const base = `/cases/${theCase.id}/assessments`;
  const start = () => {
    setError(null);
    assessmentsApi.start(theCase.id).then(
      (created) => navigate(`${base}/${created.id}`),
      (reason: unknown) => {
        if (reason instanceof ApiError && reason.status === 409) list.reload();
        setError(reason);
      },
    );
  };

  return (
    <section className="card" aria-labelledby="assessment-title" data-testid="assessment-card">
      <h2 id="assessment-title">{t('assessments.title')}</h2>
      <FormAlert message={error || list.error ? errorText(t, error ?? list.error) : null} />
      {list.data && items.length === 0 && <p className="empty">{t('assessments.none')}</p>}
      {latest && (
        <div className="assessment-result">
          <p>
            {t('assessments.latest', { date: formatDate(latest.submittedAt ?? latest.createdAt) })}{' '}
            <span className="badge badge--muted">{t(`assessments.status.${latest.status}`)}</span>
          </p>
          <p className="case-row__marks">
            <RiskBadge risk={latest.effectiveRisk} />
            <CategoryBadge category={latest.category} />
            {latest.incomplete && <span className="badge badge--muted">{t('assessments.notAssessed.incompleteShort')}</span>}
          </p>
          <ul className="domain-ratings">
            {Object.entries(latest.domainScores).map(([key, score]) => (
              <li key={key} className="domain-rating">
                <span>{domainTitle(def, key)}</span>
                {score.notAssessed ? (
                  <span className="rating rating--not_assessed">{t('assessments.notAssessed.short')}</span>
                ) : (
                  <span className={`rating rating--${score.rating ?? 'none'}`}>
                    {score.rating ? t(`assessments.rating.${score.rating}`) : t('assessments.notRated')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {readiness.length > 0 && (
        <ul className="domain-ratings" data-testid="case-readiness">
          {readiness.map((item) => (
            <li key={item.id} className="domain-rating">
              <Link to={`${base}/${item.id}`}>
                {t('care.readiness.title')} · {formatDate(item.submittedAt ?? item.createdAt)}
              </Link>
              {item.status === 'draft' || item.status === 'returned' ? (
                <span className="badge badge--muted">{t(`assessments.status.${item.status}`)}</span>
              ) : (
                <ReadinessBadge level={item.readiness} />
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="case-actions">
        {open ? (
          <Link className="button button--primary" to={`${base}/${open.id}`}>
            {open.status === 'returned' ? t('assessments.rework') : t('assessments.continue')}
          </Link>
        ) : (
          !theCase.readOnly && (
            <button type="button" className="button button--primary" onClick={start}>
              {latest ? t('assessments.reassess') : t('assessments.start')}
            </button>
          )
        )}
        {latest && (
          <Link className="button" to={`${base}/${latest.id}`}>
            {t('assessments.viewLatest')}
          </Link>
        )}
        {items.length > 0 && (
          <Link className="button" to={base}>
            {t('assessments.history.link')}
          </Link>
        )}
      </div>
    </section>
  );
}
