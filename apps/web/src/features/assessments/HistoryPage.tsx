import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type AssessmentSummary, assessmentsApi } from '../../api/assessments.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { RiskBadge } from '../cases/badges.tsx';
import { CategoryBadge, domainTitle, pick, ReadinessBadge } from './text.tsx';

// chart.js is heavy and only this page draws with it.
const ScoreChart = lazy(() => import('./ScoreChart.tsx'));

const dateOf = (item: AssessmentSummary) => formatDate(item.submittedAt ?? item.createdAt);

/** The case's assessments over time: a list, and the domain scores compared as a chart or a table. */
export function HistoryPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const list = useResource(() => assessmentsApi.list(caseId), [caseId]);
  const instruments = useResource(() => assessmentsApi.instruments(), []);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const items = list.data?.items ?? [];
  // The chart compares the family assessments; a readiness assessment (of a child's return) is listed, not charted.
  const family = items.filter((item) => !item.childId);
  const oldestFirst = [...family].reverse().filter((item) => Object.values(item.domainScores).some((s) => s.score !== null));
  const def = instruments.data?.items.find((i) => i.id === family[0]?.instrumentId)?.definition;
  const domains = def?.domains.map((d) => d.key) ?? Object.keys(family[0]?.domainScores ?? {});
  const titleOf = (instrumentId: string) => pick(instruments.data?.items.find((i) => i.id === instrumentId)?.definition.title);
  const series = domains.map((key) => ({
    label: domainTitle(def, key),
    values: oldestFirst.map((item) => item.domainScores[key]?.score ?? null),
  }));

  return (
    <>
      <title>{`${t('assessments.history.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/cases/${caseId}`}>{t('assessments.backToCase')}</Link>
      </p>
      <h1>{t('assessments.history.title')}</h1>
      <FormAlert message={list.error ? errorText(t, list.error) : null} />
      {list.loading && !list.data && <Loading />}
      {list.data && items.length === 0 && <p className="empty">{t('assessments.none')}</p>}
      <ul className="case-list" data-testid="assessment-history">
        {items.map((item) => (
          <li key={item.id} className="case-row">
            <div className="case-row__main">
              <Link to={`/cases/${caseId}/assessments/${item.id}`} className="case-row__number">
                {dateOf(item)}
              </Link>
              <span className="badge badge--muted">{t(`assessments.status.${item.status}`)}</span>
            </div>
            {item.childId && <span className="muted">{titleOf(item.instrumentId)}</span>}
            <div className="case-row__marks">
              {item.readiness ? (
                <ReadinessBadge level={item.readiness} />
              ) : (
                <>
                  <RiskBadge risk={item.effectiveRisk} />
                  <CategoryBadge category={item.category} />
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      {oldestFirst.length > 0 && (
        <section className="card" aria-labelledby="compare-title">
          <h2 id="compare-title">{t('assessments.history.compare')}</h2>
          <p className="muted">{t('assessments.history.scale')}</p>
          <div className="tabs">
            <button type="button" className="button button--small" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
              {t('assessments.history.chart')}
            </button>
            <button type="button" className="button button--small" aria-pressed={view === 'table'} onClick={() => setView('table')}>
              {t('assessments.history.table')}
            </button>
          </div>
          {view === 'chart' ? (
            <Suspense fallback={<Loading />}>
              <ScoreChart labels={oldestFirst.map(dateOf)} series={series} title={t('assessments.history.compare')} />
            </Suspense>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="history-table">
                <caption className="visually-hidden">{t('assessments.history.compare')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('assessments.domain')}</th>
                    {oldestFirst.map((item) => (
                      <th key={item.id} scope="col">
                        {dateOf(item)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {series.map((row) => (
                    <tr key={row.label}>
                      <th scope="row">{row.label}</th>
                      {row.values.map((value, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: one cell per assessment, in date order
                        <td key={index}>{value ?? '—'}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
