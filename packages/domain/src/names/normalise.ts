/**
 * Phonetic keys for Uzbek personal names.
 *
 * The same person reaches us in Uzbek Latin, Uzbek Cyrillic, Russian spelling and English-style
 * passport spelling. The key is deliberately coarse so that all of those meet (recall); the scorer
 * in score.ts recovers precision.
 *
 * Key alphabet: lowercase ASCII. Vowels collapse to two classes, `a` (a o u oʻ) and `i` (e i y ы).
 * The back vowels have to share one class: Russian writes Uzbek o as а (Doniyor/Даниёр), and a
 * dropped apostrophe turns oʻ into o (Orinboyev/Urinbaev), so a ≡ o ≡ u follows by transitivity.
 * vowelDetailKey keeps a, o and u apart so the scorer can tell Hasan from Husan.
 */

/** Uzbek and Russian Cyrillic to Uzbek Latin. */
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  // Officially "ye" at word start and after a vowel, but y before e is dropped by the fold anyway.
  е: 'e',
  ё: 'yo',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ў: 'u',
  қ: 'q',
  ғ: 'g',
  ҳ: 'h',
};

/** Turkish-style letters some typists use for Uzbek sounds; stripping their marks would lose the h. */
const LATIN_EXTRAS: Readonly<Record<string, string>> = {
  ş: 'sh',
  ç: 'ch',
  ı: 'i',
};

/** Every character people type for ʻ and ʼ (the official ones are U+02BB and U+02BC). */
const APOSTROPHE = "['`´ʹʻʼʽ‘’′]";
const O_WITH_APOSTROPHE = new RegExp(`o${APOSTROPHE}`, 'g');
/** After oʻ is settled the rest can go: gʻ is g to Russian clerks, and Russian drops the glottal stop. */
const ANY_APOSTROPHE = new RegExp(APOSTROPHE, 'g');

/** Words that mean "son of" / "daughter of" (oʻgʻli, ugli, оглы, qizi, кизи, кызы …), as keys. */
const PATRONYMIC_PARTICLES: ReadonlySet<string> = new Set(['agli', 'kizi']);

type VowelFold = (word: string) => string;

const COARSE_VOWELS: VowelFold = (word) => word.replace(/[ou]/g, 'a').replace(/e/g, 'i');

/** Russian writes Uzbek e and i interchangeably (Temur/Тимур, Feruza/Фируза), so they stay merged. */
const DETAILED_VOWELS: VowelFold = (word) => word.replace(/e/g, 'i');

function toAsciiLatin(text: string): string {
  let latin = '';
  // NFC first so that й and ў written with combining breves are looked up as single letters.
  for (const ch of text.normalize('NFC').toLowerCase()) {
    latin += CYRILLIC_TO_LATIN[ch] ?? LATIN_EXTRAS[ch] ?? ch;
  }
  return latin.normalize('NFD').replace(/\p{M}/gu, '').replace(O_WITH_APOSTROPHE, 'u').replace(ANY_APOSTROPHE, '');
}

/**
 * -ovich/-ovna/-evich/-evna carry nothing but gender, and dropping them lets the Russian-style
 * patronymic Karimovich meet the Uzbek-style "Karim oʻgʻli".
 */
function stripPatronymicSuffix(word: string): string {
  return word.replace(/^(.{2,}?)[aoui]?v(?:ich|na)$/, '$1');
}

function foldOnce(word: string, vowels: VowelFold): string {
  const consonants = word
    .replace(/x/g, 'h')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v')
    .replace(/kh/g, 'h')
    .replace(/gh/g, 'g')
    .replace(/d?zh|dj/g, 'j')
    .replace(/ts/g, 's')
    // The 1993 Uzbek Latin alphabet used c for ц.
    .replace(/c(?!h)/g, 's');
  const glides = consonants
    // -iyev/-yev/-ev, Ергаш/Yergash/Ergash: y before e is never written consistently.
    .replace(/y(?=e)/g, '')
    // Russian palatalises where Uzbek does not: Гулямов for Gʻulomov, Нилюфар for Nilufar.
    .replace(/(?<=[bcdfghjklmnpqrstvz])y(?=[aiou])/g, '')
    .replace(/y/g, 'i');
  return stripPatronymicSuffix(vowels(glides)).replace(/([a-z])\1+/g, '$1');
}

/**
 * Repeats the fold until nothing changes, because one rewrite can expose another (kkh → kh → h).
 * Ending on a fixed point is also what makes every key idempotent.
 */
function fold(word: string, vowels: VowelFold): string {
  let current = word;
  for (;;) {
    const next = foldOnce(current, vowels);
    if (next === current) return current;
    current = next;
  }
}

/** ASCII words of a name, without "oʻgʻli"/"qizi" particles (a lone particle is kept as a name). */
function nameWords(text: string): string[] {
  const words = toAsciiLatin(text)
    .split(/[^\p{L}]+/u)
    .map((word) => word.replace(/[^a-z]/g, ''))
    .filter((word) => word !== '');
  return words.filter((word, index) => index === 0 || !PATRONYMIC_PARTICLES.has(fold(word, COARSE_VOWELS)));
}

/** The key of each word of a full name, in order. */
export function nameTokens(fullName: string): string[] {
  return nameWords(fullName).map((word) => fold(word, COARSE_VOWELS));
}

/**
 * One key for a name. Words are joined without a separator so that compound given names match
 * however they are split (Nur Muhammad, Nur-Muhammad, Nurmuhammad).
 */
export function nameKey(name: string): string {
  return fold(nameTokens(name).join(''), COARSE_VOWELS);
}

/** Like nameKey but with a, o and u kept apart; only meaningful when two nameKeys are equal. */
export function vowelDetailKey(name: string): string {
  const words = nameWords(name).map((word) => fold(word, DETAILED_VOWELS));
  return fold(words.join(''), DETAILED_VOWELS);
}

/** The text stored for trigram search: word keys separated by single spaces. */
export function foldForSearch(text: string): string {
  return nameTokens(text).join(' ');
}
