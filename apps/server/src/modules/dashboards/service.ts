import {
  APPROVAL_KINDS,
  addDays,
  CASE_STATUSES,
  type CaseStatus,
  can,
  caseReadFilter,
  classifyDue,
  type DashboardKind,
  dashboardTeam,
  dueBounds,
  type ManagerDashboardOut,
  type ManagerDashboardQuery,
  NotFound,
  RISK_LEVELS,
  type SupervisorDashboardOut,
  type SupervisorDashboardQuery,
  tashkentDate,
  type WorkerDashboardOut,
} from '@hamkor/domain';
import { readDb } from '../../db/replica.ts';
import { withReadTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { periodFor, readerOf, reportTable, territoryOf } from '../reports/service.ts';
import * as repo from './repo.ts';

const LIST_LIMIT = 10;

function allow(ctx: RequestContext, kind: DashboardKind): void {
  if (!can(ctx.actor, 'dashboard.read', { type: 'dashboard', kind })) throw new NotFound();
}

/** A dashboard that lists cases and people is a read of them: audited with the ids it shows. */
async function auditShown(ctx: RequestContext, kind: DashboardKind, shown: { caseIds: string[]; userIds?: string[] }) {
  const details = { kind, caseIds: [...new Set(shown.caseIds)], ...(shown.userIds && { userIds: shown.userIds }) };
  await withReadTx(ctx.db, (trx) => audit(trx, ctx, 'dashboard.read', null, details));
}

function boundsNow(now = new Date()): repo.DueBounds {
  const bounds = dueBounds(now);
  return { now: new Date(bounds.now), today: bounds.today, endOfToday: new Date(bounds.endOfToday) };
}

/** The worker's own caseload by status and risk, their tasks by when due, and their referrals awaiting an answer. */
export async function workerDashboard(ctx: RequestContext): Promise<WorkerDashboardOut> {
  allow(ctx, 'worker');
  const userId = ctx.actor.id;
  const now = new Date();
  const bounds = boundsNow(now);
  const db = readDb(ctx);
  const [caseload, taskCounts, next, referrals] = await Promise.all([
    repo.workerCaseload(db, userId),
    repo.workerTaskCounts(db, userId, bounds),
    repo.workerNextTasks(db, userId, LIST_LIMIT),
    repo.referralsAwaitingAnswer(db, userId, LIST_LIMIT),
  ]);
  await auditShown(ctx, 'worker', { caseIds: [...next.map((task) => task.case_id), ...referrals.items.map((item) => item.case_id)] });
  const t = translator(ctx.locale);
  const sum = (rows: typeof caseload, match: (row: (typeof caseload)[number]) => boolean) =>
    rows.filter(match).reduce((total, row) => total + row.count, 0);
  return {
    caseload: {
      total: sum(caseload, () => true),
      byStatus: CASE_STATUSES.filter((status: CaseStatus) => status !== 'closed').map((key) => ({
        key,
        count: sum(caseload, (row) => row.status === key),
      })),
      byRisk: [...RISK_LEVELS, 'none' as const].map((key) => ({
        key,
        count: sum(caseload, (row) => (row.risk ?? 'none') === key),
      })),
    },
    tasks: {
      ...taskCounts,
      next: next.map((task) => ({
        id: task.id,
        title: task.deadline ? t(`tasks.${task.deadline}`, { defaultValue: task.title }) : task.title,
        caseId: task.case_id,
        caseNumber: task.case_number,
        dueDate: task.due_date,
        dueAt: task.due_at?.toISOString() ?? null,
        due: classifyDue(task.due_date ?? task.due_at ?? now, now),
      })),
    },
    referralsAwaiting: {
      count: referrals.count,
      items: referrals.items.map((item) => ({
        id: item.id,
        caseId: item.case_id,
        caseNumber: item.case_number,
        toOrganisationName: item.to_organisation_name,
        sentAt: item.sent_at.toISOString(),
        urgency: item.urgency,
      })),
    },
  };
}

/**
 * The supervisor's team: each worker's open cases by risk and overdue tasks, overdue assessments, plan
 * actions and reviews on the cases they oversee, approvals waiting for them, and high or critical cases
 * without a contact in the last `noContactDays` days.
 */
export async function supervisorDashboard(ctx: RequestContext, query: SupervisorDashboardQuery): Promise<SupervisorDashboardOut> {
  allow(ctx, 'supervisor');
  const bounds = boundsNow();
  const filter = caseReadFilter(ctx.actor);
  const team = dashboardTeam(ctx.actor);
  const since = addDays(tashkentDate(new Date()), -query.noContactDays);
  const db = readDb(ctx);
  const [workers, overdue, approvals, quiet] = await Promise.all([
    repo.teamCaseload(db, team, bounds),
    repo.overdueWork(db, filter, bounds, 50),
    repo.pendingApprovals(db, ctx.actor.id),
    repo.casesWithoutContact(db, filter, since, 50),
  ]);
  await auditShown(ctx, 'supervisor', {
    caseIds: [...overdue.items.map((item) => item.case_id), ...quiet.map((row) => row.case_id)],
    userIds: workers.map((row) => row.user_id),
  });
  const approvalCount = new Map(approvals.map((row) => [row.kind, Number(row.count)]));
  return {
    workers: workers.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      open: row.open,
      byRisk: { low: row.low, medium: row.medium, high: row.high, critical: row.critical, none: row.none },
      overdueTasks: row.overdue_tasks,
    })),
    overdue: {
      assessments: overdue.counts.get('assessment') ?? 0,
      plans: overdue.counts.get('plan') ?? 0,
      reviews: overdue.counts.get('review') ?? 0,
      items: overdue.items.map((item) => ({
        caseId: item.case_id,
        caseNumber: item.case_number,
        assigneeName: item.assignee_name,
        kind: item.kind,
        dueDate: item.due_date,
      })),
    },
    pendingApprovals: {
      count: [...approvalCount.values()].reduce((a, b) => a + b, 0),
      byKind: APPROVAL_KINDS.map((key) => ({ key, count: approvalCount.get(key) ?? 0 })),
    },
    noContact: {
      days: query.noContactDays,
      items: quiet.map((row) => ({
        caseId: row.case_id,
        caseNumber: row.case_number,
        assigneeName: row.assignee_name,
        riskLevel: row.risk_level,
        lastContact: row.last_contact,
      })),
    },
  };
}

