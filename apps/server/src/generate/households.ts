import { birthFacts, foldForSearch, nameKey, pinflCheckDigit, type schemas } from '@hamkor/domain';
import { femaleNames, maleNames, type Name, patronymic, type Script, type Sex, spell, surnameFor, surnames } from './names.ts';
import { type Random, Zipf } from './random.ts';
import { STREETS } from './territory.ts';

/**
 * One household and its members as rows of `families` and `persons`. Shapes follow what district
 * centres meet: couples with children, three generations, a mother alone or with the father working
 * abroad, grandparents raising grandchildren, old people alone.
 */
export type Row = Record<string, unknown>;

const DAY = 86_400_000;
// Flatter than a real name distribution's head, since the lists are far shorter than its tail.
const givenMale = new Zipf(maleNames, 0.6);
const givenFemale = new Zipf(femaleNames, 0.6);
const surnameSampler = new Zipf(surnames, 0.6);

/** Where labour migrants are, by share (Russia far ahead, then Kazakhstan, Türkiye, Korea …). */
const COUNTRIES: readonly (readonly [string, number])[] = [
  ['RU', 68],
  ['KZ', 12],
  ['TR', 6],
  ['KR', 5],
  ['AE', 3],
  ['PL', 2],
  ['GB', 2],
  ['DE', 1],
  ['US', 1],
];

type Shape = 'couple' | 'three_generations' | 'single_mother' | 'migrant' | 'grandparent' | 'elderly';
const SHAPES: readonly (readonly [Shape, number])[] = [
  ['couple', 52],
  ['three_generations', 14],
  ['single_mother', 12],
  ['migrant', 12],
  ['grandparent', 5],
  ['elderly', 5],
];

export type Place = {
  districtCode: string;
  regionCode: string;
  organisationId: string;
  mahallas: readonly { code: string; name: string }[];
};

type Member = {
  name: { surname: Name; given: Name; father: Name | null };
  sex: Sex;
  age: number;
  relationship: (typeof schemas.RELATIONSHIPS)[number];
  abroad?: boolean;
  markers?: string[];
};

export type Household = { family: Row; persons: Row[]; children: string[]; headId: string; createdMs: number };

/** Counters of one generated data set: the PINFL serial keeps PINFLs unique across it. */
export type Serials = { pinfl: number };

function pinfl(serials: Serials, sex: Sex, birthDate: string): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  const century = Number(year) >= 2000 ? 5 : 3;
  serials.pinfl += 1;
  const serial = String(serials.pinfl % 1_000_000).padStart(6, '0');
  const first = `${century + (sex === 'female' ? 1 : 0)}${day}${month}${year.slice(2)}${serial}`;
  return `${first}${pinflCheckDigit(first)}`;
}

const clampAge = (age: number, min: number, max: number) => Math.max(min, Math.min(max, Math.round(age)));

function children(random: Random, motherAge: number, father: Name, surname: Name, count: number): Member[] {
  const kids: Member[] = [];
  for (let i = 0; i < count; i++) {
    const sex: Sex = random.chance(0.51) ? 'male' : 'female';
    const age = clampAge(motherAge - random.int(19, 38), 0, 30);
    kids.push({
      name: { surname: surnameFor(surname, sex), given: (sex === 'male' ? givenMale : givenFemale).sample(random), father },
      sex,
      age,
      relationship: 'child',
    });
  }
  return kids;
}

