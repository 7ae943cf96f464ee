import { CONSENT_PURPOSES, SERVICE_CATEGORIES, todayInUzbekistan } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import type { ConsentInput } from '../../api/consents.ts';
import { CheckboxGroup, SelectField, TextAreaField } from '../../components/fields.tsx';
import { formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { DateField } from '../cases/DateField.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';

export type ConsentValues = {
  givenBy: string;
  onBehalfOf: string[];
  categories: string[];
  /** Purposes beside sharing: appointment reminders to the family (docs/reminders.md). */
  purposes?: string[];
  organisationIds: string[];
  /** As typed, dd.mm.yyyy. */
  date: string;
  note: string;
};

type Member = { id: string; surname: string; givenName: string; patronymic?: string | null; relationship: string };

export const emptyConsent = (): ConsentValues => ({
  givenBy: '',
  onBehalfOf: [],
  categories: [],
  purposes: [],
  organisationIds: [],
  date: formatIsoDate(todayInUzbekistan()),
  note: '',
});

/** The body of POST /api/cases/:id/consents (and of the command queued offline); `date` is empty when it cannot be read. */
export function consentBody(values: ConsentValues): ConsentInput {
  return {
    givenByPersonId: values.givenBy,
    onBehalfOfPersonIds: values.onBehalfOf.filter((id) => id !== values.givenBy),
    scope: [...values.categories, ...(values.purposes ?? []), ...values.organisationIds],
    date: parseDayMonthYear(values.date) ?? '',
    ...(values.note.trim() && { note: values.note.trim() }),
  };
}

/**
 * The fields of a consent given by the family, shared by the case page and the offline copy: who gave it and
 * for whom, the categories of service and the organisations it allows sharing with, its date and a note.
 */
export function ConsentFields({
  values,
  onChange,
  members,
  organisations,
  errors,
}: {
  values: ConsentValues;
  onChange: (change: Partial<ConsentValues>) => void;
  members: readonly Member[];
  organisations: readonly { id: string; name: string }[];
  /** Messages by the body's paths (givenByPersonId, scope, date …). */
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const label = (member: Member) => `${fullName(member)} (${t(`enum.relationship.${member.relationship}`)})`;
  return (
    <>
      <SelectField
        label={t('consents.givenBy')}
        value={values.givenBy}
        onChange={(givenBy) => onChange({ givenBy })}
        required
        placeholder={t('common.choose')}
        error={errors.givenByPersonId}
        options={members.map((member) => ({ value: member.id, label: label(member) }))}
      />
      <CheckboxGroup
        label={t('consents.onBehalfOf')}
        hint={t('consents.onBehalfOfHint')}
        values={values.onBehalfOf}
        onChange={(onBehalfOf) => onChange({ onBehalfOf })}
        error={errors.onBehalfOfPersonIds}
        options={members.filter((member) => member.id !== values.givenBy).map((member) => ({ value: member.id, label: label(member) }))}
      />
      <CheckboxGroup
        label={t('consents.categories')}
        values={values.categories}
        onChange={(categories) => onChange({ categories })}
        error={errors.scope}
        columns
        options={SERVICE_CATEGORIES.map((code) => ({ value: code, label: t(`directory.categories.${code}`) }))}
      />
      <CheckboxGroup
        label={t('consents.purposes.label')}
        hint={t('consents.purposes.hint')}
        values={values.purposes ?? []}
        onChange={(purposes) => onChange({ purposes })}
        options={CONSENT_PURPOSES.map((code) => ({ value: code, label: t(`consents.purposes.${code}`) }))}
      />
      <CheckboxGroup
        label={t('consents.organisations')}
        hint={t('consents.organisationsHint')}
        values={values.organisationIds}
        onChange={(organisationIds) => onChange({ organisationIds })}
        options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
      />
      <DateField label={t('consents.date')} value={values.date} onChange={(date) => onChange({ date })} error={errors.date} />
      <TextAreaField label={t('consents.note')} value={values.note} onChange={(note) => onChange({ note })} error={errors.note} />
    </>
  );
}
