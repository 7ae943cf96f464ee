import './transfers.css';
import { mayEver, takesCases } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usersApi } from '../../api/cases.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { type Transfer, transfersApi } from './api.ts';

type Decision = { kind: 'accept' | 'return'; transfer: Transfer };

/** Runs a decision's call, keeping its error and whether it is under way. */
function useDecision(onDone: (message: string) => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      onDone(message);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** Accepting: the worker of this organisation who takes the case (or none yet: the supervisor keeps it). */
function AcceptDialog({ transfer, onClose, onDone }: { transfer: Transfer; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  // A supervisor lists the users of their own organisation; the server checks the worker belongs to it.
  const users = useResource(() => usersApi.list(), []);
  const [assigneeId, setAssigneeId] = useState('');
  const { error, busy, run } = useDecision(onDone);
  const fields = fieldMessages(error);
  const workers = (users.data?.items ?? []).filter((user) => user.active && takesCases(user));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => transfersApi.accept(transfer.id, assigneeId ? { assigneeId } : {}),
      t('transfers.accepted', { number: transfer.caseNumber }),
    );
  };
  return (
    <Modal title={t('transfers.acceptTitle', { number: transfer.caseNumber })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={(error && !fields.assigneeId) || users.error ? errorText(t, error ?? users.error) : null} />
        <SelectField
          label={t('transfers.worker')}
          value={assigneeId}
          onChange={setAssigneeId}
          placeholder={t('transfers.workerLater')}
          error={fields.assigneeId}
          options={workers.map((user) => ({ value: user.id, label: user.displayName }))}
        />
        <FormActions busy={busy} submitLabel={t('transfers.acceptSubmit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function ReturnDialog({ transfer, onClose, onDone }: { transfer: Transfer; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { error, busy, run } = useDecision(onDone);
  const fields = fieldMessages(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => transfersApi.return(transfer.id, { reason }), t('transfers.returned', { number: transfer.caseNumber }));
  };
  return (
    <Modal title={t('transfers.returnTitle', { number: transfer.caseNumber })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.reason ? errorText(t, error) : null} />
        <TextAreaField label={t('transfers.returnLabel')} value={reason} onChange={setReason} required error={fields.reason} />
        <FormActions busy={busy} submitLabel={t('transfers.returnSubmit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function InboxItem({ transfer, onDecide }: { transfer: Transfer; onDecide: (decision: Decision) => void }) {
  const { t } = useTranslation();
  return (
    <li className="card transfer-card" data-testid="incoming-transfer">
      <h2 className="transfer-card__title">
        {transfer.status === 'accepted' ? (
          <Link to={`/cases/${transfer.caseId}`}>{t('transfers.caseNumber', { number: transfer.caseNumber })}</Link>
        ) : (
          t('transfers.caseNumber', { number: transfer.caseNumber })
        )}{' '}
        <span className={transfer.status === 'pending' ? 'badge badge--pending' : 'badge badge--muted'}>
          {t(`transfers.status.${transfer.status}`)}
        </span>
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('transfers.family')}</dt>
          <dd>{transfer.familyName}</dd>
        </div>
        <div>
          <dt>{t('transfers.from')}</dt>
          <dd>{transfer.fromOrganisation.name}</dd>
        </div>
        <div>
          <dt>{t('transfers.sentBy')}</dt>
          <dd>
            {transfer.sentBy?.displayName} · {formatDate(transfer.sentAt)}
          </dd>
        </div>
        {transfer.riskLevel && (
          <div>
            <dt>{t('transfers.risk')}</dt>
            <dd>{t(`enum.risk.${transfer.riskLevel}`)}</dd>
          </div>
        )}
        <div>
          <dt>{t('transfers.reason')}</dt>
          <dd>{transfer.reason}</dd>
        </div>
        {transfer.assignee && (
          <div>
            <dt>{t('transfers.worker')}</dt>
            <dd>{transfer.assignee.displayName}</dd>
          </div>
        )}
        {transfer.returnReason && (
          <div>
            <dt>{t('transfers.returnReason')}</dt>
            <dd>{transfer.returnReason}</dd>
          </div>
        )}
      </dl>
      {transfer.steps.length > 0 && (
        <div className="case-actions">
          <button type="button" className="button button--primary" onClick={() => onDecide({ kind: 'accept', transfer })}>
            {t('transfers.accept')}
          </button>
          <button type="button" className="button" onClick={() => onDecide({ kind: 'return', transfer })}>
            {t('transfers.return')}
          </button>
        </div>
      )}
    </li>
  );
}

/** The supervisor's inbox of cases other organisations transfer to theirs: accept with a worker, or return with a reason. */
export default function TransfersPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const inbox = useResource(() => transfersApi.list({ box: 'inbox' }), []);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (!mayEver(actor, 'transfer.respond')) return <NotFoundPage />;
  const done = (message: string) => {
    setDecision(null);
    setNotice(message);
    inbox.reload();
  };
  const items = inbox.data?.items ?? [];
  return (
    <>
      <title>{`${t('transfers.inboxTitle')} · ${t('app.name')}`}</title>
      <h1>{t('transfers.inboxTitle')}</h1>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={inbox.error ? errorText(t, inbox.error) : null} />
      {!inbox.data && !inbox.error && <Loading />}
      {inbox.data && items.length === 0 && <p className="empty">{t('transfers.inboxEmpty')}</p>}
      <ul className="transfer-list">
        {items.map((transfer) => (
          <InboxItem key={transfer.id} transfer={transfer} onDecide={setDecision} />
        ))}
      </ul>
      {decision?.kind === 'accept' && <AcceptDialog transfer={decision.transfer} onClose={() => setDecision(null)} onDone={done} />}
      {decision?.kind === 'return' && <ReturnDialog transfer={decision.transfer} onClose={() => setDecision(null)} onDone={done} />}
    </>
  );
}
