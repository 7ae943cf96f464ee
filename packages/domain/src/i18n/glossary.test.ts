import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One word for each thing: docs/glossary.md chooses the word of each core term in every language and lists the
 * synonyms it rejects. Wherever the English message speaks of the term, no other language may use a rejected word.
 */
type Tree = { [key: string]: string | Tree };
type Term = { en: string; rejected: Record<string, string[]>; except?: string[] };

const root = join(import.meta.dirname, '../../../..');
const glossaryText = readFileSync(join(root, 'docs/glossary.md'), 'utf8');
const block = /```json glossary\n([\s\S]*?)```/.exec(glossaryText)?.[1];
const glossary = JSON.parse(block ?? '{}') as Record<string, Term>;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [inner, text] of flatten(value, path)) keys.set(inner, text);
  }
  return keys;
}

const catalogues = {
  web: join(root, 'apps/web/src/i18n/locales'),
  server: import.meta.dirname,
};
const read = (dir: string, locale: string) => flatten(JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Tree);

/** Messages of `locale` that use a word the glossary rejects for a term their English text speaks of. */
function offences(english: Map<string, string>, messages: Map<string, string>, locale: string): string[] {
  const found: string[] = [];
  for (const [term, { en, rejected, except = [] }] of Object.entries(glossary)) {
    const scope = new RegExp(en, 'iu');
    for (const word of rejected[locale] ?? []) {
      // A rejected word counts where a word starts, so "holat" is found in "Holatlar" but "дел" not in "пределах".
      const pattern = new RegExp(`(?<!\\p{L})${word}`, 'iu');
      for (const [key, text] of messages) {
        if (except.includes(key) || !scope.test(english.get(key) ?? '')) continue;
        if (pattern.test(text)) found.push(`${term}: ${key} = ${text}`);
      }
    }
  }
  return found;
}

describe('glossary', () => {
  it('is written in docs/glossary.md with its rejected words', () => {
    expect(Object.keys(glossary)).toEqual(expect.arrayContaining(['case', 'referral', 'supervisor', 'score']));
  });

  it('catches a rejected synonym (the check can fail)', () => {
    const english = new Map([['nav.cases', 'Cases']]);
    expect(offences(english, new Map([['nav.cases', 'Holatlar']]), 'uz-Latn')).toHaveLength(1);
    expect(offences(english, new Map([['nav.cases', 'Ishlar']]), 'uz-Latn')).toEqual([]);
  });

  for (const [name, dir] of Object.entries(catalogues)) {
    const english = read(dir, 'en');
    for (const locale of ['uz-Latn', 'uz-Cyrl', 'ru', 'kaa']) {
      it(`${name} messages in ${locale} use the glossary's word for each term`, () => {
        expect(offences(english, read(dir, locale), locale)).toEqual([]);
      });
    }
  }
});
