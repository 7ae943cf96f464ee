import { type ReportName, territoryLevel } from '@hamkor/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { dashboardsApi, type ManagerDashboardOut, type Period, type ReportTableOut } from '../../api/reports.ts';
import { regionOfCode } from '../../api/territories.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { WorkforceIndicators } from '../workforce/Indicators.tsx';
import { Figure } from './Figure.tsx';
import { type ChartSpec, RISK_COLOURS, rowsChart, totalsChart } from './figures.ts';
import { PeriodForm } from './PeriodForm.tsx';
import { ReportTable } from './ReportTable.tsx';
import { Stats } from './Stats.tsx';

type Data = ManagerDashboardOut;

/** The search of a dashboard link: the territory and period, nothing empty. */
function searchOf(period: Period): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(period)) if (value) params.set(key, value);
  return `?${params.toString()}`;
}

/** The name of the top of the path: the reader's own territory, the whole country, or a supervisor's cases. */
function useRootName(data: Data): { rootCode: string | null; rootName: string } {
  const { t } = useTranslation();
  const me = useMe();
  const rootCode = me.scope.territoryCode ?? null;
  const name = useTerritoryNames([rootCode]);
  if (data.territory.code === rootCode) return { rootCode, rootName: data.territory.name };
  if (rootCode) return { rootCode, rootName: name(rootCode) };
  return { rootCode, rootName: t(reachKey(me.scope.level)) };
}

/** A reader without a territory of their own sees the whole country, or a supervisor the places of their cases. */
const reachKey = (level: string) =>
  level === 'national' || level === 'aggregate' ? 'dashboards.manager.wholeCountry' : 'dashboards.manager.yourCases';

/** Region → district → mahalla: the levels above the territory shown, each a link back up. */
function Breadcrumb({ data, period }: { data: Data; period: Period }) {
  const { t } = useTranslation();
  const code = data.territory.code;
  const region = code && territoryLevel(code) === 'district' ? regionOfCode(code) : null;
  const name = useTerritoryNames([region]);
  const { rootCode, rootName } = useRootName(data);
  const up = (territory: string | undefined) => searchOf({ ...period, territory });
  const atRoot = code === rootCode;
  return (
    <nav aria-label={t('dashboards.manager.territoryPath')}>
      <ol className="territory-path">
        <li>{atRoot ? <span aria-current="page">{rootName}</span> : <Link to={up(undefined)}>{rootName}</Link>}</li>
        {region && region !== rootCode && (
          <li>
            <Link to={up(region)}>{name(region)}</Link>
          </li>
        )}
        {!atRoot && (
          <li>
            <span aria-current="page">{data.territory.name}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}

type Panel = {
  key: keyof Pick<Data, 'byTerritory' | 'byMonth' | 'risk' | 'sources' | 'migration' | 'timeliness' | 'referrals' | 'closures'>;
  report: ReportName;
  /** The grouping the export is asked for, when not the report's default. */
  groupBy?: 'month';
  chart: (table: ReportTableOut, t: (key: string) => string) => ChartSpec;
};

const CASELOAD = ['opened', 'closed', 'open'];
const PANELS: Panel[] = [
  { key: 'byTerritory', report: 'caseload', chart: (table) => rowsChart(table, CASELOAD, { horizontal: true }) },
  { key: 'byMonth', report: 'caseload', groupBy: 'month', chart: (table) => rowsChart(table, CASELOAD, { type: 'line' }) },
  { key: 'risk', report: 'risk', chart: (table, t) => totalsChart(table, 'doughnut', t('dashboards.cases'), RISK_COLOURS) },
  { key: 'sources', report: 'sources', chart: (table, t) => ({ ...totalsChart(table, 'bar', t('dashboards.cases')), horizontal: true }) },
  {
    key: 'migration',
    report: 'migration',
    chart: (table, t) => ({ ...totalsChart(table, 'bar', t('dashboards.families')), horizontal: true }),
  },
  {
    key: 'timeliness',
    report: 'timeliness',
    chart: (table, t) => {
      const days = { ...table, columns: table.columns.filter((column) => column.kind === 'days') };
      return totalsChart(days, 'bar', t('dashboards.days'));
    },
  },
  {
    key: 'referrals',
    report: 'referrals',
    chart: (table) => rowsChart(table, ['accepted', 'declined', 'completed', 'overdue'], { horizontal: true }),
  },
  { key: 'closures', report: 'closures', chart: (table, t) => ({ ...totalsChart(table, 'bar', t('dashboards.cases')), horizontal: true }) },
];

function PrivacyNote({ data }: { data: Data }) {
  const { t } = useTranslation();
  if (!data.privacy) return null;
  return (
    <p className="notice notice--info" data-testid="privacy-note">
      {t('dashboards.privacy')} {data.suppressed && t('dashboards.suppressed')}
    </p>
  );
}

/**
 * Figures of a territory and period for managers, analysts and administrators: cases opened, closed and
 * open by territory (drill down from region to district to mahalla) and by month, risk, sources,
 * labour migration, timeliness, referrals and closures. Territory and period live in the address.
 */
export function ManagerDashboard() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const period: Period = {
    territory: params.get('territory') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  };
  // Names and labels come translated in the language saved on the account: a change of language asks again.
  const me = useMe();
  const { locale } = me;
  const data = useResource(() => dashboardsApi.manager(period), [period.territory, period.from, period.to, locale]);
  const setPeriod = (next: { from: string; to: string }) => setParams(new URLSearchParams(searchOf({ ...period, ...next })));
  // Drawn again only when the figures change, not on every render of the page.
  const figures = data.data;
  const charts = useMemo(() => (figures ? PANELS.map((panel) => panel.chart(figures[panel.key], t)) : []), [figures, t]);

  if (data.error) {
    return (
      <>
        <FormAlert message={errorText(t, data.error)} />
        {period.territory && <Link to={searchOf({ ...period, territory: undefined })}>{t(reachKey(me.scope.level))}</Link>}
      </>
    );
  }
  if (!data.data) return <Loading />;
  const current = data.data;
  const filters = { territory: current.territory.code ?? undefined, from: current.from, to: current.to };
  const drill = (table: ReportTableOut) => (key: string) =>
    table.drillDown && key !== 'unknown' ? searchOf({ ...filters, territory: key }) : null;

  return (
    <div className="dashboard" data-testid="manager-dashboard" aria-busy={data.loading}>
      <Breadcrumb data={current} period={filters} />
      <p className="lead">{t('dashboards.manager.period', { from: formatIsoDate(current.from), to: formatIsoDate(current.to) })}</p>
      <PeriodForm from={current.from} to={current.to} onChange={setPeriod} />
      <PrivacyNote data={current} />
      <Stats
        testId="manager-totals"
        items={CASELOAD.map((key) => ({ key, label: t(`dashboards.manager.totals.${key}`), value: current.byTerritory.totals?.[key] }))}
      />
      <div className="dashboard__grid">
        {PANELS.map((panel, index) => {
          const table = current[panel.key];
          const title = t(`dashboards.manager.panels.${panel.key}`);
          return (
            <Figure
              key={panel.key}
              title={title}
              name={panel.key}
              chart={charts[index] ?? null}
              table={<ReportTable table={table} caption={title} rowLink={drill(table)} testId={`table-${panel.key}`} />}
              report={{ name: panel.report, filters: { ...filters, ...(panel.groupBy ? { groupBy: panel.groupBy } : {}) } }}
            />
          );
        })}
      </div>
      <WorkforceIndicators territory={filters.territory} />
    </div>
  );
}
