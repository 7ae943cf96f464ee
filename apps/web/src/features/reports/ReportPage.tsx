import { groupingFits, REPORT_NAMES, REPORTS, type ReportGrouping, type ReportName, territoryLevel } from '@hamkor/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { listAll } from '../../api/client.ts';
import { type ReportFilters, type ReportOut, reportsApi } from '../../api/reports.ts';
import { regionOfCode } from '../../api/territories.ts';
import type { Organisation } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';
import { DateField } from '../cases/DateField.tsx';
import { ReportDownloads } from '../dashboards/Figure.tsx';
import { ReportTable } from '../dashboards/ReportTable.tsx';
import { RegionDistrictFields } from '../territories/RegionDistrictFields.tsx';

type Applied = ReportFilters & { name: ReportName };
/** The period of the report on screen, when there is one. */
type Shown = { from: string; to: string } | undefined;
type Draft = { name: ReportName; region: string; district: string; from: string; to: string; groupBy: string; organisation: string };

const isReportName = (value: string | null): value is ReportName => (REPORT_NAMES as readonly string[]).includes(value ?? '');

function appliedOf(params: URLSearchParams): Applied {
  const name = params.get('name');
  const value = (key: string) => params.get(key) || undefined;
  return {
    name: isReportName(name) ? name : 'caseload',
    territory: value('territory'),
    from: value('from'),
    to: value('to'),
    groupBy: value('groupBy') as ReportGrouping | undefined,
    organisation: value('organisation'),
  };
}

/** The form as the address fills it; dates not chosen show the period the server reported on. */
function draftOf(applied: Applied, shown: Shown): Draft {
  const territory = applied.territory ?? '';
  return {
    name: applied.name,
    region: regionOfCode(territory),
    district: territory && territoryLevel(territory) === 'district' ? territory : '',
    from: formatIsoDate(applied.from ?? shown?.from),
    to: formatIsoDate(applied.to ?? shown?.to),
    groupBy: applied.groupBy ?? '',
    organisation: applied.organisation ?? '',
  };
}

function searchOf(applied: Applied): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(applied)) if (value) params.set(key, value);
  return params;
}

/** The organisations of a district, for narrowing a report to the cases one of them works. */
function useOrganisations(district: string): Organisation[] {
  const list = useResource(() => (district ? listAll<Organisation>('/api/organisations', { district }) : Promise.resolve([])), [district]);
  return list.data ?? [];
}

type FormProps = { applied: Applied; shown: Shown; onApply: (next: Applied) => void };

