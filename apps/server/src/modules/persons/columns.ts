import { type BirthInput, birthFacts, foldForSearch, nameKey, type schemas } from '@hamkor/domain';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { PersonsTable } from '../../db/schema.ts';

// How a person is stored: the row, the API's shape of it, and the columns an input writes.

export type PersonRow = Selectable<PersonsTable>;
export type PersonValues = Insertable<PersonsTable>;
export type PersonChanges = Omit<Updateable<PersonsTable>, 'id' | 'version' | 'created_at' | 'created_by'>;

/** Where a person lives in the data: the family, and the territory and owner copied from it. */
export type Placement = { familyId: string; regionCode: string; districtCode: string; organisationId: string };

export function toPerson(row: PersonRow) {
  return {
    id: row.id,
    familyId: row.family_id,
    regionCode: row.region_code,
    districtCode: row.district_code,
    surname: row.surname,
    givenName: row.given_name,
    patronymic: row.patronymic,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    birthPrecision: row.birth_precision as 'exact' | 'year' | 'age' | null,
    ageStated: row.age_stated !== null && row.age_stated_on ? { years: row.age_stated, on: row.age_stated_on } : null,
    sex: row.sex as (typeof schemas.SEXES)[number],
    pinfl: row.pinfl,
    idCard: row.id_card,
    birthCertificate: row.birth_certificate,
    relationship: row.relationship as (typeof schemas.RELATIONSHIPS)[number],
    documentsHeld: row.documents_held as (typeof schemas.DOCUMENT_KINDS)[number][],
    documentsMissing: row.documents_missing as (typeof schemas.DOCUMENT_KINDS)[number][],
    disability: row.disability_group
      ? { group: row.disability_group as (typeof schemas.DISABILITY_GROUPS)[number], note: row.disability_note }
      : null,
    schooling: row.schooling_kind
      ? {
          kind: row.schooling_kind as (typeof schemas.SCHOOLING_KINDS)[number],
          institution: row.schooling_institution,
          grade: row.schooling_grade,
        }
      : null,
    whereabouts: {
      status: row.whereabouts_status as (typeof schemas.WHEREABOUTS_STATUSES)[number],
      country: row.whereabouts_country,
      since: row.whereabouts_since,
      sendsSupport: row.sends_support,
      contactChannel: row.contact_channel as (typeof schemas.CONTACT_CHANNELS)[number] | null,
      place: row.whereabouts_place,
    },
    vulnerabilityMarkers: row.vulnerability_markers as (typeof schemas.VULNERABILITY_MARKERS)[number][],
    mergedInto: row.merged_into,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}
export type Person = ReturnType<typeof toPerson>;

type Names = { surname: string; given_name: string; patronymic: string | null };

/** The folded keys stored beside the names, recomputed whenever a name changes. */
function nameColumns(names: Names) {
  return {
    ...names,
    search_key: foldForSearch([names.surname, names.given_name, names.patronymic ?? ''].join(' ')),
    surname_key: nameKey(names.surname),
    given_name_key: nameKey(names.given_name),
  };
}

function birthColumns(input: BirthInput) {
  const facts = birthFacts(input);
  return {
    birth_date: facts.birthDate,
    birth_year: facts.birthYear,
    birth_precision: facts.precision,
    age_stated: facts.ageStated?.years ?? null,
    age_stated_on: facts.ageStated?.on ?? null,
  };
}

/** Whereabouts other than abroad carry no country, support or contact channel. */
function whereaboutsColumns(whereabouts: schemas.PersonCreate['whereabouts']) {
  const abroad = whereabouts?.status === 'abroad';
  return {
    whereabouts_status: whereabouts?.status ?? 'present',
    whereabouts_country: abroad ? (whereabouts?.country ?? null) : null,
    whereabouts_since: whereabouts?.since ?? null,
    sends_support: abroad ? (whereabouts?.sendsSupport ?? null) : null,
    contact_channel: abroad ? (whereabouts?.contactChannel ?? null) : null,
    whereabouts_place: whereabouts?.place ?? null,
  };
}

/** The columns a change touches; birth fields and whereabouts are replaced whole. */
function detailColumns(input: schemas.PersonUpdate): PersonChanges {
  const birthGiven = input.birthDate !== undefined || input.birthYear !== undefined || input.ageStated !== undefined;
  return {
    ...(birthGiven && birthColumns(input)),
    ...(input.sex !== undefined && { sex: input.sex }),
    ...(input.pinfl !== undefined && { pinfl: input.pinfl }),
    ...(input.idCard !== undefined && { id_card: input.idCard }),
    ...(input.birthCertificate !== undefined && { birth_certificate: input.birthCertificate }),
    ...(input.relationship !== undefined && { relationship: input.relationship }),
    ...(input.documentsHeld !== undefined && { documents_held: input.documentsHeld }),
    ...(input.documentsMissing !== undefined && { documents_missing: input.documentsMissing }),
    ...(input.disability !== undefined && {
      disability_group: input.disability?.group ?? null,
      disability_note: input.disability?.note ?? null,
    }),
    ...(input.schooling !== undefined && {
      schooling_kind: input.schooling?.kind ?? null,
      schooling_institution: input.schooling?.institution ?? null,
      schooling_grade: input.schooling?.grade ?? null,
    }),
    ...(input.whereabouts !== undefined && whereaboutsColumns(input.whereabouts)),
    ...(input.vulnerabilityMarkers !== undefined && { vulnerability_markers: input.vulnerabilityMarkers }),
  };
}

export function personValues(input: schemas.PersonCreate, placement: Placement, id: string, actorId: string | null): PersonValues {
  return {
    id,
    family_id: placement.familyId,
    region_code: placement.regionCode,
    district_code: placement.districtCode,
    organisation_id: placement.organisationId,
    ...nameColumns({ surname: input.surname, given_name: input.givenName, patronymic: input.patronymic ?? null }),
    ...birthColumns(input),
    sex: input.sex,
    pinfl: input.pinfl ?? null,
    id_card: input.idCard ?? null,
    birth_certificate: input.birthCertificate ?? null,
    relationship: input.relationship,
    documents_held: input.documentsHeld ?? [],
    documents_missing: input.documentsMissing ?? [],
    disability_group: input.disability?.group ?? null,
    disability_note: input.disability?.note ?? null,
    schooling_kind: input.schooling?.kind ?? null,
    schooling_institution: input.schooling?.institution ?? null,
    schooling_grade: input.schooling?.grade ?? null,
    ...whereaboutsColumns(input.whereabouts),
    vulnerability_markers: input.vulnerabilityMarkers ?? [],
    created_by: actorId,
    updated_by: actorId,
  };
}

export function personChanges(current: PersonRow, input: schemas.PersonUpdate): PersonChanges {
  const renamed = input.surname !== undefined || input.givenName !== undefined || input.patronymic !== undefined;
  return {
    ...(renamed &&
      nameColumns({
        surname: input.surname ?? current.surname,
        given_name: input.givenName ?? current.given_name,
        patronymic: input.patronymic === undefined ? current.patronymic : input.patronymic,
      })),
    ...detailColumns(input),
  };
}
