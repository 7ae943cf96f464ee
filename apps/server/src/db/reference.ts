import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { serverPath } from '../lib/paths.ts';
import type { Db } from './database.ts';

/** Regions and districts of Uzbekistan (SOATO codes, names in four scripts); see reference/SOURCE.md. */
function readCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(serverPath('src/db/reference', name)), {
    columns: true,
    skip_empty_lines: true,
  });
}

/** Loads or refreshes the territory reference data. Idempotent. */
export async function loadReferenceData(db: Db): Promise<void> {
  const names = (row: Record<string, string>) => ({
    name_uz_latn: row.name_uz_latn ?? '',
    name_uz_cyrl: row.name_uz_cyrl ?? '',
    name_ru: row.name_ru ?? '',
    name_en: row.name_en ?? '',
  });
  const regions = readCsv('regions.csv').map((row) => ({
    code: row.code ?? '',
    ...names(row),
  }));
  const districts = readCsv('districts.csv').map((row) => ({
    code: row.code ?? '',
    region_code: row.region_code ?? '',
    ...names(row),
  }));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('regions')
      .values(regions)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name_uz_latn: eb.ref('excluded.name_uz_latn'),
          name_uz_cyrl: eb.ref('excluded.name_uz_cyrl'),
          name_ru: eb.ref('excluded.name_ru'),
          name_en: eb.ref('excluded.name_en'),
        })),
      )
      .execute();
    await trx
      .insertInto('districts')
      .values(districts)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          region_code: eb.ref('excluded.region_code'),
          name_uz_latn: eb.ref('excluded.name_uz_latn'),
          name_uz_cyrl: eb.ref('excluded.name_uz_cyrl'),
          name_ru: eb.ref('excluded.name_ru'),
          name_en: eb.ref('excluded.name_en'),
        })),
      )
      .execute();
  });
}
