import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { newId } from '../../lib/ids.ts';

/*
 * The audit log is AUDIT_LANES independent hash chains ("lanes"), so that audited requests append in parallel
 * instead of taking turns on one chain. Each append picks a lane in turn (round robin within the process),
 * takes that lane's transaction-scoped advisory lock, reads the lane's head and links to it; the lock is held
 * until commit, so each lane stays linear whatever the number of writers or processes (two writers that pick
 * the same lane simply take turns). A row's hash covers its content, the previous hash of its lane and, for
 * lanes other than 0, the lane number, so a row cannot be moved between lanes unnoticed. Rows written before
 * lanes existed are lane 0, hashed as before. Verification walks every lane in seq order (one snapshot).
 */
export const AUDIT_LANES = 16;
/** An arbitrary constant: with the lane, the key of the advisory lock that keeps one lane linear. */
const AUDIT_CHAIN_LOCK = 72_411_002;
export const GENESIS_HASH = '0'.repeat(64);
let nextLane = 0;
/**
 * The lane a transaction has locked: its further events go to the same lane, so a transaction never holds two
 * lane locks (two transactions each holding one lane and waiting for the other's would deadlock).
 */
const laneOf = new WeakMap<Tx, number>();

function laneFor(trx: Tx): number {
  let lane = laneOf.get(trx);
  if (lane === undefined) {
    lane = nextLane;
    nextLane = (nextLane + 1) % AUDIT_LANES;
    laneOf.set(trx, lane);
  }
  return lane;
}

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

/** Lane 0 hashes exactly as the single chain did before lanes, so its existing rows stay valid. */
export function auditHash(prevHash: string, event: ChainedFields, lane: number): string {
  const content = { ...event, at: event.at.toISOString() };
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson(lane === 0 ? content : { ...content, lane }))
    .digest('hex');
}

/**
 * Appends an event inside the caller's transaction, so the event and the change it records commit together.
 * The lane's transaction-scoped advisory lock makes writers of the same lane take turns reading its head; the
 * head is read by a statement after the lock is granted, so it sees the previous holder's committed row.
 * (Under READ COMMITTED, as every transaction of the app runs: each statement takes a new snapshot.)
 */
export async function appendAuditEvent(trx: Tx, input: AuditInput): Promise<void> {
  const lane = laneFor(trx);
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}, ${lane}::int)`.execute(trx);
  const head = await trx
    .selectFrom('audit_events')
    .select('hash')
    .where('lane', '=', lane)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
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
      lane,
      prev_hash: prevHash,
      hash: auditHash(prevHash, event, lane),
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
  lane: number;
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
  lane: number;
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
    lane: row.lane,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type BrokenLink = {
  lane: number;
  /** The first event of the lane whose link does not hold. */
  seq: number;
  reason: 'prev_hash' | 'hash';
  /** Events of the lane before it whose links hold. */
  intactBefore: number;
};

export type ChainReport = {
  ok: boolean;
  /** Events whose links hold (in a broken lane, those before the break). */
  checked: number;
  /** Lanes that hold at least one event. */
  lanes: number;
  /** The first broken link of each broken lane, by lane. */
  broken: BrokenLink[];
};

/**
 * Walks every lane in seq order and reports the first link of each lane whose hash does not hold. It reads in
 * one repeatable-read snapshot: an event of one lane may commit after a later-numbered event of another, but
 * within a lane each event commits before the next one is written, so a snapshot holds whole lane prefixes.
 */
export async function verifyAuditChain(db: Db | Tx, batchSize = 5000): Promise<ChainReport> {
  const walk = async (trx: Db | Tx): Promise<ChainReport> => {
    const heads = new Map<number, { hash: string; intact: number }>();
    const broken = new Map<number, BrokenLink>();
    let afterSeq = 0;
    let checked = 0;
    for (;;) {
      const rows = (
        await trx.selectFrom('audit_events').selectAll().where('seq', '>', String(afterSeq)).orderBy('seq').limit(batchSize).execute()
      ).map(toAuditRow);
      if (rows.length === 0) break;
      for (const row of rows) {
        afterSeq = row.seq;
        if (broken.has(row.lane)) continue;
        const head = heads.get(row.lane) ?? { hash: GENESIS_HASH, intact: 0 };
        heads.set(row.lane, head);
        const { seq, lane, prevHash, hash, ...fields } = row;
        const reason = prevHash !== head.hash ? 'prev_hash' : auditHash(prevHash, fields, lane) !== hash ? 'hash' : null;
        if (reason) {
          broken.set(lane, { lane, seq, reason, intactBefore: head.intact });
          continue;
        }
        head.hash = hash;
        head.intact += 1;
        checked += 1;
      }
    }
    const lanes = new Set([...heads.keys(), ...broken.keys()]).size;
    return { ok: broken.size === 0, checked, lanes, broken: [...broken.values()].sort((a, b) => a.lane - b.lane) };
  };
  // Inside a caller's transaction, its snapshot (and its own uncommitted events) are what is checked.
  return db.isTransaction ? walk(db) : db.transaction().setIsolationLevel('repeatable read').execute(walk);
}
