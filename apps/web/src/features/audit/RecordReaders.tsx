import { hasRole } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { type AuditEvent, auditApi } from './api.ts';

/**
 * "Who has seen this record", for the supervisor of a family or case: the reads of it from the audit log.
 * Loaded when asked (each look is itself audited); the server decides whether this reader may see them.
 */
export function RecordReaders({ entityId }: { entityId: string }) {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [hidden, setHidden] = useState(false);
  if (hidden || !hasRole(actor, 'supervisor', 'org_admin', 'auditor', 'system_admin')) return null;
  const show = () =>
    auditApi
      .list({ entityId, reads: 'true' })
      .then((page) => setEvents(page.items))
      // Not this record's supervisor: the panel is not theirs to show.
      .catch((failure: unknown) => (failure instanceof ApiError && failure.status === 404 ? setHidden(true) : setError(failure)));
  return (
    <section className="card" aria-labelledby={`readers-${entityId}`}>
      <h2 id={`readers-${entityId}`}>{t('audit.readers.title')}</h2>
      {events === null ? (
        <button type="button" className="button" onClick={() => void show()}>
          {t('audit.readers.show')}
        </button>
      ) : events.length === 0 ? (
        <p className="empty">{t('audit.readers.none')}</p>
      ) : (
        <ul data-testid="record-readers">
          {events.map((event) => (
            <li key={event.seq}>
              {event.actorName ?? t('audit.system')} · {t(`audit.readers.kind.${event.action === 'emergency.open' ? 'emergency' : 'read'}`)}{' '}
              · {formatDate(event.at)} {formatTime(event.at)}
            </li>
          ))}
        </ul>
      )}
      <FormAlert message={error ? errorText(t, error) : null} />
    </section>
  );
}