/** Which report, for which territory, period and organisation, grouped how. */
function ReportForm({ applied, shown, onApply }: FormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(applied, shown));
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const appliedKey = searchOf(applied).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `appliedKey` stands for the filters in the address
  useEffect(() => setDraft(draftOf(applied, shown)), [appliedKey]);
  // The period reported on fills the dates left empty, and nothing the reader has chosen meanwhile.
  const shownFrom = formatIsoDate(shown?.from);
  const shownTo = formatIsoDate(shown?.to);
  useEffect(
    () => setDraft((current) => ({ ...current, from: current.from || shownFrom, to: current.to || shownTo })),
    [shownFrom, shownTo],
  );
  const organisations = useOrganisations(draft.district);
  const territory = draft.district || draft.region;
  const definition = REPORTS[draft.name];
  const groupings = definition.groupings.filter((grouping) => groupingFits(definition, grouping, territory));
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = draft.from ? parseDayMonthYear(draft.from) : undefined;
    const to = draft.to ? parseDayMonthYear(draft.to) : undefined;
    const found = {
      ...(from === null ? { from: t('dashboards.period.invalidDate') } : {}),
      ...(to === null ? { to: t('dashboards.period.invalidDate') } : {}),
      ...(from && to && from > to ? { to: t('dashboards.period.toBeforeFrom') } : {}),
    };
    setErrors(found);
    if (found.from || found.to) return;
    onApply({
      name: draft.name,
      territory: territory || undefined,
      from: from ?? undefined,
      to: to ?? undefined,
      groupBy: groupings.includes(draft.groupBy as ReportGrouping) ? (draft.groupBy as ReportGrouping) : undefined,
      organisation: draft.district && draft.organisation ? draft.organisation : undefined,
    });
  };

  return (
    <form className="card report-form" onSubmit={submit} noValidate aria-label={t('reports.form')}>
      <div className="filters">
        <SelectField
          label={t('reports.report')}
          value={draft.name}
          onChange={(value) => set({ name: value as ReportName })}
          options={REPORT_NAMES.map((name) => ({ value: name, label: t(`reports.names.${name}`) }))}
          required
        />
        <SelectField
          label={t('reports.groupBy')}
          value={draft.groupBy}
          onChange={(value) => set({ groupBy: value })}
          options={groupings.map((grouping) => ({ value: grouping, label: t(`dashboards.groupedBy.${grouping}`) }))}
          placeholder={t('reports.defaultGrouping')}
        />
      </div>
      <RegionDistrictFields
        region={draft.region}
        district={draft.district}
        onChange={({ region, district }) => set({ region, district, organisation: '' })}
        required={false}
      />
      <div className="filters">
        <DateField label={t('dashboards.period.from')} value={draft.from} onChange={(from) => set({ from })} error={errors.from} />
        <DateField label={t('dashboards.period.to')} value={draft.to} onChange={(to) => set({ to })} error={errors.to} />
        <SelectField
          label={t('reports.organisation')}
          value={draft.organisation}
          onChange={(organisation) => set({ organisation })}
          options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
          placeholder={draft.district ? t('reports.anyOrganisation') : t('reports.chooseDistrictFirst')}
          disabled={!draft.district}
        />
      </div>
      <button type="submit" className="button button--primary">
        {t('reports.show')}
      </button>
    </form>
  );
}

function ReportResult({ report, applied, onDrill }: { report: ReportOut; applied: Applied; onDrill: (territory: string) => string }) {
  const { t } = useTranslation();
  const { name, ...filters } = applied;
  return (
    <section className="card" aria-labelledby="report-title" data-testid="report">
      <h2 id="report-title">{report.title}</h2>
      <p className="lead">
        {t('reports.scope', { territory: report.territory.name, from: formatIsoDate(report.from), to: formatIsoDate(report.to) })}
      </p>
      {report.privacy && <p className="notice notice--info">{t('dashboards.privacy')}</p>}
      {report.suppressed && (
        <p className="notice notice--warning" data-testid="suppressed-note">
          {t('dashboards.suppressed')}
        </p>
      )}
      <ReportTable
        table={report}
        caption={report.title}
        rowLink={(key) => (report.drillDown && key !== 'unknown' ? onDrill(key) : null)}
        testId="report-table"
      />
      <ReportDownloads name={name} filters={{ ...filters, from: report.from, to: report.to }} title={report.title} />
      <p className="muted">{t('reports.generated', { date: formatDate(report.generatedAt) })}</p>
    </section>
  );
}

/** A report chosen and filtered, as a table on screen, with its exports to Excel and CSV. */
export function ReportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const applied = appliedOf(params);
  const key = searchOf(applied).toString();
  // Titles, columns and names come translated in the language saved on the account.
  const { locale } = useMe();
  const report = useResource(() => reportsApi.get(applied.name, applied), [key, locale]);
  const drill = (territory: string) => `?${searchOf({ ...applied, territory, groupBy: undefined }).toString()}`;
  return (
    <>
      <ReportForm
        applied={applied}
        shown={report.data && { from: report.data.from, to: report.data.to }}
        onApply={(next) => setParams(searchOf(next))}
      />
      <FormAlert message={report.error ? errorText(t, report.error) : null} />
      {report.loading && !report.data && <Loading />}
      {report.data && !report.error && <ReportResult report={report.data} applied={applied} onDrill={drill} />}
    </>
  );
}
