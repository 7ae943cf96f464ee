import {
  addDays,
  lastCompleteMonthEnd,
  type ManagerDashboardOut,
  type SupervisorDashboardOut,
  tashkentDate,
  type WorkerDashboardOut,
} from '@hamkor/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('dashboards', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;
  let analyst: Session;
  let admin: Session;
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });

  beforeAll(async () => {
    [worker, supervisor, analyst, admin] = [
      await server.login('worker'),
      await server.login('supervisor'),
      await server.login('analyst'),
      await server.login('admin'),
    ];
  });

  it('shows the worker their own open cases by status and risk, their tasks and referrals awaiting an answer', async () => {
    const response = await get(worker, '/api/dashboards/worker');
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json() as WorkerDashboardOut;
    const own = await server.db
      .selectFrom('cases')
      .select(['status', 'risk_level'])
      .where('assigned_user_id', '=', worker.userId)
      .where('status', '<>', 'closed')
      .execute();
    expect(dashboard.caseload.total).toBe(own.length);
    for (const { key, count } of dashboard.caseload.byStatus) expect(count, key).toBe(own.filter((c) => c.status === key).length);
    for (const { key, count } of dashboard.caseload.byRisk)
      expect(count, key).toBe(own.filter((c) => (c.risk_level ?? 'none') === key).length);
    const tasks = await server.db
      .selectFrom('tasks')
      .select('id')
      .where('assignee_id', '=', worker.userId)
      .where('status', '=', 'open')
      .execute();
    expect(dashboard.tasks.overdue + dashboard.tasks.today + dashboard.tasks.upcoming).toBe(tasks.length);
    expect(dashboard.tasks.next.length).toBe(Math.min(10, tasks.length));
    const awaiting = await server.db
      .selectFrom('referrals')
      .innerJoin('cases', 'cases.id', 'referrals.case_id')
      .select('referrals.id')
      .where('cases.assigned_user_id', '=', worker.userId)
      .where('referrals.status', '=', 'sent')
      .execute();
    expect(dashboard.referralsAwaiting.count).toBe(awaiting.length);
  });

  it('shows the supervisor their team per worker, overdue work, approvals and quiet high-risk cases', async () => {
    const response = await get(supervisor, '/api/dashboards/supervisor?noContactDays=1');
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json() as SupervisorDashboardOut;
    expect(dashboard.workers.map((w) => w.displayName).sort()).toEqual(['Jasur Toshmatov', 'Nodira Karimova']);
    const nodira = dashboard.workers.find((w) => w.userId === worker.userId);
    const open = await server.db
      .selectFrom('cases')
      .select('id')
      .where('assigned_user_id', '=', worker.userId)
      .where('status', '<>', 'closed')
      .execute();
    expect(nodira?.open).toBe(open.length);
    const pending = await server.db
      .selectFrom('approvals')
      .select('id')
      .where('assigned_to', '=', supervisor.userId)
      .where('status', '=', 'pending')
      .execute();
    expect(dashboard.pendingApprovals.count).toBe(pending.length);
    expect(dashboard.noContact.days).toBe(1);
    for (const item of dashboard.noContact.items) expect(['high', 'critical']).toContain(item.riskLevel);
    // Everything listed is a case of the team: the supervisor may open each.
    const listed = [...dashboard.overdue.items, ...dashboard.noContact.items].map((item) => item.caseId);
    expect(dashboard.overdue.items.length).toBeGreaterThan(0);
    for (const id of new Set(listed)) expect((await get(supervisor, `/api/cases/${id}`)).statusCode).toBe(200);
    const overdueAssessments = await server.db
      .selectFrom('tasks')
      .innerJoin('cases', 'cases.id', 'tasks.case_id')
      .innerJoin('users', 'users.id', 'cases.assigned_user_id')
      .select('tasks.id')
      .where('users.supervisor_id', '=', supervisor.userId)
      .where('tasks.deadline', '=', 'assessment_due')
      .where('tasks.status', '=', 'open')
      .where('cases.status', '<>', 'closed')
      .where('tasks.due_date', '<', new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10))
      .execute();
    expect(dashboard.overdue.assessments).toBe(overdueAssessments.length);
    expect((await get(supervisor, '/api/dashboards/supervisor?noContactDays=0')).statusCode).toBe(400);
  });

  it('shows the analyst the manager dashboard in aggregate: tables only, no names or ids, small counts hidden', async () => {
    const response = await get(analyst, '/api/dashboards/manager?territory=1722');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toMatch(UUID);
    expect(response.body).not.toContain('Tursunova');
    const dashboard = response.json() as ManagerDashboardOut;
    expect(dashboard.privacy).toBe(true);
    expect(dashboard.suppressed).toBe(true);
    expect(dashboard.byTerritory.groupBy).toBe('district');
    expect(dashboard.byMonth.groupBy).toBe('month');
    expect(dashboard.referrals.groupBy).toBe('category');
    expect(dashboard.territory.code).toBe('1722');
  });

  it('gives the analyst the dashboard under the reports’ rules: whole past months, and the same figures as the reports', async () => {
    const last = lastCompleteMonthEnd(tashkentDate(new Date()));
    const day = `${last.slice(0, 7)}-14`;
    const query = (to: string) => `territory=1722&from=2026-01-01&to=${to}`;
    const strip = ({ generatedAt: _at, ...rest }: ManagerDashboardOut) => rest;
    const dashboard = strip((await get(analyst, `/api/dashboards/manager?${query(day)}`)).json());
    expect(dashboard).toMatchObject({ from: '2026-01-01', to: last });
    // A day later (or any day of that month) is the same dashboard: no day's closings stand out.
    expect(strip((await get(analyst, `/api/dashboards/manager?${query(addDays(day, 1))}`)).json())).toEqual(dashboard);
    // The caseload by district is the caseload report's table, perturbed alike.
    const report = (await get(analyst, `/api/reports/caseload?${query(day)}&groupBy=district`)).json();
    expect(dashboard.byTerritory.rows).toEqual(report.rows);
    expect(dashboard.byTerritory.totals).toEqual(report.totals);
  });

  it('shows the system admin exact national figures', async () => {
    const dashboard = (await get(admin, '/api/dashboards/manager')).json() as ManagerDashboardOut;
    expect(dashboard.privacy).toBe(false);
    expect(dashboard.suppressed).toBe(false);
    expect(dashboard.byTerritory.groupBy).toBe('region');
    const open = await server.db.selectFrom('cases').select('family_id').distinct().where('closed_at', 'is', null).execute();
    expect(dashboard.byTerritory.totals?.open).toBe(open.length);
  });

  it('answers 404 to those the dashboard is not for', async () => {
    expect((await get(analyst, '/api/dashboards/worker')).statusCode).toBe(404);
    expect((await get(worker, '/api/dashboards/supervisor')).statusCode).toBe(404);
    expect((await get(worker, '/api/dashboards/manager')).statusCode).toBe(404);
    expect((await get(await server.login('agency'), '/api/dashboards/manager')).statusCode).toBe(404);
  });
});
