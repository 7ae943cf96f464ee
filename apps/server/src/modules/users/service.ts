import {
  Conflict,
  can,
  defaultScopeFor,
  Invalid,
  NotFound,
  reachesNothing,
  refusedGrant,
  type schemas,
  userReadFilter,
} from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext, SystemContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { assertStrongPassword, hashPassword } from '../../lib/passwords.ts';
import { deleteSessionsOfUser } from '../auth/repo.ts';
import { findOrganisation, toOrganisation } from '../organisations/repo.ts';
import * as repo from './repo.ts';

export async function listUsers(ctx: RequestContext, query: { organisationId?: string; limit: number; cursor?: string }) {
  const filter = userReadFilter(ctx.actor);
  if (reachesNothing(filter)) throw new NotFound();
  const after = decodeCursor(query.cursor, { username: cursorKey.text });
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listUsers(trx, filter, {
      organisationId: query.organisationId,
      afterUsername: after?.username,
      limit: query.limit + 1,
    });
    const result = page(rows, query.limit, (row) => ({ username: row.username }));
    await audit(trx, ctx, 'user.list', null, { count: result.items.length, organisationId: query.organisationId ?? null });
    return { items: result.items.map((row) => shown(ctx, row)), nextCursor: result.nextCursor };
  });
}

export async function getUser(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const row = await repo.findUserById(trx, id);
    if (!row || !can(ctx.actor, 'user.read', { type: 'user', organisationId: row.organisation_id, id }))
      throw new NotFound(row && { type: 'user', id: row.id });
    await audit(trx, ctx, 'user.read', { type: 'user', id });
    return shown(ctx, row);
  });
}

/** A staff member's PINFL is for those who keep their account (it signs them in through OneID), not for every reader. */
function shown(ctx: RequestContext, row: repo.UserRow) {
  const user = repo.toUser(row);
  return can(ctx.actor, 'user.update', { type: 'user', organisationId: row.organisation_id, id: row.id }) ? user : { ...user, pinfl: null };
}

async function assertOrganisation(db: Db | Tx, organisationId: string): Promise<void> {
  if (!(await findOrganisation(db, organisationId))) throw new Invalid([{ path: 'organisationId', code: 'unknown_organisation' }]);
}

export async function createUser(ctx: RequestContext, input: schemas.UserCreate) {
  if (!can(ctx.actor, 'user.create', { type: 'user', organisationId: input.organisationId })) throw new NotFound();
  assertGrantable(ctx, { roles: input.roles, scope: input.scope?.level ?? defaultScopeFor(input.roles) });
  return registerUser(ctx, input);
}

function assertGrantable(ctx: RequestContext, grant: Parameters<typeof refusedGrant>[1]): void {
  const field = refusedGrant(ctx.actor, grant);
  if (field) throw new Invalid([{ path: field, code: 'not_grantable' }]);
}

/** Creates an account once access is settled: by an admin's request, or by an operator on the command line. */
export async function registerUser(ctx: RequestContext | SystemContext, input: schemas.UserCreate) {
  assertStrongPassword(input.password, [input.username, input.displayName]);
  // Hashed first so that the transaction is not held open while the hash is computed.
  const passwordHash = await hashPassword(input.password);
  const scope = input.scope ?? { level: defaultScopeFor(input.roles), territoryCode: null };
  return withTx(ctx.db, async (trx) => {
    await assertOrganisation(trx, input.organisationId);
    // A create sent again with its id is told so, rather than that its own username is taken.
    if (input.id && (await repo.findUserById(trx, input.id))) throw new Conflict('already_exists');
    // Two creates racing past this check both insert; the unique username makes the second one a 409.
    if (await repo.usernameTaken(trx, input.username)) throw new Invalid([{ path: 'username', code: 'username_taken' }]);
    if (input.pinfl && (await repo.pinflTaken(trx, input.pinfl))) throw new Invalid([{ path: 'pinfl', code: 'pinfl_taken' }]);
    const row = await repo.insertUser(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      username: input.username,
      display_name: input.displayName,
      organisation_id: input.organisationId,
      roles: input.roles,
      scope_level: scope.level,
      scope_territory_code: scope.territoryCode ?? null,
      supervisor_id: input.supervisorId ?? null,
      locale: input.locale ?? ctx.locale,
      password_hash: passwordHash,
      pinfl: input.pinfl ?? null,
      active: true,
      created_by: ctx.actor?.id ?? null,
      updated_by: ctx.actor?.id ?? null,
    });
    await audit(
      trx,
      ctx,
      'user.create',
      { type: 'user', id: row.id },
      { roles: input.roles, scope: scope.level, via: ctx.actor ? 'api' : 'cli' },
    );
    return repo.toUser(row);
  });
}

