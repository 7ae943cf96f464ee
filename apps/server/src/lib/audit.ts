import { createHmac } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import { appendStoredEvent, storableEvent } from '../modules/audit/repo.ts';
import type { RequestContext, SystemContext } from './context.ts';

/** Records what the actor of `ctx` did, inside the transaction of the change itself. */
export async function audit(
  trx: Tx,
  ctx: RequestContext | SystemContext,
  action: string,
  entity: { type: string; id: string } | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  const personalValues: { field: string; subjectId: string; value: string }[] = [];
  const chained: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(details)) {
    if (value instanceof PersonalField) {
      personalValues.push({ field, subjectId: value.subjectId, value: value.value });
      chained[field] = commitment(value.value);
    } else chained[field] = value;
  }
  const event = storableEvent({
    actorId: ctx.actor?.id ?? null,
    action,
    entityType: entity?.type ?? null,
    entityId: entity?.id ?? null,
    ip: ctx.ip,
    details: chained,
  });
  await appendStoredEvent(trx, event);
  if (personalValues.length > 0)
    await trx
      .insertInto('audit_personal_values')
      .values(personalValues.map((one) => ({ event_id: event.id, field: one.field, subject_id: one.subjectId, value: one.value })))
      .execute();
}

/**
 * A personal field an event must hold (a PINFL changed, say): the chain hashes a keyed commitment of it and the
 * clear value is stored beside the event, under the id of the person or record it is about, so that erasing
 * them deletes it and the chain still verifies (docs/audit.md, "Retention and erasure").
 */
export class PersonalField {
  constructor(
    readonly subjectId: string,
    readonly value: string,
  ) {}
}

export const personal = (subjectId: string, value: string): PersonalField => new PersonalField(subjectId, value);

/** The development key; a production server warns loudly at start when HAMKOR_AUDIT_HASH_KEY is not set. */
export const DEV_AUDIT_HASH_KEY = 'hamkor-development-audit-hash-key';

/** HMAC-SHA-256 of the value under HAMKOR_AUDIT_HASH_KEY: without the key, nobody can test a guess against it. */
export function commitment(value: string): string {
  const key = process.env.HAMKOR_AUDIT_HASH_KEY || DEV_AUDIT_HASH_KEY;
  return `hmac-sha256:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`;
}
