import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { discardEntry, listOutbox, type OutboxEntry } from '../../offline/outbox.ts';
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
 * The changes kept on this device: those waiting to be sent, and those the server did not take as they
 * were, each with its reason, until the worker resolves, copies or removes them. Nothing typed is dropped silently.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const { copy, vaultUser, needsSetup, online, syncing, syncNow, changed } = useOffline();
  const [copied, setCopied] = useState<string | null>(null);
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
    await navigator.clipboard?.writeText(typedText(entry)).catch(() => {});
    setCopied(entry.command.commandId);
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
                <span>{t('offline.outbox.typedAt', { time: `${formatDate(command.clientTime)} ${formatTime(command.clientTime)}` })}</span>
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
                    <button type="button" className="button button--small" onClick={() => discard(entry)}>
                      {t('offline.outbox.discard')}
                    </button>
                  </>
                )}
              </div>
              {copied === command.commandId && (
                <StatusMessage>
                  <p>{t('offline.outbox.copied')}</p>
                </StatusMessage>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
