import { ASSESSMENT_DUE_DAYS, FIRST_CONTACT_HOURS } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseScreening as Screening, screeningApi } from '../../api/assessments.ts';
import type { CaseDetail } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, RadioGroup } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { pick } from '../assessments/text.tsx';

/** What the saved screening decided: urgent (with the deadlines it set) or routine. */
function Result({ screening }: { screening: NonNullable<Screening['screening']> }) {
  const { t } = useTranslation();
  const urgent = screening.urgency === 'urgent';
  return (
    <div
      className={urgent ? 'notice notice--warning' : 'notice notice--info'}
      data-testid="screening-result"
      data-urgency={screening.urgency}
    >
      <p>
        <strong>{t(`screening.result.${screening.urgency}`)}</strong>
      </p>
      <p>
        {urgent
          ? // An urgent screening sets the first contact a critical risk sets (see the server's screening module).
            t('screening.urgentMeans', { hours: FIRST_CONTACT_HOURS.critical, days: ASSESSMENT_DUE_DAYS.urgent })
          : t('screening.routineMeans', { days: ASSESSMENT_DUE_DAYS.routine })}
      </p>
      <p className="field__hint">{t('screening.savedOn', { date: formatDate(screening.updatedAt) })}</p>
    </div>
  );
}

/**
 * The intake screening on the case page: a few questions that decide whether the case is urgent. It can be
 * answered and changed while the case is in intake; afterwards its answers and result stay in view.
 */
export function CaseScreening({ theCase, onSaved }: { theCase: CaseDetail; onSaved: (message: string) => void }) {
  const { t } = useTranslation();
  const resource = useResource(() => screeningApi.get(theCase.id), [theCase.id, theCase.version]);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const data = resource.data;
  if (!data) return resource.error ? <FormAlert message={errorText(t, resource.error)} /> : null;
  if (theCase.status !== 'intake' && !data.screening) return null;

  const answers = { ...(data.screening?.answers ?? {}), ...edits };
  const fields = fieldMessages(error);
  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    screeningApi
      .save(theCase.id, answers, data.screening?.version ?? null)
      .then((saved) => {
        setEdits({});
        resource.reload();
        onSaved(t(saved.screening?.urgency === 'urgent' ? 'screening.savedUrgent' : 'screening.saved'));
      })
      .catch((reason: unknown) => {
        // Someone else saved first: show theirs, keep nothing of ours silently.
        if (reason instanceof ApiError && reason.status === 409) {
          setEdits({});
          resource.reload();
        }
        setError(reason);
      })
      .finally(() => setSaving(false));
  };

  return (
    <section className="card" aria-labelledby="screening-title" data-testid="screening">
      <h2 id="screening-title">{pick(data.form.title) || t('screening.title')}</h2>
      {data.screening && <Result screening={data.screening} />}
      {data.editable ? (
        <form onSubmit={save} noValidate>
          {!data.screening && <p className="field__hint">{t('screening.intro')}</p>}
          <FormAlert message={error ? errorText(t, error) : null} />
          {data.form.questions.map((question) => (
            <RadioGroup
              key={question.key}
              label={pick(question.text)}
              value={answers[question.key] ?? ''}
              onChange={(value) => setEdits((current) => ({ ...current, [question.key]: value }))}
              options={question.answers.map((answer) => ({ value: answer.key, label: pick(answer.label) }))}
              error={fields[`answers.${question.key}`]}
              required
            />
          ))}
          <div className="case-actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {data.screening ? t('screening.update') : t('screening.save')}
            </button>
          </div>
        </form>
      ) : (
        <dl className="facts">
          {data.form.questions.map((question) => {
            const answer = question.answers.find((a) => a.key === answers[question.key]);
            return (
              <div key={question.key}>
                <dt>{pick(question.text)}</dt>
                <dd>{answer ? pick(answer.label) : t('screening.notAnswered')}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
