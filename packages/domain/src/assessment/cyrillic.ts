/**
 * Uzbek Latin → Cyrillic for the instrument's texts, so each is written once in uz-Latn. The common
 * rules only (oʻ, gʻ, sh, ch, yo, yu, ya, ye, word-initial e, the tutuq belgisi); loanwords such as
 * "sirk" or "aktsiya" may need the Cyrillic written by hand.
 */
const APOSTROPHES = "[ʻ‘’'`]";
const PAIRS: [RegExp, string][] = [
  [new RegExp(`o${APOSTROPHES}`, 'g'), 'ў'],
  [new RegExp(`O${APOSTROPHES}`, 'g'), 'Ў'],
  [new RegExp(`g${APOSTROPHES}`, 'g'), 'ғ'],
  [new RegExp(`G${APOSTROPHES}`, 'g'), 'Ғ'],
  [/sh/g, 'ш'],
  [/S[hH]/g, 'Ш'],
  [/ch/g, 'ч'],
  [/C[hH]/g, 'Ч'],
  [/yo/g, 'ё'],
  [/Y[oO]/g, 'Ё'],
  [/yu/g, 'ю'],
  [/Y[uU]/g, 'Ю'],
  [/ya/g, 'я'],
  [/Y[aA]/g, 'Я'],
  [/ye/g, 'е'],
  [/Y[eE]/g, 'Е'],
  [/(^|[^\p{L}])e/gu, '$1э'],
  [/(^|[^\p{L}])E/gu, '$1Э'],
  [/[ʼ’]/g, 'ъ'],
];
const SINGLE: Record<string, string> = {
  a: 'а',
  b: 'б',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'ҳ',
  i: 'и',
  j: 'ж',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'қ',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  x: 'х',
  y: 'й',
  z: 'з',
  c: 'с',
};

export function uzLatinToCyrillic(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PAIRS) out = out.replace(pattern, replacement);
  return [...out]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const mapped = SINGLE[lower];
      if (!mapped) return ch;
      return ch === lower ? mapped : mapped.toUpperCase();
    })
    .join('');
}