function membersOf(random: Random, shape: Shape): Member[] {
  const surname = surnameSampler.sample(random);
  const husband = givenMale.sample(random);
  const husbandFather = givenMale.sample(random);
  const wifeFather = givenMale.sample(random);
  const wifeSurname = random.chance(0.6) ? surname : surnameSampler.sample(random);
  const headAge = clampAge(random.normal(42, 11), 21, 75);
  const wifeAge = clampAge(headAge - random.normal(4, 2), 18, 75);
  const kidCount = () =>
    random.weighted([
      [0, 4],
      [1, 22],
      [2, 32],
      [3, 25],
      [4, 12],
      [5, 5],
    ] as const);
  const man = (age: number, relationship: Member['relationship']): Member => ({
    name: { surname, given: husband, father: husbandFather },
    sex: 'male',
    age,
    relationship,
  });
  const woman = (age: number, relationship: Member['relationship']): Member => ({
    name: { surname: surnameFor(wifeSurname, 'female'), given: givenFemale.sample(random), father: wifeFather },
    sex: 'female',
    age,
    relationship,
  });
  switch (shape) {
    case 'couple':
      return [man(headAge, 'head'), woman(wifeAge, 'spouse'), ...children(random, wifeAge, husband, surname, kidCount())];
    case 'three_generations': {
      const grandmother: Member = {
        name: { surname: surnameFor(surname, 'female'), given: givenFemale.sample(random), father: givenMale.sample(random) },
        sex: 'female',
        age: clampAge(headAge + random.normal(26, 3), 45, 95),
        relationship: 'parent',
      };
      const grandfather: Member = {
        name: { surname, given: husbandFather, father: givenMale.sample(random) },
        sex: 'male',
        age: clampAge(grandmother.age + random.normal(3, 2), 45, 95),
        relationship: 'parent',
      };
      const elders = random.chance(0.55) ? [grandmother, grandfather] : [grandmother];
      return [man(headAge, 'head'), woman(wifeAge, 'spouse'), ...elders, ...children(random, wifeAge, husband, surname, kidCount())];
    }
    case 'single_mother': {
      const mother = { ...woman(clampAge(random.normal(36, 8), 20, 60), 'head'), markers: ['single_parent'] };
      return [mother, ...children(random, mother.age, husband, surname, Math.max(1, kidCount()))];
    }
    case 'migrant': {
      const father = { ...man(clampAge(random.normal(36, 7), 21, 55), 'head'), abroad: true };
      const mother = woman(clampAge(father.age - random.normal(4, 2), 18, 55), 'spouse');
      const kids = children(random, mother.age, husband, surname, Math.max(1, kidCount())).map((kid) =>
        kid.age < 18 ? { ...kid, markers: ['left_behind_child'] } : kid,
      );
      return [father, mother, ...kids];
    }
    case 'grandparent': {
      const grandmother = { ...woman(clampAge(random.normal(62, 7), 48, 85), 'head') };
      const kids = children(random, grandmother.age - 25, givenMale.sample(random), surname, random.int(1, 3)).map(
        (kid): Member => ({ ...kid, age: Math.min(kid.age, 17), relationship: 'grandchild', markers: ['left_behind_child'] }),
      );
      return [grandmother, ...kids];
    }
    case 'elderly': {
      const age = clampAge(random.normal(74, 6), 62, 95);
      const alone = { ...(random.chance(0.7) ? woman(age, 'head') : man(age, 'head')), markers: ['elderly_alone'] };
      return random.chance(0.3) ? [{ ...man(age + 2, 'head'), markers: [] }, woman(age, 'spouse')] : [alone];
    }
  }
}

/** Official Uzbek Latin for most records, Cyrillic from older offices, Russian from Russian-language documents. */
function scriptOf(random: Random): Script {
  return random.weighted([
    ['latin', 62],
    ['cyrillic', 26],
    ['russian', 12],
  ] as const);
}

function birthDateOf(random: Random, age: number, nowMs: number): string {
  const born = new Date(nowMs - (age * 365.25 + random.int(0, 364)) * DAY);
  return born.toISOString().slice(0, 10);
}

function schooling(random: Random, age: number, markers: string[]) {
  if (age >= 3 && age <= 6 && random.chance(0.35)) return { kind: 'kindergarten', grade: null };
  if (age >= 7 && age <= 17) {
    if (random.chance(0.04)) {
      markers.push('out_of_school');
      return { kind: 'not_enrolled', grade: null };
    }
    return { kind: 'school', grade: Math.min(11, age - 6) };
  }
  if (age >= 18 && age <= 22 && random.chance(0.3)) return { kind: random.chance(0.5) ? 'college' : 'university', grade: null };
  return null;
}

/** Name keys are pure functions of the text; the same few thousand spellings recur a million times. */
const keyCache = new Map<string, string>();
const cachedKey = (text: string) => {
  let key = keyCache.get(text);
  if (key === undefined) {
    key = nameKey(text);
    keyCache.set(text, key);
  }
  return key;
};
const foldCache = new Map<string, string>();
const cachedFold = (text: string) => {
  let folded = foldCache.get(text);
  if (folded === undefined) {
    folded = foldForSearch(text);
    foldCache.set(text, folded);
  }
  return folded;
};

