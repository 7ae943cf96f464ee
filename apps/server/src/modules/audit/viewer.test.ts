import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/** The audit viewer: filters, "who has seen this record" for its supervisor, exports (audited), lane by lane checks. */
describe('audit viewer', () => {
  const server = useTestServer();
  const s = {} as Record<'auditor' | 'admin' | 'supervisor' | 'worker' | 'worker2' | 'denovSupervisor', Session>;
  let theCase: { id: string; family_id: string };
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });

  beforeAll(async () => {
    for (const [key, name] of [
      ['auditor', 'auditor'],
      ['admin', 'admin'],
      ['supervisor', 'supervisor'],
      ['worker', 'worker'],
      ['worker2', 'worker2'],
      ['denovSupervisor', 'supervisor.denov'],
    ] as const)
      s[key] = await server.login(name);
    theCase = await server.db
      .selectFrom('cases')
      .select(['id', 'family_id'])
      .where('assigned_user_id', '=', s.worker.userId)
      .where('supervisor_id', '=', s.supervisor.userId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect((await get(s.worker, `/api/cases/${theCase.id}`)).statusCode).toBe(200);
    // A refused probe, audited.
    expect((await get(s.denovSupervisor, `/api/cases/${theCase.id}`)).statusCode).toBe(404);
  });

  it('filters by user, record, action, outcome and period', async () => {
    const mine = await get(s.auditor, `/api/audit?userId=${s.worker.userId}&entityId=${theCase.id}&action=case.read`);
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items)
      expect(item).toMatchObject({ actorId: s.worker.userId, entityId: theCase.id, action: 'case.read', actorName: 'Nodira Karimova' });

    const refused = (await get(s.auditor, `/api/audit?entityId=${theCase.id}&outcome=refused`)).json().items;
    expect(refused.map((e: { action: string }) => e.action)).toEqual(['access.refused']);
    const allowed = (await get(s.auditor, `/api/audit?entityId=${theCase.id}&outcome=allowed`)).json().items;
    expect(allowed.some((e: { action: string }) => e.action === 'access.refused')).toBe(false);

    const family = (await get(s.auditor, '/api/audit?action=case.&limit=50')).json().items;
    expect(family.every((e: { action: string }) => e.action.startsWith('case.'))).toBe(true);
    expect((await get(s.auditor, '/api/audit?from=2001-01-01&to=2001-01-02')).json().items).toEqual([]);

    const bad = await get(s.auditor, '/api/audit?userId=nobody&outcome=maybe&action=DROP%20TABLE&from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['action', 'from', 'outcome', 'userId']);
  });

  it("shows a record's supervisor who has read it, and nobody else", async () => {
    const readers = await get(s.supervisor, `/api/audit?entityId=${theCase.id}&reads=true`);
    expect(readers.statusCode, readers.body).toBe(200);
    const actions = readers.json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('case.read');
    expect(actions).not.toContain('access.refused');
    // Not the whole log, not without reads=true, not for a worker or another organisation's supervisor.
    expect((await get(s.supervisor, `/api/audit?entityId=${theCase.id}`)).statusCode).toBe(404);
    expect((await get(s.supervisor, '/api/audit?reads=true')).statusCode).toBe(404);
    expect((await get(s.worker2, `/api/audit?entityId=${theCase.id}&reads=true`)).statusCode).toBe(404);
    expect((await get(s.denovSupervisor, `/api/audit?entityId=${theCase.id}&reads=true`)).statusCode).toBe(404);
    expect((await get(s.supervisor, `/api/audit?entityId=${theCase.family_id}&reads=true`)).statusCode).toBe(200);
    // A supervisor asking for a file gets the page: exports are the auditors'.
    expect((await get(s.supervisor, `/api/audit?entityId=${theCase.id}&reads=true&format=csv`)).headers['content-type']).toContain('json');
  });

  it('exports as CSV and XLSX, each export audited', async () => {
    const csv = await get(s.auditor, `/api/audit?entityId=${theCase.id}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('case.read');
    const xlsx = await get(s.admin, `/api/audit?entityId=${theCase.id}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(1);
    const exports = await server.db
      .selectFrom('audit_events')
      .select(['actor_id', 'details'])
      .where('action', '=', 'audit.export')
      .execute();
    expect(exports.map((e) => (e.details as { format: string }).format).sort()).toEqual(['csv', 'xlsx']);
  });

  it('checks the chain lane by lane, and reports every broken link', async () => {
    const one = await get(s.auditor, '/api/audit/verify?lane=3');
    expect(one.statusCode).toBe(200);
    expect(one.json().lanes.every((lane: { lane: number }) => lane.lane === 3)).toBe(true);
    expect(one.json().intact).toBe(true);
    expect((await get(s.auditor, '/api/audit/verify?lane=16')).statusCode).toBe(400);
    // Lane by lane, the screen counts the same events as the whole check.
    const whole = (await get(s.auditor, '/api/audit/verify')).json() as { lanes: { events: number }[] };
    let byLane = 0;
    for (let lane = 0; lane < 16; lane++)
      byLane += ((await get(s.auditor, `/api/audit/verify?lane=${lane}`)).json() as { lanes: { events: number }[] }).lanes.reduce(
        (n, one) => n + one.events,
        0,
      );
    const total = whole.lanes.reduce((n, one) => n + one.events, 0);
    expect(total).toBeGreaterThan(0);
    // Each check is itself an event, written after it: the lanes counted later saw up to 16 more.
    expect(byLane - total).toBeGreaterThanOrEqual(0);
    expect(byLane - total).toBeLessThanOrEqual(17);
    expect((await get(s.supervisor, '/api/audit/verify?lane=3')).statusCode).toBe(404);
  });
});
