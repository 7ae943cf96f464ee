import { schemas, URGENCIES, type Urgency } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { casesApi } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { familiesApi } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { CheckboxGroup, FormAlert, SelectField, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';

/** Opens a case for a registered family (/cases/new?family=ID): who it is about, who raised it, why, how urgent. */
export function OpenCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const familyId = params.get('family') ?? '';
  const family = useResource(() => familiesApi.get(familyId), [familyId]);
  const [focus, setFocus] = useState<string[]>([]);
  // Until the worker chooses, the case is identified as the family was.
  const [chosenSource, setSource] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [urgency, setUrgency] = useState<Urgency>('routine');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (!familyId || (family.error instanceof ApiError && (family.error.status === 404 || family.error.status === 400)))
    return <NotFoundPage />;
  if (!family.data) return family.error ? <FormAlert message={errorText(t, family.error)} /> : <Loading />;
  const members = family.data.members;
  const source = chosenSource ?? family.data.identificationSource;
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const opened = await casesApi.open({ familyId, focusPersonIds: focus, identificationSource: source, reason, urgency });
      navigate(`/cases/${opened.id}`);
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  return (
    <>
      <title>{`${t('cases.open.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/families/${familyId}`}>{t('cases.open.backToFamily')}</Link>
      </p>
      <h1>{t('cases.open.title')}</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <CheckboxGroup
          label={t('cases.open.focus')}
          hint={t('cases.open.focusHint')}
          values={focus}
          onChange={setFocus}
          error={fields.focusPersonIds}
          options={members.map((member) => ({
            value: member.id,
            label: [member.surname, member.givenName, member.patronymic].filter(Boolean).join(' '),
          }))}
        />
        <SelectField
          label={t('cases.source')}
          value={source}
          onChange={setSource}
          required
          error={fields.identificationSource}
          placeholder={t('common.choose')}
          options={schemas.IDENTIFICATION_SOURCES.map((code) => ({ value: code, label: t(`enum.identificationSource.${code}`) }))}
        />
        <TextAreaField label={t('cases.reason')} value={reason} onChange={setReason} required error={fields.reason} rows={4} />
        <SelectField
          label={t('cases.urgency')}
          value={urgency}
          onChange={(value) => setUrgency(value as Urgency)}
          required
          options={URGENCIES.map((code) => ({ value: code, label: t(`enum.urgency.${code}`) }))}
        />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('cases.open.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
