import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { newId } from '../../lib/ids.ts';

/** An arbitrary constant: the advisory lock that keeps the audit chain linear across concurrent writers. */
const AUDIT_CHAIN_LOCK = 72_411_002;
export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

type ChainedFields = {
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

export function auditHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ ...event, at: event.at.toISOString() }))
    .digest('hex');
}

/**
 * Appends an event inside the caller's transaction, so the event and the change it records commit together.
 * The transaction-scoped advisory lock makes concurrent writers take turns reading the chain's head.
 */
export async function appendAuditEvent(trx: Tx, input: AuditInput): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const head = await trx.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const event: ChainedFields = {
    id: newId(),
    at: new Date(),
    actorId: input.actorId,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    ip: input.ip ?? null,
    details: input.details ?? {},
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_events')
    .values({
      id: event.id,
      at: event.at,
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      ip: event.ip,
      details: JSON.stringify(event.details),
      prev_hash: prevHash,
      hash: auditHash(prevHash, event),
    })
    .execute();
}

export type AuditRow = {
  seq: number;
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

export async function listAuditEvents(
  db: Db | Tx,
  filter: {
    entityId?: string;
    actorId?: string;
    beforeSeq?: number;
    limit: number;
  },
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(filter.limit);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.beforeSeq) query = query.where('seq', '<', String(filter.beforeSeq));
  return (await query.execute()).map(toAuditRow);
}

function toAuditRow(row: {
  seq: string | number;
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): AuditRow {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    ip: row.ip,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type ChainReport =
  | { ok: true; checked: number }
  | {
      ok: false;
      checked: number;
      brokenAtSeq: number;
      reason: 'prev_hash' | 'hash';
    };

/** Walks the whole chain in batches and reports the first link whose hash does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = (
      await db.selectFrom('audit_events').selectAll().where('seq', '>', String(afterSeq)).orderBy('seq').limit(batchSize).execute()
    ).map(toAuditRow);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash)
        return {
          ok: false,
          checked,
          brokenAtSeq: row.seq,
          reason: 'prev_hash',
        };
      const { seq: _seq, prevHash: _prev, hash, ...fields } = row;
      if (auditHash(prevHash, fields) !== hash) return { ok: false, checked, brokenAtSeq: row.seq, reason: 'hash' };
      prevHash = hash;
      afterSeq = row.seq;
      checked += 1;
    }
  }
}
