import type { Locale } from '@hamkor/domain';

/** Where labour migrants from Uzbekistan mostly go, offered first; any other country by its code. */
export const MIGRATION_COUNTRIES = ['RU', 'KZ', 'TR', 'KR', 'AE', 'KG', 'TJ', 'PL', 'DE', 'GB', 'US', 'JP', 'CN', 'SA', 'LV', 'LT', 'CZ'];

const namers = new Map<string, Intl.DisplayNames | null>();

function namer(locale: Locale): Intl.DisplayNames | null {
  if (!namers.has(locale)) {
    try {
      namers.set(locale, new Intl.DisplayNames([locale, 'uz-Latn'], { type: 'region', fallback: 'none' }));
    } catch {
      namers.set(locale, null);
    }
  }
  return namers.get(locale) ?? null;
}

/** A country's name in the interface language, from the browser's own data; the code when it has none. */
export function countryName(code: string | null | undefined, locale: Locale): string {
  if (!code) return '';
  try {
    return namer(locale)?.of(code) ?? code;
  } catch {
    return code;
  }
}
