import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import type { Tx } from '../../db/database.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { newId } from '../../lib/ids.ts';
import {
  AUDIT_LANES,
  appendAuditEvent,
  appendStoredEvent,
  auditHash,
  type ChainReport,
  GENESIS_HASH,
  storableEvent,
  verifyAuditChain,
} from './repo.ts';
import { describeChainReport } from './service.ts';

describe('audit log', () => {
  const server = useTestServer();
  let admin: Session;

  beforeAll(async () => {
    admin = await server.login('admin');
  });

  it('keeps an intact hash chain across the writes of the app', async () => {
    await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      payload: { name: 'Audit NNT', kind: 'ngo', districtCode: '1722226' },
    });
    const report = await verifyAuditChain(server.db, 2);
    expect(report).toMatchObject({ intact: true });
    expect(report.lanes.reduce((n, lane) => n + lane.events, 0)).toBeGreaterThanOrEqual(3);
  });

  it('refuses updates and deletes of audit rows', async () => {
    await expect(sql`UPDATE audit_events SET action = 'x'`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(server.db)).rejects.toThrow(/append-only/);
  });

  it('writes the event in the same transaction as the change: a rolled-back change leaves no event', async () => {
    const count = async () =>
      Number(
        (
          await server.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(
      server.db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, { actorId: null, action: 'test.rolled_back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
  });

  it('lets auditors and admins read the trail of a record, newest first, and records that reading', async () => {
    const org = (
      await server.as(admin, {
        method: 'POST',
        url: '/api/organisations',
        payload: { name: 'Izlar NNT', kind: 'ngo', districtCode: '1722226' },
      })
    ).json();
    await server.as(admin, { method: 'PATCH', url: `/api/organisations/${org.id}`, payload: { version: 1, phone: '+998901112233' } });
    const trail = await server.as(admin, { method: 'GET', url: `/api/audit?entityId=${org.id}` });
    expect(trail.statusCode).toBe(200);
    expect(trail.json().items.map((e: { action: string }) => e.action)).toEqual(['organisation.update', 'organisation.create']);
    expect(trail.json().items[0].details).toEqual({ fields: ['phone'] });
    const reads = await server.db.selectFrom('audit_events').select('details').where('action', '=', 'audit.read').execute();
    expect(reads.at(-1)?.details).toMatchObject({ entityId: org.id });
    const worker = await server.login('worker');
    expect((await server.as(worker, { method: 'GET', url: `/api/audit?entityId=${org.id}` })).statusCode).toBe(404);
  });

  /** Runs `tamper` with the append-only trigger off, verifies inside the same transaction, and rolls it all back. */
  async function verifyTampered(tamper: (trx: Tx) => Promise<unknown>) {
    let report: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    await expect(
      server.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(trx);
        await tamper(trx);
        await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(trx);
        report = await verifyAuditChain(trx, 3);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    if (!report) throw new Error('expected a report');
    return report;
  }

  /** Every broken link of the report, lane by lane. */
  const brokenLinks = (report: ChainReport) => report.lanes.flatMap((lane) => lane.broken.map((link) => ({ lane: lane.lane, ...link })));

  /** At least five events in every lane, then a lane's events in order. */
  async function laneRows(lane: number) {
    for (let i = 0; i < 5 * AUDIT_LANES; i++)
      await server.db.transaction().execute((trx) => appendAuditEvent(trx, { actorId: null, action: 'test.fill' }));
    return server.db.selectFrom('audit_events').select(['seq', 'id']).where('lane', '=', lane).orderBy('seq').execute();
  }

  it('spreads events over all lanes and keeps every lane intact', async () => {
    await laneRows(0);
    const report = await verifyAuditChain(server.db, 7);
    const total = await server.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(report.intact).toBe(true);
    expect(report.lanes.map((lane) => lane.lane)).toEqual([...Array(AUDIT_LANES).keys()]);
    expect(report.lanes.every((lane) => lane.broken.length === 0)).toBe(true);
    expect(report.lanes.reduce((n, lane) => n + lane.events, 0)).toBe(Number(total.n));
  });

  it('refuses an event that names no lane (a writer still appending to the single chain)', async () => {
    await expect(
      sql`INSERT INTO audit_events (id, at, action, details, prev_hash, hash) VALUES (${newId()}, now(), 'test.old_writer', '{}', ${GENESIS_HASH}, ${GENESIS_HASH})`.execute(
        server.db,
      ),
    ).rejects.toThrow(/lane/);
  });

  it('hashes lane 0 as the single chain did, so events written before lanes still verify', () => {
    const event = {
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      at: new Date('2026-01-02T03:04:05.000Z'),
      actorId: null,
      action: 'user.login',
      entityType: null,
      entityId: null,
      ip: '10.0.0.1',
      details: {},
    };
    const before = createHash('sha256')
      .update(GENESIS_HASH)
      .update(canonicalJson({ ...event, at: event.at.toISOString() }))
      .digest('hex');
    expect(auditHash(GENESIS_HASH, event, 0)).toBe(before);
    expect(auditHash(GENESIS_HASH, event, 5)).not.toBe(before);
  });

  it('finds a modified event in the middle of lane 0, and only in that lane', async () => {
    const rows = await laneRows(0);
    const victim = rows[2];
    if (!victim) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) =>
      sql`UPDATE audit_events SET details = '{"forged":true}' WHERE id = ${victim.id}`.execute(trx),
    );
    expect(report.intact).toBe(false);
    expect(brokenLinks(report)).toEqual([{ lane: 0, event: Number(victim.seq), reason: 'hash' }]);
  });

  it('finds a modified event in the middle of another lane', async () => {
    const lane = AUDIT_LANES - 3;
    const rows = await laneRows(lane);
    const victim = rows[3];
    if (!victim) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) => sql`UPDATE audit_events SET action = 'case.create' WHERE id = ${victim.id}`.execute(trx));
    expect(brokenLinks(report)).toEqual([{ lane, event: Number(victim.seq), reason: 'hash' }]);
  });

  it('finds an event deleted from the middle of a lane at the event after it', async () => {
    const lane = 1;
    const rows = await laneRows(lane);
    const [victim, next] = [rows[2], rows[3]];
    if (!victim || !next) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) => sql`DELETE FROM audit_events WHERE id = ${victim.id}`.execute(trx));
    expect(brokenLinks(report)).toEqual([{ lane, event: Number(next.seq), reason: 'prev_hash' }]);
  });

  it('finds an event moved to another lane, in both lanes', async () => {
    const rows = await laneRows(2);
    const victim = rows[2];
    if (!victim) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) => sql`UPDATE audit_events SET lane = 4 WHERE id = ${victim.id}`.execute(trx));
    const links = brokenLinks(report);
    expect(links.filter((link) => link.lane === 2)).toEqual([{ lane: 2, event: Number(rows[3]?.seq), reason: 'prev_hash' }]);
    // In lane 4 the moved event breaks its own links (it names another lane's previous hash, and the lane is
    // part of its hash) and the link of the lane-4 event after it.
    expect(links.filter((link) => link.lane === 4)).toEqual(
      expect.arrayContaining([
        { lane: 4, event: Number(victim.seq), reason: 'prev_hash' },
        { lane: 4, event: Number(victim.seq), reason: 'hash' },
      ]),
    );
    expect(links.every((link) => link.lane === 2 || link.lane === 4)).toBe(true);
  });

  it('keeps the events of one transaction in one lane', async () => {
    const ids = await server.db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, { actorId: null, action: 'test.same_transaction' });
      await appendAuditEvent(trx, { actorId: null, action: 'test.same_transaction' });
      await appendAuditEvent(trx, { actorId: null, action: 'test.same_transaction' });
      return trx.selectFrom('audit_events').select('lane').where('action', '=', 'test.same_transaction').execute();
    });
    expect(new Set(ids.map((row) => row.lane)).size).toBe(1);
    expect(await verifyAuditChain(server.db)).toMatchObject({ intact: true });
  });

  it('lets two transactions append to different lanes at the same time', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let appended = () => {};
    const firstAppended = new Promise<void>((resolve) => {
      appended = resolve;
    });
    const first = server.db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, { actorId: null, action: 'test.parallel_first' });
      appended();
      await held;
    });
    const second = () => server.db.transaction().execute((trx) => appendAuditEvent(trx, { actorId: null, action: 'test.parallel_second' }));
    if (server.database.kind === 'pglite') {
      // One embedded session: transactions take turns, so the second starts once the first has committed.
      await firstAppended;
      release();
      await Promise.all([first, second()]);
    } else {
      // The second commits while the first still holds its lane's lock: the lanes do not wait for each other.
      await firstAppended;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the second append waited for the first')), 5000);
      });
      try {
        await Promise.race([second(), timeout]);
      } finally {
        clearTimeout(timer);
        release();
        await first;
      }
    }
    const rows = await server.db
      .selectFrom('audit_events')
      .select(['seq', 'lane', 'action'])
      .where('action', 'in', ['test.parallel_first', 'test.parallel_second'])
      .orderBy('seq')
      .execute();
    expect(rows.map((row) => row.action)).toEqual(['test.parallel_first', 'test.parallel_second']);
    expect(rows[0]?.lane).not.toBe(rows[1]?.lane);
    expect(await verifyAuditChain(server.db, 4)).toMatchObject({ intact: true });
  });
  it('reports every broken link of a lane, not only the first', async () => {
    const lane = 3;
    const rows = await laneRows(lane);
    const [first, second] = [rows[1], rows[3]];
    if (!first || !second) throw new Error('expected audit rows');
    const report = await verifyTampered(async (trx) => {
      await sql`UPDATE audit_events SET details = '{"forged":1}' WHERE id = ${first.id}`.execute(trx);
      await sql`UPDATE audit_events SET action = 'case.read' WHERE id = ${second.id}`.execute(trx);
    });
    expect(brokenLinks(report)).toEqual([
      { lane, event: Number(first.seq), reason: 'hash' },
      { lane, event: Number(second.seq), reason: 'hash' },
    ]);
    expect(report.lanes.find((l) => l.lane === lane)?.events).toBe(rows.length);
  });

  it('keeps the chain intact when a case is read by its id in capitals', async () => {
    const worker = await server.login('worker');
    const own = await server.db.selectFrom('cases').select('id').where('assigned_user_id', '=', worker.userId).executeTakeFirstOrThrow();
    const read = await server.as(worker, { method: 'GET', url: `/api/cases/${own.id.toUpperCase()}` });
    expect(read.statusCode).toBe(200);
    const event = await server.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('action', '=', 'case.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.entity_id).toBe(own.id);
    expect(await verifyAuditChain(server.db)).toMatchObject({ intact: true });
  });

  it('stores and verifies details and text the database would refuse or change', async () => {
    await server.db.transaction().execute((trx) =>
      appendAuditEvent(trx, {
        actorId: '{0190A1B2C3D47E5F8A9B0C1D2E3F4A5B}',
        action: 'test.odd\u0000input',
        entityType: 'case',
        entityId: '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B',
        ip: '10.0.0.1\ud800',
        details: {
          text: 'nul\u0000 lone\ud800 pair\ud83d\ude00 low\udc00',
          '\udc00key': 1,
          numbers: [-0, 1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY],
          when: new Date('2026-01-02T03:04:05.678Z'),
          missing: undefined,
          nested: { z: [{ b: 1, a: 'ъ' }], a: null },
        },
      }),
    );
    const stored = await server.db
      .selectFrom('audit_events')
      .select(['actor_id', 'entity_id', 'ip', 'details'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.actor_id).toBe('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(stored.entity_id).toBe('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(stored.ip).toBe('10.0.0.1\ufffd');
    expect(stored.details.text).toBe('nul\ufffd lone\ufffd pair\ud83d\ude00 low\ufffd');
    expect(await verifyAuditChain(server.db)).toMatchObject({ intact: true });
  });

  it('corrects the hash of an event whose stored form differs from the one hashed', async () => {
    const event = { ...storableEvent({ actorId: null, action: 'test.stored_form' }), entityId: '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B' };
    await server.db.transaction().execute((trx) => appendStoredEvent(trx, event));
    const stored = await server.db
      .selectFrom('audit_events')
      .select(['entity_id', 'prev_hash', 'hash', 'lane'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(stored.entity_id).toBe(event.entityId.toLowerCase());
    expect(stored.hash).toBe(auditHash(stored.prev_hash, { ...event, entityId: stored.entity_id }, stored.lane));
    expect(await verifyAuditChain(server.db)).toMatchObject({ intact: true });
  });

  it('lets the hash of the newest event of a lane be set again, and nothing else', async () => {
    const rows = await laneRows(5);
    const [older, newest] = [rows[0], rows.at(-1)];
    if (!older || !newest) throw new Error('expected audit rows');
    await expect(sql`UPDATE audit_events SET hash = ${GENESIS_HASH} WHERE id = ${older.id}`.execute(server.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      sql`UPDATE audit_events SET action = 'x', hash = ${GENESIS_HASH} WHERE id = ${newest.id}`.execute(server.db),
    ).rejects.toThrow(/append-only/);
    // The trigger lets it through; setting it to anything but the event's own hash is caught by verification.
    let report: ChainReport | undefined;
    await expect(
      server.db.transaction().execute(async (trx) => {
        await sql`UPDATE audit_events SET hash = ${GENESIS_HASH} WHERE id = ${newest.id}`.execute(trx);
        report = await verifyAuditChain(trx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(report && brokenLinks(report)).toEqual([{ lane: 5, event: Number(newest.seq), reason: 'hash' }]);
  });
  it('answers GET /api/audit/verify with every lane to auditors and admins, and records the check', async () => {
    const response = await server.as(admin, { method: 'GET', url: '/api/audit/verify' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.intact).toBe(true);
    expect(body.lanes[0]).toEqual({ lane: 0, events: expect.any(Number), broken: [] });
    const check = await server.db.selectFrom('audit_events').select(['action', 'details']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(check).toEqual({ action: 'audit.verify', details: { intact: true, broken: 0 } });
    const worker = await server.login('worker');
    expect((await server.as(worker, { method: 'GET', url: '/api/audit/verify' })).statusCode).toBe(404);
  });

  it('words a broken chain for the operator, one line for each broken link', () => {
    const lines = describeChainReport({
      intact: false,
      lanes: [
        { lane: 0, events: 9, broken: [] },
        {
          lane: 3,
          events: 7,
          broken: [
            { event: 12, reason: 'hash' },
            { event: 40, reason: 'prev_hash' },
          ],
        },
      ],
    });
    expect(lines).toEqual([
      'Lane 3, event #12: its content does not give its hash.',
      "Lane 3, event #40: it does not link to the previous event's hash.",
      'Audit chain broken: 2 broken links in 1 of 2 lanes (16 events checked).',
    ]);
    expect(describeChainReport({ intact: true, lanes: [{ lane: 0, events: 3, broken: [] }] })).toEqual([
      'Audit chain intact: 3 events checked in 1 lanes.',
    ]);
  });
});
