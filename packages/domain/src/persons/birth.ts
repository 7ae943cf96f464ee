/**
 * Birth dates as social workers meet them: exact from a document, a year only, or an age someone stated
 * on a given day ("about seven, said his grandmother in March"). Each is kept as given, and every form
 * yields a birth year for search and duplicate checks.
 */
export const TIME_ZONE = 'Asia/Tashkent';
export const EARLIEST_BIRTH_DATE = '1900-01-01';

export type BirthPrecision = 'exact' | 'year' | 'age';

export type BirthInput = {
  birthDate?: string | null;
  birthYear?: number | null;
  ageStated?: { years: number; on: string } | null;
};

export type BirthFacts = {
  birthDate: string | null;
  birthYear: number | null;
  precision: BirthPrecision | null;
  ageStated: { years: number; on: string } | null;
};

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Uzbekistan as YYYY-MM-DD: "in the future" means after today there, not in UTC. */
export function todayInUzbekistan(now: Date = new Date()): string {
  return dayFormat.format(now);
}

/** A real calendar day written YYYY-MM-DD (rejects 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The one form of birth date given; an age stated on a day becomes the year it implies. */
export function birthFacts(input: BirthInput): BirthFacts {
  if (input.birthDate) {
    return { birthDate: input.birthDate, birthYear: Number(input.birthDate.slice(0, 4)), precision: 'exact', ageStated: null };
  }
  if (input.birthYear) return { birthDate: null, birthYear: input.birthYear, precision: 'year', ageStated: null };
  if (input.ageStated) {
    const { years, on } = input.ageStated;
    return { birthDate: null, birthYear: Number(on.slice(0, 4)) - years, precision: 'age', ageStated: { years, on } };
  }
  return { birthDate: null, birthYear: null, precision: null, ageStated: null };
}
