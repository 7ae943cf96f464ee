import { hasValidPinflCheckDigit, schemas } from '@hamkor/domain';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxGroup, RadioGroup, SelectField, TextField } from '../../components/fields.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { countryName, MIGRATION_COUNTRIES } from '../../lib/countries.ts';
import { maskDayMonthYear } from '../../lib/dates.ts';
import { Disclosure } from './Disclosure.tsx';
import { useEnumLabels } from './labels.ts';
import type { BirthForm, MemberValues, YesNo } from './values.ts';

type Props = {
  values: MemberValues;
  onChange: (change: Partial<MemberValues>) => void;
  /** The message for a field, by its path within the member (birthDate, whereabouts.country …). */
  errorOf: (path: string) => string | undefined;
  /** Leaving a field that identifies the person: the moment to look for duplicates. */
  onIdentityBlur?: () => void;
  firstFieldRef?: Ref<HTMLInputElement>;
  givenNameRef?: Ref<HTMLInputElement>;
};

const OTHER_COUNTRY = 'other';

/** One person's details, shared by registration, adding a member and editing one. */
export function MemberFields({ values, onChange, errorOf, onIdentityBlur, firstFieldRef, givenNameRef }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { options } = useEnumLabels();
  const [otherCountry, setOtherCountry] = useState(() => !!values.country && !MIGRATION_COUNTRIES.includes(values.country));
  const pinfl = values.pinfl.replace(/\s/g, '');
  const pinflDoubt = /^\d{14}$/.test(pinfl) && !hasValidPinflCheckDigit(pinfl);
  const dateHint = t('families.dateHint');
  const date = (key: 'birthDate' | 'ageOn' | 'since') => ({
    value: values[key],
    onChange: (value: string) => onChange({ [key]: maskDayMonthYear(value) }),
    inputMode: 'numeric' as const,
    maxLength: 10,
  });
  // A document is either held or missing: ticking it in one list takes it out of the other.
  const setDocuments = (list: 'documentsHeld' | 'documentsMissing', chosen: string[]) => {
    const other = list === 'documentsHeld' ? 'documentsMissing' : 'documentsHeld';
    onChange({ [list]: chosen, [other]: values[other].filter((kind) => !chosen.includes(kind)) });
  };
  // What is folded away says how much it holds, and opens by itself when something in it needs correcting.
  const filled = (count: number) => (count ? t('families.disclosure.filled', { count }) : undefined);
  const documentCount =
    [values.idCard, values.birthCertificate].filter((value) => value.trim()).length +
    values.documentsHeld.length +
    values.documentsMissing.length;
  const documentsInvalid = ['idCard', 'birthCertificate', 'documentsHeld', 'documentsMissing'].some((path) => !!errorOf(path));
  const healthCount = [values.disabilityGroup, values.schoolingKind].filter(Boolean).length;
  const healthInvalid = [
    'disability',
    'disability.group',
    'disability.note',
    'schooling',
    'schooling.kind',
    'schooling.institution',
    'schooling.grade',
  ].some((path) => !!errorOf(path));
  const countries = MIGRATION_COUNTRIES.map((code) => ({ value: code, label: countryName(t, locale, code) }));

  return (
    <div className="member-fields">
      <div className="field-row">
        <TextField
          label={t('families.member.surname')}
          value={values.surname}
          onChange={(surname) => onChange({ surname })}
          onBlur={onIdentityBlur}
          required
          error={errorOf('surname')}
          inputRef={firstFieldRef}
        />
        <TextField
          label={t('families.member.givenName')}
          value={values.givenName}
          onChange={(givenName) => onChange({ givenName })}
          onBlur={onIdentityBlur}
          required
          error={errorOf('givenName')}
          inputRef={givenNameRef}
        />
        <TextField
          label={t('families.member.patronymic')}
          hint={t('families.member.patronymicHint')}
          value={values.patronymic}
          onChange={(patronymic) => onChange({ patronymic })}
          onBlur={onIdentityBlur}
          error={errorOf('patronymic')}
        />
      </div>

      <RadioGroup
        label={t('families.member.birthKnown')}
        value={values.birthForm}
        onChange={(birthForm) => onChange({ birthForm: birthForm as BirthForm })}
        options={(['exact', 'year', 'age'] as const).map((form) => ({ value: form, label: t(`families.member.birthForm.${form}`) }))}
      />
      {values.birthForm === 'exact' && (
        <TextField
          label={t('families.member.birthDate')}
          hint={dateHint}
          {...date('birthDate')}
          onBlur={onIdentityBlur}
          error={errorOf('birthDate')}
          className="field--short"
        />
      )}
      {values.birthForm === 'year' && (
        <TextField
          label={t('families.member.birthYear')}
          value={values.birthYear}
          onChange={(birthYear) => onChange({ birthYear: birthYear.replace(/\D/g, '') })}
          onBlur={onIdentityBlur}
          inputMode="numeric"
          maxLength={4}
          error={errorOf('birthYear')}
          className="field--short"
        />
      )}
      {values.birthForm === 'age' && (
        <div className="field-row">
          <TextField
            label={t('families.member.ageYears')}
            value={values.ageYears}
            onChange={(ageYears) => onChange({ ageYears: ageYears.replace(/\D/g, '') })}
            onBlur={onIdentityBlur}
            inputMode="numeric"
            maxLength={3}
            error={errorOf('ageStated.years') ?? errorOf('ageStated')}
          />
          <TextField
            label={t('families.member.ageOn')}
            hint={t('families.member.ageOnHint')}
            {...date('ageOn')}
            onBlur={onIdentityBlur}
            error={errorOf('ageStated.on')}
          />
        </div>
      )}

      <div className="field-row">
        <SelectField
          label={t('families.member.sex')}
          value={values.sex}
          onChange={(sex) => onChange({ sex })}
          options={options('sex', schemas.SEXES)}
          placeholder={t('common.choose')}
          required
          error={errorOf('sex')}
        />
        <SelectField
          label={t('families.member.relationship')}
          value={values.relationship}
          onChange={(relationship) => onChange({ relationship })}
          options={options('relationship', schemas.RELATIONSHIPS)}
          placeholder={t('common.choose')}
          required
          error={errorOf('relationship')}
        />
      </div>

      <div className="field-row">
        <TextField
          label={t('families.member.pinfl')}
          hint={t('families.member.pinflHint')}
          value={values.pinfl}
          onChange={(value) => onChange({ pinfl: value.replace(/[^\d\s]/g, '') })}
          onBlur={onIdentityBlur}
          inputMode="numeric"
          maxLength={17}
          error={errorOf('pinfl')}
          warning={pinflDoubt ? t('families.member.pinflCheck') : undefined}
        />
      </div>
      <Disclosure title={t('families.member.documents')} summary={filled(documentCount)} forceOpen={documentsInvalid}>
        <div className="field-row">
          <TextField
            label={t('families.member.idCard')}
            hint={t('families.member.idCardHint')}
            value={values.idCard}
            onChange={(idCard) => onChange({ idCard: idCard.toUpperCase() })}
            maxLength={11}
            error={errorOf('idCard')}
          />
          <TextField
            label={t('families.member.birthCertificate')}
            value={values.birthCertificate}
            onChange={(birthCertificate) => onChange({ birthCertificate })}
            maxLength={25}
            error={errorOf('birthCertificate')}
          />
        </div>
        <div className="field-row">
          <CheckboxGroup
            label={t('families.member.documentsHeld')}
            values={values.documentsHeld}
            onChange={(chosen) => setDocuments('documentsHeld', chosen)}
            options={options('document', schemas.DOCUMENT_KINDS)}
            error={errorOf('documentsHeld')}
          />
          <CheckboxGroup
            label={t('families.member.documentsMissing')}
            values={values.documentsMissing}
            onChange={(chosen) => setDocuments('documentsMissing', chosen)}
            options={options('document', schemas.DOCUMENT_KINDS)}
            error={errorOf('documentsMissing')}
          />
        </div>
      </Disclosure>

      <Disclosure title={t('families.member.healthAndSchooling')} summary={filled(healthCount)} forceOpen={healthInvalid}>
        <div className="field-row">
          <SelectField
            label={t('families.member.disability')}
            value={values.disabilityGroup}
            onChange={(disabilityGroup) => onChange({ disabilityGroup })}
            options={options('disability', schemas.DISABILITY_GROUPS)}
            placeholder={t('families.member.noDisability')}
            error={errorOf('disability.group') ?? errorOf('disability')}
          />
          {values.disabilityGroup && (
            <TextField
              label={t('families.member.disabilityNote')}
              value={values.disabilityNote}
              onChange={(disabilityNote) => onChange({ disabilityNote })}
              error={errorOf('disability.note')}
            />
          )}
        </div>
        <div className="field-row">
          <SelectField
            label={t('families.member.schooling')}
            value={values.schoolingKind}
            onChange={(schoolingKind) => onChange({ schoolingKind })}
            options={options('schooling', schemas.SCHOOLING_KINDS)}
            placeholder={t('families.notRecorded')}
            error={errorOf('schooling.kind') ?? errorOf('schooling')}
          />
          {values.schoolingKind && values.schoolingKind !== 'not_enrolled' && (
            <>
              <TextField
                label={t('families.member.institution')}
                value={values.schoolingInstitution}
                onChange={(schoolingInstitution) => onChange({ schoolingInstitution })}
                error={errorOf('schooling.institution')}
              />
              <TextField
                label={t('families.member.grade')}
                value={values.schoolingGrade}
                onChange={(grade) => onChange({ schoolingGrade: grade.replace(/\D/g, '') })}
                inputMode="numeric"
                maxLength={2}
                error={errorOf('schooling.grade')}
                className="field--short"
              />
            </>
          )}
        </div>
      </Disclosure>

      <h4 className="member-fields__group">{t('families.member.whereabouts')}</h4>
      <div className="field-row">
        <SelectField
          label={t('families.member.whereaboutsStatus')}
          value={values.whereabouts}
          onChange={(whereabouts) => onChange({ whereabouts })}
          options={options('whereabouts', schemas.WHEREABOUTS_STATUSES)}
          required
          error={errorOf('whereabouts.status')}
        />
        {values.whereabouts === 'abroad' && (
          <SelectField
            label={t('families.member.country')}
            value={otherCountry ? OTHER_COUNTRY : values.country}
            onChange={(country) => {
              setOtherCountry(country === OTHER_COUNTRY);
              onChange({ country: country === OTHER_COUNTRY ? '' : country });
            }}
            options={[...countries, { value: OTHER_COUNTRY, label: t('families.member.otherCountry') }]}
            placeholder={t('common.choose')}
            required
            error={otherCountry ? undefined : errorOf('whereabouts.country')}
          />
        )}
        {values.whereabouts === 'abroad' && otherCountry && (
          <TextField
            label={t('families.member.countryCode')}
            hint={t('families.member.countryCodeHint')}
            value={values.country}
            onChange={(country) => onChange({ country: country.toUpperCase().replace(/[^A-Z]/g, '') })}
            maxLength={2}
            required
            error={errorOf('whereabouts.country')}
          />
        )}
        {(values.whereabouts === 'abroad' || values.whereabouts === 'institution') && (
          <TextField
            label={values.whereabouts === 'abroad' ? t('families.member.abroadSince') : t('families.member.since')}
            hint={dateHint}
            {...date('since')}
            error={errorOf('whereabouts.since')}
          />
        )}
        {values.whereabouts === 'abroad' && (
          <>
            <SelectField
              label={t('families.member.sendsSupport')}
              value={values.sendsSupport}
              onChange={(sendsSupport) => onChange({ sendsSupport: sendsSupport as YesNo })}
              options={[
                { value: 'yes', label: t('common.yes') },
                { value: 'no', label: t('common.no') },
              ]}
              placeholder={t('families.notKnown')}
              error={errorOf('whereabouts.sendsSupport')}
            />
            <SelectField
              label={t('families.member.contactChannel')}
              value={values.contactChannel}
              onChange={(contactChannel) => onChange({ contactChannel })}
              options={options('contactChannel', schemas.CONTACT_CHANNELS)}
              placeholder={t('families.notKnown')}
              error={errorOf('whereabouts.contactChannel')}
            />
          </>
        )}
        {(values.whereabouts === 'institution' || values.whereabouts === 'unknown') && (
          <TextField
            label={values.whereabouts === 'institution' ? t('families.member.place') : t('families.member.lastKnownPlace')}
            value={values.place}
            onChange={(place) => onChange({ place })}
            error={errorOf('whereabouts.place')}
          />
        )}
      </div>

      <Disclosure
        title={t('families.member.vulnerability')}
        summary={filled(values.vulnerabilityMarkers.length)}
        forceOpen={!!errorOf('vulnerabilityMarkers')}
      >
        <CheckboxGroup
          label={t('families.member.vulnerability')}
          values={values.vulnerabilityMarkers}
          onChange={(vulnerabilityMarkers) => onChange({ vulnerabilityMarkers })}
          options={options('vulnerability', schemas.VULNERABILITY_MARKERS)}
          columns
          error={errorOf('vulnerabilityMarkers')}
        />
      </Disclosure>
    </div>
  );
}