export async function updateUser(ctx: RequestContext, id: string, input: schemas.UserUpdate) {
  if (input.password) assertStrongPassword(input.password, input.displayName ? [input.displayName] : []);
  // Hashed first so that the transaction is not held open while the hash is computed.
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return withTx(ctx.db, async (trx) => {
    const current = await repo.findUserById(trx, id);
    const allowed = (organisationId: string) => can(ctx.actor, 'user.update', { type: 'user', organisationId, id });
    if (!current || !allowed(current.organisation_id)) throw new NotFound(current && { type: 'user', id: current.id });
    if (input.organisationId && input.organisationId !== current.organisation_id) {
      if (!allowed(input.organisationId)) throw new NotFound();
      await assertOrganisation(trx, input.organisationId);
    }
    assertGrantable(ctx, { roles: input.roles, scope: input.scope?.level });
    if (input.pinfl && (await repo.pinflTaken(trx, input.pinfl, id))) throw new Invalid([{ path: 'pinfl', code: 'pinfl_taken' }]);
    const row = await repo.updateUser(trx, id, input.version, {
      ...(input.displayName !== undefined && {
        display_name: input.displayName,
      }),
      ...(input.organisationId !== undefined && {
        organisation_id: input.organisationId,
      }),
      ...(input.roles !== undefined && { roles: input.roles }),
      ...(input.scope !== undefined && {
        scope_level: input.scope.level,
        scope_territory_code: input.scope.territoryCode ?? null,
      }),
      ...(input.supervisorId !== undefined && {
        supervisor_id: input.supervisorId,
      }),
      ...(input.locale !== undefined && { locale: input.locale }),
      ...(input.active !== undefined && { active: input.active }),
      ...(input.pinfl !== undefined && { pinfl: input.pinfl }),
      ...(passwordHash && { password_hash: passwordHash }),
      updated_by: ctx.actor.id,
    });
    if (!row) throw new Conflict('version_conflict', repo.toUser((await repo.findUserById(trx, id)) ?? current));
    // A deactivated account or a new password ends every open session of that user (returned, so that those
    // opened through an identity provider end there too).
    const ended = input.active === false || passwordHash ? await deleteSessionsOfUser(trx, id) : [];
    const { version: _version, password: _password, ...changed } = input;
    await audit(trx, ctx, 'user.update', { type: 'user', id }, { fields: Object.keys(changed).concat(passwordHash ? ['password'] : []) });
    return { user: repo.toUser(row), ended };
  });
}

/** A user with their organisation, for the app shell. */
export async function profile(db: Db, userId: string) {
  const row = await repo.findUserById(db, userId);
  if (!row) throw new NotFound();
  const organisation = await findOrganisation(db, row.organisation_id);
  return {
    ...repo.toUser(row),
    organisation: organisation ? toOrganisation(organisation) : null,
  };
}

export const me = (ctx: RequestContext) => profile(ctx.db, ctx.actor.id);

/** The interface language is remembered per user. Not versioned: it is the user's own preference. */
export async function setMyLocale(ctx: RequestContext, locale: string) {
  await withTx(ctx.db, async (trx) => {
    const row = await repo.findUserById(trx, ctx.actor.id);
    if (!row) throw new NotFound();
    await repo.updateUser(trx, row.id, row.version, {
      locale,
      updated_by: ctx.actor.id,
    });
    await audit(trx, ctx, 'user.set_locale', { type: 'user', id: row.id }, { locale });
  });
  return me(ctx);
}
