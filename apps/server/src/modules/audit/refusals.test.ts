import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { newId } from '../../lib/ids.ts';
import { shouldAuditRefusal } from './refusals.ts';
import { verifyAuditChain } from './repo.ts';

describe('refused attempts', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let otherCaseId: string;

  beforeAll(async () => {
    worker = await server.login('worker');
    worker2 = await server.login('worker2');
    const theCase = await server.db
      .selectFrom('cases')
      .select('id')
      .where('assigned_user_id', '=', worker.userId)
      .executeTakeFirstOrThrow();
    otherCaseId = theCase.id;
  });

  const refusals = (actorId: string, action: string) =>
    server.db
      .selectFrom('audit_events')
      .select(['entity_type', 'entity_id', 'details'])
      .where('actor_id', '=', actorId)
      .where('action', '=', action)
      .orderBy('seq')
      .execute();

  /** The audit of a refusal is written after the answer has gone: wait for it. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const value = await read();
      if (done(value) || attempt >= 150) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("audits a probe of another worker's case, and answers it exactly like a case that does not exist", async () => {
    const missing = await server.as(worker2, { method: 'GET', url: `/api/cases/${newId()}` });
    const probe = await server.as(worker2, { method: 'GET', url: `/api/cases/${otherCaseId.toUpperCase()}` });
    expect(probe.statusCode).toBe(404);
    expect(probe.body).toBe(missing.body);
    expect(Object.keys(probe.headers).sort()).toEqual(Object.keys(missing.headers).sort());
    const events = await eventually(
      () => refusals(worker2.userId, 'access.refused'),
      (rows) => rows.length > 0,
    );
    // Only the case that exists is recorded; the id that names nothing leaves no trace.
    expect(events).toEqual([
      { entity_type: 'case', entity_id: otherCaseId, details: { route: 'GET /api/cases/:id', refusalsInWindow: 1 } },
    ]);
  });

  it('audits a write refused on a case out of reach', async () => {
    const before = (await refusals(worker2.userId, 'access.refused')).length;
    const probe = await server.as(worker2, {
      method: 'POST',
      url: `/api/cases/${otherCaseId}/contacts`,
      payload: { kind: 'phone', date: new Date().toISOString().slice(0, 10), text: 'Qoʻngʻiroq' },
    });
    expect(probe.statusCode).toBe(404);
    const events = await eventually(
      () => refusals(worker2.userId, 'access.refused'),
      (rows) => rows.length > before,
    );
    expect(events.at(-1)).toMatchObject({ entity_id: otherCaseId, details: { route: 'POST /api/cases/:id/contacts' } });
  });

  it('thins a flood of probes to a few rows that say how many there were', async () => {
    const before = (await refusals(worker2.userId, 'access.refused')).length;
    for (let i = 0; i < 200; i++) {
      const probe = await server.as(worker2, { method: 'GET', url: `/api/cases/${otherCaseId}/timeline` });
      expect(probe.statusCode).toBe(404);
    }
    // 202 refusals in the window now: the 3rd, 10th, 50th, 100th, 150th and 200th are written.
    const events = await eventually(
      () => refusals(worker2.userId, 'access.refused'),
      (rows) => rows.some((row) => row.details.refusalsInWindow === 200),
    );
    const written = events.slice(before);
    expect(written.map((row) => row.details.refusalsInWindow)).toEqual([3, 10, 50, 100, 150, 200]);
    expect(await verifyAuditChain(server.db)).toMatchObject({ intact: true });
  });

  it('audits a write refused for a missing CSRF token', async () => {
    const refused = await server.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: worker.cookie },
      payload: { locale: 'ru' },
    });
    expect(refused.statusCode).toBe(403);
    const events = await eventually(
      () => refusals(worker.userId, 'auth.csrf_refused'),
      (rows) => rows.length > 0,
    );
    expect(events).toEqual([{ entity_type: null, entity_id: null, details: { route: 'PATCH /api/me', refusalsInWindow: 1 } }]);
  });

  it('audits the first refusals of a window and then only its milestones', () => {
    const audited = Array.from({ length: 1000 }, (_, i) => i + 1).filter(shouldAuditRefusal);
    expect(audited.slice(0, 6)).toEqual([1, 2, 3, 10, 50, 100]);
    // A thousand refusals in a window leave 24 rows.
    expect(audited).toHaveLength(24);
  });
});
