import type { Locale } from '@hamkor/domain';
import type { TFunction } from 'i18next';
import { countryName } from '../../lib/countries.ts';
import type { ConflictField } from './ConflictNotice.tsx';
import type { HouseholdValues, MemberValues } from './values.ts';

const codes = (t: TFunction, list: string, values: readonly string[]) => values.map((code) => t(`enum.${list}.${code}`)).join(', ');
const code = (t: TFunction, list: string, value: string) => (value ? t(`enum.${list}.${value}`) : '');

/** How each member field reads in a conflict notice. */
export function memberConflictFields(t: TFunction, locale: Locale): ConflictField<MemberValues>[] {
  const plain = (key: keyof MemberValues & string, label: string): ConflictField<MemberValues> => ({
    label,
    keys: [key],
    text: (values) => String(values[key]),
  });
  return [
    plain('surname', t('families.member.surname')),
    plain('givenName', t('families.member.givenName')),
    plain('patronymic', t('families.member.patronymic')),
    {
      label: t('families.member.birth'),
      keys: ['birthForm', 'birthDate', 'birthYear', 'ageYears', 'ageOn'],
      text: (v) =>
        v.birthForm === 'exact'
          ? v.birthDate
          : v.birthForm === 'year'
            ? v.birthYear
            : v.ageYears && t('families.ageStatedOn', { years: v.ageYears, date: v.ageOn }),
    },
    { label: t('families.member.sex'), keys: ['sex'], text: (v) => code(t, 'sex', v.sex) },
    { label: t('families.member.relationship'), keys: ['relationship'], text: (v) => code(t, 'relationship', v.relationship) },
    plain('pinfl', t('families.member.pinfl')),
    plain('idCard', t('families.member.idCard')),
    plain('birthCertificate', t('families.member.birthCertificate')),
    { label: t('families.member.documentsHeld'), keys: ['documentsHeld'], text: (v) => codes(t, 'document', v.documentsHeld) },
    { label: t('families.member.documentsMissing'), keys: ['documentsMissing'], text: (v) => codes(t, 'document', v.documentsMissing) },
    {
      label: t('families.member.disability'),
      keys: ['disabilityGroup', 'disabilityNote'],
      text: (v) => [code(t, 'disability', v.disabilityGroup), v.disabilityNote].filter(Boolean).join(' · '),
    },
    {
      label: t('families.member.schooling'),
      keys: ['schoolingKind', 'schoolingInstitution', 'schoolingGrade'],
      text: (v) => [code(t, 'schooling', v.schoolingKind), v.schoolingInstitution, v.schoolingGrade].filter(Boolean).join(' · '),
    },
    {
      label: t('families.member.whereabouts'),
      keys: ['whereabouts', 'country', 'since', 'sendsSupport', 'contactChannel', 'place'],
      text: (v) =>
        [
          code(t, 'whereabouts', v.whereabouts),
          countryName(t, locale, v.country),
          v.since,
          v.sendsSupport && `${t('families.member.sendsSupport')}: ${t(`common.${v.sendsSupport}`)}`,
          code(t, 'contactChannel', v.contactChannel),
          v.place,
        ]
          .filter(Boolean)
          .join(' · '),
    },
    {
      label: t('families.member.vulnerability'),
      keys: ['vulnerabilityMarkers'],
      text: (v) => codes(t, 'vulnerability', v.vulnerabilityMarkers),
    },
  ];
}

/** How each household field reads in a conflict notice. */
export function householdConflictFields(t: TFunction, territoryName: (code: string) => string): ConflictField<HouseholdValues>[] {
  return [
    { label: t('territory.district'), keys: ['districtCode'], text: (v) => territoryName(v.districtCode) },
    { label: t('families.household.mahalla'), keys: ['mahallaCode'], text: (v) => v.mahallaCode },
    { label: t('families.household.address'), keys: ['address'], text: (v) => v.address },
    { label: t('families.household.phone'), keys: ['phone'], text: (v) => v.phone },
    {
      label: t('families.household.identificationSource'),
      keys: ['identificationSource'],
      text: (v) => code(t, 'identificationSource', v.identificationSource),
    },
    {
      label: t('families.household.socialRegisterCategory'),
      keys: ['socialRegisterCategory'],
      text: (v) => code(t, 'socialRegisterCategory', v.socialRegisterCategory),
    },
    {
      label: t('families.household.livingConditions'),
      keys: ['housing', 'rooms', 'utilities', 'livingNote'],
      text: (v) =>
        [
          code(t, 'housing', v.housing),
          v.rooms && t('families.roomsCount', { rooms: v.rooms }),
          codes(t, 'utility', v.utilities),
          v.livingNote,
        ]
          .filter(Boolean)
          .join(' · '),
    },
    { label: t('families.household.notes'), keys: ['notes'], text: (v) => v.notes },
  ];
}
