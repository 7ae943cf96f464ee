import { DEFAULT_LOCALE, isLocale, type Locale, type LocalisedName, pickName } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';

/** The interface language, re-rendering the caller when it changes. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Names of territories in the interface language's script. */
export function useNamer(): (name: LocalisedName | undefined) => string {
  const locale = useLocale();
  return (name) => (name ? pickName(name, locale) : '');
}
