import './access.css';
import { EMERGENCY_OUTCOMES, EMERGENCY_STATUSES } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, RadioGroup, SelectField, StatusMessage, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatTime, parseDayMonthYear } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';
import { type EmergencyAccess, type EmergencyFilter, emergencyApi } from './api.ts';

const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso)}`;

function ReviewDialog({ access, onClose, onDone }: { access: EmergencyAccess; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await emergencyApi.review(access.id, { outcome, comment });
      onDone(t('access.review.done'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('access.review.title', { name: access.user.displayName })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.outcome && !fields.comment ? errorText(t, error) : null} />
        <RadioGroup
          label={t('access.review.outcome')}
          value={outcome}
          onChange={setOutcome}
          error={fields.outcome}
          options={EMERGENCY_OUTCOMES.map((value) => ({ value, label: t(`access.outcomes.${value}`) }))}
        />
        <TextAreaField
          label={t('access.review.comment')}
          value={comment}
          onChange={setComment}
          required
          error={fields.comment}
          maxLength={2000}
        />
        <FormActions busy={busy} submitLabel={t('access.review.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function AccessCard({ access, onReview, onEnd }: { access: EmergencyAccess; onReview: () => void; onEnd: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const mine = access.user.id === me.id;
  const record = access.entityType === 'case' ? `/cases/${access.entityId}` : `/families/${access.entityId}`;
  return (
    <li className="card emergency-card" data-testid="emergency-access">
      <h2 className="emergency-card__title">
        {access.user.displayName} {access.active && <span className="badge badge--pending">{t('access.active')}</span>}
        <span className={access.review ? 'badge badge--muted' : 'badge badge--pending'}>
          {access.review ? t(`access.outcomes.${access.review.outcome}`) : t('access.outcomes.pending')}
        </span>
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('access.record')}</dt>
          <dd>
            <Link to={record}>{t(`access.entity.${access.entityType}`)}</Link> · {access.organisation.name}
          </dd>
        </div>
        <div>
          <dt>{t('access.when')}</dt>
          <dd>
            {when(access.startedAt)} – {formatTime(access.endedAt ?? access.expiresAt)}
          </dd>
        </div>
        <div>
          <dt>{t('access.reasonCode')}</dt>
          <dd>{t(`access.reasons.${access.reasonCode}`)}</dd>
        </div>
        <div>
          <dt>{t('access.reason')}</dt>
          <dd>{access.reason}</dd>
        </div>
        {access.review && (
          <div>
            <dt>{t('access.review.by', { name: access.review.reviewer.displayName })}</dt>
            <dd>
              {access.review.comment} · {formatDate(access.review.at)}
            </dd>
          </div>
        )}
      </dl>
      <div className="case-actions">
        {!access.review && !mine && (
          <button type="button" className="button button--primary" onClick={onReview}>
            {t('access.review.start')}
          </button>
        )}
        {mine && access.active && (
          <button type="button" className="button" onClick={onEnd}>
            {t('access.end')}
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * Emergency access: the review queue of the record's supervisor and the auditor, the user's own openings, and
 * the report per organisation and period (as CSV).
 */
export default function EmergencyPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<EmergencyFilter>({ status: 'pending_review' });
  const [draft, setDraft] = useState<EmergencyFilter>(filter);
  const [reviewing, setReviewing] = useState<EmergencyAccess | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const list = useResource(() => emergencyApi.list(filter), [filter]);
  const done = (message: string) => {
    setReviewing(null);
    setNotice(message);
    list.reload();
  };
  const end = (access: EmergencyAccess) =>
    emergencyApi
      .end(access.id)
      .then(() => done(t('access.ended')))
      .catch(setFailure);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    // Days typed as DD.MM.YYYY go to the server as ISO dates; anything else is sent as typed, for the server to refuse.
    const day = (text?: string) => (text ? (parseDayMonthYear(text) ?? text) : undefined);
    setFilter({ ...draft, from: day(draft.from), to: day(draft.to) });
  };
  return (
    <>
      <title>{`${t('access.title')} · ${t('app.name')}`}</title>
      <h1>{t('access.title')}</h1>
      <p>{t('access.intro')}</p>
      <form className="card filters" onSubmit={apply} aria-label={t('access.filters')}>
        <SelectField
          label={t('access.status')}
          value={draft.status ?? ''}
          onChange={(status) => setDraft({ ...draft, status })}
          placeholder={t('access.statuses.all')}
          options={EMERGENCY_STATUSES.map((value) => ({ value, label: t(`access.statuses.${value}`) }))}
        />
        <TextField
          label={t('access.from')}
          hint={t('access.dateHint')}
          value={draft.from ?? ''}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <TextField
          label={t('access.to')}
          hint={t('access.dateHint')}
          value={draft.to ?? ''}
          onChange={(to) => setDraft({ ...draft, to })}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('access.show')}
          </button>
          <a className="button" href={emergencyApi.csvUrl(filter)} download>
            {t('access.csv')}
          </a>
        </div>
      </form>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={failure || list.error ? errorText(t, failure ?? list.error) : null} />
      {!list.data && !list.error && <Loading />}
      {list.data?.items.length === 0 && <p className="empty">{t('access.empty')}</p>}
      <ul className="emergency-list">
        {list.data?.items.map((access) => (
          <AccessCard key={access.id} access={access} onReview={() => setReviewing(access)} onEnd={() => void end(access)} />
        ))}
      </ul>
      {reviewing && <ReviewDialog access={reviewing} onClose={() => setReviewing(null)} onDone={done} />}
    </>
  );
}
