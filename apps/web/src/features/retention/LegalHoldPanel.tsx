import { hasRole } from '@hamkor/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, TextAreaField } from '../../components/fields.tsx';
import { formatDate } from '../../lib/dates.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { type HoldState, retentionApi } from './api.ts';

/**
 * A case's legal hold, for whoever may set one (its supervisor, its organisation's admin, a system administrator):
 * while it is on, nothing of the case or its family is erased. Anyone else gets 404 and sees nothing.
 */
export function LegalHoldPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const may = hasRole(actor, 'supervisor', 'org_admin', 'system_admin');
  const [state, setState] = useState<HoldState | null>(null);
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!may) return;
    let live = true;
    retentionApi
      .hold(caseId)
      .then((found) => live && setState(found))
      .catch((failure: unknown) => live && !(failure instanceof ApiError && failure.status === 404) && setError(failure));
    return () => {
      live = false;
    };
  }, [caseId, may]);
  if (!may || (!state && !error)) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setState(state?.active ? await retentionApi.liftHold(caseId, reason.trim()) : await retentionApi.setHold(caseId, reason.trim()));
      setEditing(false);
      setReason('');
    } catch (failure) {
      setError(failure);
    }
  };
  const active = state?.active;
  return (
    <section className="card" aria-labelledby={`hold-${caseId}`} data-testid="legal-hold-panel">
      <h2 id={`hold-${caseId}`}>{t('retention.hold.title')}</h2>
      {active ? (
        <p>
          <span className="badge badge--danger">{t('retention.held')}</span>{' '}
          {t('retention.holdSetBy', { name: active.setBy.displayName, date: formatDate(active.setAt) })}: {active.reason}
        </p>
      ) : (
        <p>{t('retention.hold.none')}</p>
      )}
      {!editing && (
        <button type="button" className="button" onClick={() => setEditing(true)}>
          {active ? t('retention.hold.lift') : t('retention.hold.set')}
        </button>
      )}
      {editing && (
        <form onSubmit={submit}>
          <TextAreaField
            label={active ? t('retention.hold.liftReason') : t('retention.hold.reason')}
            required={!active}
            value={reason}
            onChange={setReason}
            maxLength={2000}
            error={fieldMessages(error).reason}
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {active ? t('retention.hold.lift') : t('retention.hold.set')}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <FormAlert message={error ? errorText(t, error) : null} />
    </section>
  );
}
