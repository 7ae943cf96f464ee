import { schemas, todayInUzbekistan } from '@hamkor/domain';
import type { FieldMessage } from '../../api/client.ts';
import type { DuplicateProbe, Family, Person } from '../../api/families.ts';
import { formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { formatPhone } from '../../lib/phone.ts';

/**
 * What the family forms hold: the text as typed (dates DD.MM.YYYY, numbers as text), so a draft can be
 * kept and restored exactly. The request bodies are built from these values when saving.
 */
export type BirthForm = 'exact' | 'year' | 'age';
export type YesNo = '' | 'yes' | 'no';

export type MemberValues = {
  surname: string;
  givenName: string;
  patronymic: string;
  birthForm: BirthForm;
  birthDate: string;
  birthYear: string;
  ageYears: string;
  ageOn: string;
  sex: string;
  pinfl: string;
  idCard: string;
  birthCertificate: string;
  relationship: string;
  documentsHeld: string[];
  documentsMissing: string[];
  disabilityGroup: string;
  disabilityNote: string;
  schoolingKind: string;
  schoolingInstitution: string;
  schoolingGrade: string;
  whereabouts: string;
  country: string;
  since: string;
  sendsSupport: YesNo;
  contactChannel: string;
  place: string;
  vulnerabilityMarkers: string[];
};

export type HouseholdValues = {
  districtCode: string;
  mahallaCode: string;
  address: string;
  phone: string;
  identificationSource: string;
  socialRegisterCategory: string;
  housing: string;
  rooms: string;
  utilities: string[];
  livingNote: string;
  notes: string;
};

export const UTILITIES = ['water', 'electricity', 'gas', 'heating'] as const;

const today = () => formatIsoDate(todayInUzbekistan());

export function emptyMember(): MemberValues {
  return {
    surname: '',
    givenName: '',
    patronymic: '',
    birthForm: 'exact',
    birthDate: '',
    birthYear: '',
    ageYears: '',
    ageOn: today(),
    sex: '',
    pinfl: '',
    idCard: '',
    birthCertificate: '',
    relationship: '',
    documentsHeld: [],
    documentsMissing: [],
    disabilityGroup: '',
    disabilityNote: '',
    schoolingKind: '',
    schoolingInstitution: '',
    schoolingGrade: '',
    whereabouts: 'present',
    country: '',
    since: '',
    sendsSupport: '',
    contactChannel: '',
    place: '',
    vulnerabilityMarkers: [],
  };
}

export function emptyHousehold(districtCode = ''): HouseholdValues {
  return {
    districtCode,
    mahallaCode: '',
    address: '',
    phone: '',
    identificationSource: '',
    socialRegisterCategory: '',
    housing: '',
    rooms: '',
    utilities: [],
    livingNote: '',
    notes: '',
  };
}

const yesNo = (value: boolean | null | undefined): YesNo => (value === true ? 'yes' : value === false ? 'no' : '');
const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function memberValuesOf(person: Person): MemberValues {
  const { whereabouts, disability, schooling } = person;
  return {
    ...emptyMember(),
    surname: person.surname,
    givenName: person.givenName,
    patronymic: text(person.patronymic),
    birthForm: person.birthPrecision ?? 'exact',
    birthDate: formatIsoDate(person.birthDate),
    birthYear: person.birthPrecision === 'year' ? text(person.birthYear) : '',
    ageYears: text(person.ageStated?.years),
    ageOn: person.ageStated ? formatIsoDate(person.ageStated.on) : today(),
    sex: person.sex,
    pinfl: text(person.pinfl),
    idCard: text(person.idCard),
    birthCertificate: text(person.birthCertificate),
    relationship: person.relationship,
    documentsHeld: [...person.documentsHeld],
    documentsMissing: [...person.documentsMissing],
    disabilityGroup: text(disability?.group),
    disabilityNote: text(disability?.note),
    schoolingKind: text(schooling?.kind),
    schoolingInstitution: text(schooling?.institution),
    schoolingGrade: text(schooling?.grade),
    whereabouts: whereabouts.status,
    country: text(whereabouts.country),
    since: formatIsoDate(whereabouts.since),
    sendsSupport: yesNo(whereabouts.sendsSupport),
    contactChannel: text(whereabouts.contactChannel),
    place: text(whereabouts.place),
    vulnerabilityMarkers: [...person.vulnerabilityMarkers],
  };
}

export function householdValuesOf(family: Family): HouseholdValues {
  const living = family.livingConditions;
  return {
    districtCode: family.districtCode,
    mahallaCode: text(family.mahallaCode),
    address: family.address,
    phone: formatPhone(family.phone),
    identificationSource: family.identificationSource,
    socialRegisterCategory: text(family.socialRegisterCategory),
    housing: text(living?.housing),
    rooms: text(living?.rooms),
    utilities: UTILITIES.filter((utility) => living?.[utility] === true),
    livingNote: text(living?.note),
    notes: text(family.notes),
  };
}

/** A body, and the problems met building it: a date or number that cannot be read is reported, not guessed. */
type Built<T> = { body: T; problems: FieldMessage[] };
/** Messages for problems found while building, by the interface's own keys. */
export const DATE_PROBLEM = 'families.errors.date';
const NUMBER_PROBLEM = 'families.errors.number';

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function readDate(value: string, path: string, problems: FieldMessage[]): string | null {
  if (!value.trim()) return null;
  const iso = parseDayMonthYear(value);
  if (!iso) problems.push({ path, message: DATE_PROBLEM });
  return iso;
}

function readNumber(value: string, path: string, problems: FieldMessage[]): number | null {
  if (!value.trim()) return null;
  if (!/^\d+$/.test(value.trim())) problems.push({ path, message: NUMBER_PROBLEM });
  return Number(value.trim());
}

function birthOf(values: MemberValues, problems: FieldMessage[]) {
  const none = { birthDate: null, birthYear: null, ageStated: null };
  if (values.birthForm === 'exact') return { ...none, birthDate: readDate(values.birthDate, 'birthDate', problems) };
  if (values.birthForm === 'year') return { ...none, birthYear: readNumber(values.birthYear, 'birthYear', problems) };
  if (!values.ageYears.trim()) return none;
  const years = readNumber(values.ageYears, 'ageStated.years', problems);
  const on = readDate(values.ageOn, 'ageStated.on', problems) ?? todayInUzbekistan();
  return { ...none, ageStated: { years, on } };
}

function whereaboutsOf(values: MemberValues, problems: FieldMessage[]) {
  const since = readDate(values.since, 'whereabouts.since', problems);
  if (values.whereabouts === 'abroad') {
    return {
      status: 'abroad',
      country: orNull(values.country),
      since,
      sendsSupport: values.sendsSupport === '' ? null : values.sendsSupport === 'yes',
      contactChannel: orNull(values.contactChannel),
    };
  }
  if (values.whereabouts === 'institution') return { status: 'institution', since, place: orNull(values.place) };
  if (values.whereabouts === 'unknown') return { status: 'unknown', place: orNull(values.place) };
  return { status: values.whereabouts };
}

/** A member as the API takes it (schemas.personCreate); paths of problems are relative to the member. */
export function personBody(values: MemberValues): Built<Record<string, unknown>> {
  const problems: FieldMessage[] = [];
  const body = {
    surname: values.surname,
    givenName: values.givenName,
    patronymic: orNull(values.patronymic),
    ...birthOf(values, problems),
    sex: values.sex,
    pinfl: orNull(values.pinfl),
    idCard: orNull(values.idCard),
    birthCertificate: orNull(values.birthCertificate),
    relationship: values.relationship,
    documentsHeld: values.documentsHeld,
    documentsMissing: values.documentsMissing,
    disability: values.disabilityGroup ? { group: values.disabilityGroup, note: orNull(values.disabilityNote) } : null,
    schooling: values.schoolingKind
      ? {
          kind: values.schoolingKind,
          institution: orNull(values.schoolingInstitution),
          grade: readNumber(values.schoolingGrade, 'schooling.grade', problems),
        }
      : null,
    whereabouts: whereaboutsOf(values, problems),
    vulnerabilityMarkers: values.vulnerabilityMarkers,
  };
  return { body, problems };
}

/** The household as the API takes it (schemas.familyFields). */
function householdBody(values: HouseholdValues): Built<Record<string, unknown>> {
  const problems: FieldMessage[] = [];
  const rooms = readNumber(values.rooms, 'livingConditions.rooms', problems);
  const described = values.housing || rooms !== null || values.utilities.length > 0 || values.livingNote.trim();
  const body = {
    districtCode: values.districtCode,
    mahallaCode: orNull(values.mahallaCode),
    address: values.address,
    phone: orNull(values.phone),
    identificationSource: values.identificationSource,
    socialRegisterCategory: orNull(values.socialRegisterCategory),
    livingConditions: described
      ? {
          housing: orNull(values.housing),
          rooms,
          ...Object.fromEntries(UTILITIES.map((utility) => [utility, values.utilities.includes(utility)])),
          note: orNull(values.livingNote),
        }
      : null,
    notes: orNull(values.notes),
  };
  return { body, problems };
}

/** A whole registration (schemas.familyCreate), with problem paths under members.N. */
export function registrationBody(household: HouseholdValues, members: MemberValues[]): Built<Record<string, unknown>> {
  const built = householdBody(household);
  const people = members.map(personBody);
  return {
    body: { ...built.body, members: people.map((person) => person.body) },
    problems: [
      ...built.problems,
      ...people.flatMap((person, index) => person.problems.map((problem) => ({ ...problem, path: `members.${index}.${problem.path}` }))),
    ],
  };
}

/** Birth fields travel together: a change to one replaces the whole birth date. */
const BIRTH_FIELDS = ['birthDate', 'birthYear', 'ageStated'];

/** Only the fields of a member that changed, for PATCH /api/persons/:id. */
export function personChanges(before: MemberValues, after: MemberValues): Built<Record<string, unknown>> {
  const old = personBody(before).body;
  const built = personBody(after);
  const changed = Object.fromEntries(
    Object.entries(built.body).filter(([key, value]) => JSON.stringify(old[key]) !== JSON.stringify(value)),
  );
  if (BIRTH_FIELDS.some((field) => field in changed)) for (const field of BIRTH_FIELDS) changed[field] = built.body[field];
  return { body: changed, problems: built.problems };
}

/** Only the household fields that changed, for PATCH /api/families/:id. */
export function householdChanges(before: HouseholdValues, after: HouseholdValues): Built<Record<string, unknown>> {
  const old = householdBody(before).body;
  const built = householdBody(after);
  const changed = Object.fromEntries(
    Object.entries(built.body).filter(([key, value]) => JSON.stringify(old[key]) !== JSON.stringify(value)),
  );
  return { body: changed, problems: built.problems };
}

/**
 * What the duplicate check needs to know of a member, or null while too little is typed to ask, or what
 * is typed could not be asked about (a name with digits, a date in the future: the form says why on saving).
 */
export function duplicateProbe(values: MemberValues, districtCode: string): DuplicateProbe | null {
  if (!values.surname.trim() || !values.givenName.trim()) return null;
  const birth = birthOf(values, []);
  const year = birth.birthYear ?? (birth.ageStated?.years != null ? Number(birth.ageStated.on.slice(0, 4)) - birth.ageStated.years : null);
  const pinfl = values.pinfl.replace(/\s/g, '');
  const probe = {
    surname: values.surname.trim(),
    givenName: values.givenName.trim(),
    patronymic: orNull(values.patronymic),
    birthDate: birth.birthDate ?? (year && year >= 1900 && year <= 2099 ? String(year) : null),
    pinfl: /^\d{14}$/.test(pinfl) ? pinfl : null,
    districtCode: /^17\d{5}$/.test(districtCode) ? districtCode : null,
  };
  if (schemas.duplicatesCheck.safeParse(probe).success) return probe;
  const byName = { ...probe, birthDate: null, pinfl: null };
  return schemas.duplicatesCheck.safeParse(byName).success ? byName : null;
}

/**
 * The relationship a new member most likely has, so a household is registered without choosing it each
 * time: the first person heads it, the next is the head's spouse, everyone after is a child.
 */
export function likelyRelationship(members: readonly Pick<MemberValues, 'relationship'>[]): string {
  if (!members.some((member) => member.relationship === 'head')) return 'head';
  if (members.length === 1 && !members.some((member) => member.relationship === 'spouse')) return 'spouse';
  return 'child';
}

// Uzbek (and Russian-style) family names differ by sex only in this ending: Karimov, Karimova; Каримов, Каримова.
const MALE_ENDING = /(ov|ev|ов|ев)$/i;
const FEMALE_ENDING = /(ova|eva|ова|ева)$/i;

/** A family name carried over from another member, put in the form that matches the person's sex. */
export function surnameForSex(surname: string, sex: string): string {
  const trimmed = surname.trim();
  if (sex === 'female' && MALE_ENDING.test(trimmed) && !FEMALE_ENDING.test(trimmed)) {
    return trimmed + (/[а-яё]$/i.test(trimmed) ? 'а' : 'a');
  }
  if (sex === 'male' && FEMALE_ENDING.test(trimmed)) return trimmed.slice(0, -1);
  return surname;
}
