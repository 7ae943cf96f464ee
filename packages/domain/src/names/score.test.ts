import { describe, expect, it } from 'vitest';
import { nameSimilarity, type PersonLike, personMatchScore } from './score.ts';

const rustam: PersonLike = {
  surname: 'Qurbonov',
  givenName: 'Rustam',
  patronymic: 'Karim oʻgʻli',
  birthDate: '1987-03-14',
  pinfl: '31403870120034',
  districtCode: '1726262',
};

/** The same man on an old Russian document: no PINFL, Russian spelling, Russian patronymic. */
const rustamInRussian: PersonLike = {
  surname: 'Курбанов',
  givenName: 'Рустам',
  patronymic: 'Каримович',
  birthDate: '1987-03-14',
  pinfl: null,
  districtCode: '1726262',
};

describe('nameSimilarity', () => {
  it('is 1 for one name in different scripts', () => {
    expect(nameSimilarity('Xoʻjayev', 'Ходжаев')).toBe(1);
    expect(nameSimilarity('Gʻulomov', 'Gulyamov')).toBe(1);
    expect(nameSimilarity('Nur Muhammad', 'Нурмухаммад')).toBe(1);
  });

  it('is symmetric and within [0, 1]', () => {
    const names = ['Karimov', 'Rahimov', 'Karimova', 'Хасан', 'Husan', 'Aliyev', 'Valiyev', 'A'];
    for (const a of names) {
      for (const b of names) {
        const similarity = nameSimilarity(a, b);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1);
        expect(nameSimilarity(b, a)).toBeCloseTo(similarity, 12);
      }
    }
  });

  it('rates a gender ending as similar but not the same', () => {
    for (const [a, b] of [
      ['Sobirov', 'Sabirova'],
      ['Karimov', 'Karimova'],
      ['Abdullayev', 'Abdullayeva'],
    ] as const) {
      const similarity = nameSimilarity(a, b);
      expect(similarity, `${a} / ${b}`).toBeGreaterThan(0.8);
      expect(similarity, `${a} / ${b}`).toBeLessThan(1);
    }
  });

  it('rates a dropped letter well above unrelated names', () => {
    expect(nameSimilarity('Toshmatov', 'Toshmatv')).toBeGreaterThan(0.7);
    expect(nameSimilarity('Rustam', 'Rustan')).toBeGreaterThan(0.7);
  });

  it('keeps near-miss different names below 0.7', () => {
    for (const [a, b] of [
      ['Karimov', 'Rahimov'],
      ['Aliyev', 'Valiyev'],
      ['Nodira', 'Nozima'],
      ['Sardor', 'Sarvar'],
      ['Umarov', 'Usmonov'],
      ['Anvar', 'Anora'],
      ['Rustam', 'Rasul'],
      ['Toshmatov', 'Eshmatov'],
    ] as const) {
      expect(nameSimilarity(a, b), `${a} / ${b}`).toBeLessThan(0.7);
    }
  });

  it('tells Hasan from Husan although their keys are equal', () => {
    expect(nameSimilarity('Hasan', 'Husan')).toBeLessThan(0.8);
    expect(nameSimilarity('Хасан', 'Husan')).toBeLessThan(0.8);
    expect(nameSimilarity('Hasanov', 'Хасанов')).toBe(1);
  });

  it('rates unrelated names below 0.5', () => {
    for (const [a, b] of [
      ['Karimov', 'Yusupova'],
      ['Rustam', 'Dilnoza'],
      ['Qurbonov', 'Eshmatov'],
      ['Shahnoza', 'Bobur'],
      ['Nodira', 'Tohir'],
    ] as const) {
      expect(nameSimilarity(a, b), `${a} / ${b}`).toBeLessThan(0.5);
    }
  });

  it('ranks a closer spelling above a looser one', () => {
    expect(nameSimilarity('Karimov', 'Karimova')).toBeGreaterThan(nameSimilarity('Karimov', 'Rahimov'));
  });

  it('is 0 when either name has no letters', () => {
    expect(nameSimilarity('', 'Karimov')).toBe(0);
    expect(nameSimilarity('Karimov', ' - ')).toBe(0);
  });
});

