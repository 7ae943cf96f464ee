import type { OrganisationKind, Reach, ServiceCategory } from '@hamkor/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { inReachSql } from '../../db/reach.ts';
import type { ServicesTable } from '../../db/schema-plans.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { likeContaining } from '../../lib/like.ts';
import { scriptNames } from '../organisations/repo.ts';

export type ServiceRow = Selectable<ServicesTable> & {
  organisation_name: string;
  organisation_name_uz_cyrl: string | null;
  organisation_name_ru: string | null;
  organisation_name_en: string | null;
  organisation_name_kaa: string | null;
  organisation_kind: string;
  organisation_district_code: string;
  organisation_phone: string | null;
  organisation_territories: string[];
  focal_point_name: string | null;
};

function selectService(db: Db | Tx) {
  return db
    .selectFrom('services')
    .innerJoin('organisations', 'organisations.id', 'services.organisation_id')
    .leftJoin('users as focal', 'focal.id', 'services.focal_point_user_id')
    .selectAll('services')
    .select([
      'organisations.name as organisation_name',
      'organisations.name_uz_cyrl as organisation_name_uz_cyrl',
      'organisations.name_ru as organisation_name_ru',
      'organisations.name_en as organisation_name_en',
      'organisations.name_kaa as organisation_name_kaa',
      'organisations.kind as organisation_kind',
      'organisations.district_code as organisation_district_code',
      'organisations.phone as organisation_phone',
      'organisations.territories as organisation_territories',
      'focal.display_name as focal_point_name',
    ]);
}

/** The districts a service is offered in: its own list, or its organisation's (and the organisation's own district). */
export function effectiveTerritories(row: ServiceRow): string[] {
  if (row.territories.length) return row.territories;
  return [...new Set([row.organisation_district_code, ...row.organisation_territories])];
}

export function toService(row: ServiceRow) {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisation: {
      id: row.organisation_id,
      name: row.organisation_name,
      names: scriptNames({
        name: row.organisation_name,
        name_uz_cyrl: row.organisation_name_uz_cyrl,
        name_ru: row.organisation_name_ru,
        name_en: row.organisation_name_en,
        name_kaa: row.organisation_name_kaa,
      }),
      kind: row.organisation_kind as OrganisationKind,
      districtCode: row.organisation_district_code,
      phone: row.organisation_phone,
    },
    name: row.name,
    names: scriptNames(row),
    category: row.category as ServiceCategory,
    description: row.description,
    territories: effectiveTerritories(row),
    focalPoint: row.focal_point_user_id ? { id: row.focal_point_user_id, displayName: row.focal_point_name ?? '' } : null,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const NAME_COLUMNS = ['name', 'name_uz_cyrl', 'name_ru', 'name_en', 'name_kaa'] as const;

export type ServicesListQuery = {
  district?: string;
  category?: string;
  organisationId?: string;
  q?: string;
  /** Whose inactive services to list too: those the reader keeps. */
  inactiveOf?: Reach;
  after?: { name: string; org: string; id: string };
  limit: number;
};

/** The directory, by organisation name then service name; a district matches the service's territories or, when it lists none, its organisation's. */
export async function listServices(db: Db | Tx, query: ServicesListQuery): Promise<ServiceRow[]> {
  let q = selectService(db)
    .where('organisations.active', '=', true)
    .orderBy('organisations.name')
    .orderBy('services.name')
    .orderBy('services.id')
    .limit(query.limit + 1);
  q = q.where((eb) =>
    eb.or([eb('services.active', '=', true), inReachSql(query.inactiveOf ?? [], { organisation: 'services.organisation_id' })]),
  );
  const district = query.district;
  if (district)
    q = q.where((eb) =>
      eb.or([
        eb(eb.val(district), '=', eb.fn.any('services.territories')),
        eb.and([
          sql<boolean>`cardinality(services.territories) = 0`,
          eb.or([eb('organisations.district_code', '=', district), eb(eb.val(district), '=', eb.fn.any('organisations.territories'))]),
        ]),
      ]),
    );
  if (query.category) q = q.where('services.category', '=', query.category);
  if (query.organisationId) q = q.where('services.organisation_id', '=', query.organisationId);
  if (query.q) {
    const pattern = likeContaining(query.q);
    q = q.where((eb) =>
      // A name is found in whichever script the worker types it.
      eb.or([
        ...NAME_COLUMNS.flatMap((column) => [eb(`services.${column}`, 'ilike', pattern), eb(`organisations.${column}`, 'ilike', pattern)]),
        eb('services.description', 'ilike', pattern),
      ]),
    );
  }
  const after = query.after;
  if (after)
    q = q.where(
      (eb) =>
        sql<boolean>`(${eb.ref('organisations.name')}, ${eb.ref('services.name')}, ${eb.ref('services.id')}) > (${after.org}, ${after.name}, ${after.id})`,
    );
  return q.execute();
}

export async function findService(db: Db | Tx, id: string): Promise<ServiceRow | undefined> {
  return selectService(db).where('services.id', '=', id).executeTakeFirst();
}

export async function insertService(trx: Tx, values: Insertable<ServicesTable>): Promise<void> {
  await trx.insertInto('services').values(values).execute();
}

export async function updateService(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<Insertable<ServicesTable>, 'id' | 'organisation_id' | 'version' | 'created_at' | 'created_by'>>,
): Promise<boolean> {
  return !!(await updateVersioned(trx, 'services', id, expectedVersion, changes));
}

/** Whether a user is an active member of the organisation (a service's focal point must be). */
export async function isActiveMemberOf(db: Db | Tx, userId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .executeTakeFirst();
  return !!row;
}
