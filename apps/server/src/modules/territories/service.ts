import { Conflict, can, type FieldProblem, Invalid, NotFound, schemas } from '@hamkor/domain';
import { parse } from 'csv-parse/sync';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { zodIssuesToProblems } from '../../lib/validation.ts';
import * as repo from './repo.ts';

const districtResource = (districtCode: string) => ({
  type: 'mahalla' as const,
  districtCode,
});

export async function listRegions(ctx: RequestContext) {
  if (!can(ctx.actor, 'territory.read', { type: 'territory' })) throw new NotFound();
  return (await repo.listRegions(ctx.db)).map((row) => ({
    code: row.code,
    name: repo.toName(row),
  }));
}

export async function listDistricts(ctx: RequestContext, regionCode?: string) {
  if (!can(ctx.actor, 'territory.read', { type: 'territory' })) throw new NotFound();
  return (await repo.listDistricts(ctx.db, regionCode)).map((row) => ({
    code: row.code,
    regionCode: row.region_code,
    name: repo.toName(row),
  }));
}

function toMahalla(row: repo.MahallaRow) {
  return {
    id: row.id,
    code: row.code,
    districtCode: row.district_code,
    regionCode: row.region_code,
    name: repo.toName(row),
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listMahallas(ctx: RequestContext, districtCode: string) {
  if (!can(ctx.actor, 'mahalla.read', districtResource(districtCode))) throw new NotFound();
  return (await repo.listMahallas(ctx.db, districtCode)).map(toMahalla);
}

const nameColumns = (name: schemas.MahallaCreate['name']) => ({
  name_uz_latn: name.uz_latn,
  name_uz_cyrl: name.uz_cyrl || null,
  name_ru: name.ru || null,
  name_en: name.en || null,
  name_kaa: name.kaa || null,
});

export async function createMahalla(ctx: RequestContext, input: schemas.MahallaCreate) {
  if (!can(ctx.actor, 'mahalla.manage', districtResource(input.districtCode))) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const district = await repo.findDistrict(trx, input.districtCode);
    if (!district) throw new Invalid([{ path: 'districtCode', code: 'unknown_district' }]);
    // Two creates racing past this check both insert; the unique code makes the second one a 409.
    if (await repo.findMahallaByCode(trx, input.code)) throw new Invalid([{ path: 'code', code: 'code_taken' }]);
    const row = await repo.insertMahalla(trx, {
      id: newId(),
      code: input.code,
      district_code: district.code,
      region_code: district.region_code,
      ...nameColumns(input.name),
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await audit(trx, ctx, 'mahalla.create', { type: 'mahalla', id: row.id });
    return toMahalla(row);
  });
}

export async function updateMahalla(ctx: RequestContext, id: string, input: schemas.MahallaUpdate) {
  return withTx(ctx.db, async (trx) => {
    const current = await repo.findMahalla(trx, id);
    if (!current || !can(ctx.actor, 'mahalla.manage', districtResource(current.district_code)))
      throw new NotFound(current && { type: 'mahalla', id: current.id });
    const row = await repo.updateMahalla(trx, id, input.version, {
      ...(input.name && nameColumns(input.name)),
      ...(input.active !== undefined && { active: input.active }),
      updated_by: ctx.actor.id,
    });
    if (!row) throw new Conflict('version_conflict', toMahalla((await repo.findMahalla(trx, id)) ?? current));
    await audit(trx, ctx, 'mahalla.update', { type: 'mahalla', id });
    return toMahalla(row);
  });
}

/**
 * Imports a district's mahallas from CSV, keyed by code: new codes are added, known ones renamed. Every
 * row is checked first; with any problem nothing is written and each problem names its line and column.
 */
export async function importMahallas(ctx: RequestContext, districtCode: string, csv: string, dryRun: boolean) {
  if (!can(ctx.actor, 'mahalla.manage', districtResource(districtCode))) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const district = await repo.findDistrict(trx, districtCode);
    if (!district) throw new Invalid([{ path: 'district', code: 'unknown_district' }]);
    const { rows, problems } = parseMahallaCsv(csv);
    let created = 0;
    let updated = 0;
    for (const { line, value } of rows) {
      const existing = await repo.findMahallaByCode(trx, value.code);
      if (existing && existing.district_code !== districtCode) {
        problems.push({ path: `rows.${line}.code`, code: 'code_taken' });
        continue;
      }
      if (problems.length || dryRun) {
        if (existing) updated += 1;
        else created += 1;
        continue;
      }
      const names = nameColumns({
        uz_latn: value.name_uz_latn,
        uz_cyrl: value.name_uz_cyrl,
        ru: value.name_ru,
        en: value.name_en,
      });
      if (existing) {
        await repo.updateMahalla(trx, existing.id, existing.version, {
          ...names,
          updated_by: ctx.actor.id,
        });
        updated += 1;
      } else {
        await repo.insertMahalla(trx, {
          id: newId(),
          code: value.code,
          district_code: districtCode,
          region_code: district.region_code,
          ...names,
          created_by: ctx.actor.id,
          updated_by: ctx.actor.id,
        });
        created += 1;
      }
    }
    if (problems.length) throw new Invalid(problems);
    if (!dryRun)
      await audit(trx, ctx, 'mahalla.import', null, {
        districtCode,
        created,
        updated,
      });
    return { dryRun, created, updated };
  });
}

/** Reads the rows of a mahalla CSV, with the problems of each line; a file without the needed columns is refused. */
function parseMahallaCsv(csv: string) {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch {
    throw new Invalid([
      {
        path: 'file',
        code: 'csv_header',
        params: { columns: schemas.MAHALLA_CSV_COLUMNS.join(',') },
      },
    ]);
  }
  const header =
    csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0]
      ?.split(',')
      .map((c) => c.trim()) ?? [];
  if (!header.includes('code') || !header.includes('name_uz_latn')) {
    throw new Invalid([
      {
        path: 'file',
        code: 'csv_header',
        params: { columns: schemas.MAHALLA_CSV_COLUMNS.join(',') },
      },
    ]);
  }

  const problems: FieldProblem[] = [];
  const rows: {
    line: number;
    value: ReturnType<typeof schemas.mahallaCsvRow.parse>;
  }[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const line = index + 2;
    const parsed = schemas.mahallaCsvRow.safeParse(record);
    if (!parsed.success) {
      for (const problem of zodIssuesToProblems(parsed.error.issues)) problems.push({ ...problem, path: `rows.${line}.${problem.path}` });
      return;
    }
    if (seen.has(parsed.data.code)) problems.push({ path: `rows.${line}.code`, code: 'code_taken' });
    seen.add(parsed.data.code);
    rows.push({ line, value: parsed.data });
  });

  return { rows, problems };
}
