import { isLocale, LOCALE_NAMES, LOCALES } from '@hamkor/domain';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { useSession } from '../auth/session.tsx';

/** Each language listed in its own name; the label is for screen readers, the choice speaks for itself. */
export function LanguageSwitcher({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const { setLocale } = useSession();
  const id = useId();
  return (
    <div className={className ? `language ${className}` : 'language'}>
      <label htmlFor={id} className="visually-hidden">
        {t('a11y.language')}
      </label>
      <select
        id={id}
        value={isLocale(i18n.language) ? i18n.language : currentLocale()}
        onChange={(event) => {
          const next = event.target.value;
          if (isLocale(next)) setLocale(next).catch(() => {});
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
