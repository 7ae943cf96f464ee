import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { appendAuditEvent, verifyAuditChain } from './repo.ts';

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

  it('finds the first tampered link', async () => {
    const rows = await server.db.selectFrom('audit_events').select(['seq', 'id']).orderBy('seq').execute();
    const victim = rows[2];
    if (!victim) throw new Error('expected audit rows');
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(server.db);
    await sql`UPDATE audit_events SET details = '{"forged":true}' WHERE id = ${victim.id}`.execute(server.db);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(server.db);
    expect(await verifyAuditChain(server.db)).toEqual({ ok: false, checked: 2, brokenAtSeq: Number(victim.seq), reason: 'hash' });
  });
});
