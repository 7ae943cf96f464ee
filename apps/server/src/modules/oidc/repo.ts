import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { IdentityTables } from './tables.ts';

export type FlowRow = Selectable<IdentityTables['sign_in_flows']>;

export async function insertFlow(db: Db | Tx, flow: Omit<FlowRow, 'created_at' | 'stage'> & { stage?: FlowRow['stage'] }): Promise<void> {
  await db.insertInto('sign_in_flows').values(flow).execute();
}

/** Takes a flow once: a second callback with the same state (a replay, a reload) finds nothing. */
export async function takeFlow(db: Db | Tx, stateHash: string, provider: string, stage: FlowRow['stage']): Promise<FlowRow | undefined> {
  const row = await db
    .deleteFrom('sign_in_flows')
    .where('state_hash', '=', stateHash)
    .where('provider', '=', provider)
    .where('stage', '=', stage)
    .returningAll()
    .executeTakeFirst();
  return row && row.expires_at.getTime() > Date.now() ? row : undefined;
}

export async function sweepFlows(db: Db): Promise<void> {
  await db.deleteFrom('sign_in_flows').where('expires_at', '<', new Date()).execute();
}

export async function findIdentity(db: Db | Tx, provider: string, subject: string) {
  return db.selectFrom('user_identities').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
}

export async function findUserByPinfl(db: Db | Tx, pinfl: string) {
  return db.selectFrom('users').select(['id']).where('pinfl', '=', pinfl).executeTakeFirst();
}

export async function identitiesOf(db: Db | Tx, userId: string) {
  return db
    .selectFrom('user_identities')
    .select(['id', 'provider', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}
