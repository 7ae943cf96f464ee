import { useTranslation } from 'react-i18next';
import { reportFileUrl, reportsApi } from '../../api/reports.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { ReportTable } from '../dashboards/ReportTable.tsx';

/** The indicators by place, as the `workforce` report gives them; also on the managers' dashboard. */
export function WorkforceIndicators({ territory }: { territory?: string }) {
  const { t } = useTranslation();
  const report = useResource(() => reportsApi.get('workforce', { territory }), [territory]);
  return (
    <section className="workforce-indicators" aria-labelledby="workforce-indicators">
      <h2 id="workforce-indicators">{t('workforce.indicators.title')}</h2>
      <p className="hint">{t('workforce.indicators.hint')}</p>
      <FormAlert message={report.error ? errorText(t, report.error) : null} />
      {report.loading && !report.data && <Loading />}
      {report.data && (
        <>
          <ReportTable table={report.data} caption={t('workforce.indicators.title')} testId="workforce-indicators" />
          <a className="button button--secondary" href={reportFileUrl('workforce', 'xlsx', { territory })}>
            {t('workforce.indicators.xlsx')}
          </a>
        </>
      )}
    </section>
  );
}
