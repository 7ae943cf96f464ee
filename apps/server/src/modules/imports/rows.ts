import { type FieldProblem, schemas } from '@hamkor/domain';
import type { z } from 'zod';
import { zodIssuesToProblems } from '../../lib/validation.ts';
import type { Sheet } from './read-file.ts';

type Column = schemas.ImportColumnName;
type Cells = Record<Column, string>;

/** A problem in one cell, before it is put in the user's language. */
export type CellProblem = { row: number; column: Column | 'file'; code: string; params?: Record<string, unknown> };

export type ImportedPerson = { row: number; person: schemas.PersonCreate };
/** A household from the file; `family` is null when its own columns did not pass. */
export type ImportedFamily = { ref: string; row: number; family: schemas.FamilyFields | null; members: ImportedPerson[] };

const FAMILY_COLUMNS = schemas.IMPORT_COLUMNS.filter((column) => column.level === 'family').map((column) => column.name);
const REQUIRED = new Set<Column>(schemas.REQUIRED_IMPORT_COLUMNS);

/** The header cells, matched to the template's column names; unknown columns are left alone. */
export function columnIndex(header: string[]): { index: Map<Column, number>; missing: Column[] } {
  const names = header.map((cell) =>
    cell
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const index = new Map<Column, number>();
  for (const name of schemas.IMPORT_COLUMN_NAMES) {
    const position = names.indexOf(name);
    if (position >= 0) index.set(name, position);
  }
  return { index, missing: schemas.REQUIRED_IMPORT_COLUMNS.filter((name) => !index.has(name)) };
}

const list = (cell: string) =>
  cell
    .split(/[;,]/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
const code = (cell: string) => cell.trim().toLowerCase() || undefined;
const text = (cell: string) => cell.trim() || undefined;

const YES = new Set(['yes', 'true', '1', 'ha', 'да', 'ҳа']);
const NO = new Set(['no', 'false', '0', 'yoʻq', "yo'q", 'yo‘q', 'yoq', 'нет', 'йўқ']);

/** Dates as spreadsheets hold them: YYYY-MM-DD, or DD.MM.YYYY as typed in Uzbekistan. */
function dateCell(cell: string): string | undefined {
  const value = cell.trim();
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  return dotted ? `${dotted[3]}-${dotted[2]?.padStart(2, '0')}-${dotted[1]?.padStart(2, '0')}` : value || undefined;
}

/** A birth date cell: a date, or a year alone when only that is known. */
const birthFields = (cell: string) => (/^\d{4}$/.test(cell.trim()) ? { birthYear: Number(cell.trim()) } : { birthDate: dateCell(cell) });

/** Spreadsheets drop the plus of +998 when the cell is a number. */
const phoneCell = (cell: string) => text(/^998\d{9}$/.test(cell.trim()) ? `+${cell.trim()}` : cell);

function familyInput(cells: Cells) {
  return {
    districtCode: text(cells.district_code),
    mahallaCode: text(cells.mahalla_code),
    address: cells.address,
    phone: phoneCell(cells.phone),
    identificationSource: code(cells.identification_source),
    socialRegisterCategory: code(cells.social_register_category),
    notes: text(cells.family_notes),
  };
}

function personInput(cells: Cells, problems: Omit<CellProblem, 'row'>[]) {
  const supportCell = cells.sends_support.trim().toLowerCase();
  const sendsSupport = supportCell === '' ? undefined : YES.has(supportCell) ? true : NO.has(supportCell) ? false : null;
  if (sendsSupport === null) problems.push({ column: 'sends_support', code: 'yes_no' });
  const abroadGiven = [cells.abroad_country, cells.abroad_since, cells.sends_support, cells.contact_channel].some((cell) => cell.trim());
  const status = code(cells.whereabouts) ?? (abroadGiven ? 'abroad' : undefined);
  const schoolingKind = code(cells.schooling) ?? (text(cells.school_name) ? 'school' : undefined);
  return {
    surname: cells.surname,
    givenName: cells.given_name,
    patronymic: text(cells.patronymic),
    ...birthFields(cells.birth_date),
    sex: code(cells.sex),
    relationship: code(cells.relationship),
    pinfl: text(cells.pinfl),
    idCard: text(cells.id_card),
    birthCertificate: text(cells.birth_certificate),
    documentsHeld: list(cells.documents_held),
    documentsMissing: list(cells.documents_missing),
    disability: code(cells.disability) ? { group: code(cells.disability) } : undefined,
    schooling: schoolingKind ? { kind: schoolingKind, institution: text(cells.school_name) } : undefined,
    whereabouts: status
      ? {
          status,
          country: text(cells.abroad_country),
          since: dateCell(cells.abroad_since),
          sendsSupport: sendsSupport ?? undefined,
          contactChannel: code(cells.contact_channel),
        }
      : undefined,
    vulnerabilityMarkers: list(cells.vulnerability),
  };
}

/** Zod's problems, placed in the template's columns; an empty required cell is simply "required". */
function cellProblems<T>(result: z.ZodSafeParseResult<T>, level: 'family' | 'person', cells: Cells): Omit<CellProblem, 'row'>[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const column = schemas.importColumnOf(level, issue.path) ?? (level === 'family' ? 'family_ref' : 'surname');
    const [problem] = zodIssuesToProblems([issue]) as [FieldProblem];
    return { column, code: REQUIRED.has(column) && cells[column].trim() === '' ? 'required' : problem.code };
  });
}

