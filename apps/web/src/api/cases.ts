import type {
  ApprovalKind,
  ApprovalStatus,
  CaseStatus,
  ClosureReason,
  ContactKind,
  DueClass,
  RiskLevel,
  TaskStatus,
  Urgency,
} from '@hamkor/domain';
import { api } from './client.ts';

/** The replies of the case endpoints (apps/server/src/modules/{cases,tasks,approvals,notifications}/replies). */
type Named = { id: string; displayName: string } | null;
export type Page<T> = { items: T[]; nextCursor: string | null };

export type CaseDetail = {
  id: string;
  number: string;
  familyId: string;
  focusPersonIds: string[];
  status: CaseStatus;
  riskLevel: RiskLevel | null;
  urgency: Urgency;
  identificationSource: string;
  reason: string;
  assignedUserId: string | null;
  openedAt: string;
  closedAt: string | null;
  closureReason: ClosureReason | null;
  closureOutcome: string | null;
  reopenReason: string | null;
  version: number;
  familyHead: { id: string; surname: string; givenName: string; patronymic: string | null } | null;
  assignee: Named;
  supervisor: Named;
  nextStatuses: CaseStatus[];
  readOnly: boolean;
  pendingApproval: { id: string; kind: string; assignedTo: string | null } | null;
};

export type CaseloadItem = {
  id: string;
  number: string;
  status: CaseStatus;
  riskLevel: RiskLevel | null;
  urgency: Urgency;
  familyId: string;
  familyHeadName: string | null;
  assignedUserId: string | null;
  assigneeName: string | null;
  openedAt: string;
  openTasks: number;
  overdueTasks: number;
};

export type TimelineEvent = {
  id: string;
  kind: string;
  at: string;
  actor: Named;
  details: Record<string, unknown>;
  /** The receiving organisation of a referral event. */
  organisationName: string | null;
};

export type Task = {
  id: string;
  caseId: string;
  caseNumber?: string;
  title: string;
  dueDate: string | null;
  dueAt: string | null;
  due: DueClass | null;
  status: TaskStatus;
  version: number;
};

export type Approval = {
  id: string;
  kind: ApprovalKind;
  caseId: string;
  caseNumber?: string;
  requestedBy: string;
  requestedByName?: string | null;
  requestedAt: string;
  assignedTo: string | null;
  status: ApprovalStatus;
  payload: Record<string, unknown>;
  comment: string | null;
};

export type Notification = {
  id: string;
  kind: string;
  caseId: string | null;
  params?: Record<string, string>;
  text: string;
  readAt: string | null;
  createdAt: string;
};
export type Worker = { id: string; displayName: string; roles: string[]; active: boolean };

export type CaseloadQuery = { assignee?: 'me'; status?: CaseStatus; risk?: RiskLevel; q?: string };

export const casesApi = {
  list: (query: CaseloadQuery) => api.get<Page<CaseloadItem>>('/api/cases', { ...query, limit: 200 }),
  get: (id: string) => api.get<CaseDetail>(`/api/cases/${id}`),
  open: (body: { familyId: string; focusPersonIds: string[]; identificationSource: string; reason: string; urgency: Urgency }) =>
    api.post<CaseDetail>('/api/cases', body),
  transition: (id: string, to: CaseStatus, version: number) => api.post<CaseDetail>(`/api/cases/${id}/transition`, { to, version }),
  close: (id: string, body: { reason: ClosureReason; outcome: string; version: number }) =>
    api.post<CaseDetail>(`/api/cases/${id}/close`, body),
  reopen: (id: string, body: { reason: string; version: number }) => api.post<CaseDetail>(`/api/cases/${id}/reopen`, body),
  assign: (id: string, body: { userId: string; version: number }) => api.post<CaseDetail>(`/api/cases/${id}/assign`, body),
  timeline: (id: string) => api.get<Page<TimelineEvent>>(`/api/cases/${id}/timeline`, { limit: 200 }),
  recordContact: (id: string, body: { kind: ContactKind; date: string; text: string; participants?: string[] }) =>
    api.post(`/api/cases/${id}/contacts`, body),
  addTask: (id: string, body: { title: string; dueDate: string }) => api.post<Task>(`/api/cases/${id}/tasks`, body),
};

export const tasksApi = {
  list: (query: { assignee?: 'me'; due?: DueClass; status?: TaskStatus }) => api.get<Page<Task>>('/api/tasks', { ...query, limit: 200 }),
  update: (id: string, body: { status: TaskStatus; version: number }) => api.patch<Task>(`/api/tasks/${id}`, body),
};

export const approvalsApi = {
  mine: () => api.get<Page<Approval>>('/api/approvals', { box: 'mine', status: 'pending', limit: 200 }),
  decide: (id: string, body: { decision: 'approve' | 'return'; comment?: string }) =>
    api.post<Approval>(`/api/approvals/${id}/decision`, body),
};

export const notificationsApi = {
  list: () => api.get<Page<Notification> & { unread: number }>('/api/notifications', { limit: 20 }),
  markRead: (id: string) => api.post<Notification>(`/api/notifications/${id}/read`),
};

export const usersApi = {
  list: () => api.get<Page<Worker>>('/api/users', { limit: 200 }),
};
