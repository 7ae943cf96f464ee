import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { MahallasTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

type NameColumns = {
  name_uz_latn: string;
  name_uz_cyrl: string | null;
  name_ru: string | null;
  name_en: string | null;
  name_kaa: string | null;
};

export function toName(row: NameColumns) {
  return {
    uz_latn: row.name_uz_latn,
    uz_cyrl: row.name_uz_cyrl ?? '',
    ru: row.name_ru ?? '',
    en: row.name_en ?? '',
    kaa: row.name_kaa ?? null,
  };
}

export async function listRegions(db: Db) {
  return db.selectFrom('regions').selectAll().orderBy('code').execute();
}

export async function listDistricts(db: Db, regionCode?: string) {
  let q = db.selectFrom('districts').selectAll().orderBy('code');
  if (regionCode) q = q.where('region_code', '=', regionCode);
  return q.execute();
}

export async function findDistrict(db: Db | Tx, code: string) {
  return db.selectFrom('districts').selectAll().where('code', '=', code).executeTakeFirst();
}

export type MahallaRow = Selectable<MahallasTable>;

export async function listMahallas(db: Db, districtCode: string): Promise<MahallaRow[]> {
  return db.selectFrom('mahallas').selectAll().where('district_code', '=', districtCode).orderBy('name_uz_latn').execute();
}

export async function findMahalla(db: Db | Tx, id: string): Promise<MahallaRow | undefined> {
  return db.selectFrom('mahallas').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMahallaByCode(db: Db | Tx, code: string): Promise<MahallaRow | undefined> {
  return db.selectFrom('mahallas').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertMahalla(
  trx: Tx,
  values: Omit<MahallaRow, 'version' | 'created_at' | 'updated_at' | 'active'>,
): Promise<MahallaRow> {
  return trx.insertInto('mahallas').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateMahalla(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<MahallaRow, 'id' | 'version' | 'created_at' | 'created_by'>>,
): Promise<MahallaRow | undefined> {
  return updateVersioned(trx, 'mahallas', id, expectedVersion, changes);
}
