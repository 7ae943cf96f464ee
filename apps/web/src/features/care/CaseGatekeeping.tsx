import './care.css';
import { GATEKEEPING_OPTIONS, OUT_OF_FAMILY_TYPES } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { approvalsApi, type CaseDetail } from '../../api/cases.ts';
import { familiesApi } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, StatusMessage, TextAreaField, TextField } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { ReturnDialog } from '../cases/ApprovalsPage.tsx';
import { careApi, type Gatekeeping } from './api.ts';

/** The request: the child, the placement proposed, and why each family-based option is not enough. */
function GatekeepingDialog({ theCase, onClose, onDone }: { theCase: CaseDetail; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const family = useResource(() => familiesApi.get(theCase.familyId), [theCase.familyId]);
  const [childId, setChildId] = useState('');
  const [proposedType, setProposedType] = useState('');
  const [why, setWhy] = useState<Record<string, string>>({});
  const [emergency, setEmergency] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const children = (family.data?.members ?? []).filter((m) => m.relationship !== 'head' && m.relationship !== 'spouse');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const optionsConsidered = GATEKEEPING_OPTIONS.filter((option) => why[option]?.trim()).map((option) => ({
        option,
        why: why[option] ?? '',
      }));
      await careApi.requestGatekeeping(theCase.id, { childId, optionsConsidered, proposedType, emergency });
      onDone(emergency ? t('care.gatekeeping.sentEmergency') : t('care.gatekeeping.sent'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('care.gatekeeping.request')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <p className="hint">{t('care.gatekeeping.hint')}</p>
        <SelectField
          label={t('care.gatekeeping.child')}
          value={childId}
          onChange={setChildId}
          required
          placeholder={t('common.choose')}
          error={fields.childId}
          options={children.map((m) => ({ value: m.id, label: [m.surname, m.givenName].join(' ') }))}
        />
        <SelectField
          label={t('care.gatekeeping.proposedType')}
          value={proposedType}
          onChange={setProposedType}
          required
          placeholder={t('common.choose')}
          error={fields.proposedType}
          options={OUT_OF_FAMILY_TYPES.map((value) => ({ value, label: t(`care.types.${value}`) }))}
        />
        <div className="gatekeeping-options">
          {GATEKEEPING_OPTIONS.map((option) => (
            <TextAreaField
              key={option}
              label={t('care.gatekeeping.why', { option: t(`care.options.${option}`) })}
              value={why[option] ?? ''}
              onChange={(text) => setWhy((all) => ({ ...all, [option]: text }))}
              required
              rows={2}
              maxLength={2000}
              error={fields[`optionsConsidered.${option}`]}
            />
          ))}
        </div>
        <label className="check">
          <input type="checkbox" checked={emergency} onChange={(event) => setEmergency(event.target.checked)} />
          <span>{t('care.gatekeeping.emergency')}</span>
        </label>
        <FormActions busy={busy} submitLabel={t('care.gatekeeping.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** The supervisor approves with the guardianship authority, naming its decision. */
function ApproveForm({ item, onDone, onReturn }: { item: Gatekeeping; onDone: (message: string) => void; onReturn: () => void }) {
  const { t } = useTranslation();
  const [authorityDecision, setDecision] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fields = fieldMessages(error);
  const approve = (event: FormEvent) => {
    event.preventDefault();
    approvalsApi.decide(item.id, { decision: 'approve', authorityDecision }).then(() => onDone(t('care.gatekeeping.decided')), setError);
  };
  return (
    <form className="form" onSubmit={approve} noValidate>
      <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
      <TextField
        label={t('care.gatekeeping.authorityDecision')}
        value={authorityDecision}
        onChange={setDecision}
        required
        maxLength={300}
        error={fields.authorityDecision}
      />
      <div className="case-actions">
        <button type="submit" className="button button--primary">
          {t('care.gatekeeping.approve')}
        </button>
        <button type="button" className="button" onClick={onReturn}>
          {t('approvals.return')}
        </button>
      </div>
    </form>
  );
}

function GatekeepingLine({ item }: { item: Gatekeeping }) {
  const { t } = useTranslation();
  return (
    <div className="arrangement" data-testid="gatekeeping">
      <strong>
        <Link to={`/care/persons/${item.childId}`}>{item.childName}</Link>: {t(`care.types.${item.proposedType}`)}
      </strong>
      <span className={item.status === 'pending' ? 'badge badge--pending' : 'badge badge--muted'}>
        {item.status === 'pending' ? t('care.gatekeeping.pending') : t(`care.gatekeeping.${item.status}`)}
      </span>
      {item.emergency && <span className="badge badge--pending">{t('care.emergency')}</span>}
      {item.review?.open && (
        <span className={item.review.overdue ? 'badge badge--danger' : 'badge badge--pending'} data-testid="gatekeeping-review">
          {item.review.overdue ? t('care.gatekeeping.overdue') : t('care.gatekeeping.reviewDue', { date: formatDate(item.review.dueAt) })}
        </span>
      )}
      <ul className="arrangement__meta">
        {item.optionsConsidered.map((entry) => (
          <li key={entry.option}>
            {t(`care.options.${entry.option}`)}: {entry.why}
          </li>
        ))}
      </ul>
      {item.authorityDecision && (
        <span className="arrangement__meta">
          {t('care.gatekeeping.authorityDecision')}: {item.authorityDecision}
        </span>
      )}
      {item.comment && <span className="arrangement__meta">{item.comment}</span>}
    </div>
  );
}

/** On the case page: its gatekeeping decisions, the pending review of an emergency placement, and asking for one. */
export function CaseGatekeeping({ theCase, onChanged }: { theCase: CaseDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const list = useResource(() => careApi.gatekeeping(theCase.id), [theCase.id, theCase.version]);
  const [open, setOpen] = useState(false);
  const [returning, setReturning] = useState<Gatekeeping | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const mayRequest = !!list.data?.mayRequest && !theCase.readOnly;
  if (!list.data || (!mayRequest && items.length === 0)) return null;
  const done = (message: string) => {
    setOpen(false);
    setReturning(null);
    setNotice(message);
    list.reload();
    onChanged();
  };
  return (
    <section className="card" aria-labelledby="case-gatekeeping-title" data-testid="case-gatekeeping">
      <h2 id="case-gatekeeping-title">{t('care.gatekeeping.title')}</h2>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      {items.length === 0 && <p className="empty">{t('care.gatekeeping.none')}</p>}
      <ul className="arrangement-list">
        {items.map((item) => (
          <li key={item.id}>
            <GatekeepingLine item={item} />
            {item.status === 'pending' && list.data?.mayDecide && (
              <ApproveForm item={item} onDone={done} onReturn={() => setReturning(item)} />
            )}
          </li>
        ))}
      </ul>
      {mayRequest && !items.some((item) => item.status === 'pending') && (
        <div className="case-actions">
          <button type="button" className="button" onClick={() => setOpen(true)}>
            {t('care.gatekeeping.request')}
          </button>
        </div>
      )}
      {open && <GatekeepingDialog theCase={theCase} onClose={() => setOpen(false)} onDone={done} />}
      {returning && (
        <ReturnDialog
          approvalId={returning.id}
          caseNumber={theCase.number}
          onClose={() => setReturning(null)}
          onDone={() => done(t('care.gatekeeping.decided'))}
        />
      )}
    </section>
  );
}
