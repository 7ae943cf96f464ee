import type { schemas } from '@hamkor/domain';
import type { Db } from '../../db/database.ts';
import { findOrganisationByIdOrName } from '../organisations/repo.ts';
import { registerUser } from './service.ts';

/** Operator use cases run from the command line, with no signed-in actor; audited as the system. */
export const findOrganisationForOperator = (db: Db, idOrName: string) => findOrganisationByIdOrName(db, idOrName);

export const createUserAsOperator = (db: Db, input: schemas.UserCreate) =>
  registerUser({ actor: null, db, locale: 'uz-Latn', ip: null }, input);
