import { describe, expect, it } from 'vitest';
import { familyCreate } from './family.ts';
import { importColumnOf } from './import.ts';
import { personCreate } from './person.ts';

const child = { surname: 'Tursunov', givenName: 'Ozodbek', sex: 'male', relationship: 'child' };
const problems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]) ?? [];

describe('person schema', () => {
  it('refuses a birth date in the future, a 13-digit PINFL, an empty or non-letter name', () => {
    expect(problems(personCreate.safeParse({ ...child, birthDate: '2999-01-01' }))).toEqual([['birthDate', 'birth_date_future']]);
    expect(problems(personCreate.safeParse({ ...child, pinfl: '5150123026001' }))).toEqual([['pinfl', 'pinfl_format']]);
    expect(problems(personCreate.safeParse({ ...child, surname: '  ' }))).toEqual([['surname', 'required']]);
    expect(problems(personCreate.safeParse({ ...child, givenName: 'R2D2' }))).toEqual([['givenName', 'name_characters']]);
    expect(problems(personCreate.safeParse({ ...child, birthDate: '2015-02-30' }))).toEqual([['birthDate', 'date']]);
  });

  it('takes one form of birth date, a country for someone abroad, and a document as either held or missing', () => {
    expect(problems(personCreate.safeParse({ ...child, birthDate: '2015-04-02', birthYear: 2015 }))).toEqual([
      ['birthYear', 'birth_one_form'],
    ]);
    expect(problems(personCreate.safeParse({ ...child, whereabouts: { status: 'abroad', sendsSupport: false } }))).toEqual([
      ['whereabouts.country', 'required'],
    ]);
    expect(
      problems(personCreate.safeParse({ ...child, documentsHeld: ['birth_certificate'], documentsMissing: ['birth_certificate'] })),
    ).toEqual([['documentsMissing', 'document_both']]);
  });

  it('tidies what people type: names, ID cards, PINFL spaces, empty optional fields', () => {
    const parsed = personCreate.parse({
      ...child,
      surname: '  Xoʻjayev   Aliyev ',
      patronymic: '',
      idCard: 'ad 1234567',
      pinfl: '5110 2150 2600 15',
      whereabouts: { status: 'abroad', country: 'ru' },
    });
    expect(parsed).toMatchObject({ surname: 'Xoʻjayev Aliyev', patronymic: null, idCard: 'AD1234567', pinfl: '51102150260015' });
    expect(parsed.whereabouts?.country).toBe('RU');
  });
});

describe('family schema', () => {
  it('needs at least one member and names the member of each problem', () => {
    const family = { districtCode: '1722226', address: 'Navbahor MFY', identificationSource: 'hotline' };
    expect(problems(familyCreate.safeParse({ ...family, members: [] }))).toEqual([['members', 'members_required']]);
    expect(problems(familyCreate.safeParse({ ...family, members: [child, { ...child, birthYear: 3000 }] }))).toEqual([
      ['members.1.birthYear', 'birth_date_future'],
    ]);
    expect(familyCreate.parse({ ...family, phone: '90 123 45 67', members: [child] }).phone).toBe('+998901234567');
  });
});

describe('import columns', () => {
  it('places a field problem in the column it came from', () => {
    expect(importColumnOf('person', ['birthYear'])).toBe('birth_date');
    expect(importColumnOf('person', ['whereabouts', 'country'])).toBe('abroad_country');
    expect(importColumnOf('person', ['whereabouts', 'status'])).toBe('whereabouts');
    expect(importColumnOf('person', ['documentsHeld', 1])).toBe('documents_held');
    expect(importColumnOf('family', ['mahallaCode'])).toBe('mahalla_code');
    expect(importColumnOf('family', ['notes'])).toBe('family_notes');
  });
});
