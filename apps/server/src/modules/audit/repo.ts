import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ANSWERED_WITH_NEXT, type Db, type Tx } from '../../db/database.ts';
import { canonicalJson, storableJson, storableText, storableUuid } from '../../lib/canonical-json.ts';
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

/**
 * Transactions that write nothing but the records of reads (withReadTx): their commit need not wait for
 * the disk. A crash may lose the last fraction of a second of such records; never a change, and never a
 * record another event links to, since a later synchronous commit flushes everything before it.
 */
const readOnlyTransactions = new WeakSet<Tx>();

/** Marks a transaction this code opened for reads and their audit events only. */
export function markReadOnly(trx: Tx): void {
  readOnlyTransactions.add(trx);
}

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
  return createHash('sha256').update(prevHash).update(hashedContent(event, lane)).digest('hex');
}

/** What an event's hash covers after the previous hash: its canonical JSON, with the lane for lanes other than 0. */
function hashedContent(event: ChainedFields, lane: number): string {
  const content = { ...event, at: event.at.toISOString() };
  return canonicalJson(lane === 0 ? content : { ...content, lane });
}

/**
 * The event as the database will store it (uuids lower-case, text without what PostgreSQL refuses, details as
 * jsonb gives them back), so that the hash computed before the insert covers exactly the stored row: an id typed
 * in capitals, or a NUL in a detail, can neither break the chain nor fail the request.
 */
export function storableEvent(input: AuditInput, at = new Date()): ChainedFields {
  const uuid = (id: string | null | undefined) => (id ? storableUuid(id) : null);
  const text = (value: string | null | undefined) => (value == null ? null : storableText(value));
  const details = storableJson(input.details ?? {});
  return {
    id: newId(),
    at,
    actorId: uuid(input.actorId),
    action: storableText(input.action),
    entityType: text(input.entityType),
    entityId: uuid(input.entityId),
    ip: text(input.ip),
    details: details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {},
  };
}

/**
 * Appends an event inside the caller's transaction, so the event and the change it records commit together.
 * The lane's transaction-scoped advisory lock makes writers of the same lane take turns reading its head; the
 * head is read by a statement after the lock is granted, so it sees the previous holder's committed row.
 * (Under READ COMMITTED, as every transaction of the app runs: each statement takes a new snapshot.)
 */
export function appendAuditEvent(trx: Tx, input: AuditInput): Promise<void> {
  return appendStoredEvent(trx, storableEvent(input));
}

/**
 * Whether an event's details come back from jsonb exactly as sent: text, whole numbers, booleans and null, in
 * arrays and objects (storableJson has already made the text storable). Fractions and large numbers may not.
 */
function storedAsSent(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.every(storedAsSent);
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(storedAsSent);
  return false;
}

/**
 * Links an event to its lane, in one round trip: audit_append (0033_audit_append.sql) takes the lane's lock,
 * reads its head, hashes the event as auditHash does and inserts it, returning the row as stored. The hash is
 * checked against the stored row with the function `verify` uses; should the stored form still differ from the
 * event (a conversion storableEvent does not know of), the hash is corrected while the lane's lock is held and
 * before anything links to it (the append-only trigger allows exactly that: a new hash for the head of a lane,
 * nothing else). The normal path costs no extra statement.
 *
 * A read's event (a read-only transaction, whose COMMIT is all that follows) whose every field comes back as
 * sent needs no such check: it is written without waiting and goes out with the COMMIT, one round trip less, and
 * the lane's lock is held for the time between the two statements only. Its failure fails the COMMIT, so the
 * reply is refused and nothing of the transaction stays (database.ts, ANSWERED_WITH_NEXT).
 */