export function household(random: Random, serials: Serials, place: Place, createdMs: number, nowMs: number, maxMembers: number): Household {
  const shape = random.weighted(SHAPES);
  const members = membersOf(random, shape).slice(0, Math.max(1, maxMembers));
  const script = scriptOf(random);
  const familyId = random.id(createdMs);
  const createdOn = new Date(createdMs).toISOString().slice(0, 10);
  const mahalla = place.mahallas.length ? random.pick(place.mahallas) : null;
  const persons: Row[] = [];
  const childIds: string[] = [];
  let headId = '';
  for (const member of members) {
    const id = random.id(createdMs);
    const markers = [...(member.markers ?? [])];
    const adult = member.age >= 18;
    const abroad =
      member.abroad ||
      (member.relationship === 'child' && adult && member.sex === 'male' && member.age <= 35 && random.chance(0.3)) ||
      (adult && member.sex === 'female' && member.age <= 45 && member.relationship !== 'head' && random.chance(0.02));
    if (!abroad && adult && member.sex === 'male' && member.age <= 50 && random.chance(0.04)) markers.push('returned_from_abroad');
    if (!abroad && adult && member.age < 60 && random.chance(0.08)) markers.push('unemployed');
    const disabled = random.chance(0.025);
    if (disabled) markers.push('disability');
    const birth = random.weighted([
      ['exact', 86],
      ['year', 9],
      ['age', 5],
    ] as const);
    const exactDate = birthDateOf(random, member.age, nowMs);
    const facts = birthFacts(
      birth === 'exact'
        ? { birthDate: exactDate }
        : birth === 'year'
          ? { birthYear: Number(exactDate.slice(0, 4)) }
          : { ageStated: { years: member.age, on: createdOn } },
    );
    const school = schooling(random, member.age, markers);
    const surname = spell(member.name.surname, script, random);
    const given = spell(member.name.given, script, random);
    const father = member.name.father ? patronymic(member.name.father, member.sex, script, random) : null;
    const documents: string[] = [];
    if (member.age < 16 && random.chance(0.97)) documents.push('birth_certificate');
    if (member.age >= 16 && random.chance(0.93)) documents.push('id_card');
    if (abroad) documents.push('foreign_passport');
    if (disabled) documents.push('disability_certificate');
    if (documents.length === 0) markers.push('no_documents');
    const row: Row = {
      id,
      family_id: familyId,
      region_code: place.regionCode,
      district_code: place.districtCode,
      organisation_id: place.organisationId,
      surname,
      given_name: given,
      patronymic: father,
      search_key: cachedFold(`${surname} ${given} ${father ?? ''}`),
      surname_key: cachedKey(surname),
      given_name_key: cachedKey(given),
      birth_date: facts.birthDate,
      birth_year: facts.birthYear,
      birth_precision: facts.precision,
      age_stated: facts.ageStated?.years ?? null,
      age_stated_on: facts.ageStated?.on ?? null,
      sex: member.sex,
      pinfl: facts.birthDate && random.chance(0.7) ? pinfl(serials, member.sex, facts.birthDate) : null,
      id_card: documents.includes('id_card') && random.chance(0.6) ? `A${random.pick(['A', 'B', 'C', 'D'])}${random.digits(7)}` : null,
      birth_certificate: null,
      relationship: member.relationship,
      documents_held: documents,
      documents_missing: member.age < 16 && !documents.includes('birth_certificate') ? ['birth_certificate'] : [],
      disability_group: disabled ? (member.age < 18 ? 'child' : random.pick(['group_1', 'group_2', 'group_3'])) : null,
      disability_note: null,
      schooling_kind: school?.kind ?? null,
      schooling_institution: school?.kind === 'school' ? `${random.int(1, 60)}-umumiy oʻrta taʼlim maktabi` : null,
      schooling_grade: school?.grade ?? null,
      whereabouts_status: abroad ? 'abroad' : 'present',
      whereabouts_country: abroad ? random.weighted(COUNTRIES) : null,
      whereabouts_since: abroad ? new Date(nowMs - random.int(30, 2500) * DAY).toISOString().slice(0, 10) : null,
      sends_support: abroad ? random.chance(0.65) : null,
      contact_channel: abroad
        ? random.weighted([
            ['messenger', 60],
            ['phone', 30],
            ['none', 10],
          ] as const)
        : null,
      whereabouts_place: null,
      vulnerability_markers: [...new Set(markers)],
      merged_into: null,
      merged_at: null,
      version: 1,
      created_at: new Date(createdMs),
      created_by: null,
      updated_at: new Date(createdMs),
      updated_by: null,
    };
    if (member.relationship === 'head') headId = id;
    if (member.age < 18) childIds.push(id);
    persons.push(row);
  }
  const family: Row = {
    id: familyId,
    region_code: place.regionCode,
    district_code: place.districtCode,
    mahalla_code: mahalla?.code ?? null,
    organisation_id: place.organisationId,
    address: `${mahalla ? `${mahalla.name} MFY, ` : ''}${random.pick(STREETS)} koʻchasi, ${random.int(1, 120)}-uy`,
    phones: random.chance(0.85) ? [`+99890${random.digits(7)}`] : [],
    identification_source: random.weighted([
      ['mahalla_social_worker', 35],
      ['mahalla_seven', 15],
      ['school', 12],
      ['clinic', 8],
      ['police', 4],
      ['hotline', 4],
      ['self_referral', 7],
      ['other_agency', 5],
      ['social_register', 10],
    ] as const),
    social_register_category: random.weighted([
      [null, 45],
      ['poor', 30],
      ['at_risk_of_poverty', 15],
      ['state_supported', 10],
    ] as const),
    living_conditions: JSON.stringify({
      housing: random.weighted([
        ['own', 70],
        ['rented', 10],
        ['with_relatives', 14],
        ['state_provided', 2],
        ['temporary', 3],
        ['homeless', 1],
      ] as const),
      rooms: random.int(1, 5),
      water: random.chance(0.75),
      electricity: random.chance(0.97),
      gas: random.chance(0.6),
      heating: random.chance(0.55),
    }),
    notes: null,
    import_id: null,
    merged_into: null,
    merged_at: null,
    version: 1,
    created_at: new Date(createdMs),
    created_by: null,
    updated_at: new Date(createdMs),
    updated_by: null,
  };
  return { family, persons, children: childIds, headId: headId || (persons[0]?.id as string), createdMs };
}
