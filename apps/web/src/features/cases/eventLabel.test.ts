import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_EVENT_KINDS, DEFAULT_LOCALE, LOCALES } from '@hamkor/domain';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { eventLabel } from './eventLabel.ts';

const bundle = (locale: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../i18n/locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;

/** Every kind of case event the server can record has a label on the timeline, in every language. */
describe('timeline labels', () => {
  for (const locale of LOCALES) {
    it(`name every event kind in ${locale}`, async () => {
      const i18n = i18next.createInstance();
      // As the app does: a language falls back to Uzbek (Latin) key by key.
      await i18n.init({
        resources: { [locale]: { translation: bundle(locale) }, [DEFAULT_LOCALE]: { translation: bundle(DEFAULT_LOCALE) } },
        lng: locale,
        fallbackLng: DEFAULT_LOCALE,
        interpolation: { escapeValue: false },
      });
      const t = i18n.t.bind(i18n) as (key: string, options?: Record<string, string>) => string;
      const raw = CASE_EVENT_KINDS.filter((kind) => {
        const label = eventLabel(t, kind);
        return label === kind || label.includes('.event.');
      });
      expect(raw).toEqual([]);
    });
  }
});
