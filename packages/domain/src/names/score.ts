import { nameKey as foldNameKey, vowelDetailKey as foldVowelDetail } from './normalise.ts';

/**
 * Remembers a pure function's answers for the names it has seen. Registers repeat the same few thousand
 * names, and a search or an import scores each against hundreds of records, so folding each name once
 * instead of once per comparison is most of the cost saved. Emptied when full, so it stays small.
 */
function remembered<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined) return known;
    const answer = compute(key);
    if (answers.size >= limit) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}

const nameKey = remembered(foldNameKey, 20_000);
const vowelDetailKey = remembered(foldVowelDetail, 20_000);

export interface PersonLike {
  surname: string;
  givenName: string;
  patronymic?: string | null;
  /** ISO date (YYYY-MM-DD) or a bare year (YYYY). */
  birthDate?: string | null;
  pinfl?: string | null;
  districtCode?: string | null;
}

export type MatchReason =
  | 'pinfl_equal'
  | 'pinfl_different'
  | 'name_same_key'
  | 'name_similar'
  | 'birth_date_equal'
  | 'birth_year_equal'
  | 'birth_date_different'
  | 'same_district';

export interface PersonMatch {
  score: number;
  reasons: MatchReason[];
}

/**
 * Uzbek names share their endings widely (-ov, -jon, -bek), so Jaro-Winkler's prefix bonus is
 * useful, but on its own it rates unrelated short names around 0.5–0.6. Averaging it with trigram
 * overlap (which is also what the database search uses) pulls unrelated names well below 0.5.
 */
function keySimilarity(a: string, b: string): number {
  return (jaroWinkler(a, b) + trigramSimilarity(a, b)) / 2;
}

