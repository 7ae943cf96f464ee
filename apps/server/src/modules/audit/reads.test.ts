import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/** A read is audited with whom it showed: the ids of the persons, cases and people on the page returned. */
describe('reads name whose data was seen', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;

  beforeAll(async () => {
    worker = await server.login('worker');
    supervisor = await server.login('supervisor');
  });

  const lastEvent = (action: string) =>
    server.db
      .selectFrom('audit_events')
      .select(['actor_id', 'details'])
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  it('keeps the ids of the persons a search showed, never what was typed', async () => {
    const own = await server.db
      .selectFrom('persons')
      .innerJoin('cases', 'cases.family_id', 'persons.family_id')
      .select('persons.surname')
      .where('cases.assigned_user_id', '=', worker.userId)
      .executeTakeFirstOrThrow();
    const response = await server.as(worker, { method: 'GET', url: `/api/persons?q=${encodeURIComponent(own.surname)}&limit=5` });
    expect(response.statusCode).toBe(200);
    const shown = response.json().items.map((item: { id: string }) => item.id);
    expect(shown.length).toBeGreaterThan(0);
    const event = await lastEvent('person.search');
    expect(event.details).toEqual({ results: shown.length, queryLength: own.surname.length, personIds: shown });
    expect(JSON.stringify(event.details)).not.toContain(own.surname);
  });

  it('keeps the ids of the cases a caseload page showed', async () => {
    const response = await server.as(worker, { method: 'GET', url: '/api/cases?limit=3' });
    const shown = response.json().items.map((item: { id: string }) => item.id);
    expect(shown.length).toBeGreaterThan(0);
    expect((await lastEvent('case.list')).details).toMatchObject({ results: shown.length, caseIds: shown });
  });

  it("audits the worker's dashboard with the cases it lists", async () => {
    const response = await server.as(worker, { method: 'GET', url: '/api/dashboards/worker' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const listed = [
      ...body.tasks.next.map((task: { caseId: string }) => task.caseId),
      ...body.referralsAwaiting.items.map((item: { caseId: string }) => item.caseId),
    ];
    const event = await lastEvent('dashboard.read');
    expect(event.actor_id).toBe(worker.userId);
    expect(event.details).toEqual({ kind: 'worker', caseIds: [...new Set(listed)] });
  });

  it("audits the supervisor's dashboard with the cases and workers it names", async () => {
    const response = await server.as(supervisor, { method: 'GET', url: '/api/dashboards/supervisor' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const listed = [
      ...body.overdue.items.map((item: { caseId: string }) => item.caseId),
      ...body.noContact.items.map((item: { caseId: string }) => item.caseId),
    ];
    const event = await lastEvent('dashboard.read');
    expect(event.actor_id).toBe(supervisor.userId);
    expect(event.details).toEqual({
      kind: 'supervisor',
      caseIds: [...new Set(listed)],
      userIds: body.workers.map((row: { userId: string }) => row.userId),
    });
    expect(body.workers.length).toBeGreaterThan(0);
  });
});
