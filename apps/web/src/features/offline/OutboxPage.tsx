import { schemas } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { checkBody } from '../../lib/validate.ts';
import { discardEntry, listOutbox, markNoted, type OutboxEntry } from '../../offline/outbox.ts';
import { useOffline } from './OfflineProvider.tsx';
import { PinSetup, UnlockForm } from './PinForms.tsx';
import { useLocal } from './useLocal.ts';

const KNOWN_TYPES = [
  'contact.record',
  'task.complete',
  'family.register',
  'family.update',
  'screening.save',
  'plan_action.update',
  'consent.record',
  'person.update',
  'assessment.save',
  'assessment.submit',
];

/** What the worker typed, as text they can paste into a note to their supervisor or into a new entry. */
function typedText(entry: OutboxEntry): string {
  const lines = Object.entries(entry.command.payload)
    .filter(([key, value]) => !['caseId', 'planId', 'id', 'base'].includes(key) && value !== null && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return lines.join('\n');
}

/**
 * Puts text on the clipboard. The Clipboard API exists only on secure pages (an office server on plain http is
 * not one), so the older copy command of a hidden text area is tried after it; false when neither worked.
 */
async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso)}`;

/** What the worker typed, sent to their supervisor as a note; they may add a line before sending. */
function NoteToSupervisor({ entry, onSent, onCancel }: { entry: OutboxEntry; onSent: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { copy } = useOffline();
  const [text, setText] = useState(() => typedText(entry));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    const body: schemas.SupervisorNoteCreate = { text: text.trim(), caseId: entry.caseId };
    const problem = checkBody(schemas.supervisorNoteCreate, body, locale);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const sent = await api.post<{ supervisorName: string }>('/api/notifications/supervisor-note', body);
      await markNoted(copy, entry, sent.supervisorName);
      onSent();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form outbox-note" onSubmit={submit} noValidate>
      <FormAlert message={error && !fields.text ? errorText(t, error) : null} />
      <TextAreaField label={t('offline.outbox.noteLabel')} value={text} onChange={setText} error={fields.text} rows={5} required />
      <FormActions busy={busy} submitLabel={t('offline.outbox.noteSend')} onCancel={onCancel} />
    </form>
  );
}

/**
 * The changes kept on this device: those waiting to be sent, and those the server did not take as they
 * were, each with its reason, until the worker resolves, copies or removes them. Nothing typed is dropped silently.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const { copy, vaultUser, needsSetup, online, syncing, syncNow, changed } = useOffline();
  const [copied, setCopied] = useState<{ id: string; ok: boolean } | null>(null);
  const [writing, setWriting] = useState<string | null>(null);
  const entries = useLocal((local) => listOutbox(local), []);

  if (!copy)
    return (
      <>
        <h1>{t('offline.outbox.title')}</h1>
        {vaultUser ? (
          <UnlockForm intro={t('offline.outbox.locked')} />
        ) : needsSetup ? (
          <PinSetup />
        ) : (
          <p className="empty">{t('offline.outbox.empty')}</p>
        )}
      </>
    );
  if (!entries) return <Loading />;

  const copyText = async (entry: OutboxEntry) => {
    setCopied({ id: entry.command.commandId, ok: await copyToClipboard(typedText(entry)) });
  };
  const discard = async (entry: OutboxEntry) => {
    if (!window.confirm(t('offline.outbox.confirmDiscard'))) return;
    await discardEntry(copy, entry.command);
    changed();
  };
  const waiting = entries.filter((entry) => entry.status === 'waiting').length;

  return (
    <>
      <div className="section-head">
        <h1>{t('offline.outbox.title')}</h1>
        {online && waiting > 0 && (
          <button type="button" className="button" onClick={() => syncNow()} disabled={syncing}>
            {syncing ? t('offline.status.syncing') : t('offline.outbox.sendNow')}
          </button>
        )}
      </div>
      {entries.some((entry) => entry.status === 'conflict') && (
        <p className="notice notice--warning">
          {t('offline.outbox.conflictHint')} <Link to="/sync/conflicts">{t('offline.outbox.resolve')}</Link>
        </p>
      )}
      {entries.length === 0 && <p className="empty">{t('offline.outbox.empty')}</p>}
      <ul className="case-list" data-testid="outbox">
        {entries.map((entry) => {
          const { command } = entry;
          const type = KNOWN_TYPES.includes(command.type) ? command.type.replace('.', '_') : 'other';
          return (
            <li key={command.commandId} className="case-row outbox-entry">
              <div className="case-row__main">
                <strong>{t(`offline.outbox.types.${type}`)}</strong>
                <span>{t('offline.outbox.typedAt', { time: when(command.clientTime) })}</span>
                {entry.caseId && <Link to={`/cases/${entry.caseId}`}>{t('offline.outbox.openCase')}</Link>}
                {entry.error && (
                  <span className="field__error">
                    {entry.error.code === 'not_found' ? t('offline.outbox.outOfReach') : entry.error.message || entry.error.code}
                  </span>
                )}
              </div>
              <div className="case-row__marks">
                <span className={entry.status === 'waiting' ? 'badge' : 'badge badge--danger'}>
                  {t(`offline.outbox.status.${entry.status}`)}
                </span>
                {entry.status !== 'waiting' && (
                  <>
                    <button type="button" className="button button--small" onClick={() => copyText(entry)}>
                      {t('offline.outbox.copy')}
                    </button>
                    {entry.status === 'rejected' && !entry.noted && online && (
                      <button type="button" className="button button--small" onClick={() => setWriting(command.commandId)}>
                        {t('offline.outbox.toSupervisor')}
                      </button>
                    )}
                    <button type="button" className="button button--small" onClick={() => discard(entry)}>
                      {t('offline.outbox.discard')}
                    </button>
                  </>
                )}
              </div>
              {entry.noted && (
                <p className="outbox-entry__noted" data-testid="outbox-noted">
                  {t('offline.outbox.noted', { name: entry.noted.to, time: when(entry.noted.at) })}
                </p>
              )}
              {writing === command.commandId && (
                <NoteToSupervisor
                  entry={entry}
                  onCancel={() => setWriting(null)}
                  onSent={() => {
                    setWriting(null);
                    changed();
                  }}
                />
              )}
              {copied?.id === command.commandId &&
                (copied.ok ? (
                  <StatusMessage>
                    <p>{t('offline.outbox.copied')}</p>
                  </StatusMessage>
                ) : (
                  // Nothing could reach the clipboard: the text is shown selected, to copy by hand.
                  <TextAreaField label={t('offline.outbox.copyByHand')} value={typedText(entry)} onChange={() => {}} rows={5} />
                ))}
            </li>
          );
        })}
      </ul>
    </>
  );
}
