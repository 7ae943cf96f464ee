import { femaleNames, maleNames, type Name, passportSpelling, surnameFor, surnames } from '../generate/names.ts';
import { type Random, Zipf } from '../generate/random.ts';

/**
 * Search queries as workers type them: a surname and given name drawn from the generated distribution,
 * written in another script than most records (Cyrillic, Russian, passport Latin, Latin without
 * apostrophes) — and, for the typo measure, with one letter dropped.
 */
// The generator's distribution (generate/households.ts).
const surnameSampler = new Zipf(surnames, 0.6);
const maleSampler = new Zipf(maleNames, 0.6);
const femaleSampler = new Zipf(femaleNames, 0.6);

function typed(name: Name, random: Random): string {
  return random.weighted<string>([
    [name.cyrillic, 35],
    [name.russian, 30],
    [passportSpelling(name.russian), 15],
    [name.latin.replace(/[ʻʼ]/g, "'"), 10],
    [name.latin.replace(/[ʻʼ]/g, ''), 10],
  ]);
}

export function searchQueries(random: Random, count: number, options: { typo: boolean }): string[] {
  return Array.from({ length: count }, () => {
    const female = random.chance(0.5);
    const surname = typed(surnameFor(surnameSampler.sample(random), female ? 'female' : 'male'), random);
    const given = typed((female ? femaleSampler : maleSampler).sample(random), random);
    if (!options.typo) return `${surname} ${given}`;
    // One letter dropped from inside the surname: no key is equal, so the trigram index answers.
    const at = random.int(2, Math.max(2, surname.length - 2));
    return `${surname.slice(0, at)}${surname.slice(at + 1)} ${given}`;
  });
}
