import { DEFAULT_LOCALE, isLocale, type Locale } from '@hamkor/domain';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import uzLatn from './locales/uz-Latn.json';

/**
 * The interface speaks Uzbek (Latin) out of the box; the other languages are separate chunks loaded on
 * first use, so the first load stays small. Karakalpak falls back to Uzbek (Latin) key by key.
 */
const STORAGE_KEY = 'hamkor.locale';

const bundles = import.meta.glob<Record<string, unknown>>(['./locales/*.json', '!./locales/uz-Latn.json'], { import: 'default' });

async function loadBundle(locale: Locale): Promise<void> {
  if (i18next.hasResourceBundle(locale, 'translation')) return;
  const load = bundles[`./locales/${locale}.json`];
  if (load) i18next.addResourceBundle(locale, 'translation', await load());
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : DEFAULT_LOCALE;
}

/** Switches the interface at once and remembers the choice on this device. */
export async function changeLocale(locale: Locale): Promise<void> {
  await loadBundle(locale);
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  localStorage.setItem(STORAGE_KEY, locale);
}

export async function initI18n(): Promise<void> {
  const stored = localStorage.getItem(STORAGE_KEY);
  const locale = isLocale(stored) ? stored : DEFAULT_LOCALE;
  await i18next.use(initReactI18next).init({
    resources: { [DEFAULT_LOCALE]: { translation: uzLatn } },
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: ['uz-Latn', 'uz-Cyrl', 'ru', 'kaa', 'en'],
    interpolation: { escapeValue: false },
  });
  if (locale !== DEFAULT_LOCALE) await changeLocale(locale);
  else document.documentElement.lang = locale;
}
