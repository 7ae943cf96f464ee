import type { Tx } from '../db/database.ts';
import type { SyncCommandResult } from '../db/schema.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';

/**
 * An offline edit waiting for its author's choice, so the conflict screen has something to show: Jasur
 * (worker2) wrote on his phone, in a village without signal, that the grandmother now gets a pension
 * supplement, while the office had meanwhile written that her daughter started a sewing course. Both
 * changed the family's notes; Jasur chooses on /sync/conflicts.
 */
export async function seedSyncConflict(trx: Tx, ctx: SystemContext, worker2: string): Promise<void> {
  const family = await trx
    .selectFrom('cases')
    .innerJoin('families', 'families.id', 'cases.family_id')
    .select(['families.id', 'families.version', 'families.notes'])
    .where('cases.assigned_user_id', '=', worker2)
    .where('cases.status', '<>', 'closed')
    .orderBy('cases.opened_at')
    .limit(1)
    .executeTakeFirst();
  if (!family) return;
  const base = family.notes;
  const theirs = `${base ?? ''} Ofis: qizi bandlik markazi orqali tikuvchilik kursiga yozildi.`.trim();
  const mine = `${base ?? ''} Tashrif: Oydin opaga pensiyaga ustama tayinlandi, dori-darmon olindi.`.trim();
  await trx
    .updateTable('families')
    .set({ notes: theirs, version: family.version + 1, updated_at: new Date() })
    .where('id', '=', family.id)
    .execute();
  const commandId = newId();
  const conflictId = newId();
  const payload = { notes: mine, base: { notes: base } };
  await trx
    .insertInto('sync_conflicts')
    .values({
      id: conflictId,
      user_id: worker2,
      command_id: commandId,
      type: 'family.update',
      entity_type: 'family',
      entity_id: family.id,
      payload: JSON.stringify(payload),
      fields: JSON.stringify([{ path: 'notes', base, theirs, mine }]),
      their_version: family.version + 1,
    })
    .execute();
  const result: SyncCommandResult = { status: 'conflict', entityId: family.id, conflictId };
  await trx
    .insertInto('sync_commands')
    .values({
      user_id: worker2,
      command_id: commandId,
      device_id: 'demo-phone',
      type: 'family.update',
      entity_id: family.id,
      base_version: family.version,
      request_hash: 'demo',
      status: 'conflict',
      result: JSON.stringify(result),
    })
    .execute();
  await audit(trx, ctx, 'sync.conflict', { type: 'family', id: family.id }, { conflictId, fields: ['notes'], demo: true });
}
