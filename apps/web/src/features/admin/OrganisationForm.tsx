import { ORGANISATION_KINDS } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { Organisation } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { formatDate } from '../../lib/dates.ts';
import { type OtherNames, OtherNamesFields, otherNamesOf } from '../directory/OtherNamesFields.tsx';
import { RegionDistrictFields } from '../territories/RegionDistrictFields.tsx';
import { TerritoriesPicker } from './TerritoriesPicker.tsx';

type Values = {
  name: string;
  names: OtherNames;
  kind: string;
  region: string;
  districtCode: string;
  territories: string[];
  address: string;
  phone: string;
};

const valuesOf = (organisation?: Organisation): Values => ({
  name: organisation?.name ?? '',
  names: otherNamesOf(organisation?.names),
  kind: organisation?.kind ?? '',
  region: organisation?.regionCode ?? '',
  districtCode: organisation?.districtCode ?? '',
  territories: organisation?.territories ?? [],
  address: organisation?.address ?? '',
  phone: organisation?.phone ?? '',
});

type Props = {
  organisation?: Organisation | undefined;
  onSaved: (organisation: Organisation) => void;
  onCancel: () => void;
};

/** Creates an organisation, or edits one with the version it was read at. */
export function OrganisationForm({ organisation, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [record, setRecord] = useState(organisation);
  const [values, setValues] = useState(() => valuesOf(organisation));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Values>) => setValues((current) => ({ ...current, ...change }));
  const fields = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: values.name,
      names: values.names,
      kind: values.kind,
      districtCode: values.districtCode,
      territories: values.territories,
      address: values.address,
      ...(values.phone.trim() && { phone: values.phone }),
    };
    try {
      onSaved(
        record
          ? await api.patch<Organisation>(`/api/organisations/${record.id}`, { ...body, version: record.version })
          : await api.post<Organisation>('/api/organisations', body),
      );
    } catch (reason) {
      setError(reason);
      // Someone else saved first: show their version, so the user can redo their change on top of it.
      if (reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        const current = reason.current as Organisation;
        setRecord(current);
        setValues(valuesOf(current));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      {record && <p className="muted">{t('common.lastChanged', { date: formatDate(record.updatedAt) })}</p>}
      <TextField
        label={t('admin.organisations.name')}
        value={values.name}
        onChange={(name) => set({ name })}
        required
        error={fields.name}
      />
      <OtherNamesFields value={values.names} onChange={(names) => set({ names })} fields={fields} />
      <SelectField
        label={t('admin.organisations.kind')}
        value={values.kind}
        onChange={(kind) => set({ kind })}
        options={ORGANISATION_KINDS.map((kind) => ({ value: kind, label: t(`enum.organisationKind.${kind}`) }))}
        placeholder={t('common.choose')}
        required
        error={fields.kind}
      />
      <RegionDistrictFields
        region={values.region}
        district={values.districtCode}
        onChange={({ region, district }) => set({ region, districtCode: district })}
        districtError={fields.districtCode}
      />
      <TerritoriesPicker
        key={record?.version ?? 0}
        value={values.territories}
        onChange={(territories) => set({ territories })}
        initialRegion={values.region}
        error={fields.territories}
      />
      <TextField
        label={t('admin.organisations.address')}
        value={values.address}
        onChange={(address) => set({ address })}
        autoComplete="street-address"
        error={fields.address}
      />
      <TextField
        label={t('admin.organisations.phone')}
        type="tel"
        inputMode="tel"
        hint={t('admin.organisations.phoneHint')}
        value={values.phone}
        onChange={(phone) => set({ phone })}
        error={fields.phone}
      />
      <FormActions busy={busy} submitLabel={record ? t('common.save') : t('common.create')} onCancel={onCancel} />
    </form>
  );
}
