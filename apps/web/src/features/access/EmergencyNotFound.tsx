import { EMERGENCY_REASON_CODES, EMERGENCY_ROLES, hasRole } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, RadioGroup, TextAreaField } from '../../components/fields.tsx';
import { actorOf, useMe } from '../auth/session.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { emergencyApi } from './api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A family or case the user cannot open. Someone who works cases, holding a link to it (from a colleague, a
 * notice, a court's letter), may open it with a reason: read only, for a few hours, seen by its supervisor and
 * the auditor (docs/access.md). A record that does not exist answers "not found" to that too.
 */
export function EmergencyNotFound({
  entityType,
  entityId,
  onOpened,
}: {
  entityType: 'family' | 'case';
  entityId: string;
  onOpened: () => void;
}) {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const [open, setOpen] = useState(false);
  const [reasonCode, setReasonCode] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!hasRole(actor, ...EMERGENCY_ROLES) || !UUID.test(entityId)) return <NotFoundPage />;
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await emergencyApi.open({ entityType, entityId, reasonCode, reason });
      onOpened();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <NotFoundPage />
      <section className="card emergency" aria-labelledby="emergency-title">
        <h2 id="emergency-title">{t('access.open.title')}</h2>
        <p>{t('access.open.explain')}</p>
        {open ? (
          <form className="form" onSubmit={submit} noValidate>
            <FormAlert message={error && !fields.reason && !fields.reasonCode ? errorText(t, error) : null} />
            <RadioGroup
              label={t('access.open.reasonCode')}
              value={reasonCode}
              onChange={setReasonCode}
              error={fields.reasonCode}
              options={EMERGENCY_REASON_CODES.map((code) => ({ value: code, label: t(`access.reasons.${code}`) }))}
            />
            <TextAreaField
              label={t('access.open.reason')}
              hint={t('access.open.reasonHint')}
              value={reason}
              onChange={setReason}
              required
              error={fields.reason}
              maxLength={2000}
            />
            <FormActions busy={busy} submitLabel={t('access.open.submit')} onCancel={() => setOpen(false)} />
          </form>
        ) : (
          <button type="button" className="button" onClick={() => setOpen(true)}>
            {t('access.open.start')}
          </button>
        )}
      </section>
    </>
  );
}
