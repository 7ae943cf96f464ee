import type { ReportName } from '@hamkor/domain';
import { lazy, type ReactNode, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReportFilters, reportFileUrl } from '../../api/reports.ts';
import { Loading } from '../../components/Loading.tsx';
import { type ChartSpec, drawable } from './figures.ts';

// chart.js is the heaviest library of the app: it loads with the first chart drawn, not with the page.
const FigureChart = lazy(() => import('./FigureChart.tsx'));

type Props = {
  title: string;
  /** A file name for the chart's picture, without extension. */
  name: string;
  chart: ChartSpec | null;
  /** The same figures as a table, for screen readers, for reading exact numbers, and where no chart fits. */
  table: ReactNode;
  /** The report whose export holds these figures. */
  report?: { name: ReportName; filters: ReportFilters } | undefined;
  /** What is shown first; 'table' draws no chart (and loads no chart code) until the reader asks for one. */
  initialView?: 'chart' | 'table';
  children?: ReactNode;
};

/** One figure of a dashboard: a heading, a chart or its table (the reader chooses), and downloads. */
export function Figure({ title, name, chart: spec, table, report, initialView = 'chart', children }: Props) {
  const { t } = useTranslation();
  const id = useId();
  // Nothing to draw (no cases, or every figure hidden as "<5"): the table says it better than empty axes.
  const chart = spec && drawable(spec) ? spec : null;
  const [view, setView] = useState<'chart' | 'table'>(chart ? initialView : 'table');
  return (
    <section className="card figure" aria-labelledby={id} data-figure={name}>
      <h2 id={id}>{title}</h2>
      {children}
      {chart && (
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('dashboards.view')}</legend>
          <button type="button" className="button button--small" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
            {t('dashboards.chart')}
          </button>
          <button type="button" className="button button--small" aria-pressed={view === 'table'} onClick={() => setView('table')}>
            {t('dashboards.table')}
          </button>
        </fieldset>
      )}
      {view === 'chart' && chart ? (
        <Suspense fallback={<Loading />}>
          <FigureChart spec={chart} title={title} fileName={name} />
        </Suspense>
      ) : (
        table
      )}
      {report && <ReportDownloads name={report.name} filters={report.filters} title={title} />}
    </section>
  );
}

/** Links that download a report as a spreadsheet or CSV file, with the same filters. */
export function ReportDownloads({ name, filters, title }: { name: ReportName; filters: ReportFilters; title: string }) {
  const { t } = useTranslation();
  const link = (format: 'xlsx' | 'csv', text: string) => (
    <a className="button button--small" href={reportFileUrl(name, format, filters)} download aria-label={`${text} — ${title}`}>
      {text}
    </a>
  );
  return (
    <p className="figure__downloads">
      {link('xlsx', t('dashboards.downloadXlsx'))}
      {link('csv', t('dashboards.downloadCsv'))}
    </p>
  );
}
