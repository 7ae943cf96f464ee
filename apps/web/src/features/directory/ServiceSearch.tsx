import './directory.css';
import { SERVICE_CATEGORIES, type ServiceCategory } from '@hamkor/domain';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Service, servicesApi } from '../../api/services.ts';
import { regionOfCode } from '../../api/territories.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { useNamer } from '../../i18n/useLocale.ts';
import { formatPhone } from '../../lib/phone.ts';
import { RegionDistrictFields } from '../territories/RegionDistrictFields.tsx';

export type ServiceFilter = { region: string; district: string; category: string; q: string };

/** The directory searched by district, category and words, reloaded as the filter changes. */
export function useServiceSearch(initial: Partial<ServiceFilter> = {}, includeInactive = false) {
  const [filter, setFilter] = useState<ServiceFilter>({
    region: initial.region ?? regionOfCode(initial.district),
    district: initial.district ?? '',
    category: initial.category ?? '',
    q: initial.q ?? '',
  });
  const results = useResource(
    () =>
      servicesApi.list({
        district: filter.district || undefined,
        category: (filter.category || undefined) as ServiceCategory | undefined,
        q: filter.q.trim() || undefined,
        includeInactive,
      }),
    [filter.district, filter.category, filter.q, includeInactive],
  );
  return { filter, setFilter, results };
}

export function ServiceFilters({ filter, onChange }: { filter: ServiceFilter; onChange: (filter: ServiceFilter) => void }) {
  const { t } = useTranslation();
  return (
    <div className="filters directory-filters">
      <RegionDistrictFields
        region={filter.region}
        district={filter.district}
        onChange={({ region, district }) => onChange({ ...filter, region, district })}
        required={false}
      />
      <SelectField
        label={t('directory.category')}
        value={filter.category}
        onChange={(category) => onChange({ ...filter, category })}
        options={SERVICE_CATEGORIES.map((code) => ({ value: code, label: t(`directory.categories.${code}`) }))}
        placeholder={t('directory.anyCategory')}
      />
      <TextField label={t('directory.search')} value={filter.q} onChange={(q) => onChange({ ...filter, q })} />
    </div>
  );
}

/** One service of the directory: who offers it, what, where to call; `children` holds the row's buttons. */
export function ServiceLine({ service, children }: { service: Service; children?: ReactNode }) {
  const { t } = useTranslation();
  const name = useNamer();
  return (
    <li className="service" data-testid="service">
      <div className="service__main">
        <span className="service__name">{name(service.names)}</span>
        <span className="service__org">{name(service.organisation.names)}</span>
        <span className="badge badge--muted">{t(`directory.categories.${service.category}`)}</span>
        {!service.active && <span className="badge badge--muted">{t('common.inactive')}</span>}
        {service.description && <span className="muted">{service.description}</span>}
        {(service.focalPoint || service.contactName || service.contactPhone) && (
          <span className="muted">
            {t('directory.contact')}: {[service.focalPoint?.displayName, service.contactName].filter(Boolean).join(', ')}{' '}
            {service.contactPhone && (
              <a href={`tel:${service.contactPhone}`} className="phone">
                {formatPhone(service.contactPhone)}
              </a>
            )}
          </span>
        )}
      </div>
      {children && <div className="service__actions">{children}</div>}
    </li>
  );
}

type ResultsProps = {
  results: ReturnType<typeof useServiceSearch>['results'];
  actions?: (service: Service) => ReactNode;
};

export function ServiceResults({ results, actions }: ResultsProps) {
  const { t } = useTranslation();
  const items = results.data?.items ?? [];
  return (
    <>
      <FormAlert message={results.error ? errorText(t, results.error) : null} />
      {results.loading && !results.data && <Loading />}
      {results.data && items.length === 0 && <p className="empty">{t('directory.empty')}</p>}
      <ul className="service-list" aria-label={t('directory.results')} aria-busy={results.loading}>
        {items.map((service) => (
          <ServiceLine key={service.id} service={service}>
            {actions?.(service)}
          </ServiceLine>
        ))}
      </ul>
    </>
  );
}
