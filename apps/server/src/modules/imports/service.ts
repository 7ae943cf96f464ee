import { type Actor, birthFacts, can, hasValidPinflCheckDigit, Invalid, mayEver, NotFound, nameKey, type schemas } from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import { familyValues, insertFamilies } from '../families/repo.ts';
import { spendDuplicateCheck } from '../persons/allowance.ts';
import { type PersonRow, personValues } from '../persons/columns.ts';
import { CANDIDATE_POOL, rankCandidates, resolverOf } from '../persons/duplicates.ts';
import * as persons from '../persons/repo.ts';
import { findDistrict, findMahallaByCode } from '../territories/repo.ts';
import { readSheet, type Upload } from './read-file.ts';
import { type CellProblem, columnIndex, type ImportedFamily, readFamilies, repeatedPinfls } from './rows.ts';
import { importTemplate } from './template.ts';

/** Name keys and PINFLs looked up per statement when flagging duplicates. */
const LOOKUP_BATCH = 1000;

export async function familyImportTemplate(ctx: RequestContext, format: 'csv' | 'xlsx') {
  if (!mayEver(ctx.actor, 'import.run')) throw new NotFound();
  return importTemplate(format);
}

/** Looks each key up once per import: a file names the same few districts and mahallas thousands of times. */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, load(key));
    return cache.get(key) as Promise<T>;
  };
}

/**
 * Checks each household's district and mahalla against the reference data and the importer's reach.
 * Returns the problems, and the region of every district that passed.
 */
async function placeFamilies(ctx: RequestContext, families: ImportedFamily[]) {
  const regionOf = memo(async (code) => (await findDistrict(ctx.db, code))?.region_code ?? null);
  const districtOfMahalla = memo(async (code) => (await findMahallaByCode(ctx.db, code))?.district_code ?? null);
  const problems: CellProblem[] = [];
  const regions = new Map<string, string>();
  for (const { row, family } of families) {
    if (!family) continue;
    const region = await regionOf(family.districtCode);
    if (!region) problems.push({ row, column: 'district_code', code: 'unknown_district' });
    else if (!can(ctx.actor, 'import.run', { type: 'import', districtCode: family.districtCode })) {
      problems.push({ row, column: 'district_code', code: 'district_out_of_reach' });
    } else if (family.mahallaCode && (await districtOfMahalla(family.mahallaCode)) !== family.districtCode) {
      problems.push({ row, column: 'mahalla_code', code: 'unknown_mahalla' });
    }
    if (region) regions.set(family.districtCode, region);
  }
  return { problems, regionOf: (districtCode: string) => regions.get(districtCode) ?? '' };
}

type Probe = { row: number; person: schemas.PersonCreate; districtCode: string | null };

function probesOf(families: ImportedFamily[]): Probe[] {
  return families.flatMap((family) =>
    family.members.map(({ row, person }) => ({ row, person, districtCode: family.family?.districtCode ?? null })),
  );
}

/**
 * Persons already registered under a row's exact name keys or PINFL, scored as any duplicate check is.
 * The database reads only namesakes who could score as duplicates (the row's birth year or none known),
 * at most CANDIDATE_POOL per row, so the work grows with the rows, not with the register's namesakes.
 */
async function flagDuplicates(trx: Tx, actor: Actor, probes: Probe[]) {
  const looked = probes.map(({ row, person, districtCode }) => {
    const facts = birthFacts(person);
    const namesake: persons.NamesakeProbe = {
      surnameKey: nameKey(person.surname),
      givenNameKey: nameKey(person.givenName),
      birthYear: facts.birthYear ?? null,
      birthDate: facts.birthDate ?? null,
      districtCode,
    };
    const probe = { ...person, birthDate: facts.birthDate ?? (facts.birthYear ? String(facts.birthYear) : null), districtCode };
    return { row, probe, namesake, lookup: JSON.stringify(namesake) };
  });
  // Rows that would ask the same question (a family's twins, a file imported twice) ask it once.
  const distinct = [...new Map(looked.map(({ lookup, namesake }) => [lookup, namesake])).entries()];
  const byLookup = new Map<string, PersonRow[]>(distinct.map(([lookup]) => [lookup, []]));
  for (let start = 0; start < distinct.length; start += LOOKUP_BATCH) {
    const batch = distinct.slice(start, start + LOOKUP_BATCH);
    for (const { probe, ...row } of await persons.findNamesakes(
      trx,
      batch.map(([, namesake]) => namesake),
      CANDIDATE_POOL,
    )) {
      byLookup.get(batch[probe]?.[0] ?? '')?.push(row);
    }
  }
  const pinfls = [...new Set(probes.flatMap(({ person }) => (person.pinfl ? [person.pinfl] : [])))];
  const byPinfl = new Map<string, PersonRow[]>();
  for (let start = 0; start < pinfls.length; start += LOOKUP_BATCH) {
    for (const row of await persons.findByPinfls(trx, pinfls.slice(start, start + LOOKUP_BATCH))) {
      const same = byPinfl.get(row.pinfl ?? '');
      if (same) same.push(row);
      else byPinfl.set(row.pinfl ?? '', [row]);
    }
  }
  return looked.flatMap(({ row, probe, lookup }) => {
    const byId = new Map<string, PersonRow>();
    for (const found of byLookup.get(lookup) ?? []) byId.set(found.id, found);
    for (const found of (probe.pinfl && byPinfl.get(probe.pinfl)) || []) byId.set(found.id, found);
    return byId.size ? [{ row, ...rankCandidates(actor, probe, [...byId.values()]) }] : [];
  });
}

