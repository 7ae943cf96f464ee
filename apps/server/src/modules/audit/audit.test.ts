import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import type { Tx } from '../../db/database.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { newId } from '../../lib/ids.ts';
import { AUDIT_LANES, appendAuditEvent, auditHash, GENESIS_HASH, verifyAuditChain } from './repo.ts';

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
    expect(report).toMatchObject({ ok: true });
    expect(report.checked).toBeGreaterThanOrEqual(3);
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
    expect(report).toEqual({ ok: true, checked: Number(total.n), lanes: AUDIT_LANES, broken: [] });
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
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ lane: 0, seq: Number(victim.seq), reason: 'hash', intactBefore: 2 }]);
  });

  it('finds a modified event in the middle of another lane', async () => {
    const lane = AUDIT_LANES - 3;
    const rows = await laneRows(lane);
    const victim = rows[3];
    if (!victim) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) => sql`UPDATE audit_events SET action = 'case.create' WHERE id = ${victim.id}`.execute(trx));
    expect(report.broken).toEqual([{ lane, seq: Number(victim.seq), reason: 'hash', intactBefore: 3 }]);
  });

  it('finds an event deleted from the middle of a lane at the event after it', async () => {
    const lane = 1;
    const rows = await laneRows(lane);
    const [victim, next] = [rows[2], rows[3]];
    if (!victim || !next) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) => sql`DELETE FROM audit_events WHERE id = ${victim.id}`.execute(trx));
    expect(report.broken).toEqual([{ lane, seq: Number(next.seq), reason: 'prev_hash', intactBefore: 2 }]);
  });

  it('finds an event moved to another lane, in both lanes', async () => {
    const rows = await laneRows(2);
    const victim = rows[2];
    if (!victim) throw new Error('expected audit rows');
    const report = await verifyTampered((trx) => sql`UPDATE audit_events SET lane = 4 WHERE id = ${victim.id}`.execute(trx));
    expect(report.broken.map((link) => link.lane)).toEqual([2, 4]);
    expect(report.broken[0]).toMatchObject({ seq: Number(rows[3]?.seq), reason: 'prev_hash' });
  });

  it('keeps the events of one transaction in one lane', async () => {
    const ids = await server.db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, { actorId: null, action: 'test.same_transaction' });
      await appendAuditEvent(trx, { actorId: null, action: 'test.same_transaction' });
      await appendAuditEvent(trx, { actorId: null, action: 'test.same_transaction' });
      return trx.selectFrom('audit_events').select('lane').where('action', '=', 'test.same_transaction').execute();
    });
    expect(new Set(ids.map((row) => row.lane)).size).toBe(1);
    expect(await verifyAuditChain(server.db)).toMatchObject({ ok: true });
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
    expect(await verifyAuditChain(server.db, 4)).toMatchObject({ ok: true, broken: [] });
  });
});