/**
 * The manager's figures for a territory and period, as tables (the same as the reports): the caseload by
 * the next level down and by month, risk, sources, migration, timeliness, closures and referrals. Scope
 * and privacy are the reports': aggregate-only readers get no names and no ids, and small counts hidden.
 */
export async function managerDashboard(ctx: RequestContext, query: ManagerDashboardQuery): Promise<ManagerDashboardOut> {
  allow(ctx, 'manager');
  const reader = readerOf(ctx);
  const territory = await territoryOf(ctx, reader, query.territory);
  const period = periodFor(reader, query);
  const table = (name: Parameters<typeof reportTable>[2]['name'], groupBy?: 'month') =>
    reportTable(ctx, reader, { name, territoryCode: territory.code, period, groupBy });
  const [byTerritory, byMonth, risk, sources, migration, timeliness, referrals, closures] = await Promise.all([
    table('caseload'),
    table('caseload', 'month'),
    table('risk'),
    table('sources'),
    table('migration'),
    table('timeliness'),
    table('referrals'),
    table('closures'),
  ]);
  const tables = [byTerritory, byMonth, risk, sources, migration, timeliness, referrals, closures];
  return {
    territory,
    from: period.from,
    to: period.to,
    privacy: reader.privacy,
    suppressed: tables.some((t) => t.suppressed),
    byTerritory,
    byMonth,
    risk,
    sources,
    migration,
    timeliness,
    referrals,
    closures,
    generatedAt: new Date().toISOString(),
  };
}
