import { type Locale, todayInUzbekistan } from '@hamkor/domain';
import type { TFunction } from 'i18next';
import type { Person, PersonSearchItem } from '../../api/families.ts';
import { countryName } from '../../lib/countries.ts';
import { formatIsoDate, yearsBetween } from '../../lib/dates.ts';

type Birth = Pick<Person, 'birthDate' | 'birthYear' | 'birthPrecision'> & { ageStated?: Person['ageStated'] };

/** A birth date as known: 12.06.1989, "born in 2012", or "7 years old on 01.03.2026". */
export function birthText(t: TFunction, person: Birth): string {
  if (person.birthDate) return formatIsoDate(person.birthDate);
  if (person.birthPrecision === 'age' && person.ageStated) {
    return t('families.ageStatedOn', { years: person.ageStated.years, date: formatIsoDate(person.ageStated.on) });
  }
  if (person.birthYear) return t('families.bornIn', { year: person.birthYear });
  return t('families.birthUnknown');
}

/** Age today in Tashkent; approximate (≈) unless the exact date is known. */
export function ageText(t: TFunction, person: Birth, today = todayInUzbekistan()): string {
  if (person.birthDate) return t('families.age', { age: yearsBetween(person.birthDate, today) });
  if (!person.birthYear) return '';
  return t('families.ageApprox', { age: Number(today.slice(0, 4)) - person.birthYear });
}

/** "Abroad: Russia since 10.03.2024 · sends no support · contact: none", or where else the person is. */
export function whereaboutsText(t: TFunction, locale: Locale, person: Pick<Person, 'whereabouts'>): string {
  const { status, country, since, sendsSupport, contactChannel, place } = person.whereabouts;
  if (status === 'abroad') {
    const where = countryName(t, locale, country) || t('families.unknownCountry');
    return [
      since ? t('families.abroadSince', { country: where, date: formatIsoDate(since) }) : t('families.abroadIn', { country: where }),
      sendsSupport === true ? t('families.sendsSupport') : sendsSupport === false ? t('families.sendsNoSupport') : '',
      contactChannel ? t(`families.contactBy.${contactChannel}`) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }
  const label = t(`enum.whereabouts.${status}`);
  return [label, place, since ? t('families.since', { date: formatIsoDate(since) }) : ''].filter(Boolean).join(' · ');
}

export const searchItemBirth = (item: PersonSearchItem): Birth => ({ ...item, ageStated: null });
