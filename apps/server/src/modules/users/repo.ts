import type { Actor, Reach, Role, ScopeLevel } from '@hamkor/domain';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { inReachSql } from '../../db/reach.ts';
import type { UsersTable } from '../../db/schema.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type UserRow = Selectable<UsersTable>;

export type User = {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  scope: { level: ScopeLevel; territoryCode: string | null };
  supervisorId: string | null;
  locale: string;
  active: boolean;
  pinfl: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export function toUser(row: Omit<UserRow, 'password_hash'>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    organisationId: row.organisation_id,
    roles: row.roles as Role[],
    scope: {
      level: row.scope_level as ScopeLevel,
      territoryCode: row.scope_territory_code,
    },
    supervisorId: row.supervisor_id,
    locale: row.locale,
    active: row.active,
    pinfl: row.pinfl,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toActor(row: Omit<UserRow, 'password_hash'>, territories: readonly string[]): Actor {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    roles: row.roles as Role[],
    scope: {
      level: row.scope_level as ScopeLevel,
      territoryCode: row.scope_territory_code,
    },
    territories,
  };
}

export async function findUserByUsername(db: Db | Tx, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Db | Tx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(
  db: Db | Tx,
  filter: Reach,
  query: { organisationId?: string; afterUsername?: string; limit: number },
): Promise<UserRow[]> {
  let q = db
    .selectFrom('users')
    .selectAll()
    .where(inReachSql(filter, { organisation: 'users.organisation_id' }))
    .orderBy('username')
    .limit(query.limit);
  if (query.organisationId) q = q.where('organisation_id', '=', query.organisationId);
  if (query.afterUsername) q = q.where('username', '>', query.afterUsername);
  return q.execute();
}

export async function insertUser(
  trx: Tx,
  values: Omit<UserRow, 'version' | 'created_at' | 'updated_at' | 'pinfl'> & { pinfl?: string | null },
): Promise<UserRow> {
  return trx.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Writes only when the stored version is the one the caller read; undefined means it has moved on. */
export async function updateUser(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<UserRow, 'id' | 'version' | 'created_at' | 'created_by'>>,
): Promise<UserRow | undefined> {
  return updateVersioned(trx, 'users', id, expectedVersion, changes);
}

export async function usernameTaken(db: Db | Tx, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

/** Another account holding this PINFL, if any. */
export async function pinflTaken(db: Db | Tx, pinfl: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where('pinfl', '=', pinfl);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

export async function anyUserExists(db: Db | Tx): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}
