import type {
  ManagerDashboardOut,
  ReportGrouping,
  ReportName,
  ReportOut,
  SupervisorDashboardOut,
  WorkerDashboardOut,
} from '@hamkor/domain';
import { api } from './client.ts';

/** The replies of the reports and dashboards endpoints: the domain's reply schemas (packages/domain/src/reports). */
export type { CellOut, ManagerDashboardOut, ReportOut, ReportTableOut, SupervisorDashboardOut, WorkerDashboardOut } from '@hamkor/domain';

/** The period and territory every territorial figure is asked for; empty values mean the server's default. */
export type Period = { territory?: string | undefined; from?: string | undefined; to?: string | undefined };
export type ReportFilters = Period & { groupBy?: ReportGrouping | undefined; organisation?: string | undefined };
export type ExportFormat = 'xlsx' | 'csv';

function queryOf(filters: ReportFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (value) query[key] = value;
  return query;
}

/**
 * Where a report downloads as a file. A plain link: the session cookie goes with it, and the server names
 * the columns in the language saved on the account.
 */
export function reportFileUrl(name: ReportName, format: ExportFormat, filters: ReportFilters): string {
  const search = new URLSearchParams(queryOf(filters)).toString();
  return `/api/reports/${name}.${format}${search ? `?${search}` : ''}`;
}

/** The printable case file. */
export const caseFileUrl = (caseId: string) => `/api/cases/${caseId}/file.pdf`;

export const reportsApi = {
  get: (name: ReportName, filters: ReportFilters) => api.get<ReportOut>(`/api/reports/${name}`, queryOf(filters)),
};

export const dashboardsApi = {
  worker: () => api.get<WorkerDashboardOut>('/api/dashboards/worker'),
  supervisor: (noContactDays?: number) => api.get<SupervisorDashboardOut>('/api/dashboards/supervisor', { noContactDays }),
  manager: (period: Period) => api.get<ManagerDashboardOut>('/api/dashboards/manager', queryOf(period)),
};
