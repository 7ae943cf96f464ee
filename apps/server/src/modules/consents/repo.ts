import type { ConsentPurpose, ConsentStatus, ServiceCategory } from '@hamkor/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { ConsentsTable } from '../../db/schema-plans.ts';
import { updateVersioned } from '../../db/versioned.ts';

export type ConsentRow = Selectable<ConsentsTable>;
export type ConsentNames = {
  persons: Map<string, { surname: string; given_name: string; patronymic: string | null }>;
  organisations: Map<string, string>;
};

export function toConsent(row: ConsentRow, names: ConsentNames) {
  const giver = names.persons.get(row.given_by_person_id);
  return {
    id: row.id,
    caseId: row.case_id,
    givenByPersonId: row.given_by_person_id,
    givenBy: giver
      ? { id: row.given_by_person_id, surname: giver.surname, givenName: giver.given_name, patronymic: giver.patronymic }
      : null,
    onBehalfOfPersonIds: row.on_behalf_of_person_ids,
    scope: [...row.scope_categories, ...row.purposes, ...row.scope_organisation_ids],
    scopeCategories: row.scope_categories as ServiceCategory[],
    purposes: row.purposes as ConsentPurpose[],
    scopeOrganisations: row.scope_organisation_ids.map((id) => ({ id, name: names.organisations.get(id) ?? '' })),
    date: row.date,
    note: row.note,
    status: row.status as ConsentStatus,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawnBy: row.withdrawn_by,
    withdrawReason: row.withdraw_reason,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The names a list of consents mentions: the givers and the organisations of their scopes. */
export async function consentNames(db: Db | Tx, rows: readonly ConsentRow[]): Promise<ConsentNames> {
  const personIds = [...new Set(rows.map((row) => row.given_by_person_id))];
  const orgIds = [...new Set(rows.flatMap((row) => row.scope_organisation_ids))];
  const [persons, organisations] = await Promise.all([
    personIds.length
      ? db.selectFrom('persons').select(['id', 'surname', 'given_name', 'patronymic']).where('id', 'in', personIds).execute()
      : Promise.resolve([]),
    orgIds.length ? db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : Promise.resolve([]),
  ]);
  return {
    persons: new Map(persons.map((p) => [p.id, p])),
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
  };
}

const consentDate = sql<string>`consents.date::text`.as('date');

export async function caseConsents(db: Db | Tx, caseId: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('consents')
    .selectAll()
    .select(consentDate)
    .where('case_id', '=', caseId)
    .orderBy('consents.date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findConsent(db: Db | Tx, id: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('consents').selectAll().select(consentDate).where('id', '=', id).executeTakeFirst();
}

export async function lockConsent(trx: Tx, id: string): Promise<ConsentRow | undefined> {
  return trx.selectFrom('consents').selectAll().select(consentDate).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertConsent(trx: Tx, values: Insertable<ConsentsTable>): Promise<ConsentRow> {
  return trx.insertInto('consents').values(values).returningAll().returning(consentDate).executeTakeFirstOrThrow();
}

export async function withdrawConsent(
  trx: Tx,
  id: string,
  expectedVersion: number,
  change: { withdrawnBy: string; reason: string | null },
): Promise<ConsentRow | undefined> {
  const changes = {
    status: 'withdrawn',
    withdrawn_at: new Date(),
    withdrawn_by: change.withdrawnBy,
    withdraw_reason: change.reason,
    updated_by: change.withdrawnBy,
  };
  return updateVersioned(trx, 'consents', id, expectedVersion, changes, { dates: ['date'] });
}

export async function existingOrganisations(db: Db | Tx, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}
