import { DEFAULT_LOCALE, type Locale, serverMessages } from '@hamkor/domain';
import i18next, { type TFunction } from 'i18next';

const i18n = i18next.createInstance();
await i18n.init({
  resources: Object.fromEntries(Object.entries(serverMessages).map(([lng, bundle]) => [lng, { translation: bundle }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: { kaa: ['uz-Latn'], default: ['en'] },
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A translator bound to one language, for messages the server sends. */
export function translator(locale: Locale): TFunction {
  return i18n.getFixedT(locale);
}
