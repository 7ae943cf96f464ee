import firstScreen from 'virtual:first-screen-messages';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@hamkor/domain';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * The interface speaks Uzbek (Latin) out of the box. Each language's messages are a chunk of their own,
 * loaded on first use; the first visit's script carries only the sign-in page's (a few hundred bytes of the
 * whole 65 KB), and the rest follows once the form is shown. Karakalpak falls back to Uzbek (Latin) key by key.
 */
const STORAGE_KEY = 'hamkor.locale';

const bundles = import.meta.glob<Record<string, unknown>>('./locales/*.json', { import: 'default' });
const loaded = new Map<Locale, Promise<void>>();

function loadBundle(locale: Locale): Promise<void> {
  let loading = loaded.get(locale);
  if (!loading) {
    const load = bundles[`./locales/${locale}.json`];
    loading = load
      ? load().then((messages) => {
          i18next.addResourceBundle(locale, 'translation', messages, true, true);
        })
      : Promise.resolve();
    // A failed download (no signal) is tried again on the next use.
    loading.catch(() => loaded.delete(locale));
    loaded.set(locale, loading);
  }
  return loading;
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : DEFAULT_LOCALE;
}

/** Switches the interface at once and remembers the choice on this device. */
export async function changeLocale(locale: Locale): Promise<void> {
  // Karakalpak's missing keys are read from Uzbek (Latin).
  await Promise.all([loadBundle(locale), loadBundle(DEFAULT_LOCALE)]);
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  localStorage.setItem(STORAGE_KEY, locale);
}

export async function initI18n(): Promise<void> {
  const stored = localStorage.getItem(STORAGE_KEY);
  const locale = isLocale(stored) ? stored : DEFAULT_LOCALE;
  await i18next.use(initReactI18next).init({
    resources: { [DEFAULT_LOCALE]: { translation: firstScreen } },
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: ['uz-Latn', 'uz-Cyrl', 'ru', 'kaa', 'en'],
    interpolation: { escapeValue: false },
    // Screens already shown are drawn again when the rest of the messages arrive.
    react: { bindI18nStore: 'added' },
  });
  if (locale !== DEFAULT_LOCALE) await changeLocale(locale);
  else document.documentElement.lang = locale;
  // Only a signed-out first screen starts with the sign-in page's messages; any other waits for them all.
  const full = loadAllMessages();
  if (window.location.pathname !== '/sign-in' || !navigator.onLine) await full;
  else full.catch(() => {});
}

/** The whole interface's messages in Uzbek (Latin), which every language falls back to. */
export function loadAllMessages(): Promise<void> {
  return loadBundle(DEFAULT_LOCALE);
}
