import { nameKey, nameSimilarity, nameTokens } from '../names/index.ts';
import type { TracingRelation } from './schemas.ts';

/** What a request knows of the person sought (its names in any script). */
export type SoughtLike = {
  surname: string;
  givenName: string;
  patronymic?: string | null;
  sex?: string | null;
  approxAge?: number | null;
  birthDate?: string | null;
  lastKnownPlace?: string | null;
  country?: string | null;
  relatives?: readonly { relation: TracingRelation; surname?: string | null; givenName: string }[] | null;
};

/** A registered person as the matcher weighs them: names, sex, birth, place, and the other members of their family. */
export type CandidateLike = {
  surname: string;
  givenName: string;
  patronymic: string | null;
  sex: string;
  birthYear: number | null;
  birthDate: string | null;
  /** Names of their district and region, in any script. */
  placeNames: readonly string[];
  country: string | null;
  family: readonly { surname: string; givenName: string; sex: string }[];
};

export type TracingMatch = {
  score: number;
  /** `surname`, `given_name`, `patronymic`, `sex`, `age`, `birth_date`, `relative:<relation>`, `place`, `country`. */
  reasons: string[];
  /** The family member whose names matched a relative named in the request (the first one found). */
  relative: { relation: TracingRelation; surname: string; givenName: string } | null;
};

const SAME = 0.85;
const NAMES_SHARE = 0.6;
const SEX_BONUS = 0.05;
const SEX_WRONG_FACTOR = 0.5;
const AGE_BONUS = 0.1;
const AGE_NEAR_BONUS = 0.03;
const AGE_FAR_FACTOR = 0.5;
const BIRTH_DATE_BONUS = 0.15;
const RELATIVE_BONUS = 0.1;
const RELATIVES_MAX = 0.2;
const PLACE_BONUS = 0.05;
const COUNTRY_BONUS = 0.03;

/** Surnames of the other gender are one family's name: Toʻrayev and Тўраева. */
function surnameSimilarity(a: string, b: string): number {
  const plain = nameSimilarity(a, b);
  if (plain >= 1) return plain;
  const [keyA, keyB] = [nameKey(a), nameKey(b)];
  const stem = (key: string) => key.replace(/([ai]v)a$/, '$1');
  return keyA !== '' && stem(keyA) === stem(keyB) ? Math.max(plain, 0.95) : plain;
}

/** The year the person sought was born in, from a birth date or an approximate age. */
function expectedBirthYear(sought: SoughtLike, thisYear: number): number | null {
  if (sought.birthDate) return Number(sought.birthDate.slice(0, 4));
  return sought.approxAge != null ? thisYear - sought.approxAge : null;
}

/** A family member matching a relative named in the request: the given name, and the surname when one was given. */
function matchesRelative(member: CandidateLike['family'][number], relative: NonNullable<SoughtLike['relatives']>[number]): boolean {
  if (nameSimilarity(member.givenName, relative.givenName) < SAME) return false;
  if (relative.surname && surnameSimilarity(member.surname, relative.surname) < SAME) return false;
  if (relative.relation === 'mother' && member.sex !== 'female') return false;
  if (relative.relation === 'father' && member.sex !== 'male') return false;
  return true;
}

function placeMatches(place: string | null | undefined, placeNames: readonly string[]): boolean {
  if (!place) return false;
  const typed = new Set(nameTokens(place));
  return placeNames.some((name) => {
    const first = nameTokens(name)[0];
    return !!first && first.length >= 3 && typed.has(first);
  });
}

/**
 * How likely a registered person is the one a tracing request seeks, with the reasons. Names weigh most
 * (compared by their folded keys, so any script scores alike), then age, sex, relatives, birth date, place.
 * A wrong sex or an age far off cuts the score; relatives found in the person's family raise it.
 */
export function tracingMatchScore(sought: SoughtLike, candidate: CandidateLike, thisYear: number): TracingMatch {
  const reasons: string[] = [];
  const surname = surnameSimilarity(sought.surname, candidate.surname);
  const given = nameSimilarity(sought.givenName, candidate.givenName);
  const parts = [
    { weight: 0.45, similarity: surname },
    { weight: 0.45, similarity: given },
  ];
  if (surname >= SAME) reasons.push('surname');
  if (given >= SAME) reasons.push('given_name');
  if (sought.patronymic && candidate.patronymic) {
    const patronymic = nameSimilarity(sought.patronymic, candidate.patronymic);
    parts.push({ weight: 0.1, similarity: patronymic });
    if (patronymic >= SAME) reasons.push('patronymic');
  }
  const weight = parts.reduce((sum, part) => sum + part.weight, 0);
  let score = (NAMES_SHARE * parts.reduce((sum, part) => sum + part.weight * part.similarity, 0)) / weight;

  if (sought.sex && sought.sex === candidate.sex) {
    score += SEX_BONUS;
    reasons.push('sex');
  }
  const wrongSex = !!sought.sex && sought.sex !== candidate.sex;

  const expected = expectedBirthYear(sought, thisYear);
  const sameBirthDate = !!sought.birthDate && sought.birthDate === candidate.birthDate;
  let ageFar = false;
  if (sameBirthDate) {
    score += BIRTH_DATE_BONUS;
    reasons.push('birth_date');
  } else if (expected !== null && candidate.birthYear !== null) {
    const off = Math.abs(candidate.birthYear - expected);
    if (off <= 2) {
      score += AGE_BONUS;
      reasons.push('age');
    } else if (off <= 5) score += AGE_NEAR_BONUS;
    else ageFar = true;
  }

  let relative: TracingMatch['relative'] = null;
  let relatives = 0;
  for (const named of sought.relatives ?? []) {
    const member = candidate.family.find((m) => matchesRelative(m, named));
    if (!member) continue;
    relatives += RELATIVE_BONUS;
    reasons.push(`relative:${named.relation}`);
    relative ??= { relation: named.relation, surname: member.surname, givenName: member.givenName };
  }
  score += Math.min(relatives, RELATIVES_MAX);

  if (placeMatches(sought.lastKnownPlace, candidate.placeNames)) {
    score += PLACE_BONUS;
    reasons.push('place');
  }
  if (sought.country && sought.country === candidate.country) {
    score += COUNTRY_BONUS;
    reasons.push('country');
  }
  if (wrongSex) score *= SEX_WRONG_FACTOR;
  if (ageFar) score *= AGE_FAR_FACTOR;
  return { score: Math.round(Math.min(score, 1) * 1000) / 1000, reasons: [...new Set(reasons)], relative };
}

/** Matches scoring below this are not proposed. */
export const TRACING_MATCH_THRESHOLD = 0.4;
