import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, type TimelineEvent } from '../../api/cases.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { eventLabel } from './eventLabel.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What an event adds to its label: where the case went, what kind of approval, which contact. */
function detailOf(t: (key: string) => string, event: TimelineEvent): string {
  const { details } = event;
  if (event.kind === 'case.status_changed' || event.kind === 'case.reopened')
    return text(details.to) && t(`enum.caseStatus.${text(details.to)}`);
  if (event.kind.startsWith('approval.') && text(details.approvalKind))
    return [t(`enum.approvalKind.${text(details.approvalKind)}`), text(details.comment)].filter(Boolean).join(': ');
  if (event.kind === 'screening.recorded' && text(details.urgency)) return t(`screening.result.${text(details.urgency)}`);
  if (event.kind === 'contact.recorded' && text(details.contactKind)) return t(`enum.contactKind.${text(details.contactKind)}`);
  if (event.kind.startsWith('referral.') && event.organisationName) return event.organisationName;
  return text(details.title) || text(details.comment);
}

/** Every event of the case, newest first, with who and when. */
export function Timeline({ caseId, version, onCount }: { caseId: string; version: number; onCount?: (count: number) => void }) {
  const { t } = useTranslation();
  const events = useResource(() => casesApi.timeline(caseId), [caseId, version]);
  const count = events.data?.items.length;
  useEffect(() => {
    if (count !== undefined) onCount?.(count);
  }, [count, onCount]);
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('cases.timeline.title')}</h2>
      <FormAlert message={events.error ? errorText(t, events.error) : null} />
      <ol className="timeline" data-testid="timeline">
        {(events.data?.items ?? []).map((event) => {
          const detail = detailOf(t, event);
          return (
            <li key={event.id} className="timeline__event" data-kind={event.kind}>
              <span className="timeline__what">
                {eventLabel(t, event.kind)}
                {detail && ` — ${detail}`}
              </span>
              <span className="timeline__who">
                {event.actor?.displayName ?? t('cases.timeline.system')} · {formatDate(event.at)} {formatTime(event.at)}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
