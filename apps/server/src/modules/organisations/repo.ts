import type { OrganisationKind, schemas } from '@hamkor/domain';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { OrganisationsTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type OrganisationRow = Selectable<OrganisationsTable>;

type NameColumn = 'name_uz_cyrl' | 'name_ru' | 'name_en' | 'name_kaa';
type Names = { name: string; name_uz_cyrl: string | null; name_ru: string | null; name_en: string | null; name_kaa: string | null };

/** A name in every script, shaped as territories' names: an unknown script is '' (Karakalpak null). */
export function scriptNames(row: Names) {
  return {
    uz_latn: row.name,
    uz_cyrl: row.name_uz_cyrl ?? '',
    ru: row.name_ru ?? '',
    en: row.name_en ?? '',
    kaa: row.name_kaa || null,
  };
}

/** The columns of the other scripts as sent: all four replaced, an empty one stored as unknown (null). */
export function otherScriptColumns(names: schemas.OtherScriptNames): Pick<Names, NameColumn> {
  return {
    name_uz_cyrl: names.uz_cyrl || null,
    name_ru: names.ru || null,
    name_en: names.en || null,
    name_kaa: names.kaa || null,
  };
}

export type Organisation = {
  id: string;
  name: string;
  names: ReturnType<typeof scriptNames>;
  kind: OrganisationKind;
  districtCode: string;
  regionCode: string;
  territories: string[];
  address: string | null;
  phone: string | null;
  approvalGates: boolean;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    names: scriptNames(row),
    kind: row.kind as OrganisationKind,
    districtCode: row.district_code,
    regionCode: row.region_code,
    territories: row.territories,
    address: row.address,
    phone: row.phone,
    approvalGates: row.approval_gates,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listOrganisations(
  db: Db,
  query: {
    district?: string;
    kind?: string;
    after?: { name: string; id: string };
    limit: number;
  },
): Promise<OrganisationRow[]> {
  let q = db.selectFrom('organisations').selectAll().orderBy('name').orderBy('id').limit(query.limit);
  const district = query.district;
  if (district) q = q.where((eb) => eb.or([eb('district_code', '=', district), eb(eb.val(district), '=', eb.fn.any('territories'))]));
  if (query.kind) q = q.where('kind', '=', query.kind);
  const after = query.after;
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]));
  return q.execute();
}

export async function findOrganisation(db: Db | Tx, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganisation(
  trx: Tx,
  values: Omit<OrganisationRow, 'version' | 'created_at' | 'updated_at' | NameColumn> & Partial<Pick<OrganisationRow, NameColumn>>,
): Promise<OrganisationRow> {
  return trx.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrganisation(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<OrganisationRow, 'id' | 'version' | 'created_at' | 'created_by'>>,
): Promise<OrganisationRow | undefined> {
  return updateVersioned(trx, 'organisations', id, expectedVersion, changes);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findOrganisationByIdOrName(db: Db, idOrName: string): Promise<OrganisationRow | undefined> {
  if (UUID.test(idOrName)) return findOrganisation(db, idOrName);
  return db.selectFrom('organisations').selectAll().where('name', '=', idOrName).executeTakeFirst();
}
