import type { Locale } from '@hamkor/domain';
import type { TFunction } from 'i18next';

/**
 * Where labour migrants from Uzbekistan mostly go, offered first and named in the translations
 * (enum.country.*); any other country is entered by its code and named from the browser's own data.
 */
export const MIGRATION_COUNTRIES = ['RU', 'KZ', 'TR', 'KR', 'AE', 'KG', 'TJ', 'PL', 'DE', 'GB', 'US', 'JP', 'CN', 'SA', 'LV', 'LT', 'CZ'];

function browserName(code: string, locale: Locale): string | undefined {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
  } catch {
    return undefined;
  }
}

/** A country's name in the interface language; its code when nothing better is known. */
export function countryName(t: TFunction, locale: Locale, code: string | null | undefined): string {
  if (!code) return '';
  return t(`enum.country.${code}`, { defaultValue: '' }) || browserName(code, locale) || code;
}
