import { CASE_STATUSES, type CaseStatus, RISK_LEVELS, type RiskLevel, supervisesWorkers } from '@hamkor/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CaseloadItem, casesApi } from '../../api/cases.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { useMe } from '../auth/session.tsx';
import { RISK_ORDER, RiskBadge, StatusBadge } from './badges.tsx';

type View = 'mine' | 'team';

function CaseRow({ item }: { item: CaseloadItem }) {
  const { t } = useTranslation();
  return (
    <li className="case-row">
      <div className="case-row__main">
        <Link to={`/cases/${item.id}`} className="case-row__number">
          {item.number}
        </Link>
        <span>{item.familyHeadName ?? t('families.family.untitled')}</span>
      </div>
      <div className="case-row__marks">
        <StatusBadge status={item.status} />
        <RiskBadge risk={item.riskLevel} />
        {item.overdueTasks > 0 && <span className="badge badge--danger">{t('cases.overdueTasks', { count: item.overdueTasks })}</span>}
        {item.overdueTasks === 0 && item.openTasks > 0 && <span className="badge">{t('cases.openTasks', { count: item.openTasks })}</span>}
      </div>
    </li>
  );
}

/** Team cases by worker, and in each worker's list the highest risk first. */
function byWorker(items: CaseloadItem[], none: string): [string, CaseloadItem[]][] {
  const groups = new Map<string, CaseloadItem[]>();
  for (const item of items) {
    const name = item.assigneeName ?? none;
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  for (const list of groups.values()) list.sort((a, b) => (RISK_ORDER[a.riskLevel ?? ''] ?? 4) - (RISK_ORDER[b.riskLevel ?? ''] ?? 4));
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

export function CaseloadPage() {
  const { t } = useTranslation();
  const me = useMe();
  const supervisor = supervisesWorkers(me);
  const [view, setView] = useState<View>(supervisor ? 'team' : 'mine');
  const [status, setStatus] = useState('');
  const [risk, setRisk] = useState('');
  const [q, setQ] = useState('');
  // The search waits for a pause in typing, so that a phone on a weak signal sends one request, not ten.
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);
  const cases = useResource(
    () =>
      casesApi.list({
        assignee: view === 'mine' ? 'me' : undefined,
        status: (status || undefined) as CaseStatus | undefined,
        risk: (risk || undefined) as RiskLevel | undefined,
        q: search || undefined,
      }),
    [view, status, risk, search],
  );
  const items = cases.data?.items ?? [];
  /** A search the server refuses (punctuation alone) is told beside the search box. */
  const searchProblem = fieldMessages(cases.error).q;

  return (
    <>
      <title>{`${t('nav.cases')} · ${t('app.name')}`}</title>
      <div className="section-head">
        <h1>{t('cases.caseload.title')}</h1>
        {supervisor && (
          <Link to="/cases/approvals" className="button">
            {t('approvals.title')}
          </Link>
        )}
      </div>
      {supervisor && (
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('cases.caseload.view')}</legend>
          {(['team', 'mine'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className="button button--small"
              aria-pressed={view === option}
              onClick={() => setView(option)}
            >
              {t(`cases.caseload.${option}`)}
            </button>
          ))}
        </fieldset>
      )}
      <div className="filters">
        <TextField label={t('cases.caseload.search')} value={q} onChange={setQ} name="q" error={searchProblem} />
        <SelectField
          label={t('cases.status')}
          value={status}
          onChange={setStatus}
          placeholder={t('cases.caseload.any')}
          options={CASE_STATUSES.map((code) => ({ value: code, label: t(`enum.caseStatus.${code}`) }))}
        />
        <SelectField
          label={t('cases.risk')}
          value={risk}
          onChange={setRisk}
          placeholder={t('cases.caseload.any')}
          options={RISK_LEVELS.map((code) => ({ value: code, label: t(`enum.risk.${code}`) }))}
        />
      </div>
      {cases.error && !searchProblem ? <FormAlert message={errorText(t, cases.error)} /> : null}
      {cases.loading && !cases.data && <Loading />}
      {cases.data && items.length === 0 && <p className="empty">{t('cases.caseload.empty')}</p>}
      {view === 'team' ? (
        byWorker(items, t('cases.unassigned')).map(([worker, list]) => (
          <section key={worker} className="case-group" aria-label={worker}>
            <h2>{worker}</h2>
            <ul className="case-list">
              {list.map((item) => (
                <CaseRow key={item.id} item={item} />
              ))}
            </ul>
          </section>
        ))
      ) : (
        <ul className="case-list">
          {items.map((item) => (
            <CaseRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </>
  );
}