export async function appendStoredEvent(trx: Tx, event: ChainedFields): Promise<void> {
  const lane = laneFor(trx);
  const readOnly = readOnlyTransactions.has(trx);
  const unchecked = readOnly && storedAsSent(event.details);
  const { rows } = await sql<{
    o_seq: number;
    o_prev_hash: string;
    o_hash: string;
    o_id: string;
    o_at: Date;
    o_actor_id: string | null;
    o_action: string;
    o_entity_type: string | null;
    o_entity_id: string | null;
    o_ip: string | null;
    o_details: Record<string, unknown>;
  }>`${sql.raw(unchecked ? ANSWERED_WITH_NEXT : '')}SELECT * FROM audit_append(${AUDIT_CHAIN_LOCK}, ${lane}::int, ${readOnly}, ${hashedContent(event, lane)},
      ${event.id}::uuid, ${event.at}::timestamptz, ${event.actorId}::uuid, ${event.action}, ${event.entityType}, ${event.entityId}::uuid,
      ${event.ip}, ${JSON.stringify(event.details)}::jsonb)`.execute(trx);
  const stored = rows[0];
  // Answered with the COMMIT: not read here. (Without the pipelining client it answers at once and is checked.)
  if (!stored && unchecked) return;
  if (!stored) throw new Error('audit_append returned no row');
  const storedHash = auditHash(
    stored.o_prev_hash,
    chainedFields({
      seq: stored.o_seq,
      id: stored.o_id,
      at: stored.o_at,
      actor_id: stored.o_actor_id,
      action: stored.o_action,
      entity_type: stored.o_entity_type,
      entity_id: stored.o_entity_id,
      ip: stored.o_ip,
      details: stored.o_details,
    }),
    lane,
  );
  if (storedHash !== stored.o_hash)
    await trx.updateTable('audit_events').set({ hash: storedHash }).where('seq', '=', String(stored.o_seq)).execute();
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

/** Actions that read personal data: "who has seen this record" lists these. */
export const READ_ACTION = '\\.(read|list|file|timeline_read)$|^emergency\\.open$';
/** Actions that record a refusal (a 404 out of reach, a missing CSRF token, a failed sign-in). */
export const REFUSED_ACTION = '(_refused|\\.refused|login_failed)$';

export type AuditFilter = {
  entityId?: string | null;
  actorId?: string | null;
  /** An action, or a family of actions when it ends with a dot (`emergency.`). */
  action?: string | null;
  outcome?: 'allowed' | 'refused' | null;
  /** Tashkent days, inclusive. */
  from?: string | null;
  to?: string | null;
  readsOnly?: boolean;
  beforeSeq?: number;
  limit: number;
};

export async function listAuditEvents(db: Db | Tx, filter: AuditFilter): Promise<(AuditRow & { actorName: string | null })[]> {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_id')
    .selectAll('audit_events')
    .select('users.display_name as actor_name')
    .orderBy('seq', 'desc')
    .limit(filter.limit);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action)
    query = filter.action.endsWith('.')
      ? query.where('action', 'like', `${filter.action.replace(/_/g, '\\_')}%`)
      : query.where('action', '=', filter.action);
  if (filter.outcome === 'refused') query = query.where(sql<boolean>`action ~ ${REFUSED_ACTION}`);
  if (filter.outcome === 'allowed') query = query.where(sql<boolean>`action !~ ${REFUSED_ACTION}`);
  if (filter.readsOnly) query = query.where(sql<boolean>`action ~ ${READ_ACTION}`);
  if (filter.from) query = query.where('at', '>=', new Date(`${filter.from}T00:00:00+05:00`));
  if (filter.to) query = query.where(sql<boolean>`at < ${`${filter.to}T00:00:00+05:00`}::timestamptz + interval '1 day'`);
  if (filter.beforeSeq) query = query.where('seq', '<', String(filter.beforeSeq));
  return (await query.execute()).map((row) => ({ ...toAuditRow(row), actorName: row.actor_name }));
}

type StoredRow = {
  seq: string | number;
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

/** The fields a hash covers, as the row holds them. */
function chainedFields(row: StoredRow): ChainedFields {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    ip: row.ip,
    details: row.details,
  };
}

function toAuditRow(row: StoredRow & { lane: number; prev_hash: string; hash: string }): AuditRow {
  return { seq: Number(row.seq), ...chainedFields(row), lane: row.lane, prevHash: row.prev_hash, hash: row.hash };
}

export type BrokenLink = {
  /** The event (its seq) whose link does not hold. */
  event: number;
  /** prev_hash: it does not name the stored hash of the lane's previous event; hash: its content does not give its hash. */
  reason: 'prev_hash' | 'hash';
};

export type LaneReport = { lane: number; events: number; broken: BrokenLink[] };

/** Every lane that holds an event, in lane order, with every broken link of each. */
export type ChainReport = { intact: boolean; lanes: LaneReport[] };

/**
 * Walks every lane in seq order and reports every link that does not hold. After a break the walk goes on from
 * the stored hash of the broken event, so a first break cannot hide later ones: a changed event breaks its own
 * hash only, a deleted one breaks the link of the event after it, an inserted one its own and the next one's.
 * It reads in one repeatable-read snapshot: an event of one lane may commit after a later-numbered event of
 * another, but within a lane each event commits before the next one is written, so a snapshot holds whole
 * lane prefixes.
 */
export async function verifyAuditChain(db: Db | Tx, batchSize = 5000, onlyLane?: number): Promise<ChainReport> {
  const walk = async (trx: Db | Tx): Promise<ChainReport> => {
    const lanes = new Map<number, LaneReport & { head: string }>();
    let afterSeq = 0;
    for (;;) {
      const rows = (
        await trx
          .selectFrom('audit_events')
          .selectAll()
          .where('seq', '>', String(afterSeq))
          .$if(onlyLane !== undefined, (query) => query.where('lane', '=', onlyLane as number))
          .orderBy('seq')
          .limit(batchSize)
          .execute()
      ).map(toAuditRow);
      if (rows.length === 0) break;
      for (const row of rows) {
        afterSeq = row.seq;
        const { seq, lane, prevHash, hash, ...fields } = row;
        let report = lanes.get(lane);
        if (!report) {
          report = { lane, events: 0, broken: [], head: GENESIS_HASH };
          lanes.set(lane, report);
        }
        report.events += 1;
        if (prevHash !== report.head) report.broken.push({ event: seq, reason: 'prev_hash' });
        if (auditHash(prevHash, fields, lane) !== hash) report.broken.push({ event: seq, reason: 'hash' });
        report.head = hash;
      }
    }
    const reports = [...lanes.values()].sort((a, b) => a.lane - b.lane).map(({ head: _, ...report }) => report);
    return { intact: reports.every((report) => report.broken.length === 0), lanes: reports };
  };
  // Inside a caller's transaction, its snapshot (and its own uncommitted events) are what is checked.
  return db.isTransaction ? walk(db) : db.transaction().setIsolationLevel('repeatable read').execute(walk);
}
