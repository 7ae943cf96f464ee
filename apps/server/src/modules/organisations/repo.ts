import type { OrganisationKind } from '@hamkor/domain';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { OrganisationsTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type OrganisationRow = Selectable<OrganisationsTable>;

export type Organisation = {
  id: string;
  name: string;
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
  values: Omit<OrganisationRow, 'version' | 'created_at' | 'updated_at'>,
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
