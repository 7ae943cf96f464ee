import '../access/access.css';
import { AUDIT_OUTCOMES } from '@hamkor/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { formatDate, formatTime, parseDayMonthYear } from '../../lib/dates.ts';
import { AUDIT_LANES, type AuditEvent, type AuditFilter, auditApi, type LaneReport } from './api.ts';

/** Checks the chain lane by lane, showing how far it has come and every broken link it finds. */
function ChainCheck() {
  const { t } = useTranslation();
  const [lanes, setLanes] = useState<LaneReport[]>([]);
  const [done, setDone] = useState(0);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    setLanes([]);
    setDone(0);
    try {
      for (let lane = 0; lane < AUDIT_LANES; lane++) {
        const report = await auditApi.verifyLane(lane);
        setLanes((found) => [...found, ...report.lanes]);
        setDone(lane + 1);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(false);
    }
  };
  const broken = lanes.flatMap((lane) => lane.broken.map((link) => ({ lane: lane.lane, ...link })));
  const events = lanes.reduce((n, lane) => n + lane.events, 0);
  const finished = done === AUDIT_LANES;
  return (
    <section className="card" aria-labelledby="chain-title">
      <h2 id="chain-title">{t('audit.chain.title')}</h2>
      <p>{t('audit.chain.explain')}</p>
      <button type="button" className="button" onClick={() => void run()} disabled={running}>
        {t('audit.chain.run')}
      </button>
      {(running || done > 0) && (
        <p>
          <label>
            {t('audit.chain.progress', { done, total: AUDIT_LANES })} <progress max={AUDIT_LANES} value={done} />
          </label>
        </p>
      )}
      <FormAlert message={error ? errorText(t, error) : null} />
      <div role="status">
        {finished && broken.length === 0 && <p data-testid="chain-result">{t('audit.chain.intact', { events })}</p>}
        {broken.length > 0 && (
          <>
            <p data-testid="chain-result">{t('audit.chain.broken', { count: broken.length })}</p>
            <ul>
              {broken.map((link) => (
                <li key={`${link.lane}:${link.event}:${link.reason}`}>
                  {t(`audit.chain.reason.${link.reason}`, { lane: link.lane, event: link.event })}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

export function EventItem({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <li className="card emergency-card" data-testid="audit-event">
      <p className="emergency-card__title">
        <strong>{event.action}</strong> · {formatDate(event.at)} {formatTime(event.at)}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('audit.user')}</dt>
          <dd>{event.actorName ?? t('audit.system')}</dd>
        </div>
        {event.entityId && (
          <div>
            <dt>{t('audit.record')}</dt>
            <dd>
              {event.entityType} {event.entityId}
            </dd>
          </div>
        )}
        {Object.keys(event.details).length > 0 && (
          <div>
            <dt>{t('audit.details')}</dt>
            <dd>
              <code>{JSON.stringify(event.details)}</code>
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}

/** The audit viewer for auditors and system administrators: filters, results, exports, the chain's check. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [items, setItems] = useState<AuditEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (next: AuditFilter, after?: string) => {
    setError(null);
    try {
      const page = await auditApi.list(next, after);
      setItems((shown) => (after ? [...(shown ?? []), ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
      if (!after) setItems([]);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once, then on each search
  useEffect(() => {
    void load(filter);
  }, [filter]);
  const set = (key: keyof AuditFilter) => (value: string) => setDraft({ ...draft, [key]: value.trim() });
  const search = (event: FormEvent) => {
    event.preventDefault();
    const day = (text?: string) => (text ? (parseDayMonthYear(text) ?? text) : undefined);
    setItems(null);
    setFilter({ ...draft, from: day(draft.from), to: day(draft.to) });
  };
  return (
    <>
      <title>{`${t('audit.title')} · ${t('app.name')}`}</title>
      <h1>{t('audit.title')}</h1>
      <form className="card filters" onSubmit={search} aria-label={t('audit.filters')}>
        <TextField label={t('audit.userId')} value={draft.userId ?? ''} onChange={set('userId')} />
        <TextField label={t('audit.entityId')} value={draft.entityId ?? ''} onChange={set('entityId')} />
        <TextField label={t('audit.action')} hint={t('audit.actionHint')} value={draft.action ?? ''} onChange={set('action')} />
        <SelectField
          label={t('audit.outcome')}
          value={draft.outcome ?? ''}
          onChange={set('outcome')}
          placeholder={t('audit.outcomes.any')}
          options={AUDIT_OUTCOMES.map((value) => ({ value, label: t(`audit.outcomes.${value}`) }))}
        />
        <TextField label={t('audit.from')} hint={t('audit.dateHint')} value={draft.from ?? ''} onChange={set('from')} />
        <TextField label={t('audit.to')} hint={t('audit.dateHint')} value={draft.to ?? ''} onChange={set('to')} />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('audit.search')}
          </button>
          <a className="button" href={auditApi.exportUrl(filter, 'csv')} download>
            {t('audit.exportCsv')}
          </a>
          <a className="button" href={auditApi.exportUrl(filter, 'xlsx')} download>
            {t('audit.exportXlsx')}
          </a>
        </div>
      </form>
      <FormAlert message={error ? errorText(t, error) : null} />
      {items === null && !error && <Loading />}
      {items?.length === 0 && !error && <p className="empty">{t('audit.empty')}</p>}
      <ul className="emergency-list" aria-label={t('audit.results')}>
        {items?.map((event) => (
          <EventItem key={event.seq} event={event} />
        ))}
      </ul>
      {cursor && (
        <button type="button" className="button" onClick={() => void load(filter, cursor)}>
          {t('audit.more')}
        </button>
      )}
      <ChainCheck />
    </>
  );
}