function jaroWinkler(a: string, b: string): number {
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched: boolean[] = [];
  const bMatched: boolean[] = [];
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const last = Math.min(b.length - 1, i + window);
    for (let j = Math.max(0, i - window); j <= last; j++) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = true;
        bMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) halfTranspositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;

  let prefix = 0;
  while (prefix < 4 && prefix < a.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** pg_trgm-style padding, so that short keys still produce trigrams anchored at both ends. */
function trigrams(key: string): Set<string> {
  const padded = `  ${key} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const gram of ta) if (tb.has(gram)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/**
 * Uzbek o may be written a (Russian) or u (lost apostrophe of oʻ), but a and u never stand for each
 * other; equal keys whose vowels pair a with u are different names (Hasan/Husan, often twins).
 * Keys of different lengths cannot be aligned and are given the benefit of the doubt.
 */
function vowelsCompatible(a: string, b: string): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) {
    const pair = `${a[i]}${b[i]}`;
    if (pair === 'au' || pair === 'ua') return false;
  }
  return true;
}

function computeNameSimilarity(a: string, b: string): number {
  const keyA = nameKey(a);
  const keyB = nameKey(b);
  if (keyA === '' || keyB === '') return 0;
  if (keyA !== keyB) return keySimilarity(keyA, keyB);
  const detailA = vowelDetailKey(a);
  const detailB = vowelDetailKey(b);
  return vowelsCompatible(detailA, detailB) ? 1 : keySimilarity(detailA, detailB);
}

/**
 * The answers of nameSimilarity, by first name and then second: a search scores its few words against hundreds
 * of names, and a lookup in two maps builds no key to find them. Emptied when full, so it stays small.
 */
const PAIRS_REMEMBERED = 100_000;
const pairs = new Map<string, Map<string, number>>();
let pairsHeld = 0;

/** Similarity in [0, 1] of two names in any script; 1 means the same name. */
export function nameSimilarity(a: string, b: string): number {
  let withA = pairs.get(a);
  const known = withA?.get(b);
  if (known !== undefined) return known;
  const answer = computeNameSimilarity(a, b);
  if (pairsHeld >= PAIRS_REMEMBERED) {
    pairs.clear();
    pairsHeld = 0;
    withA = undefined;
  }
  if (!withA) {
    withA = new Map();
    pairs.set(a, withA);
  }
  withA.set(b, answer);
  pairsHeld++;
  return answer;
}

/** A name's folded key, remembered: the same as `nameKey`, for callers that fold the same names again and again. */
export const rememberedNameKey = nameKey;

const NAME_SIMILAR_THRESHOLD = 0.8;
const SURNAME_WEIGHT = 0.45;
const GIVEN_NAME_WEIGHT = 0.4;
const PATRONYMIC_WEIGHT = 0.15;

/** Names alone cap the score at 0.8: identical names are common, so they never prove identity. */
const NAME_SHARE = 0.8;
const BIRTH_DATE_BONUS = 0.15;
const BIRTH_YEAR_BONUS = 0.07;
const DISTRICT_BONUS = 0.05;
const BIRTH_DATE_DIFFERENT_FACTOR = 0.35;
const PINFL_DIFFERENT_FACTOR = 0.2;
/** Keeps everything without a PINFL match strictly below a PINFL match. */
const WITHOUT_PINFL_CAP = 0.98;
const PINFL_EQUAL_FLOOR = 0.99;

function present(value: string | null | undefined): value is string {
  return value != null && nameKey(value) !== '';
}

function compareNames(a: PersonLike, b: PersonLike): { score: number; sameKey: boolean } {
  const parts: Array<{ weight: number; similarity: number }> = [
    {
      weight: SURNAME_WEIGHT,
      similarity: nameSimilarity(a.surname, b.surname),
    },
    {
      weight: GIVEN_NAME_WEIGHT,
      similarity: nameSimilarity(a.givenName, b.givenName),
    },
  ];
  if (present(a.patronymic) && present(b.patronymic)) {
    parts.push({
      weight: PATRONYMIC_WEIGHT,
      similarity: nameSimilarity(a.patronymic, b.patronymic),
    });
  }
  const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
  const score = parts.reduce((sum, part) => sum + part.weight * part.similarity, 0) / totalWeight;
  return { score, sameKey: parts.every((part) => part.similarity === 1) };
}

type BirthComparison = 'birth_date_equal' | 'birth_year_equal' | 'birth_date_different' | null;

function compareBirth(a: string | null | undefined, b: string | null | undefined): BirthComparison {
  const pattern = /^(\d{4})(-\d{2}-\d{2})?/;
  const matchA = pattern.exec(a?.trim() ?? '');
  const matchB = pattern.exec(b?.trim() ?? '');
  if (!matchA || !matchB) return null;
  if (matchA[1] !== matchB[1]) return 'birth_date_different';
  // A bare year cannot contradict a full date of the same year.
  if (matchA[2] === undefined || matchB[2] === undefined) return 'birth_year_equal';
  return matchA[2] === matchB[2] ? 'birth_date_equal' : 'birth_date_different';
}

/** A PINFL is 14 digits; anything else is treated as unknown rather than as evidence. */
function pinflOf(value: string | null | undefined): string | null {
  const digits = (value ?? '').replace(/\D/g, '');
  return digits.length === 14 ? digits : null;
}

function sameDistrict(a: string | null | undefined, b: string | null | undefined): boolean {
  const codeA = a?.trim() ?? '';
  return codeA !== '' && codeA === (b?.trim() ?? '');
}

/** How likely two records describe the same person, with the evidence behind it. */
export function personMatchScore(a: PersonLike, b: PersonLike): PersonMatch {
  const reasons: MatchReason[] = [];
  const pinflA = pinflOf(a.pinfl);
  const pinflB = pinflOf(b.pinfl);
  const pinflEqual = pinflA !== null && pinflA === pinflB;
  const pinflDifferent = pinflA !== null && pinflB !== null && pinflA !== pinflB;
  if (pinflEqual) reasons.push('pinfl_equal');
  if (pinflDifferent) reasons.push('pinfl_different');

  const names = compareNames(a, b);
  if (names.sameKey) reasons.push('name_same_key');
  else if (names.score >= NAME_SIMILAR_THRESHOLD) reasons.push('name_similar');

  const birth = compareBirth(a.birthDate, b.birthDate);
  if (birth !== null) reasons.push(birth);

  const district = sameDistrict(a.districtCode, b.districtCode);
  if (district) reasons.push('same_district');

  if (pinflEqual) {
    return {
      score: PINFL_EQUAL_FLOOR + (1 - PINFL_EQUAL_FLOOR) * names.score,
      reasons,
    };
  }

  let score = NAME_SHARE * names.score;
  if (birth === 'birth_date_equal') score += BIRTH_DATE_BONUS;
  if (birth === 'birth_year_equal') score += BIRTH_YEAR_BONUS;
  if (district) score += DISTRICT_BONUS;
  if (birth === 'birth_date_different') score *= BIRTH_DATE_DIFFERENT_FACTOR;
  if (pinflDifferent) score *= PINFL_DIFFERENT_FACTOR;
  return { score: Math.min(score, WITHOUT_PINFL_CAP), reasons };
}
