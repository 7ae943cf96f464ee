import {
  Conflict,
  can,
  Invalid,
  NOTHING,
  NotFound,
  type ServiceCreate,
  type ServicesQuery,
  type ServiceUpdate,
  serviceManageFilter,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { findOrganisation, otherScriptColumns } from '../organisations/repo.ts';
import { findDistrict } from '../territories/repo.ts';
import * as repo from './repo.ts';

/** The directory, open to every signed-in user; inactive services only for those who keep it. */
export async function listServices(ctx: RequestContext, query: ServicesQuery) {
  if (!can(ctx.actor, 'service.read', { type: 'service', organisationId: ctx.actor.organisationId })) throw new NotFound();
  const after = decodeCursor(query.cursor, { org: cursorKey.text, name: cursorKey.text, id: cursorKey.id });
  const rows = await repo.listServices(ctx.db, {
    district: query.district,
    category: query.category,
    organisationId: query.organisationId,
    q: query.q,
    inactiveOf: query.includeInactive ? serviceManageFilter(ctx.actor) : NOTHING,
    after,
    limit: query.limit,
  });
  const result = page(rows, query.limit, (row) => ({ org: row.organisation_name, name: row.name, id: row.id }));
  return { items: result.items.map(repo.toService), nextCursor: result.nextCursor };
}

export async function getService(ctx: RequestContext, id: string) {
  const row = await repo.findService(ctx.db, id);
  if (!row || !can(ctx.actor, 'service.read', { type: 'service', organisationId: row.organisation_id }))
    throw new NotFound(row && { type: 'service', id: row.id });
  if (!row.active && !can(ctx.actor, 'service.manage', { type: 'service', organisationId: row.organisation_id }))
    throw new NotFound({ type: 'service', id: row.id });
  return repo.toService(row);
}

async function checkFields(db: Tx, organisationId: string, input: Partial<ServiceCreate>) {
  const problems = [];
  for (const [index, code] of (input.territories ?? []).entries())
    if (!(await findDistrict(db, code))) problems.push({ path: `territories.${index}`, code: 'unknown_district' });
  if (input.focalPointUserId && !(await repo.isActiveMemberOf(db, input.focalPointUserId, organisationId)))
    problems.push({ path: 'focalPointUserId', code: 'not_in_organisation' });
  if (problems.length) throw new Invalid(problems);
}

export async function createService(ctx: RequestContext, input: ServiceCreate) {
  return withTx(ctx.db, async (trx) => {
    const organisation = await findOrganisation(trx, input.organisationId);
    if (!organisation || !can(ctx.actor, 'service.manage', { type: 'service', organisationId: organisation.id })) throw new NotFound();
    await checkFields(trx, organisation.id, input);
    const id = input.id?.toLowerCase() ?? newId();
    await repo.insertService(trx, {
      id,
      organisation_id: organisation.id,
      name: input.name,
      ...otherScriptColumns(input.names ?? {}),
      category: input.category,
      description: input.description ?? null,
      territories: input.territories,
      focal_point_user_id: input.focalPointUserId ?? null,
      contact_name: input.contactName ?? null,
      contact_phone: input.contactPhone ?? null,
      active: input.active,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await audit(trx, ctx, 'service.create', { type: 'service', id }, { organisationId: organisation.id, category: input.category });
    const row = await repo.findService(trx, id);
    if (!row) throw new Error('a service just written is missing');
    return repo.toService(row);
  });
}

export async function updateService(ctx: RequestContext, id: string, input: ServiceUpdate) {
  return withTx(ctx.db, async (trx) => {
    const current = await repo.findService(trx, id);
    if (!current || !can(ctx.actor, 'service.manage', { type: 'service', organisationId: current.organisation_id }))
      throw new NotFound(current && { type: 'service', id: current.id });
    await checkFields(trx, current.organisation_id, input);
    const updated = await repo.updateService(trx, id, input.version, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.names !== undefined && otherScriptColumns(input.names)),
      ...(input.category !== undefined && { category: input.category }),
      ...(input.description !== undefined && { description: input.description ?? null }),
      ...(input.territories !== undefined && { territories: input.territories }),
      ...(input.focalPointUserId !== undefined && { focal_point_user_id: input.focalPointUserId ?? null }),
      ...(input.contactName !== undefined && { contact_name: input.contactName ?? null }),
      ...(input.contactPhone !== undefined && { contact_phone: input.contactPhone ?? null }),
      ...(input.active !== undefined && { active: input.active }),
      updated_by: ctx.actor.id,
    });
    const row = await repo.findService(trx, id);
    if (!row) throw new NotFound();
    if (!updated) throw new Conflict('version_conflict', repo.toService(row));
    const { version: _version, ...changed } = input;
    await audit(trx, ctx, 'service.update', { type: 'service', id }, { fields: Object.keys(changed) });
    return repo.toService(row);
  });
}
