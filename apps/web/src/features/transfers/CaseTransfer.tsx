import './transfers.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/cases.ts';
import { listAll } from '../../api/client.ts';
import { consentsApi } from '../../api/consents.ts';
import type { Organisation } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatIsoDate } from '../../lib/dates.ts';
import { consentScopeText } from '../referrals/CaseConsents.tsx';
import { type Transfer, transfersApi } from './api.ts';

/** The form: the receiving organisation, the reason, and the consent that covers sharing the case with it. */
function TransferDialog({ theCase, onClose, onDone }: { theCase: CaseDetail; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const organisations = useResource(() => listAll<Organisation>('/api/organisations'), []);
  const consents = useResource(() => consentsApi.list(theCase.id), [theCase.id]);
  const [toOrganisationId, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [consentId, setConsentId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await transfersApi.send(theCase.id, { toOrganisationId, reason, ...(consentId && { consentId }) });
      onDone(t('transfers.sent'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const receivers = (organisations.data ?? []).filter((o) => o.active && o.id !== theCase.organisationId);
  const active = (consents.data?.items ?? []).filter((c) => c.status === 'active');
  return (
    <Modal title={t('transfers.dialogTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <SelectField
          label={t('transfers.to')}
          value={toOrganisationId}
          onChange={setTo}
          required
          placeholder={t('common.choose')}
          error={fields.toOrganisationId}
          options={receivers.map((o) => ({ value: o.id, label: o.name }))}
        />
        <TextAreaField label={t('transfers.reason')} value={reason} onChange={setReason} required error={fields.reason} />
        <SelectField
          label={t('transfers.consent')}
          hint={t('transfers.consentHint')}
          value={consentId}
          onChange={setConsentId}
          error={fields.consentId}
          placeholder={t('transfers.consentAny')}
          options={active.map((c) => ({ value: c.id, label: `${formatIsoDate(c.date)}: ${consentScopeText(t, c)}` }))}
        />
        <FormActions busy={busy} submitLabel={t('transfers.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

export function TransferLine({ transfer }: { transfer: Transfer }) {
  const { t } = useTranslation();
  return (
    <li className="transfer" data-testid="transfer">
      <span>
        <strong>{transfer.toOrganisation.name}</strong> · {t('transfers.sentOn', { date: formatDate(transfer.sentAt) })}
      </span>
      <span className={transfer.status === 'pending' ? 'badge badge--pending' : 'badge badge--muted'}>
        {t(`transfers.status.${transfer.status}`)}
      </span>
      <span className="transfer__reason">{transfer.reason}</span>
      {transfer.returnReason && (
        <span className="transfer__reason">
          {t('transfers.returnReason')}: {transfer.returnReason}
        </span>
      )}
    </li>
  );
}

/** The case's transfers to other organisations, and sending one (its worker, supervisor or organisation admin). */
export function CaseTransfer({ theCase, onSent }: { theCase: CaseDetail; onSent: (message: string) => void }) {
  const { t } = useTranslation();
  const transfers = useResource(() => transfersApi.list({ box: 'outbox', caseId: theCase.id }), [theCase.id, theCase.version]);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const items = transfers.data?.items ?? [];
  const pending = items.some((transfer) => transfer.status === 'pending');
  const mayTransfer = theCase.actions.includes('transfer') && !theCase.readOnly && theCase.status !== 'closed';
  if (!mayTransfer && items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="case-transfer-title" data-testid="case-transfer">
      <h2 id="case-transfer-title">{t('transfers.title')}</h2>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={transfers.error ? errorText(t, transfers.error) : null} />
      {transfers.data && items.length === 0 && <p className="empty">{t('transfers.none')}</p>}
      <ul className="transfer-list">
        {items.map((transfer) => (
          <TransferLine key={transfer.id} transfer={transfer} />
        ))}
      </ul>
      {mayTransfer && !pending && (
        <div className="case-actions">
          <button type="button" className="button" onClick={() => setOpen(true)}>
            {t('transfers.action')}
          </button>
        </div>
      )}
      {open && (
        <TransferDialog
          theCase={theCase}
          onClose={() => setOpen(false)}
          onDone={(message) => {
            setOpen(false);
            setNotice(message);
            transfers.reload();
            onSent(message);
          }}
        />
      )}
    </section>
  );
}
