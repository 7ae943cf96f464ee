import { type CareHistoryOut, isOutOfFamily, READINESS_INSTRUMENT_KEY } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { assessmentsApi } from '../../api/assessments.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { formatDate } from '../../lib/dates.ts';
import { ReadinessBadge } from '../assessments/text.tsx';
import type { Arrangement } from './api.ts';

type Readiness = CareHistoryOut['readiness'];

/** What the latest readiness says before a return home: nothing made, not decided yet, or its result. */
export function readinessWarning(readiness: Readiness): 'none' | 'open' | 'not_ready' | null {
  if (!readiness) return 'none';
  if (readiness.status !== 'approved') return 'open';
  return readiness.level === 'not_yet_ready' ? 'not_ready' : null;
}

/**
 * The family's readiness for the child's return: the latest assessment's result, a link to it for the case's
 * staff, and starting one (or the next one) on the case the child's placement is recorded on.
 */
export function ReadinessCard({
  personId,
  readiness,
  current,
  mayRecord,
}: {
  personId: string;
  readiness: Readiness;
  current: Arrangement | undefined;
  mayRecord: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const inCare = !!current && isOutOfFamily(current.type);
  if (!inCare && !readiness) return null;
  const caseId = readiness?.caseId ?? current?.caseId;
  const inProgress = readiness && (readiness.status === 'draft' || readiness.status === 'returned');
  // One at a time per child: while one is worked on or waits for the supervisor, no other is started.
  const start = async () => {
    setError(null);
    try {
      const instruments = await assessmentsApi.instruments();
      const instrument = instruments.items.filter((i) => i.key === READINESS_INSTRUMENT_KEY).sort((a, b) => b.version - a.version)[0];
      if (!caseId || !instrument) return;
      const created = await assessmentsApi.start(caseId, { instrumentId: instrument.id, childId: personId });
      navigate(`/cases/${caseId}/assessments/${created.id}`);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section className="card" aria-labelledby="care-readiness" data-testid="readiness-card">
      <h2 id="care-readiness">{t('care.readiness.title')}</h2>
      <FormAlert message={error ? errorText(t, error) : null} />
      {readiness ? (
        <p className="case-row__marks">
          <span>{t('care.readiness.latest', { date: formatDate(readiness.date) })}</span>
          <span className="badge badge--muted">{t(`assessments.status.${readiness.status}`)}</span>
          <ReadinessBadge level={readiness.level} />
        </p>
      ) : (
        <p className="empty">{t('care.readiness.none')}</p>
      )}
      <div className="case-actions">
        {readiness?.mayOpen && (
          <Link className="button" to={`/cases/${readiness.caseId}/assessments/${readiness.assessmentId}`}>
            {inProgress ? t('care.readiness.continue') : t('care.readiness.open')}
          </Link>
        )}
        {inCare && mayRecord && !inProgress && readiness?.status !== 'submitted' && caseId && (
          <button type="button" className="button button--primary" onClick={start}>
            {readiness ? t('care.readiness.reassess') : t('care.readiness.start')}
          </button>
        )}
      </div>
    </section>
  );
}

/** Before a return home: the latest readiness, and a warning — not a refusal — when there is none, it is undecided or not ready. */
export function ReturnHomeNotice({ readiness }: { readiness: Readiness }) {
  const { t } = useTranslation();
  const warning = readinessWarning(readiness);
  return (
    <div className={`notice ${warning ? 'notice--warning' : 'notice--info'}`} data-testid="return-readiness" role="status">
      {readiness?.level && (
        <p className="case-row__marks">
          <span>{t('care.readiness.latest', { date: formatDate(readiness.date) })}</span>
          <ReadinessBadge level={readiness.level} />
        </p>
      )}
      <p>{warning ? t(`care.readiness.warning.${warning}`) : t('care.readiness.readyNotice')}</p>
    </div>
  );
}
