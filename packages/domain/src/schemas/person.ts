import { z } from 'zod';
import { EARLIEST_BIRTH_DATE, isCalendarDate, todayInUzbekistan } from '../persons/birth.ts';
import { PINFL_PATTERN } from '../persons/pinfl.ts';
import { clientId, districtCode, id, int32, line, text, version } from './common.ts';

export const SEXES = ['female', 'male'] as const;
export const RELATIONSHIPS = [
  'head',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandchild',
  'grandparent',
  'other_relative',
  'other',
] as const;
export const DOCUMENT_KINDS = [
  'birth_certificate',
  'id_card',
  'passport',
  'foreign_passport',
  'disability_certificate',
  'residence_registration',
] as const;
/** Adults are assessed into groups I–III; a child under 18 is recognised as a child with a disability. */
export const DISABILITY_GROUPS = ['group_1', 'group_2', 'group_3', 'child', 'not_assessed'] as const;
export const SCHOOLING_KINDS = ['kindergarten', 'school', 'college', 'university', 'home_education', 'not_enrolled'] as const;
export const WHEREABOUTS_STATUSES = ['present', 'abroad', 'institution', 'unknown'] as const;
export const CONTACT_CHANNELS = ['phone', 'messenger', 'none'] as const;
export const VULNERABILITY_MARKERS = [
  'left_behind_child',
  'returned_from_abroad',
  'no_documents',
  'out_of_school',
  'disability',
  'chronic_illness',
  'single_parent',
  'orphan',
  'domestic_violence',
  'neglect',
  'child_labour',
  'early_marriage',
  'in_conflict_with_law',
  'unemployed',
  'elderly_alone',
] as const;

export const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: 'choice' });

