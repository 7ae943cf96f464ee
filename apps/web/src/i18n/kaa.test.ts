import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Karakalpak is a language of its own, not Uzbek Latin with a different name: a text copied from Uzbek
 * Latin is allowed only where the word is the same in both (Telefon, Parol, Monitoring...), and the
 * spelling is the 2016 Latin alphabet (á ó ú ı ǵ ń), without the Uzbek oʻ/gʻ or the older ñ.
 */
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [inner, text] of flatten(value, path)) keys.set(inner, text);
  }
  return keys;
}

const read = (locale: string) => flatten(JSON.parse(readFileSync(join(import.meta.dirname, 'locales', `${locale}.json`), 'utf8')) as Tree);
const kaa = read('kaa');
const uzbek = read('uz-Latn');
/** Words of running text: placeholders and codes such as XX or PDF are not words of either language. */
const words = (text: string) =>
  text
    .replace(/\{\{\s*\w+\s*\}\}/g, ' ')
    .split(/\s+/)
    .filter((word) => /\p{Ll}/u.test(word)).length;

describe('Karakalpak interface text', () => {
  it('copies no Uzbek Latin sentence: a text equal to the Uzbek one is at most three words', () => {
    const copied = [...kaa].filter(([key, text]) => uzbek.get(key) === text && words(text) > 3);
    expect(copied).toEqual([]);
  });

  it('uses the 2016 Latin alphabet: no oʻ, gʻ or ʼ of Uzbek, no ñ', () => {
    const wrong = [...kaa].filter(([, text]) => /[oOgG]ʻ|ʼ|[ñÑ]/.test(text));
    expect(wrong).toEqual([]);
  });
});
