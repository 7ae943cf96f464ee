import './referrals.css';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/cases.ts';
import { listAll } from '../../api/client.ts';
import { type Consent, consentsApi } from '../../api/consents.ts';
import { familiesApi } from '../../api/families.ts';
import type { Organisation } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatIsoDate } from '../../lib/dates.ts';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { ConsentFields, consentBody, emptyConsent } from './ConsentFields.tsx';

/** What a consent allows sharing with: its categories of service and the organisations it names. */
export function consentScopeText(t: TFunction, consent: Consent): string {
  return [
    ...consent.scopeCategories.map((code) => t(`directory.categories.${code}`)),
    ...(consent.purposes ?? []).map((code) => t(`consents.purposes.${code}`)),
    ...consent.scopeOrganisations.map((organisation) => organisation.name),
  ].join(', ');
}

type DialogProps = { theCase: CaseDetail; onClose: () => void; onDone: (message: string) => void };

function RecordConsentDialog({ theCase, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const family = useResource(() => familiesApi.get(theCase.familyId), [theCase.familyId]);
  const organisations = useResource(() => listAll<Organisation>('/api/organisations'), []);
  const [values, setValues] = useState(emptyConsent);
  const [dateError, setDateError] = useState<string>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = consentBody(values);
    setDateError(body.date ? undefined : t('cases.dateInvalid'));
    if (!body.date) return;
    setBusy(true);
    setError(null);
    try {
      await consentsApi.record(theCase.id, body);
      onDone(t('consents.recorded'));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('consents.recordTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <ConsentFields
          values={values}
          onChange={(change) => setValues((current) => ({ ...current, ...change }))}
          members={family.data?.members ?? []}
          organisations={(organisations.data ?? []).filter((o) => o.active)}
          errors={{ ...fields, date: dateError ?? fields.date }}
        />
        <FormActions busy={busy} submitLabel={t('consents.record')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function WithdrawDialog({ consent, onClose, onDone }: { consent: Consent; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await consentsApi.withdraw(consent.id, { ...(reason.trim() && { reason }), version: consent.version });
      onDone(t('consents.withdrawn'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('consents.withdrawTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.reason ? errorText(t, error) : null} />
        <p>{t('consents.withdrawBody')}</p>
        <TextAreaField label={t('consents.withdrawReason')} value={reason} onChange={setReason} error={fields.reason} />
        <FormActions busy={busy} submitLabel={t('consents.withdraw')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** The family's consents to share on the case: who gave them, for what, since when; record and withdraw. */
export function CaseConsents({ theCase }: { theCase: CaseDetail }) {
  const { t } = useTranslation();
  const consents = useResource(() => consentsApi.list(theCase.id), [theCase.id]);
  const [dialog, setDialog] = useState<{ kind: 'record' } | { kind: 'withdraw'; consent: Consent } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    consents.reload();
  };
  const items = consents.data?.items ?? [];
  return (
    <section className="card" id="consents" aria-labelledby="consents-title" data-testid="consents">
      <h2 id="consents-title">{t('consents.title')}</h2>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={consents.error ? errorText(t, consents.error) : null} />
      {consents.data && items.length === 0 && <p className="empty">{t('consents.none')}</p>}
      <ul className="consent-list">
        {items.map((consent) => (
          <li key={consent.id} className="consent" data-testid="consent">
            <span>
              <strong>{consent.givenBy ? fullName(consent.givenBy) : ''}</strong>{' '}
              {t('consents.given', { date: formatIsoDate(consent.date) })}
            </span>
            <span>{consentScopeText(t, consent)}</span>
            {consent.onBehalfOfPersonIds.length > 0 && (
              <span className="muted">{t('consents.forOthers', { count: consent.onBehalfOfPersonIds.length })}</span>
            )}
            {consent.status === 'withdrawn' ? (
              <span className="badge badge--muted">
                {t('consents.withdrawnOn', { date: consent.withdrawnAt ? formatDate(consent.withdrawnAt) : '' })}
              </span>
            ) : (
              !theCase.readOnly && (
                <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'withdraw', consent })}>
                  {t('consents.withdraw')}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      {!theCase.readOnly && (
        <div className="case-actions">
          <button type="button" className="button" onClick={() => setDialog({ kind: 'record' })}>
            {t('consents.record')}
          </button>
        </div>
      )}
      {dialog?.kind === 'record' && <RecordConsentDialog theCase={theCase} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'withdraw' && <WithdrawDialog consent={dialog.consent} onClose={() => setDialog(null)} onDone={done} />}
    </section>
  );
}
