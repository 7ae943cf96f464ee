import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** The sections of the interface's messages the sign-in page shows (it, its fields, errors and the roles of the demo accounts). */
export const FIRST_SCREEN_MESSAGES = ['a11y', 'app', 'auth', 'common', 'errors', 'enum.role'];

/**
 * `virtual:first-screen-messages`: the Uzbek (Latin) messages of the sign-in page alone, a few hundred bytes of
 * the whole interface's 65 KB, so a first visit does not wait for the rest (src/i18n/index.ts loads it next).
 */
export function firstScreenMessages(): Plugin {
  const id = 'virtual:first-screen-messages';
  const file = new URL('./src/i18n/locales/uz-Latn.json', import.meta.url);
  return {
    name: 'hamkor-first-screen-messages',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      this.addWatchFile(file.pathname);
      const all = JSON.parse(readFileSync(file, 'utf8'));
      const picked: Record<string, unknown> = {};
      for (const path of FIRST_SCREEN_MESSAGES) {
        const [section, key] = path.split('.') as [string, string | undefined];
        if (key === undefined) picked[section] = all[section];
        else picked[section] = { ...(picked[section] as object), [key]: all[section][key] };
      }
      return `export default ${JSON.stringify(picked)};`;
    },
  };
}
