import { schemas } from '@hamkor/domain';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type Family, familiesApi } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert } from '../../components/fields.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate } from '../../lib/dates.ts';
import { rebase } from '../../lib/rebase.ts';
import { checkBody } from '../../lib/validate.ts';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { type Conflict, ConflictNotice } from './ConflictNotice.tsx';
import { householdConflictFields } from './conflictFields.ts';
import { HouseholdFields } from './HouseholdFields.tsx';
import { type HouseholdValues, householdChanges, householdValuesOf } from './values.ts';

type Props = { family: Family; onSaved: (family: Family) => void; onCancel: () => void };

/** Edits a household with the version it was read at; a conflict takes in their changes and keeps the user's. */
export function HouseholdForm({ family, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [record, setRecord] = useState(family);
  const [values, setValues] = useState(() => householdValuesOf(family));
  const [conflict, setConflict] = useState<Conflict<HouseholdValues> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const fields = fieldMessages(error);
  const territoryName = useTerritoryNames([record.districtCode, values.districtCode]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = householdChanges(householdValuesOf(record), values);
    if (Object.keys(built.body).length === 0) return onCancel();
    const body = { ...built.body, version: record.version };
    const problems = built.problems.map((problem) => ({ ...problem, message: t(problem.message) }));
    const invalid = checkBody(schemas.familyUpdate, body, locale, problems);
    setError(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      onSaved(await familiesApi.update(record.id, body));
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        const current = reason.current as Family;
        const rebased = rebase(householdValuesOf(record), values, householdValuesOf(current));
        setConflict({ rebased, mine: values, current: householdValuesOf(current) });
        setRecord(current);
        setValues(rebased.values);
      }
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      {conflict && (
        <ConflictNotice
          conflict={conflict}
          fields={householdConflictFields(t, territoryName)}
          onUseTheirs={(keys) =>
            setValues((current) => ({ ...current, ...Object.fromEntries(keys.map((key) => [key, conflict.current[key]])) }))
          }
        />
      )}
      <p className="muted">{t('common.lastChanged', { date: formatDate(record.updatedAt) })}</p>
      <HouseholdFields
        values={values}
        onChange={(change) => setValues((current) => ({ ...current, ...change }))}
        errorOf={(path) => fields[path]}
      />
      <FormActions busy={busy} submitLabel={t('common.save')} onCancel={onCancel} />
    </form>
  );
}
