import './care.css';
import { isHomeType, REINTEGRATION_OUTCOMES } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { type Arrangement, careApi } from './api.ts';
import { ReadinessCard } from './Readiness.tsx';
import { RecordArrangement } from './RecordArrangement.tsx';

/** One arrangement: its type and place, its period, who decided, and a placement's emergency review. */
export function ArrangementLine({ item }: { item: Arrangement }) {
  const { t } = useTranslation();
  const period = item.endDate
    ? t('care.period', { from: formatIsoDate(item.startDate), to: formatIsoDate(item.endDate) })
    : t('care.since', { date: formatIsoDate(item.startDate) });
  return (
    <div className="arrangement" data-testid="arrangement">
      <strong>{t(`care.types.${item.type}`)}</strong>
      {item.organisation && <span>{item.organisation.name}</span>}
      <span>{period}</span>
      <span className="arrangement__meta">
        {t(`care.reasons.${item.changeReason}`)} · {item.authority}
        {item.documentRef ? ` · ${item.documentRef}` : ''}
      </span>
      {item.emergency && <span className="badge badge--pending">{t('care.emergency')}</span>}
      {item.reviewPending && <span className="badge badge--danger">{t('care.reviewPending')}</span>}
      {item.outcome && (
        <span>
          {t('care.outcome')}: {t(`care.outcomes.${item.outcome}`)}
        </span>
      )}
    </div>
  );
}

/** The 12-month outcome of a return home, recorded on the current arrangement. */
function OutcomeForm({ item, onSaved }: { item: Arrangement; onSaved: (message: string) => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = () => careApi.update(item.id, { version: item.version, outcome }).then(() => onSaved(t('care.outcomeSaved')), setError);
  return (
    <div className="arrangement__outcome">
      <FormAlert message={error ? errorText(t, error) : null} />
      <SelectField
        label={t('care.outcome')}
        value={outcome}
        onChange={setOutcome}
        placeholder={t('common.choose')}
        options={REINTEGRATION_OUTCOMES.map((value) => ({ value, label: t(`care.outcomes.${value}`) }))}
      />
      <button type="button" className="button button--small" disabled={!outcome} onClick={save}>
        {t('care.outcomeSave')}
      </button>
    </div>
  );
}

/** A child's care history: where they live now, where before, and recording a change. */
export function CareHistoryPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const history = useResource(() => careApi.history(id), [id]);
  const [recording, setRecording] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setRecording(false);
    setNotice(message);
    history.reload();
  };
  if (history.loading && !history.data) return <Loading />;
  if (!history.data) return <FormAlert message={errorText(t, history.error)} />;
  const { person, items, steps, readiness } = history.data;
  const current = items.find((item) => item.current);
  const mayRecord = steps.includes('record');
  return (
    <>
      <title>{`${t('care.historyOf', { name: person.displayName })} · ${t('app.name')}`}</title>
      {mayRecord && (
        <p className="breadcrumb">
          <Link to={`/families/${person.familyId}`}>{t('nav.families')}</Link>
        </p>
      )}
      <h1>{t('care.historyOf', { name: person.displayName })}</h1>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <section className="card" aria-labelledby="care-current">
        <h2 id="care-current">{t('care.current')}</h2>
        {current ? <ArrangementLine item={current} /> : <p className="empty">{t('care.noHistory')}</p>}
        {current && mayRecord && isHomeType(current.type) && current.changeReason === 'reintegration' && (
          <OutcomeForm item={current} onSaved={done} />
        )}
        {mayRecord && (
          <div className="case-actions">
            <button type="button" className="button button--primary" onClick={() => setRecording(true)}>
              {t('care.record')}
            </button>
          </div>
        )}
      </section>
      <ReadinessCard personId={person.id} readiness={readiness} current={current} mayRecord={mayRecord} />
      <section className="card" aria-labelledby="care-history">
        <h2 id="care-history">{t('care.history')}</h2>
        <ol className="arrangement-list">
          {items
            .filter((item) => !item.current)
            .map((item) => (
              <li key={item.id}>
                <ArrangementLine item={item} />
              </li>
            ))}
        </ol>
      </section>
      {recording && (
        <RecordArrangement
          personId={person.id}
          current={current}
          readiness={readiness}
          onClose={() => setRecording(false)}
          onDone={() => done(t('care.recorded'))}
        />
      )}
    </>
  );
}
