import { Conflict, can, familyReadFilter, Invalid, mayEver, NotFound, type schemas } from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { readDb } from '../../db/replica.ts';
import { withReadTx, withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { type Placement, personValues, toPerson } from '../persons/columns.ts';
import * as persons from '../persons/repo.ts';
import { pinflWarnings } from '../persons/warnings.ts';
import * as repo from './repo.ts';
import { regionOfPlace } from './territory.ts';

const familyOf = (row: { id: string; organisation_id: string; district_code: string }) => ({
  type: 'family' as const,
  organisationId: row.organisation_id,
  districtCode: row.district_code,
  familyId: row.id,
});

const placementOf = (row: repo.FamilyRow): Placement => ({
  familyId: row.id,
  regionCode: row.region_code,
  districtCode: row.district_code,
  organisationId: row.organisation_id,
});

async function withMembers(trx: Tx, row: repo.FamilyRow) {
  return { ...repo.toFamily(row), members: (await persons.listMembers(trx, row.id)).map(toPerson) };
}

/**
 * Registers a household and its members in one transaction. The family belongs to the registering
 * worker's organisation and lies in the district given, which must be within the worker's reach.
 */
export async function registerFamily(ctx: RequestContext, input: schemas.FamilyCreate) {
  return withTx(ctx.db, async (trx) => {
    const regionCode = await regionOfPlace(trx, input.districtCode, input.mahallaCode);
    const organisationId = ctx.actor.organisationId;
    if (!can(ctx.actor, 'family.create', { type: 'family', organisationId, districtCode: input.districtCode })) throw new NotFound();
    // A client-given id (a phone registering offline) is kept, so the same create sent twice is a 409, not two families.
    const familyId = input.id?.toLowerCase() ?? newId();
    const placement = { familyId, regionCode, districtCode: input.districtCode, organisationId };
    const family = await repo.insertFamily(trx, {
      ...repo.familyValues(input, placement),
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    const members = await persons.insertPersons(
      trx,
      input.members.map((member) => personValues(member, placement, member.id?.toLowerCase() ?? newId(), ctx.actor.id)),
    );
    await audit(trx, ctx, 'family.create', { type: 'family', id: familyId }, { members: members.length });
    return {
      ...repo.toFamily(family),
      members: members.map(toPerson),
      warnings: pinflWarnings(
        ctx.locale,
        input.members.map((member, index) => ({ path: `members.${index}.pinfl`, pinfl: member.pinfl })),
      ),
    };
  });
}

/** A family and its members; reading them is recorded. */
export async function getFamily(ctx: RequestContext, id: string) {
  return withReadTx(ctx.db, async (trx) => {
    const row = await repo.findFamily(trx, id);
    if (!row || !can(ctx.actor, 'family.read', familyOf(row))) throw new NotFound(row && { type: 'family', id: row.id });
    const family = await withMembers(trx, row);
    await audit(trx, ctx, 'family.read', { type: 'family', id }, { members: family.members.length });
    return family;
  });
}

/** The family, locked for the write the caller may make, or 404; a merged one is history (409). */
async function changeableFamily(ctx: RequestContext, trx: Tx, id: string) {
  const row = await repo.lockFamily(trx, id, 'update');
  if (!row || !can(ctx.actor, 'family.update', familyOf(row))) throw new NotFound(row && { type: 'family', id: row.id });
  if (row.merged_into) throw new Conflict('record_merged', repo.toFamily(row));
  return row;
}

/**
 * Moving to another district is allowed within the worker's reach; the mahalla of the old district is
 * dropped unless a new one is given, and the members' copied territory follows the family.
 */
async function newPlace(ctx: RequestContext, trx: Tx, current: repo.FamilyRow, input: schemas.FamilyUpdate) {
  const districtCode = input.districtCode ?? current.district_code;
  const moved = districtCode !== current.district_code;
  const mahallaCode = input.mahallaCode !== undefined ? input.mahallaCode : moved ? null : current.mahalla_code;
  const regionCode = await regionOfPlace(trx, districtCode, mahallaCode);
  // The destination must be a district the worker could register the family in.
  if (moved && !can(ctx.actor, 'family.create', { type: 'family', organisationId: current.organisation_id, districtCode })) {
    throw new Invalid([{ path: 'districtCode', code: 'district_out_of_reach' }]);
  }
  return { moved, districtCode, mahallaCode, regionCode };
}

export async function updateFamily(ctx: RequestContext, id: string, input: schemas.FamilyUpdate) {
  return withTx(ctx.db, async (trx) => {
    const current = await changeableFamily(ctx, trx, id);
    const place = await newPlace(ctx, trx, current, input);
    const row = await repo.updateFamily(trx, id, input.version, {
      ...repo.familyChanges(input, current),
      district_code: place.districtCode,
      region_code: place.regionCode,
      mahalla_code: place.mahallaCode ?? null,
      updated_by: ctx.actor.id,
    });
    if (!row) throw new Conflict('version_conflict', await withMembers(trx, (await repo.findFamily(trx, id)) ?? current));
    if (place.moved) await persons.placeMembers(trx, id, placementOf(row), ctx.actor.id);
    const { version: _version, ...changed } = input;
    await audit(trx, ctx, 'family.update', { type: 'family', id }, { fields: Object.keys(changed) });
    return withMembers(trx, row);
  });
}

export async function addMember(ctx: RequestContext, familyId: string, input: schemas.PersonCreate) {
  return withTx(ctx.db, async (trx) => {
    const family = await changeableFamily(ctx, trx, familyId);
    const [row] = await persons.insertPersons(trx, [
      personValues(input, placementOf(family), input.id?.toLowerCase() ?? newId(), ctx.actor.id),
    ]);
    if (!row) throw new Error('insert returned no row');
    await audit(trx, ctx, 'person.create', { type: 'person', id: row.id }, { familyId });
    return { ...toPerson(row), warnings: pinflWarnings(ctx.locale, [{ path: 'pinfl', pinfl: input.pinfl }]) };
  });
}

/**
 * Merges a duplicate household into the surviving one (a supervisor's decision): the members move to
 * the survivor, phones are pooled, and the duplicate is kept, marked merged_into the survivor.
 */
export async function mergeFamilies(ctx: RequestContext, id: string, input: schemas.FamilyMerge) {
  if (input.otherFamilyId === id) throw new Invalid([{ path: 'otherFamilyId', code: 'same_record' }]);
  return withTx(ctx.db, async (trx) => {
    // Both locked, in id order so two merges of the same pair never wait on each other crosswise.
    const locked = new Map<string, repo.FamilyRow | undefined>();
    for (const key of [id, input.otherFamilyId].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
      locked.set(key, await repo.lockFamily(trx, key, 'update'));
    const [survivor, duplicate] = [locked.get(id), locked.get(input.otherFamilyId)];
    if (!survivor || !can(ctx.actor, 'family.merge', familyOf(survivor)))
      throw new NotFound(survivor && { type: 'family', id: survivor.id });
    if (!duplicate || !can(ctx.actor, 'family.merge', familyOf(duplicate)))
      throw new NotFound(duplicate && { type: 'family', id: duplicate.id });
    for (const row of [survivor, duplicate]) if (row.merged_into) throw new Conflict('record_merged', repo.toFamily(row));
    const merged = await repo.updateFamily(trx, id, input.version, {
      phones: [...new Set([...survivor.phones, ...duplicate.phones])],
      updated_by: ctx.actor.id,
    });
    if (!merged) throw new Conflict('version_conflict', await withMembers(trx, (await repo.findFamily(trx, id)) ?? survivor));
    const marked = await repo.updateFamily(trx, duplicate.id, input.otherVersion, {
      merged_into: id,
      merged_at: new Date(),
      updated_by: ctx.actor.id,
    });
    if (!marked) throw new Conflict('version_conflict', await withMembers(trx, (await repo.findFamily(trx, duplicate.id)) ?? duplicate));
    const moved = await persons.placeMembers(trx, duplicate.id, placementOf(merged), ctx.actor.id);
    await audit(trx, ctx, 'family.merge', { type: 'family', id }, { otherFamilyId: duplicate.id, movedMembers: moved });
    await audit(trx, ctx, 'family.merged_into', { type: 'family', id: duplicate.id }, { intoFamilyId: id });
    return withMembers(trx, merged);
  });
}

/**
 * "My families": the families of the caller's open cases and those they registered without a case, latest
 * activity first, within the families the policy lets them read. Audited as a read of personal data.
 */
export async function listMyFamilies(ctx: RequestContext, query: schemas.FamiliesQuery): Promise<schemas.FamilyListOut> {
  if (!mayEver(ctx.actor, 'family.read')) throw new NotFound();
  const before = decodeCursor(query.cursor, { at: cursorKey.moment, id: cursorKey.id });
  // Read on the read replica when there is one (db/replica.ts); the audit is written on the primary.
  const db = readDb(ctx);
  const rows = await repo.listMyFamilies(db, {
    userId: ctx.actor.id,
    filter: familyReadFilter(ctx.actor),
    before,
    limit: query.limit,
  });
  const result = page(rows, query.limit, (row) => ({ at: row.last_activity.toISOString(), id: row.id }));
  const familyIds = result.items.map((row) => row.id);
  const cases = await repo.myOpenCasesOf(db, ctx.actor.id, familyIds);
  return withTx(ctx.db, async (trx) => {
    await audit(trx, ctx, 'family.list', null, { results: familyIds.length, familyIds });
    return {
      items: result.items.map((row) => ({
        id: row.id,
        districtCode: row.district_code,
        mahallaCode: row.mahalla_code,
        address: row.address,
        headName: row.head_name,
        memberCount: row.member_count ?? 0,
        cases: cases
          .filter((c) => c.family_id === row.id)
          .map((c) => ({
            id: c.id,
            number: c.number,
            status: c.status as schemas.FamilyListItemOut['cases'][number]['status'],
            riskLevel: c.risk_level as schemas.FamilyListItemOut['cases'][number]['riskLevel'],
            urgency: c.urgency as schemas.FamilyListItemOut['cases'][number]['urgency'],
          })),
        lastActivityAt: row.last_activity.toISOString(),
      })),
      nextCursor: result.nextCursor,
    };
  });
}
