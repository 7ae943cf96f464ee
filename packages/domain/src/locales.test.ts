import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, pickName } from './locales.ts';

describe('locales', () => {
  it('picks the interface language from Accept-Language', () => {
    expect(localeFromAcceptLanguage(undefined)).toBe('uz-Latn');
    expect(localeFromAcceptLanguage('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(localeFromAcceptLanguage('en;q=0.5,uz-Cyrl;q=0.9')).toBe('uz-Cyrl');
    expect(localeFromAcceptLanguage('uz')).toBe('uz-Latn');
    expect(localeFromAcceptLanguage('fr-FR,de;q=0.8')).toBe('uz-Latn');
  });

  it('shows a territory name in the chosen script, falling back to Uzbek Latin', () => {
    const name = { uz_latn: 'Shoʻrchi tumani', uz_cyrl: 'Шўрчи тумани', ru: 'Шурчинский район', en: 'Sho‘rchi District', kaa: null };
    expect(pickName(name, 'uz-Cyrl')).toBe('Шўрчи тумани');
    expect(pickName(name, 'ru')).toBe('Шурчинский район');
    expect(pickName(name, 'kaa')).toBe('Shoʻrchi tumani');
    expect(pickName({ ...name, ru: '' }, 'ru')).toBe('Shoʻrchi tumani');
  });
});
