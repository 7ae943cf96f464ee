/**
 * Case numbers people can read out on the phone: region, district, year and a sequence, e.g.
 * `SUR-SHR-2026-00042`. The sequence is the server's (unique, never reused); this module only writes
 * and reads the number.
 */
import { territoryContains } from '../access/reach.ts';

/** The 14 first-level territories by SOATO code. */
export const REGION_ABBREVIATIONS: Readonly<Record<string, string>> = {
  '1703': 'AND', // Andijon
  '1706': 'BUX', // Buxoro
  '1708': 'JIZ', // Jizzax
  '1710': 'QAS', // Qashqadaryo
  '1712': 'NAV', // Navoiy
  '1714': 'NAM', // Namangan
  '1718': 'SAM', // Samarqand
  '1722': 'SUR', // Surxondaryo
  '1724': 'SIR', // Sirdaryo
  '1726': 'TSH', // Toshkent shahri
  '1727': 'TOS', // Toshkent viloyati
  '1730': 'FAR', // Fargʻona
  '1733': 'XOR', // Xorazm
  '1735': 'QQR', // Qoraqalpogʻiston
};

export type DistrictName = { code: string; regionCode: string; nameUzLatn: string };

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** "Shoʻrchi tumani" → SHORCHI: the name without "tumani"/"shahri", its apostrophes, spaces and accents. */
function nameLetters(nameUzLatn: string): string[] {
  const stem = nameUzLatn.trim().replace(/\s+(tumani|shahri)$/i, '');
  const letters = [
    ...stem
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toUpperCase(),
  ];
  if (letters.length === 0) throw new RangeError(`No Latin letters in the district name "${nameUzLatn}"`);
  return letters;
}

/**
 * Abbreviations to try for a name, best first: the first letter and two later consonants in the order
 * they come (Shoʻrchi: SHR, SHC, SHH, SRC …), then two later letters of any kind (Xiva: XIV, XIA), then
 * the first letter with any two letters, so that a free one is always found.
 */
function* candidates(nameUzLatn: string): Generator<string> {
  const [first, ...rest] = nameLetters(nameUzLatn);
  const consonants = rest.filter((letter) => !VOWELS.has(letter));
  for (const pool of [consonants, rest, ALPHABET]) {
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) yield `${first}${pool[i]}${pool[j]}`;
    }
  }
}

/**
 * Three-letter abbreviations for districts, unique within each region. Districts take their best free
 * candidate in code order, so a tuman (SOATO 17RR2xx) comes before the city of the same name (17RR4xx):
 * Andijon tumani is AND, Andijon shahri ANJ. Abbreviations already in use (`inUse`, by district code)
 * are kept, so a district added later can never take the letters of numbers already issued.
 */
export function districtAbbreviations(
  districts: readonly DistrictName[],
  inUse: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const result = new Map<string, string>();
  const taken = new Map<string, Set<string>>();
  const takenIn = (regionCode: string) => taken.get(regionCode) ?? taken.set(regionCode, new Set()).get(regionCode)!;
  const inCodeOrder = [...districts].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const district of inCodeOrder) {
    const kept = inUse.get(district.code);
    if (!kept) continue;
    result.set(district.code, kept);
    takenIn(district.regionCode).add(kept);
  }
  for (const district of inCodeOrder) {
    if (result.has(district.code)) continue;
    const regionTaken = takenIn(district.regionCode);
    for (const candidate of candidates(district.nameUzLatn)) {
      if (regionTaken.has(candidate)) continue;
      result.set(district.code, candidate);
      regionTaken.add(candidate);
      break;
    }
  }
  return result;
}

export type CaseNumberParts = { regionCode: string; districtCode: string; year: number; sequence: number };

/** At least five digits, so numbers line up in lists; a busy district may go past 99 999. */
const SEQUENCE_DIGITS = 5;

/** Writes the number; `abbreviations` is what `districtAbbreviations` gave for the districts. */
export function formatCaseNumber(parts: CaseNumberParts, abbreviations: ReadonlyMap<string, string>): string {
  const { regionCode, districtCode, year, sequence } = parts;
  const region = REGION_ABBREVIATIONS[regionCode];
  if (!region) throw new RangeError(`Unknown region code ${regionCode}`);
  const district = abbreviations.get(districtCode);
  if (!district || !territoryContains(regionCode, districtCode))
    throw new RangeError(`No abbreviation for district ${districtCode} in ${regionCode}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`Year out of range: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Sequence must be a positive integer: ${sequence}`);
  return compose(region, district, year, sequence);
}

const compose = (region: string, district: string, year: number, sequence: number) =>
  `${region}-${district}-${year}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;

export type ParsedCaseNumber = {
  /** The number as `formatCaseNumber` writes it. */
  number: string;
  regionCode: string;
  districtAbbreviation: string;
  year: number;
  sequence: number;
};

/** Lenient about what people type: any case, spaces or dashes between the parts, zeros left out. */
const CASE_NUMBER = /^([A-Z]{3})[-\s]+([A-Z]{3})[-\s]+(\d{4})[-\s]+(\d{1,9})$/;

const REGION_BY_ABBREVIATION = new Map(Object.entries(REGION_ABBREVIATIONS).map(([code, abbreviation]) => [abbreviation, code]));

/** Reads a case number, or null when the text is not one (e.g. a search for a name). */
export function parseCaseNumber(text: string): ParsedCaseNumber | null {
  const match = CASE_NUMBER.exec(text.trim().toUpperCase());
  if (!match) return null;
  const [, region = '', districtAbbreviation = '', yearText, sequenceText] = match;
  const regionCode = REGION_BY_ABBREVIATION.get(region);
  const year = Number(yearText);
  const sequence = Number(sequenceText);
  if (!regionCode || year < 2000 || sequence < 1) return null;
  return { number: compose(region, districtAbbreviation, year, sequence), regionCode, districtAbbreviation, year, sequence };
}
