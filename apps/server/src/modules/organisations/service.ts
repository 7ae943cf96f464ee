import { Conflict, can, Invalid, NotFound, placesChildren, type schemas } from '@hamkor/domain';
import type { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { findDistrict } from '../territories/repo.ts';
import * as repo from './repo.ts';

export async function listOrganisations(ctx: RequestContext, query: z.infer<typeof schemas.organisationsQuery> & schemas.ListQuery) {
  if (!can(ctx.actor, 'organisation.read', { type: 'organisation' })) throw new NotFound();
  const after = decodeCursor(query.cursor, { name: cursorKey.text, id: cursorKey.id });
  const rows = await repo.listOrganisations(ctx.db, {
    ...query,
    after,
    limit: query.limit + 1,
  });
  const result = page(rows, query.limit, (row) => ({
    name: row.name,
    id: row.id,
  }));
  return {
    items: result.items.map(repo.toOrganisation),
    nextCursor: result.nextCursor,
  };
}

export async function getOrganisation(ctx: RequestContext, id: string) {
  const row = await repo.findOrganisation(ctx.db, id);
  if (!row || !can(ctx.actor, 'organisation.read', { type: 'organisation', id }))
    throw new NotFound(row && { type: 'organisation', id: row.id });
  return repo.toOrganisation(row);
}

async function regionOf(db: Tx, districtCode: string, path: string): Promise<string> {
  const district = await findDistrict(db, districtCode);
  if (!district) throw new Invalid([{ path, code: 'unknown_district' }]);
  return district.region_code;
}

async function checkTerritories(db: Tx, codes: string[]): Promise<void> {
  for (const [index, code] of codes.entries()) await regionOf(db, code, `territories.${index}`);
}

export async function createOrganisation(ctx: RequestContext, input: schemas.OrganisationCreate) {
  if (!can(ctx.actor, 'organisation.create', { type: 'organisation' })) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const regionCode = await regionOf(trx, input.districtCode, 'districtCode');
    await checkTerritories(trx, input.territories);
    // Organisations children are placed with serve no districts: they see only the children placed with them.
    if (placesChildren(input.kind) && input.territories.length)
      throw new Invalid([{ path: 'territories', code: 'territories_not_served' }]);
    const row = await repo.insertOrganisation(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      name: input.name,
      ...repo.otherScriptColumns(input.names ?? {}),
      kind: input.kind,
      district_code: input.districtCode,
      region_code: regionCode,
      territories: input.territories.length || placesChildren(input.kind) ? input.territories : [input.districtCode],
      address: input.address ?? null,
      phone: input.phone ?? null,
      approval_gates: input.approvalGates,
      active: true,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await audit(trx, ctx, 'organisation.create', {
      type: 'organisation',
      id: row.id,
    });
    return repo.toOrganisation(row);
  });
}

export async function updateOrganisation(ctx: RequestContext, id: string, input: schemas.OrganisationUpdate) {
  return withTx(ctx.db, async (trx) => {
    const current = await repo.findOrganisation(trx, id);
    if (!current || !can(ctx.actor, 'organisation.update', { type: 'organisation', id }))
      throw new NotFound(current && { type: 'organisation', id: current.id });
    const regionCode = input.districtCode ? await regionOf(trx, input.districtCode, 'districtCode') : undefined;
    if (input.territories) await checkTerritories(trx, input.territories);
    const caring = placesChildren(input.kind ?? current.kind);
    if (caring && input.territories?.length) throw new Invalid([{ path: 'territories', code: 'territories_not_served' }]);
    const row = await repo.updateOrganisation(trx, id, input.version, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.names !== undefined && repo.otherScriptColumns(input.names)),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.districtCode !== undefined &&
        regionCode && {
          district_code: input.districtCode,
          region_code: regionCode,
        }),
      ...(input.territories !== undefined && {
        territories: input.territories,
      }),
      ...(caring && { territories: [] }),
      ...(input.address !== undefined && { address: input.address }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.approvalGates !== undefined && {
        approval_gates: input.approvalGates,
      }),
      ...(input.active !== undefined && { active: input.active }),
      updated_by: ctx.actor.id,
    });
    if (!row) throw new Conflict('version_conflict', repo.toOrganisation((await repo.findOrganisation(trx, id)) ?? current));
    const { version: _version, ...changed } = input;
    await audit(trx, ctx, 'organisation.update', { type: 'organisation', id }, { fields: Object.keys(changed) });
    return repo.toOrganisation(row);
  });
}
