import { reachesEverything, reachOf, SERVICE_CATEGORIES, type ServiceCategory } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, listAll } from '../../api/client.ts';
import { type Service, servicesApi } from '../../api/services.ts';
import { regionOfCode } from '../../api/territories.ts';
import type { Organisation, User } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { useNamer } from '../../i18n/useLocale.ts';
import { formatDate } from '../../lib/dates.ts';
import { TerritoriesPicker } from '../admin/TerritoriesPicker.tsx';
import { actorOf, useMe } from '../auth/session.tsx';
import { type OtherNames, OtherNamesFields, otherNamesOf } from './OtherNamesFields.tsx';

type Values = {
  organisationId: string;
  name: string;
  names: OtherNames;
  category: string;
  description: string;
  territories: string[];
  focalPointUserId: string;
  contactName: string;
  contactPhone: string;
  active: boolean;
};

const valuesOf = (service: Service | undefined, organisationId: string): Values => ({
  organisationId: service?.organisationId ?? organisationId,
  name: service?.name ?? '',
  names: otherNamesOf(service?.names),
  category: service?.category ?? '',
  description: service?.description ?? '',
  territories: service?.territories ?? [],
  focalPointUserId: service?.focalPoint?.id ?? '',
  contactName: service?.contactName ?? '',
  contactPhone: service?.contactPhone ?? '',
  active: service?.active ?? true,
});

type Props = { service?: Service | undefined; onSaved: (service: Service) => void; onCancel: () => void };

/** Adds a service to the directory or edits one, with the version it was read at. */
export function ServiceForm({ service, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const name = useNamer();
  const me = useMe();
  // Whoever keeps every organisation's services chooses the organisation; anyone else keeps their own.
  const admin = reachesEverything(reachOf(actorOf(me), 'service.manage'));
  const [record, setRecord] = useState(service);
  const [values, setValues] = useState(() => valuesOf(service, admin ? '' : me.organisationId));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const organisations = useResource(() => (admin ? listAll<Organisation>('/api/organisations') : Promise.resolve([])), [admin]);
  const users = useResource(() => listAll<User>('/api/users').catch(() => []), []);
  const set = (change: Partial<Values>) => setValues((current) => ({ ...current, ...change }));
  const fields = fieldMessages(error);
  const focalPoints = (users.data ?? []).filter((user) => user.active && user.organisationId === values.organisationId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: values.name,
      names: values.names,
      category: values.category as ServiceCategory,
      description: values.description,
      // A service listing no districts is offered wherever its organisation works: unchanged, they are not sent.
      ...(JSON.stringify(values.territories) !== JSON.stringify(record?.territories ?? []) && { territories: values.territories }),
      focalPointUserId: values.focalPointUserId || null,
      contactName: values.contactName,
      contactPhone: values.contactPhone,
      active: values.active,
    };
    try {
      onSaved(
        record
          ? await servicesApi.update(record.id, { ...body, version: record.version })
          : await servicesApi.create({ ...body, organisationId: values.organisationId, territories: values.territories }),
      );
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        const current = reason.current as Service;
        setRecord(current);
        setValues(valuesOf(current, current.organisationId));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      {record && <p className="muted">{t('common.lastChanged', { date: formatDate(record.updatedAt) })}</p>}
      {record ? (
        <p>
          <strong>{name(record.organisation.names)}</strong>
        </p>
      ) : (
        admin && (
          <SelectField
            label={t('directory.organisation')}
            value={values.organisationId}
            onChange={(organisationId) => set({ organisationId, focalPointUserId: '' })}
            options={(organisations.data ?? []).map((o) => ({ value: o.id, label: name(o.names) }))}
            placeholder={t('common.choose')}
            required
            error={fields.organisationId}
          />
        )
      )}
      <TextField label={t('directory.name')} value={values.name} onChange={(name) => set({ name })} required error={fields.name} />
      <OtherNamesFields value={values.names} onChange={(names) => set({ names })} fields={fields} />
      <SelectField
        label={t('directory.category')}
        value={values.category}
        onChange={(category) => set({ category })}
        options={SERVICE_CATEGORIES.map((code) => ({ value: code, label: t(`directory.categories.${code}`) }))}
        placeholder={t('common.choose')}
        required
        error={fields.category}
      />
      <TextAreaField
        label={t('directory.description')}
        value={values.description}
        onChange={(description) => set({ description })}
        error={fields.description}
      />
      <TerritoriesPicker
        key={record?.version ?? 0}
        value={values.territories}
        onChange={(territories) => set({ territories })}
        initialRegion={regionOfCode(record?.organisation.districtCode)}
        error={fields.territories}
      />
      {focalPoints.length > 0 && (
        <SelectField
          label={t('directory.focalPoint')}
          value={values.focalPointUserId}
          onChange={(focalPointUserId) => set({ focalPointUserId })}
          options={focalPoints.map((user) => ({ value: user.id, label: user.displayName }))}
          placeholder={t('common.none')}
          error={fields.focalPointUserId}
        />
      )}
      <TextField
        label={t('directory.contactName')}
        value={values.contactName}
        onChange={(contactName) => set({ contactName })}
        error={fields.contactName}
      />
      <TextField
        label={t('directory.contactPhone')}
        type="tel"
        inputMode="tel"
        value={values.contactPhone}
        onChange={(contactPhone) => set({ contactPhone })}
        error={fields.contactPhone}
      />
      <label className="check">
        <input type="checkbox" checked={values.active} onChange={(event) => set({ active: event.target.checked })} />
        <span>{t('directory.active')}</span>
      </label>
      <FormActions busy={busy} submitLabel={record ? t('common.save') : t('common.create')} onCancel={onCancel} />
    </form>
  );
}