/**
 * Reads every row into households, checking each cell with the same schemas as the API. Rows sharing a
 * family_ref are one household; its family columns come from its first row, and a later row may leave
 * them empty but not contradict them.
 */
export function readFamilies(sheet: Sheet, index: Map<Column, number>): { families: ImportedFamily[]; problems: CellProblem[] } {
  const families = new Map<string, ImportedFamily & { cells: Cells }>();
  const problems: CellProblem[] = [];
  for (const { row, cells: raw } of sheet.rows) {
    const cells = Object.fromEntries(schemas.IMPORT_COLUMN_NAMES.map((name) => [name, String(raw[index.get(name) ?? -1] ?? '')])) as Cells;
    const rowProblems: Omit<CellProblem, 'row'>[] = [];
    const ref = cells.family_ref.trim();
    if (!ref) rowProblems.push({ column: 'family_ref', code: 'required' });
    let household = families.get(ref);
    if (ref && !household) {
      const parsed = schemas.familyFields.safeParse(familyInput(cells));
      rowProblems.push(...cellProblems(parsed, 'family', cells));
      household = { ref, row, family: parsed.success ? parsed.data : null, members: [], cells };
      families.set(ref, household);
    } else if (household) {
      for (const column of FAMILY_COLUMNS) {
        const cell = cells[column].trim();
        if (cell && cell !== household.cells[column].trim()) rowProblems.push({ column, code: 'family_mismatch' });
      }
    }
    const parsedPerson = schemas.personCreate.safeParse(personInput(cells, rowProblems));
    rowProblems.push(...cellProblems(parsedPerson, 'person', cells));
    if (parsedPerson.success && household) household.members.push({ row, person: parsedPerson.data });
    problems.push(...unique(rowProblems).map((problem) => ({ row, ...problem })));
  }
  return { families: [...families.values()].map(({ cells: _cells, ...family }) => family), problems };
}

/** One problem per cell and code: zod may report a cell twice (a list with two bad values). */
function unique(problems: Omit<CellProblem, 'row'>[]) {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.column}:${problem.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The same PINFL twice in one file is a mistake in the file, whichever row is right. */
export function repeatedPinfls(families: ImportedFamily[]): CellProblem[] {
  const firstRow = new Map<string, number>();
  const problems: CellProblem[] = [];
  for (const { row, person } of families.flatMap((family) => family.members)) {
    if (!person.pinfl) continue;
    const earlier = firstRow.get(person.pinfl);
    if (earlier === undefined) firstRow.set(person.pinfl, row);
    else problems.push({ row, column: 'pinfl', code: 'pinfl_repeated', params: { row: earlier } });
  }
  return problems;
}
