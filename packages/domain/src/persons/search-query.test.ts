import { describe, expect, it } from 'vitest';
import { isSearchable, nameKeyMatches, parsePersonQuery, personQueryScore } from './search-query.ts';

const dilnoza = { surname: 'Qurbonova', givenName: 'Dilnoza', patronymic: 'Karim qizi', pinfl: '31403870120030' };

describe('person search queries', () => {
  it('takes a PINFL, a birth date or a birth year out of the words of the name', () => {
    expect(parsePersonQuery('Курбанова 1990')).toEqual({ name: 'Курбанова', pinfl: null, birthYear: 1990, birthDate: null });
    expect(parsePersonQuery(' Qurbonova  Dilnoza 14.03.1990 ')).toEqual({
      name: 'Qurbonova Dilnoza',
      pinfl: null,
      birthYear: 1990,
      birthDate: '1990-03-14',
    });
    expect(parsePersonQuery('Oʻrinboyev 2016-05-03').birthDate).toBe('2016-05-03');
    expect(parsePersonQuery('31403870120030')).toEqual({ name: '', pinfl: '31403870120030', birthYear: null, birthDate: null });
  });

  it('needs two letters of a name or a PINFL', () => {
    expect(isSearchable(parsePersonQuery('1990'))).toBe(false);
    expect(isSearchable(parsePersonQuery('A 1990'))).toBe(false);
    expect(isSearchable(parsePersonQuery('Ал'))).toBe(true);
    expect(isSearchable(parsePersonQuery('31403870120030'))).toBe(true);
  });

  it('scores a name in any script and word order, a PINFL as decisive, an unrelated name low', () => {
    expect(personQueryScore(parsePersonQuery('Дилноза Курбанова'), dilnoza)).toBe(1);
    expect(personQueryScore(parsePersonQuery('Kurbanova Karimovna'), dilnoza)).toBe(1);
    expect(personQueryScore(parsePersonQuery('31403870120030'), dilnoza)).toBe(1);
    const maleForm = personQueryScore(parsePersonQuery('Qurbonov'), dilnoza);
    expect(maleForm).toBeGreaterThan(0.8);
    expect(maleForm).toBeLessThan(1);
    expect(personQueryScore(parsePersonQuery('Toshmatov'), dilnoza)).toBeLessThan(0.6);
  });
});

describe('exact name keys of a query', () => {
  it('lets one word be a surname (either gender) or a given name', () => {
    expect(nameKeyMatches(parsePersonQuery('Курбанова'))).toEqual([
      { surnameKeys: ['karbanava', 'karbanav'], givenNameKeys: [] },
      { surnameKeys: [], givenNameKeys: ['karbanava'] },
    ]);
  });

  it('pairs two words as surname and given name in either order', () => {
    expect(nameKeyMatches(parsePersonQuery('Dilnoza Qurbonova 1990'))).toEqual([
      { surnameKeys: ['dilnaza'], givenNameKeys: ['karbanava'] },
      { surnameKeys: ['karbanava', 'karbanav'], givenNameKeys: ['dilnaza'] },
    ]);
    expect(nameKeyMatches(parsePersonQuery('31403870120030'))).toEqual([]);
  });
});
