/** Interface languages. Karakalpak (`kaa`, Latin script) is complete too; a key someone forgets falls back to Uzbek Latin. */
export const LOCALES = ['uz-Latn', 'uz-Cyrl', 'ru', 'kaa', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const COMPLETE_LOCALES = ['uz-Latn', 'uz-Cyrl', 'ru', 'kaa', 'en'] as const satisfies readonly Locale[];
export const DEFAULT_LOCALE: Locale = 'uz-Latn';

/** Each language's name in itself, as the language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  'uz-Latn': 'Oʻzbekcha',
  'uz-Cyrl': 'Ўзбекча',
  ru: 'Русский',
  kaa: 'Qaraqalpaqsha',
  en: 'English',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best interface language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag.startsWith('uz-cyrl')) return 'uz-Cyrl';
    if (tag.startsWith('uz')) return 'uz-Latn';
    if (tag.startsWith('ru')) return 'ru';
    if (tag.startsWith('kaa')) return 'kaa';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** Territory names are stored per script under these keys (name_uz_latn, name_uz_cyrl, ...). */
export type LocalisedName = {
  uz_latn: string;
  uz_cyrl: string;
  ru: string;
  en: string;
  kaa?: string | null;
};

export function pickName(name: LocalisedName, locale: Locale): string {
  switch (locale) {
    case 'uz-Cyrl':
      return name.uz_cyrl || name.uz_latn;
    case 'ru':
      return name.ru || name.uz_latn;
    case 'en':
      return name.en || name.uz_latn;
    case 'kaa':
      return name.kaa || name.uz_latn;
    default:
      return name.uz_latn;
  }
}
