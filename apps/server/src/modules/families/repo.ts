import type { schemas } from '@hamkor/domain';
import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { FamiliesTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type FamilyRow = Selectable<FamiliesTable>;
export type FamilyValues = Insertable<FamiliesTable>;

export function toFamily(row: FamilyRow) {
  return {
    id: row.id,
    regionCode: row.region_code,
    districtCode: row.district_code,
    mahallaCode: row.mahalla_code,
    organisationId: row.organisation_id,
    address: row.address,
    phone: row.phones[0] ?? null,
    phones: row.phones,
    identificationSource: row.identification_source as schemas.IdentificationSource,
    socialRegisterCategory: row.social_register_category as (typeof schemas.SOCIAL_REGISTER_CATEGORIES)[number] | null,
    livingConditions: row.living_conditions as schemas.LivingConditions | null,
    notes: row.notes,
    importId: row.import_id,
    mergedInto: row.merged_into,
    mergedAt: row.merged_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The family's main phone first, then the others, each once. */
export function phonesOf(input: { phone?: string | null; phones?: string[] }, current: readonly string[] = []): string[] {
  const others = input.phones ?? current.slice(input.phone === undefined ? 0 : 1);
  return [...new Set([input.phone, ...others].filter((phone): phone is string => !!phone))];
}

/** The columns of a new family, owned and placed as given. */
export function familyValues(
  input: schemas.FamilyCreate | schemas.FamilyFields,
  placement: { familyId: string; regionCode: string; districtCode: string; organisationId: string },
): Omit<FamilyValues, 'created_by' | 'updated_by'> {
  return {
    id: placement.familyId,
    region_code: placement.regionCode,
    district_code: placement.districtCode,
    mahalla_code: input.mahallaCode ?? null,
    organisation_id: placement.organisationId,
    address: input.address,
    phones: phonesOf(input),
    identification_source: input.identificationSource,
    social_register_category: input.socialRegisterCategory ?? null,
    living_conditions: input.livingConditions ? JSON.stringify(input.livingConditions) : null,
    notes: input.notes ?? null,
  };
}

/** The columns a change touches, besides the place (district, region, mahalla) which the service settles. */
export function familyChanges(input: schemas.FamilyUpdate, current: FamilyRow) {
  return {
    ...(input.address !== undefined && { address: input.address }),
    ...((input.phone !== undefined || input.phones !== undefined) && { phones: phonesOf(input, current.phones) }),
    ...(input.identificationSource !== undefined && { identification_source: input.identificationSource }),
    ...(input.socialRegisterCategory !== undefined && { social_register_category: input.socialRegisterCategory }),
    ...(input.livingConditions !== undefined && {
      living_conditions: input.livingConditions ? JSON.stringify(input.livingConditions) : null,
    }),
    ...(input.notes !== undefined && { notes: input.notes }),
  };
}

export async function findFamily(db: Db | Tx, id: string): Promise<FamilyRow | undefined> {
  return db.selectFrom('families').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The family, locked until the transaction ends: `update` for a write to it (or a merge of it), `share` for
 * a write that only relies on it (a case opened for it), so a merge cannot slip in between check and write.
 */
export async function lockFamily(trx: Tx, id: string, mode: 'update' | 'share'): Promise<FamilyRow | undefined> {
  const query = trx.selectFrom('families').selectAll().where('id', '=', id);
  return (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst();
}

export async function insertFamily(trx: Tx, values: FamilyValues): Promise<FamilyRow> {
  return trx.insertInto('families').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Several families in one statement per thousand, for registration and imports alike. */
export async function insertFamilies(trx: Tx, rows: FamilyValues[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000)
    await trx
      .insertInto('families')
      .values(rows.slice(start, start + 1000))
      .execute();
}

export async function updateFamily(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<FamilyValues, 'id' | 'version' | 'created_at' | 'created_by'>>,
): Promise<FamilyRow | undefined> {
  return updateVersioned(trx, 'families', id, expectedVersion, changes);
}
