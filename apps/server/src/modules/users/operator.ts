import type { schemas } from '@hamkor/domain';
import { defaultScopeFor } from '@hamkor/domain';
import type { Db } from '../../db/database.ts';
import { audit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { findOrganisationByIdOrName } from '../organisations/repo.ts';
import * as repo from './repo.ts';

/** Operator use cases run from the command line, with no signed-in actor; audited as the system. */
export const findOrganisationForOperator = (db: Db, idOrName: string) => findOrganisationByIdOrName(db, idOrName);

export async function createUserAsOperator(db: Db, input: schemas.UserCreate) {
  const passwordHash = await hashPassword(input.password);
  const scope = input.scope ?? { level: defaultScopeFor(input.roles), territoryCode: null };
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertUser(trx, {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      organisation_id: input.organisationId,
      roles: input.roles,
      scope_level: scope.level,
      scope_territory_code: scope.territoryCode ?? null,
      supervisor_id: input.supervisorId ?? null,
      locale: input.locale ?? 'uz-Latn',
      password_hash: passwordHash,
      active: true,
      created_by: null,
      updated_by: null,
    });
    await audit(
      trx,
      { actor: null, db, locale: 'uz-Latn', ip: null },
      'user.create',
      { type: 'user', id: row.id },
      { roles: input.roles, via: 'cli' },
    );
    return repo.toUser(row);
  });
}
