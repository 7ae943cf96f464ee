import { CLOSURE_REASONS, type ClosureReason, CONTACT_KINDS, type ContactKind, takesCases, todayInUzbekistan } from '@hamkor/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseDetail, casesApi, usersApi } from '../../api/cases.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';
import { AssigneeHint, useAssigneeLabels } from '../workforce/AssigneeChoice.tsx';
import { DateField } from './DateField.tsx';

type DialogProps = { theCase: CaseDetail; onClose: () => void; onDone: (message: string) => void };

/** Runs a form's call, keeping its error and whether it is under way. */
function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      after();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Buttons({ busy, submit, onClose }: { busy: boolean; submit: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={busy}>
        {submit}
      </button>
      <button type="button" className="button" onClick={onClose}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

export function CloseDialog({ theCase, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState('');
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => casesApi.close(theCase.id, { reason: reason as ClosureReason, outcome, version: theCase.version }),
      () => onDone(t('cases.close.requested')),
    );
  };
  return (
    <Modal title={t('cases.close.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.reason && !fields.outcome ? errorText(t, error) : null} />
        <SelectField
          label={t('cases.close.reason')}
          value={reason}
          onChange={setReason}
          required
          error={fields.reason}
          placeholder={t('common.choose')}
          options={CLOSURE_REASONS.map((code) => ({ value: code, label: t(`enum.closureReason.${code}`) }))}
        />
        <TextAreaField label={t('cases.close.outcome')} value={outcome} onChange={setOutcome} required error={fields.outcome} rows={4} />
        <Buttons busy={busy} submit={t('cases.close.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

export function ReopenDialog({ theCase, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => casesApi.reopen(theCase.id, { reason, version: theCase.version }),
      () => onDone(t('cases.reopen.done')),
    );
  };
  return (
    <Modal title={t('cases.reopen.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.reason ? errorText(t, error) : null} />
        <TextAreaField label={t('cases.reopen.reason')} value={reason} onChange={setReason} required error={fields.reason} />
        <Buttons busy={busy} submit={t('cases.reopen.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

export function AssignDialog({ theCase, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const users = useResource(() => usersApi.list(), []);
  const [userId, setUserId] = useState(theCase.assignedUserId ?? '');
  const { error, busy, run } = useSubmit();
  const workers = (users.data?.items ?? []).filter((user) => user.active && takesCases(user));
  // Each worker's open caseload and the trainings this case calls for, beside their name.
  const assignees = useAssigneeLabels(theCase.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => casesApi.assign(theCase.id, { userId, version: theCase.version }),
      () => onDone(t('cases.assign.done')),
    );
  };
  return (
    <Modal title={t('cases.assign.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error || users.error ? errorText(t, error ?? users.error) : null} />
        <SelectField
          label={t('cases.assign.worker')}
          value={userId}
          onChange={setUserId}
          required
          placeholder={t('common.choose')}
          options={workers.map((user) => ({ value: user.id, label: assignees.label(user.id, user.displayName) }))}
        />
        <AssigneeHint choice={assignees} />
        <Buttons busy={busy} submit={t('cases.assign.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

type ContactDraft = { kind: string; date: string; participants: string; text: string };
/** Per user and case, so that a shared office computer never shows one worker's notes to another. */
const draftKey = (userId: string, caseId: string) => `hamkor.contactDraft.${userId}.${caseId}`;

function readContactDraft(key: string): ContactDraft | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as ContactDraft | null;
  } catch {
    return null;
  }
}

/** A contact with the family; what is typed is kept on this device until it is saved, so a lost signal loses nothing. */
export function ContactDialog({ theCase, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const key = draftKey(useMe().id, theCase.id);
  const [draft, setDraft] = useState<ContactDraft>(
    () => readContactDraft(key) ?? { kind: 'home_visit', date: formatIsoDate(todayInUzbekistan()), participants: '', text: '' },
  );
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const [dateError, setDateError] = useState<string>();
  // Only what was typed is kept: an untouched form would otherwise keep today's date for another day.
  useEffect(() => {
    if (draft.text.trim() || draft.participants.trim()) localStorage.setItem(key, JSON.stringify(draft));
    else localStorage.removeItem(key);
  }, [draft, key]);
  const change = (patch: Partial<ContactDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const date = parseDayMonthYear(draft.date);
    setDateError(date ? undefined : t('cases.dateInvalid'));
    if (!date) return;
    const participants = draft.participants
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    run(
      () => casesApi.recordContact(theCase.id, { kind: draft.kind as ContactKind, date, text: draft.text, participants }),
      () => {
        localStorage.removeItem(key);
        onDone(t('cases.contact.recorded'));
      },
    );
  };
  return (
    <Modal title={t('cases.contact.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <SelectField
          label={t('cases.contact.kind')}
          value={draft.kind}
          onChange={(kind) => change({ kind })}
          required
          options={CONTACT_KINDS.map((code) => ({ value: code, label: t(`enum.contactKind.${code}`) }))}
        />
        <DateField
          label={t('cases.contact.date')}
          value={draft.date}
          onChange={(date) => change({ date })}
          error={dateError ?? fields.date}
        />
        <TextField
          label={t('cases.contact.participants')}
          hint={t('cases.contact.participantsHint')}
          value={draft.participants}
          onChange={(participants) => change({ participants })}
          error={fields.participants}
        />
        <TextAreaField
          label={t('cases.contact.text')}
          value={draft.text}
          onChange={(text) => change({ text })}
          required
          error={fields.text}
          rows={5}
        />
        <p className="field__hint">{t('cases.contact.draftKept')}</p>
        <Buttons busy={busy} submit={t('common.save')} onClose={onClose} />
      </form>
    </Modal>
  );
}
