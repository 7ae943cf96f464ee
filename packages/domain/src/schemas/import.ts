import { z } from 'zod';
import { DUPLICATE_RESOLVERS, duplicateCandidateOut } from './person.ts';

/**
 * The family import file (CSV or XLSX): one row per person; rows with the same `family_ref` are one
 * household, whose family columns are read from its first row (later rows may leave them empty).
 * docs/import-template.md explains every column to the people filling it in.
 */
export type ImportColumn = {
  name: string;
  level: 'family' | 'person';
  required: boolean;
  /** The API field it fills: a path in the family or person schema, used to place field errors. */
  field: string;
};

export const IMPORT_COLUMNS = [
  { name: 'family_ref', level: 'family', required: true, field: 'familyRef' },
  { name: 'district_code', level: 'family', required: true, field: 'districtCode' },
  { name: 'mahalla_code', level: 'family', required: false, field: 'mahallaCode' },
  { name: 'address', level: 'family', required: true, field: 'address' },
  { name: 'phone', level: 'family', required: false, field: 'phone' },
  { name: 'identification_source', level: 'family', required: true, field: 'identificationSource' },
  { name: 'social_register_category', level: 'family', required: false, field: 'socialRegisterCategory' },
  { name: 'family_notes', level: 'family', required: false, field: 'notes' },
  { name: 'surname', level: 'person', required: true, field: 'surname' },
  { name: 'given_name', level: 'person', required: true, field: 'givenName' },
  { name: 'patronymic', level: 'person', required: false, field: 'patronymic' },
  { name: 'birth_date', level: 'person', required: false, field: 'birthDate' },
  { name: 'sex', level: 'person', required: true, field: 'sex' },
  { name: 'relationship', level: 'person', required: true, field: 'relationship' },
  { name: 'pinfl', level: 'person', required: false, field: 'pinfl' },
  { name: 'id_card', level: 'person', required: false, field: 'idCard' },
  { name: 'birth_certificate', level: 'person', required: false, field: 'birthCertificate' },
  { name: 'documents_held', level: 'person', required: false, field: 'documentsHeld' },
  { name: 'documents_missing', level: 'person', required: false, field: 'documentsMissing' },
  { name: 'disability', level: 'person', required: false, field: 'disability.group' },
  { name: 'schooling', level: 'person', required: false, field: 'schooling.kind' },
  { name: 'school_name', level: 'person', required: false, field: 'schooling.institution' },
  { name: 'whereabouts', level: 'person', required: false, field: 'whereabouts.status' },
  { name: 'abroad_country', level: 'person', required: false, field: 'whereabouts.country' },
  { name: 'abroad_since', level: 'person', required: false, field: 'whereabouts.since' },
  { name: 'sends_support', level: 'person', required: false, field: 'whereabouts.sendsSupport' },
  { name: 'contact_channel', level: 'person', required: false, field: 'whereabouts.contactChannel' },
  { name: 'vulnerability', level: 'person', required: false, field: 'vulnerabilityMarkers' },
] as const satisfies readonly ImportColumn[];

export type ImportColumnName = (typeof IMPORT_COLUMNS)[number]['name'];
export const IMPORT_COLUMN_NAMES: readonly ImportColumnName[] = IMPORT_COLUMNS.map((column) => column.name);
export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumnName[] = IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.name);
/** At most this many data rows per file; larger registers are split by district. */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * The column a field error belongs to. Birth dates arrive in one column but are checked as a date or a
 * year; the first path segments decide (['members', …] is never seen here: each row is one person).
 */
export function importColumnOf(level: 'family' | 'person', path: readonly PropertyKey[]): ImportColumnName | null {
  const [first, second] = path.map(String);
  if (level === 'person' && (first === 'birthYear' || first === 'ageStated')) return 'birth_date';
  const candidates = IMPORT_COLUMNS.filter((column) => column.level === level);
  const exact = candidates.find((column) => column.field === `${first}.${second}`) ?? candidates.find((column) => column.field === first);
  return exact?.name ?? null;
}

export const importQuery = z.object({ dryRun: z.stringbool().default(false) });
export const importTemplateQuery = z.object({ format: z.enum(['csv', 'xlsx'], { error: 'choice' }).default('csv') });

/** A problem in one cell: the row as the spreadsheet numbers it (the header is row 1) and the column. */
export const importProblemOut = z.object({ row: z.number().int(), column: z.string(), code: z.string(), message: z.string() });
export const importReportOut = z.object({
  dryRun: z.boolean(),
  /** Null for a dry run, or when nothing was written. */
  importId: z.uuid().nullable(),
  rows: z.number().int(),
  families: z.number().int(),
  persons: z.number().int(),
  errors: z.array(importProblemOut),
  warnings: z.array(importProblemOut),
  /** Possible duplicates within the importer's reach, by row. */
  duplicates: z.array(z.object({ row: z.number().int(), candidates: z.array(duplicateCandidateOut) })),
  /**
   * Rows with a possible duplicate outside the importer's reach, as one count for the whole file (at most
   * `rows`; `more` when there were more), never which rows: a file of guesses must not map the register.
   */
  outsideReach: z.object({ rows: z.number().int(), more: z.boolean(), resolvedBy: z.enum(DUPLICATE_RESOLVERS) }).nullable(),
});
export type ImportReport = z.infer<typeof importReportOut>;