/** Forms send '' for a field left empty: it means "not given", like null. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullish());

/** Letters of any script, with the apostrophes of oʻ, gʻ and ʼ, hyphens, dots and spaces; at least one letter. */
const NAME = /^(?=.*\p{L})[\p{L}\p{M}'`´ʹʻʼʽ‘’′\-. ]+$/u;

export const personName = z
  .string({ error: 'required' })
  .trim()
  .overwrite((value) => value.replace(/\s+/g, ' '))
  .min(1, { error: 'required', abort: true })
  .max(100, { error: 'too_long' })
  .regex(NAME, { error: 'name_characters' });

/**
 * Dates, bounded by what they are, so that a slip of the keyboard (1899, 9999, 0000) is caught at once:
 * - any date (report periods): a calendar day from 1900 to 2099;
 * - a past date (since when someone is abroad, the day an age was stated): from 1900 to today;
 * - a recorded date (a contact, a consent): from 2000 to today, since this work is recorded as it happens
 *   and a contact or consent from the last century is a typing error;
 * - a due date (tasks, plan actions and goals, reviews): from 2000 to five years ahead, the longest any
 *   plan runs; a due date already passed is allowed, since work is often written down late;
 * - birth dates (below): from 1900 to today.
 * "Today" is the day in Uzbekistan, where all users work, taken by the server's clock.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2099-12-31';
export const EARLIEST_RECORDED_DATE = '2000-01-01';
export const DUE_HORIZON_YEARS = 5;

/** Today in Uzbekistan moved by whole years, clamped to the 28th of February when needed. */
function yearsFromToday(years: number): string {
  const today = todayInUzbekistan();
  const shifted = `${String(Number(today.slice(0, 4)) + years).padStart(4, '0')}${today.slice(4)}`;
  return isCalendarDate(shifted) ? shifted : `${shifted.slice(0, 8)}28`;
}

/** A real calendar day written YYYY-MM-DD, without bounds: each kind of date below sets its own. */
const calendarDate = z.string({ error: 'date' }).refine(isCalendarDate, { error: 'date', abort: true });
export const isoDate = calendarDate
  .refine((value) => value >= EARLIEST_DATE, { error: 'date_too_early', abort: true })
  .refine((value) => value <= LATEST_DATE, { error: 'date_too_late', abort: true });
/** A date that has already come, in Uzbekistan's time zone. */
export const pastDate = isoDate.refine((value) => value <= todayInUzbekistan(), { error: 'date_future', abort: true });
/** The day a contact took place or a consent was given. */
export const recordedDate = pastDate.refine((value) => value >= EARLIEST_RECORDED_DATE, { error: 'date_too_early' });
/** Whether a due day lies outside its bounds, and which way. */
function dueProblem(day: string): 'date_too_early' | 'date_too_late' | null {
  if (day < EARLIEST_RECORDED_DATE) return 'date_too_early';
  if (day > yearsFromToday(DUE_HORIZON_YEARS)) return 'date_too_late';
  return null;
}
/** The day work is due. */
export const dueDate = calendarDate.superRefine((value, ctx) => {
  const problem = dueProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});
/** The moment work is due, with its offset (`2026-11-23T09:30:00+05:00`), within the same bounds as `dueDate`. */
export const dueMoment = z.iso.datetime({ offset: true, error: 'datetime', abort: true }).superRefine((value, ctx) => {
  const problem = dueProblem(new Date(value).toISOString().slice(0, 10));
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

export const birthDate = calendarDate
  .refine((value) => value <= todayInUzbekistan(), { error: 'birth_date_future', abort: true })
  .refine((value) => value >= EARLIEST_BIRTH_DATE, { error: 'birth_date_too_early' });
export const birthYear = z
  .number({ error: 'birth_year' })
  .int({ error: 'birth_year' })
  .min(1900, { error: 'birth_year' })
  .refine((value) => value <= Number(todayInUzbekistan().slice(0, 4)), { error: 'birth_date_future' });
export const ageStated = z.object({
  years: z.number({ error: 'age_years' }).int({ error: 'age_years' }).min(0, { error: 'age_years' }).max(120, { error: 'age_years' }),
  on: pastDate,
});

export const pinfl = z
  .string({ error: 'pinfl_format' })
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(PINFL_PATTERN, { error: 'pinfl_format' }));
/** The national ID card: two letters and seven digits (AD1234567). */
export const idCard = z
  .string({ error: 'id_card_format' })
  .transform((value) => value.replace(/\s/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}\d{7}$/, { error: 'id_card_format' }));
/** Series and number as printed; old certificates carry Cyrillic or Roman series (I-СР, II-SR). */
export const birthCertificate = z
  .string({ error: 'birth_certificate_format' })
  .trim()
  .toUpperCase()
  .regex(/^[\p{L}\d][\p{L}\d №-]{3,24}$/u, { error: 'birth_certificate_format' });
export const countryCode = z
  .string({ error: 'country_code' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { error: 'country_code' });

export const disability = z.object({
  group: choice(DISABILITY_GROUPS),
  note: text(1000).nullish(),
});
export const schooling = z.object({
  kind: choice(SCHOOLING_KINDS),
  institution: line(300).nullish(),
  grade: int32().min(0, { error: 'invalid' }).max(12, { error: 'invalid' }).nullish(),
});

/** Where the person is now. Country, since, support and contact describe a labour migrant abroad. */
export const whereabouts = z
  .object({
    status: choice(WHEREABOUTS_STATUSES),
    country: countryCode.nullish(),
    since: pastDate.nullish(),
    sendsSupport: z.boolean({ error: 'invalid' }).nullish(),
    contactChannel: choice(CONTACT_CHANNELS).nullish(),
    place: line(300).nullish(),
  })
  .refine((value) => value.status !== 'abroad' || !!value.country, { error: 'required', path: ['country'] });

const documents = z.array(choice(DOCUMENT_KINDS)).max(DOCUMENT_KINDS.length, { error: 'too_long' });

const personShape = {
  surname: personName,
  givenName: personName,
  patronymic: optional(personName),
  birthDate: optional(birthDate),
  birthYear: birthYear.nullish(),
  ageStated: ageStated.nullish(),
  sex: choice(SEXES),
  pinfl: optional(pinfl),
  idCard: optional(idCard),
  birthCertificate: optional(birthCertificate),
  relationship: choice(RELATIONSHIPS),
  documentsHeld: documents.optional(),
  documentsMissing: documents.optional(),
  disability: disability.nullish(),
  schooling: schooling.nullish(),
  whereabouts: whereabouts.optional(),
  vulnerabilityMarkers: z.array(choice(VULNERABILITY_MARKERS)).max(VULNERABILITY_MARKERS.length, { error: 'too_long' }).optional(),
};

type PersonRules = {
  birthDate?: string | null;
  birthYear?: number | null;
  ageStated?: unknown;
  documentsHeld?: readonly string[];
  documentsMissing?: readonly string[];
};

/** Rules across fields, shared by registration and change. */
function checkPerson(person: PersonRules, ctx: z.RefinementCtx): void {
  const forms = [person.birthDate, person.birthYear, person.ageStated].filter((value) => value != null);
  if (forms.length > 1) ctx.addIssue({ code: 'custom', message: 'birth_one_form', path: ['birthYear'] });
  const held = new Set(person.documentsHeld ?? []);
  if ((person.documentsMissing ?? []).some((kind) => held.has(kind))) {
    ctx.addIssue({ code: 'custom', message: 'document_both', path: ['documentsMissing'] });
  }
}

export const personCreate = z.object({ ...personShape, id: clientId.optional() }).superRefine(checkPerson);
export type PersonCreate = z.infer<typeof personCreate>;

/** A change sends only the fields that changed; any birth field replaces the whole birth date. */
export const personUpdate = z.object(personShape).partial().extend({ version }).superRefine(checkPerson);
export type PersonUpdate = z.infer<typeof personUpdate>;

export const personParams = z.object({ id });

export const personSearchQuery = z.object({
  q: z.string({ error: 'search_query' }).trim().min(1, { error: 'search_query' }).max(200, { error: 'too_long' }),
});

/** The details of someone about to be registered, to find them if they are already known. */
export const duplicatesCheck = z.object({
  surname: personName,
  givenName: personName,
  patronymic: optional(personName),
  /** A full date, or a year alone when that is all that is known. */
  birthDate: optional(z.union([birthDate, z.string().regex(/^(19|20)\d{2}$/)], { error: 'date' })),
  pinfl: optional(pinfl),
  districtCode: optional(districtCode),
});
export type DuplicatesCheck = z.infer<typeof duplicatesCheck>;

export const notDuplicate = z.object({ otherPersonId: id });
export const personMerge = z.object({ otherPersonId: id, version, otherVersion: version });
export type PersonMerge = z.infer<typeof personMerge>;

/** A problem worth telling but not blocking, such as a PINFL whose check digit fails. */
export const warningOut = z.object({ path: z.string(), code: z.string(), message: z.string() });

export const personOut = z.object({
  id: z.uuid(),
  familyId: z.uuid(),
  regionCode: z.string(),
  districtCode: z.string(),
  surname: z.string(),
  givenName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  birthPrecision: z.enum(['exact', 'year', 'age']).nullable(),
  ageStated: z.object({ years: z.number().int(), on: z.string() }).nullable(),
  sex: z.enum(SEXES),
  pinfl: z.string().nullable(),
  idCard: z.string().nullable(),
  birthCertificate: z.string().nullable(),
  relationship: z.enum(RELATIONSHIPS),
  documentsHeld: z.array(z.enum(DOCUMENT_KINDS)),
  documentsMissing: z.array(z.enum(DOCUMENT_KINDS)),
  disability: z.object({ group: z.enum(DISABILITY_GROUPS), note: z.string().nullable() }).nullable(),
  schooling: z.object({ kind: z.enum(SCHOOLING_KINDS), institution: z.string().nullable(), grade: z.number().int().nullable() }).nullable(),
  whereabouts: z.object({
    status: z.enum(WHEREABOUTS_STATUSES),
    country: z.string().nullable(),
    since: z.string().nullable(),
    sendsSupport: z.boolean().nullable(),
    contactChannel: z.enum(CONTACT_CHANNELS).nullable(),
    place: z.string().nullable(),
  }),
  vulnerabilityMarkers: z.array(z.enum(VULNERABILITY_MARKERS)),
  mergedInto: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});
export const personSavedOut = personOut.extend({ warnings: z.array(warningOut) });

export const personSearchItemOut = personOut
  .pick({
    id: true,
    familyId: true,
    surname: true,
    givenName: true,
    patronymic: true,
    birthDate: true,
    birthYear: true,
    birthPrecision: true,
    sex: true,
    relationship: true,
    districtCode: true,
  })
  .extend({ score: z.number() });

export const MATCH_REASONS = [
  'pinfl_equal',
  'pinfl_different',
  'name_same_key',
  'name_similar',
  'birth_date_equal',
  'birth_year_equal',
  'birth_date_different',
  'same_district',
] as const;

/** A possible duplicate within the caller's reach: who it is, how alike, and why. */
export const duplicateCandidateOut = personOut
  .pick({ familyId: true, surname: true, givenName: true, patronymic: true, birthDate: true, birthYear: true, districtCode: true })
  .extend({ personId: z.uuid(), score: z.number(), reasons: z.array(z.enum(MATCH_REASONS)) });
export type DuplicateCandidate = z.infer<typeof duplicateCandidateOut>;

/** Who can settle a possible match the caller may not see: their supervisor, or for a supervisor an administrator. */
export const DUPLICATE_RESOLVERS = ['supervisor', 'system_admin'] as const;
/**
 * Possible duplicates outside the caller's reach are never described: no place, no birth, no id, no score,
 * not even how many. Only that one exists and who can settle it; anything more would let a worker find out
 * where and when anyone in the country was born by trying names.
 */
export const outsideReachOut = z.object({ resolvedBy: z.enum(DUPLICATE_RESOLVERS) });
export type OutsideReach = z.infer<typeof outsideReachOut>;
export const duplicatesOut = z.object({ candidates: z.array(duplicateCandidateOut), outsideReach: outsideReachOut.nullable() });
export const notDuplicateOut = z.object({ personId: z.uuid(), otherPersonId: z.uuid() });
