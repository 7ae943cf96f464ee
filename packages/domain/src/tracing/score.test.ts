import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomLatinName, seededRandom, toCyrillic } from '../names/test-helpers.ts';
import { type CandidateLike, type SoughtLike, tracingMatchScore } from './score.ts';

const THIS_YEAR = 2026;

/** One person as the register may hold them: the same names spelt in Uzbek Latin, Uzbek Cyrillic or the Russian way. */
const SPELLINGS = [
  { latin: ['Toʻrayeva', 'Dilnoza'], cyrillic: ['Тўраева', 'Дилноза'], russian: ['Тураева', 'Дилноза'] },
  { latin: ['Qurbonova', 'Gulnora'], cyrillic: ['Қурбонова', 'Гулнора'], russian: ['Курбанова', 'Гульнора'] },
  { latin: ['Xolmatov', 'Gʻayrat'], cyrillic: ['Холматов', 'Ғайрат'], russian: ['Холматов', 'Гайрат'] },
  { latin: ['Ergasheva', 'Shahnoza'], cyrillic: ['Эргашева', 'Шаҳноза'], russian: ['Эргашева', 'Шахноза'] },
  { latin: ['Yoʻldoshev', 'Oʻtkir'], cyrillic: ['Йўлдошев', 'Ўткир'], russian: ['Юлдашев', 'Уткир'] },
] as const;

const person = (names: readonly [string, string], rest: Omit<CandidateLike, 'surname' | 'givenName'>): CandidateLike => ({
  surname: names[0],
  givenName: names[1],
  ...rest,
});

const candidateRest = fc.record({
  patronymic: fc.constant(null),
  sex: fc.constantFrom('female', 'male'),
  birthYear: fc.option(fc.integer({ min: 1950, max: 2024 }), { nil: null }),
  birthDate: fc.constant(null),
  placeNames: fc.constantFrom(['Shoʻrchi tumani', 'Surxondaryo viloyati'], ['Denov tumani'], []),
  country: fc.constantFrom(null, 'RU'),
  family: fc.constantFrom(
    [],
    [{ surname: 'Тўраев', givenName: 'Баҳром', sex: 'male' }],
    [{ surname: 'Toʻrayeva', givenName: 'Madina', sex: 'female' }],
  ),
});
const soughtRest = fc.record({
  sex: fc.constantFrom(null, 'female', 'male'),
  approxAge: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
  lastKnownPlace: fc.constantFrom(null, 'Shoʻrchi', 'Toshkent'),
  country: fc.constantFrom(null, 'RU', 'KZ'),
  relatives: fc.constantFrom(
    [],
    [{ relation: 'spouse' as const, givenName: 'Bahrom' }],
    [{ relation: 'child' as const, givenName: 'Madina' }],
  ),
});

describe('tracing match score', () => {
  it('scores the same person alike whether the register spells them in Latin, Cyrillic or the Russian way', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPELLINGS), soughtRest, candidateRest, (spelling, more, rest) => {
        const sought: SoughtLike = { surname: spelling.latin[0], givenName: spelling.latin[1], ...more };
        const scores = [spelling.latin, spelling.cyrillic, spelling.russian].map((names) =>
          tracingMatchScore(sought, person(names, rest), THIS_YEAR),
        );
        expect(scores[1]).toEqual(scores[0]);
        expect(scores[2]).toEqual(scores[0]);
      }),
    );
  });

  it('scores generated names alike in their Uzbek Cyrillic spelling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), candidateRest, (seed, rest) => {
        const random = seededRandom(seed);
        const latin = [randomLatinName(random), randomLatinName(random)] as const;
        const cyrillic = [toCyrillic(latin[0]), toCyrillic(latin[1])] as const;
        const sought: SoughtLike = { surname: latin[0], givenName: latin[1] };
        const latinScore = tracingMatchScore(sought, person(latin, rest), THIS_YEAR);
        expect(tracingMatchScore(sought, person(cyrillic, rest), THIS_YEAR)).toEqual(latinScore);
      }),
    );
  });

  it('lowers the score for a wrong sex or an age far off, and raises it for relatives found in the family', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPELLINGS), fc.integer({ min: 5, max: 60 }), fc.integer({ min: 8, max: 40 }), (spelling, age, far) => {
        const born = THIS_YEAR - age;
        const base: CandidateLike = {
          surname: spelling.cyrillic[0],
          givenName: spelling.cyrillic[1],
          patronymic: null,
          sex: 'female',
          birthYear: born,
          birthDate: null,
          placeNames: [],
          country: null,
          family: [{ surname: 'Тўраев', givenName: 'Баҳром', sex: 'male' }],
        };
        const sought: SoughtLike = { surname: spelling.latin[0], givenName: spelling.latin[1], sex: 'female', approxAge: age };
        const right = tracingMatchScore(sought, base, THIS_YEAR).score;
        expect(tracingMatchScore(sought, { ...base, sex: 'male' }, THIS_YEAR).score).toBeLessThan(right);
        expect(tracingMatchScore(sought, { ...base, birthYear: born - far }, THIS_YEAR).score).toBeLessThan(right);
        const withRelative = tracingMatchScore({ ...sought, relatives: [{ relation: 'spouse', givenName: 'Bahrom' }] }, base, THIS_YEAR);
        expect(withRelative.score).toBeGreaterThan(right);
        expect(withRelative.reasons).toContain('relative:spouse');
        expect(withRelative.relative).toEqual({ relation: 'spouse', surname: 'Тўраев', givenName: 'Баҳром' });
        // A father is a man: a woman of that name in the family is not him.
        const asFather = tracingMatchScore(
          { ...sought, relatives: [{ relation: 'father', givenName: 'Bahrom' }] },
          { ...base, family: [{ surname: 'Тўраева', givenName: 'Баҳром', sex: 'female' }] },
          THIS_YEAR,
        );
        expect(asFather.reasons).not.toContain('relative:father');
      }),
    );
  });

  it('gives its reasons: names, sex, age, relatives, place', () => {
    const match = tracingMatchScore(
      {
        surname: 'Toʻrayeva',
        givenName: 'Dilnoza',
        sex: 'female',
        approxAge: 38,
        lastKnownPlace: 'Surxondaryo, Shoʻrchi tumani',
        relatives: [{ relation: 'child', givenName: 'Madina' }],
      },
      {
        surname: 'Тўраева',
        givenName: 'Дилноза',
        patronymic: 'Баҳтиёр қизи',
        sex: 'female',
        birthYear: 1988,
        birthDate: null,
        placeNames: ['Шўрчи тумани'],
        country: null,
        family: [{ surname: 'Тўраева', givenName: 'Мадина', sex: 'female' }],
      },
      THIS_YEAR,
    );
    expect(match.reasons).toEqual(['surname', 'given_name', 'sex', 'age', 'relative:child', 'place']);
    expect(match.score).toBeGreaterThan(0.85);
    // A different person with other names scores low.
    const other = tracingMatchScore(
      { surname: 'Toʻrayeva', givenName: 'Dilnoza' },
      {
        surname: 'Karimov',
        givenName: 'Jasur',
        patronymic: null,
        sex: 'male',
        birthYear: null,
        birthDate: null,
        placeNames: [],
        country: null,
        family: [],
      },
      THIS_YEAR,
    );
    expect(other.score).toBeLessThan(0.4);
  });
});
