import { uzLatinToCyrillic } from '../assessment/cyrillic.ts';
/**
 * Test-only helpers: a seeded generator of Uzbek-looking names and converters that spell them the
 * way the other offices do (official Uzbek Cyrillic, Russian habits, English-style passports).
 */

/** mulberry32: tiny, deterministic, good enough to shuffle test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const ONSETS = ['', 'b', 'd', 'f', 'g', 'gʻ', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't'];
const MORE_ONSETS = ['v', 'x', 'y', 'z', 'sh', 'ch'];
const NUCLEI = ['a', 'a', 'e', 'i', 'i', 'o', 'o', 'u', 'oʻ'];
const CODAS = ['', '', '', 'n', 'r', 'l', 'm', 'sh', 'x', 'q', 'z', 's', 'y', 'b', 'd', 't', 'ʼ'];
const SUFFIXES = ['', '', 'ov', 'ova', 'yev', 'yeva', 'jon', 'boy', 'xon', 'bek', 'oy', 'a', 'mat'];

/** A random name in official Uzbek Latin, capitalised, e.g. "Toʻxtashboy". */
export function randomLatinName(random: () => number): string {
  const syllables = 1 + Math.floor(random() * 3);
  let name = '';
  for (let i = 0; i < syllables; i++) {
    name += pick(random, [...ONSETS, ...MORE_ONSETS]) + pick(random, NUCLEI) + pick(random, CODAS);
  }
  name += pick(random, SUFFIXES);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Official Uzbek Latin → Uzbek Cyrillic, from the domain's converter. */
export const toCyrillic = (latin: string): string => uzLatinToCyrillic(latin);

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Applies the Russian habits from uzbek-scripts.md to Uzbek Cyrillic, each at random: ҳ/қ/ғ/ў lose
 * their marks, о becomes а, ж becomes дж, a soft sign after л before a consonant, ы after к/х.
 */
export function toRussian(uzbekCyrillic: string, random: () => number): string {
  const letters = [...uzbekCyrillic.toLowerCase()];
  let russian = '';
  letters.forEach((ch, index) => {
    const next = letters[index + 1] ?? '';
    const previous = russian.at(-1) ?? '';
    if (ch === 'ҳ') russian += 'х';
    else if (ch === 'қ') russian += 'к';
    else if (ch === 'ғ') russian += 'г';
    else if (ch === 'ў') russian += 'у';
    else if (ch === 'ъ') russian += random() < 0.5 ? 'ъ' : '';
    else if (ch === 'о') russian += random() < 0.5 ? 'а' : 'о';
    else if (ch === 'ж') russian += random() < 0.5 ? 'дж' : 'ж';
    else if (ch === 'и' && (previous === 'к' || previous === 'х')) russian += 'ы';
    else if (ch === 'л' && /[бвгджзклмнпрстфхцчш]/.test(next) && random() < 0.5) russian += 'ль';
    else russian += ch;
  });
  return capitalise(russian);
}

const ENGLISH_LETTERS: Readonly<Record<string, readonly string[]>> = {
  а: ['a'],
  б: ['b'],
  в: ['v'],
  г: ['g'],
  д: ['d'],
  е: ['e'],
  ё: ['yo'],
  ж: ['zh', 'j'],
  з: ['z'],
  и: ['i'],
  й: ['y'],
  к: ['k'],
  л: ['l'],
  м: ['m'],
  н: ['n'],
  о: ['o'],
  п: ['p'],
  р: ['r'],
  с: ['s'],
  т: ['t'],
  у: ['u'],
  ф: ['f'],
  х: ['kh', 'h'],
  ч: ['ch'],
  ш: ['sh'],
  ъ: [''],
  ы: ['y'],
  ь: [''],
  э: ['e'],
  ю: ['yu'],
  я: ['ya'],
};

/** Passport/visa spelling of a Russian-spelt name (дж as dj, х as kh …), choices at random. */
export function toEnglish(russian: string, random: () => number): string {
  const text = russian.toLowerCase().replace(/дж/g, () => pick(random, ['dj', 'dzh', 'j']));
  let english = '';
  for (const ch of text) {
    const options = ENGLISH_LETTERS[ch];
    english += options ? pick(random, options) : ch;
  }
  return capitalise(english);
}

/** Randomly upper- or lower-cases every letter. */
export function shuffleCase(text: string, random: () => number): string {
  return [...text].map((ch) => (random() < 0.5 ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

export const APOSTROPHE_VARIANTS = ['ʻ', 'ʼ', "'", '’', '‘', '`', '´', ''] as const;

/** Replaces every ʻ and ʼ with a random typed variant, or drops it. */
export function retypeApostrophes(text: string, random: () => number): string {
  return text.replace(/[ʻʼ]/g, () => pick(random, APOSTROPHE_VARIANTS));
}
