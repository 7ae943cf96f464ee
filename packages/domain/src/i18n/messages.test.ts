import { describe, expect, it } from 'vitest';
import { COMPLETE_LOCALES } from '../locales.ts';
import { serverMessages } from './index.ts';

function keys(bundle: unknown, prefix = ''): string[] {
  if (typeof bundle !== 'object' || bundle === null) return [prefix];
  return Object.entries(bundle).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

const valueAt = (bundle: unknown, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], bundle);

describe('server messages', () => {
  const allKeys = [...new Set(Object.values(serverMessages).flatMap((bundle) => keys(bundle)))].filter(Boolean);

  it.each(COMPLETE_LOCALES)('has every message in %s', (locale) => {
    const missing = allKeys.filter((key) => {
      const value = valueAt(serverMessages[locale], key);
      return typeof value !== 'string' || value.trim() === '';
    });
    expect(missing).toEqual([]);
  });

  it.each(COMPLETE_LOCALES)('keeps the same placeholders in %s as in English', (locale) => {
    for (const key of allKeys) {
      const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(valueAt(serverMessages[locale], key)), `${locale} ${key}`).toEqual(placeholders(valueAt(serverMessages.en, key)));
    }
  });

  it('writes Uzbek Latin with the modifier letter turned comma, and Uzbek Cyrillic without Latin letters', () => {
    const latin = JSON.stringify(serverMessages['uz-Latn']);
    expect(latin).not.toMatch(/[og]['’‘`]/);
    const cyrillicTexts = keys(serverMessages['uz-Cyrl']).map((key) => String(valueAt(serverMessages['uz-Cyrl'], key)));
    for (const text of cyrillicTexts) expect(text.replace(/\{\{\w+\}\}|API|\d{4}-\d\d-\d\dT[\d:]+Z/g, ''), text).not.toMatch(/[A-Za-z]/);
  });
});
