import { nameSimilarity, rememberedNameKey } from '../names/index.ts';

/**
 * What a worker types into the search box: a name in any script, perhaps with a birth year, a birth date
 * or a PINFL among the words ("Курбанова 1990", "Qurbonova Dilnoza 14.03.1990", "31403900120034").
 */
export type PersonQuery = {
  /** The words of the name, without the numbers. */
  name: string;
  pinfl: string | null;
  birthYear: number | null;
  birthDate: string | null;
};

const PINFL_IN_TEXT = /(?<!\d)\d{14}(?!\d)/;
const DOTTED_DATE = /(?<!\d)(\d{2})\.(\d{2})\.(\d{4})(?!\d)/;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/;
const YEAR = /(?<!\d)(19|20)\d{2}(?!\d)/;

export function parsePersonQuery(text: string): PersonQuery {
  let rest = text;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(rest);
    if (match) rest = rest.replace(match[0], ' ');
    return match;
  };
  const pinfl = take(PINFL_IN_TEXT)?.[0] ?? null;
  const dotted = take(DOTTED_DATE);
  const iso = dotted ? null : take(ISO_DATE);
  const birthDate = dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : iso ? iso[0] : null;
  const year = birthDate ? null : take(YEAR);
  return {
    name: rest.replace(/\d+/g, ' ').replace(/\s+/g, ' ').trim(),
    pinfl,
    birthYear: birthDate ? Number(birthDate.slice(0, 4)) : year ? Number(year[0]) : null,
    birthDate,
  };
}

/**
 * A search needs a PINFL or at least two letters of a name; a year alone would list half a district. (Names are
 * folded through the remembered keys here: a search folds its words several times, and a register repeats them.)
 */
export function isSearchable(query: PersonQuery): boolean {
  return query.pinfl !== null || rememberedNameKey(query.name).length >= 2;
}

/** One way a query's words may name a person: any of these surname keys with any of these given-name keys. */
export type NameKeyMatch = { surnameKeys: string[]; givenNameKeys: string[] };

/** A surname's key and its other gender's: Qurbonov and Qurbonova are one family's name. */
function surnameKeys(word: string): string[] {
  const key = rememberedNameKey(word);
  if (/[ai]va$/.test(key)) return [key, key.slice(0, -1)];
  if (/[ai]v$/.test(key)) return [key, `${key}a`];
  return [key];
}

/**
 * The exact name keys a query may stand for, for the database's exact-key indexes. One word may be a
 * surname or a given name; of several, any two may be surname and given name, in either order.
 */
export function nameKeyMatches(query: PersonQuery): NameKeyMatch[] {
  const words = query.name.split(' ').filter((word) => rememberedNameKey(word) !== '');
  const [only] = words;
  if (words.length === 1 && only) {
    return [
      { surnameKeys: surnameKeys(only), givenNameKeys: [] },
      { surnameKeys: [], givenNameKeys: [rememberedNameKey(only)] },
    ];
  }
  const firstThree = words.slice(0, 3);
  return firstThree.flatMap((surname, i) =>
    firstThree
      .filter((_, j) => j !== i)
      .map((givenName) => ({ surnameKeys: surnameKeys(surname), givenNameKeys: [rememberedNameKey(givenName)] })),
  );
}

export type SearchablePerson = {
  surname: string;
  givenName: string;
  patronymic: string | null;
  pinfl: string | null;
};

/**
 * How well a person answers a query, in [0, 1]: each typed word is matched to the closest part of the
 * person's name in any script, so word order does not matter ("Dilnoza Qurbonova" finds Qurbonova
 * Dilnoza). A PINFL typed and equal is decisive.
 */
export function personQueryScore(query: PersonQuery, person: SearchablePerson): number {
  return personQueryScorer(query)(person);
}

/**
 * `personQueryScore` for one query and many persons: the query's words are split and folded once, not
 * once per person ranked.
 */
export function personQueryScorer(query: PersonQuery): (person: SearchablePerson) => number {
  const words = query.name.split(' ').filter((word) => rememberedNameKey(word) !== '');
  // Scored for hundreds of persons a request: plain loops, no arrays built per person.
  const closest = (word: string, part: string | null, best: number) =>
    part && rememberedNameKey(part) !== '' ? Math.max(best, nameSimilarity(word, part)) : best;
  return (person) => {
    if (query.pinfl !== null && query.pinfl === person.pinfl) return 1;
    if (words.length === 0) return 0;
    let sum = 0;
    for (const word of words) sum += closest(word, person.patronymic, closest(word, person.givenName, closest(word, person.surname, 0)));
    return sum / words.length;
  };
}
