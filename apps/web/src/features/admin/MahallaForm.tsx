import type { LocalisedName } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { Mahalla } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, TextField } from '../../components/fields.tsx';
import { formatDate } from '../../lib/dates.ts';

type Names = { uz_latn: string; uz_cyrl: string; ru: string; en: string };
const namesOf = (name?: LocalisedName): Names => ({
  uz_latn: name?.uz_latn ?? '',
  uz_cyrl: name?.uz_cyrl ?? '',
  ru: name?.ru ?? '',
  en: name?.en ?? '',
});

type Props = { district: string; mahalla?: Mahalla | undefined; onSaved: (mahalla: Mahalla) => void; onCancel: () => void };

/** Adds a mahalla to a district, or renames one. The code is its identity and is not edited. */
export function MahallaForm({ district, mahalla, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [record, setRecord] = useState(mahalla);
  const [code, setCode] = useState(mahalla?.code ?? '');
  const [names, setNames] = useState(() => namesOf(mahalla?.name));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const setName = (key: keyof Names) => (value: string) => setNames((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(
        record
          ? await api.patch<Mahalla>(`/api/territories/mahallas/${record.id}`, { version: record.version, name: names })
          : await api.post<Mahalla>('/api/territories/mahallas', { code, districtCode: district, name: names }),
      );
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        const current = reason.current as Mahalla;
        setRecord(current);
        setNames(namesOf(current.name));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      {record ? (
        <p className="muted">
          {t('admin.mahallas.code')}: <code>{record.code}</code> · {t('common.lastChanged', { date: formatDate(record.updatedAt) })}
        </p>
      ) : (
        <TextField
          label={t('admin.mahallas.code')}
          hint={t('admin.mahallas.codeHint')}
          value={code}
          onChange={setCode}
          required
          error={fields.code}
        />
      )}
      <TextField
        label={t('admin.mahallas.nameUzLatn')}
        value={names.uz_latn}
        onChange={setName('uz_latn')}
        required
        error={fields['name.uz_latn']}
      />
      <TextField
        label={t('admin.mahallas.nameUzCyrl')}
        value={names.uz_cyrl}
        onChange={setName('uz_cyrl')}
        error={fields['name.uz_cyrl']}
      />
      <TextField label={t('admin.mahallas.nameRu')} value={names.ru} onChange={setName('ru')} error={fields['name.ru']} />
      <TextField label={t('admin.mahallas.nameEn')} value={names.en} onChange={setName('en')} error={fields['name.en']} />
      <FormActions busy={busy} submitLabel={record ? t('common.save') : t('common.create')} onCancel={onCancel} />
    </form>
  );
}