describe('personMatchScore', () => {
  it('scores the same person in another script above 0.9', () => {
    const match = personMatchScore(rustam, rustamInRussian);
    expect(match.score).toBeGreaterThan(0.9);
    expect(match.reasons).toEqual(['name_same_key', 'birth_date_equal', 'same_district']);
  });

  it('lets an equal PINFL dominate everything else', () => {
    const misspelt: PersonLike = {
      surname: 'Kurbanova',
      givenName: 'Rustama',
      birthDate: '1990-01-01',
      pinfl: '3140 3870 1200 34',
    };
    const match = personMatchScore(rustam, misspelt);
    expect(match.score).toBeGreaterThanOrEqual(0.99);
    expect(match.reasons).toContain('pinfl_equal');
    expect(match.reasons).toContain('birth_date_different');
  });

  it('keeps every match without a PINFL below any PINFL match', () => {
    const twin = { ...rustam, pinfl: null };
    const bare: PersonLike = { surname: 'Yusupova', givenName: 'Nodira', pinfl: rustam.pinfl };
    expect(personMatchScore(rustam, twin).score).toBeLessThan(personMatchScore(rustam, bare).score);
  });

  it('lowers the score strongly for a different known birth date', () => {
    const same = personMatchScore(rustam, rustamInRussian);
    const otherBirth = personMatchScore(rustam, { ...rustamInRussian, birthDate: '1991-07-02' });
    expect(otherBirth.reasons).toContain('birth_date_different');
    expect(otherBirth.score).toBeLessThan(0.5);
    expect(otherBirth.score).toBeLessThan(same.score / 2);
  });

  it('treats a bare year as agreeing with a full date of that year only', () => {
    const sameYear = personMatchScore(rustam, { ...rustamInRussian, birthDate: '1987' });
    expect(sameYear.reasons).toContain('birth_year_equal');
    const otherYear = personMatchScore(rustam, { ...rustamInRussian, birthDate: '1986' });
    expect(otherYear.reasons).toContain('birth_date_different');
    const unknown = personMatchScore(rustam, { ...rustamInRussian, birthDate: null });
    expect(sameYear.score).toBeGreaterThan(unknown.score);
    expect(unknown.score).toBeGreaterThan(otherYear.score);
  });

  it('ranks full date > year > nothing known', () => {
    const full = personMatchScore(rustam, rustamInRussian).score;
    const year = personMatchScore(rustam, { ...rustamInRussian, birthDate: '1987' }).score;
    const none = personMatchScore(rustam, { ...rustamInRussian, birthDate: undefined }).score;
    expect(full).toBeGreaterThan(year);
    expect(year).toBeGreaterThan(none);
  });

  it('pushes records with two different PINFLs far down', () => {
    const match = personMatchScore(rustam, { ...rustam, pinfl: '31403870120035' });
    expect(match.reasons[0]).toBe('pinfl_different');
    expect(match.score).toBeLessThan(0.25);
  });

  it('ignores PINFLs that are not 14 digits', () => {
    const match = personMatchScore(rustam, { ...rustamInRussian, pinfl: '12345' });
    expect(match.reasons).not.toContain('pinfl_different');
    expect(match.score).toBe(personMatchScore(rustam, rustamInRussian).score);
  });

  it('reports name_similar for a close but different spelling', () => {
    const sister: PersonLike = { surname: 'Qurbonova', givenName: 'Rustam' };
    const match = personMatchScore(rustam, sister);
    expect(match.reasons).toEqual(['name_similar']);
  });

  it('does not call Hasan and Husan the same name even on the same birthday', () => {
    const hasan: PersonLike = { surname: 'Karimov', givenName: 'Hasan', birthDate: '2015-05-09' };
    const husan: PersonLike = { ...hasan, givenName: 'Husan' };
    const match = personMatchScore(hasan, husan);
    expect(match.reasons).not.toContain('name_same_key');
    expect(match.score).toBeLessThan(personMatchScore(hasan, { ...hasan, givenName: 'Хасан' }).score);
  });

  it('compares patronymics only when both records have one', () => {
    const withoutPatronymic = { ...rustamInRussian, patronymic: null };
    expect(personMatchScore(rustam, withoutPatronymic).reasons).toContain('name_same_key');
    const otherFather = { ...rustamInRussian, patronymic: 'Aliyevich' };
    expect(personMatchScore(rustam, otherFather).reasons).not.toContain('name_same_key');
  });

  it('scores unrelated people below 0.5 even in the same district', () => {
    const other: PersonLike = {
      surname: 'Yusupova',
      givenName: 'Nodira',
      patronymic: 'Shuhrat qizi',
      districtCode: rustam.districtCode ?? null,
    };
    const match = personMatchScore(rustam, other);
    expect(match.score).toBeLessThan(0.5);
    expect(match.reasons).toEqual(['same_district']);
  });

  it('orders candidates from the same person down to a stranger', () => {
    const candidates: PersonLike[] = [
      { surname: 'Yusupova', givenName: 'Nodira' },
      { ...rustamInRussian, birthDate: '1990-01-01' },
      rustamInRussian,
      { surname: 'Kurbanov', givenName: 'Rustam' },
      { ...rustamInRussian, pinfl: rustam.pinfl ?? null },
    ];
    const ranked = [...candidates].sort((x, y) => personMatchScore(rustam, y).score - personMatchScore(rustam, x).score);
    expect(ranked).toEqual([candidates[4], candidates[2], candidates[3], candidates[1], candidates[0]]);
  });

  it('returns scores in [0, 1]', () => {
    const people: PersonLike[] = [rustam, rustamInRussian, { surname: '', givenName: '' }];
    for (const a of people) {
      for (const b of people) {
        const { score } = personMatchScore(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    }
  });
});