/** How many rows with a match outside the importer's reach the report tells, at most. */
export const OUTSIDE_ROWS_TOLD = 20;

/**
 * The rows' duplicates within the importer's reach, and of those outside it one count for the whole file,
 * capped: which rows matched would turn a dry run into a hundred thousand existence checks at once.
 */
function reportDuplicates(actor: Actor, flagged: Awaited<ReturnType<typeof flagDuplicates>>) {
  const duplicates = flagged.flatMap(({ row, candidates }) => (candidates.length ? [{ row, candidates }] : []));
  const outsideRows = flagged.filter(({ outside }) => outside > 0).length;
  const outsideReach = outsideRows
    ? { rows: Math.min(outsideRows, OUTSIDE_ROWS_TOLD), more: outsideRows > OUTSIDE_ROWS_TOLD, resolvedBy: resolverOf(actor) }
    : null;
  return { duplicates, outsideReach, outsideRows };
}

async function writeFamilies(
  trx: Tx,
  ctx: RequestContext,
  importId: string,
  families: ImportedFamily[],
  regionOf: (code: string) => string,
) {
  const familyRows = [];
  const personRows = [];
  for (const { family, members } of families) {
    if (!family) continue;
    const placement = {
      familyId: newId(),
      regionCode: regionOf(family.districtCode),
      districtCode: family.districtCode,
      organisationId: ctx.actor.organisationId,
    };
    familyRows.push({ ...familyValues(family, placement), import_id: importId, created_by: ctx.actor.id, updated_by: ctx.actor.id });
    for (const { person } of members) personRows.push(personValues(person, placement, newId(), ctx.actor.id));
  }
  await insertFamilies(trx, familyRows);
  await persons.insertPersonsInBulk(trx, personRows);
}

const byPosition = (a: CellProblem, b: CellProblem) => a.row - b.row || a.column.localeCompare(b.column);

/**
 * Imports households from a CSV or XLSX file. Every row is checked first and every problem reported by
 * row and column in the user's language; a dry run stops there, writing nothing but its audit event.
 * A confirmed import with any problem writes nothing; without, it writes everything in one transaction.
 */
export async function importFamilies(
  ctx: RequestContext,
  readUpload: () => Promise<Upload>,
  dryRun: boolean,
): Promise<schemas.ImportReport> {
  if (!mayEver(ctx.actor, 'import.run')) throw new NotFound();
  const sheet = await readSheet(await readUpload());
  const { index, missing } = columnIndex(sheet.header);
  if (missing.length) throw new Invalid([{ path: 'file', code: 'import_header', params: { columns: missing.join(', ') } }]);
  const { families, problems } = readFamilies(sheet, index);
  const placed = await placeFamilies(ctx, families);
  const errors = [...problems, ...repeatedPinfls(families), ...placed.problems].sort(byPosition);
  if (!dryRun && errors.length) {
    throw new Invalid(
      errors.map((error) => ({ path: `rows.${error.row}.${error.column}`, code: error.code, params: error.params })),
      'import_invalid',
    );
  }
  const t = translator(ctx.locale);
  const describe = ({ params, ...problem }: CellProblem) => ({ ...problem, message: t(`fields.${problem.code}`, params ?? {}) });
  const probes = probesOf(families);
  const warnings = probes
    .filter(({ person }) => person.pinfl && !hasValidPinflCheckDigit(person.pinfl))
    .map(({ row }) => describe({ row, column: 'pinfl', code: 'pinfl_check_digit' }));
  // A file is one duplicate check of the importer's allowance, whatever its length.
  await spendDuplicateCheck(ctx);
  return withTx(ctx.db, async (trx) => {
    const { duplicates, outsideReach, outsideRows } = reportDuplicates(ctx.actor, await flagDuplicates(trx, ctx.actor, probes));
    const importId = dryRun ? null : newId();
    const counts = { rows: sheet.rows.length, families: families.length, persons: sheet.rows.length };
    const found = { duplicates: duplicates.length, outOfScope: outsideRows };
    if (importId) {
      await writeFamilies(trx, ctx, importId, families, placed.regionOf);
      await audit(trx, ctx, 'import.families', { type: 'import', id: importId }, { ...counts, ...found });
    } else {
      await audit(trx, ctx, 'import.dry_run', null, { ...counts, errors: errors.length, ...found });
    }
    return {
      dryRun,
      importId,
      ...counts,
      errors: errors.map(describe),
      warnings,
      duplicates,
      outsideReach,
    };
  });
}
