import { schemas } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import {
  DATE_PROBLEM,
  duplicateProbe,
  emptyHousehold,
  emptyMember,
  householdChanges,
  likelyRelationship,
  personBody,
  personChanges,
  registrationBody,
  surnameForSex,
} from './values.ts';

const mother = {
  ...emptyMember(),
  surname: 'Ravshanova',
  givenName: 'Gulnora',
  patronymic: 'Baxtiyor qizi',
  birthDate: '12.06.1989',
  sex: 'female',
  relationship: 'head',
};

describe('family form values', () => {
  it('build a registration the domain schema accepts', () => {
    const father = {
      ...emptyMember(),
      surname: 'Ravshanov',
      givenName: 'Sherzod',
      birthForm: 'year' as const,
      birthYear: '1986',
      sex: 'male',
      relationship: 'spouse',
      whereabouts: 'abroad',
      country: 'RU',
      since: '10.03.2024',
      sendsSupport: 'no' as const,
      contactChannel: 'none',
    };
    const household = {
      ...emptyHousehold('1722226'),
      address: 'Navbahor MFY, 14-uy',
      phone: '+998 91 582 34 17',
      identificationSource: 'mahalla_social_worker',
    };
    const { body, problems } = registrationBody(household, [mother, father]);
    expect(problems).toEqual([]);
    const parsed = schemas.familyCreate.parse(body);
    expect(parsed.phone).toBe('+998915823417');
    expect(parsed.members[0]?.birthDate).toBe('1989-06-12');
    expect(parsed.members[1]?.birthYear).toBe(1986);
    expect(parsed.members[1]?.whereabouts).toMatchObject({ status: 'abroad', country: 'RU', since: '2024-03-10', sendsSupport: false });
    expect(parsed.livingConditions).toBeNull();
  });

  it('report a date that cannot be read at the member’s path', () => {
    const { problems } = registrationBody(emptyHousehold(), [mother, { ...mother, birthDate: '31.02.2020' }]);
    expect(problems).toEqual([{ path: 'members.1.birthDate', message: DATE_PROBLEM }]);
  });

  it('send only what changed, and the whole birth date when any part of it did', () => {
    expect(personChanges(mother, { ...mother, idCard: 'AD1234567' }).body).toEqual({ idCard: 'AD1234567' });
    expect(personChanges(mother, { ...mother, birthForm: 'year', birthYear: '1989' }).body).toEqual({
      birthDate: null,
      birthYear: 1989,
      ageStated: null,
    });
    const before = { ...emptyHousehold('1722226'), address: 'A' };
    expect(householdChanges(before, { ...before, utilities: ['water'] }).body).toEqual({
      livingConditions: { housing: null, rooms: null, water: true, electricity: false, gas: false, heating: false, note: null },
    });
  });

  it('turn an age stated on a day into a birth year for the duplicate check', () => {
    const child = { ...mother, birthForm: 'age' as const, ageYears: '7', ageOn: '01.03.2026' };
    expect(personBody(child).body.ageStated).toEqual({ years: 7, on: '2026-03-01' });
    expect(duplicateProbe(child, '1722226')).toMatchObject({ birthDate: '2019', districtCode: '1722226' });
    expect(duplicateProbe({ ...mother, givenName: ' ' }, '1722226')).toBeNull();
  });
});

describe('what a new member carries over', () => {
  it('heads the household first, then a spouse, then children', () => {
    expect(likelyRelationship([])).toBe('head');
    expect(likelyRelationship([{ relationship: 'head' }])).toBe('spouse');
    expect(likelyRelationship([{ relationship: 'head' }, { relationship: 'spouse' }])).toBe('child');
    expect(likelyRelationship([{ relationship: 'head' }, { relationship: 'child' }, { relationship: 'child' }])).toBe('child');
    // A household whose first person was not marked the head still gets one.
    expect(likelyRelationship([{ relationship: 'child' }])).toBe('head');
  });

  it('puts a family name in the form of the person’s sex, in either script', () => {
    expect(surnameForSex('Qudratova', 'male')).toBe('Qudratov');
    expect(surnameForSex('Qudratov', 'female')).toBe('Qudratova');
    expect(surnameForSex('Aliyev', 'female')).toBe('Aliyeva');
    expect(surnameForSex('Каримова', 'male')).toBe('Каримов');
    expect(surnameForSex('Каримов', 'female')).toBe('Каримова');
    expect(surnameForSex('Qudratova', 'female')).toBe('Qudratova');
    expect(surnameForSex('Qudratov', '')).toBe('Qudratov');
    // Names without the ending are left as they are.
    expect(surnameForSex('Ismoil', 'female')).toBe('Ismoil');
  });
});
