import type { CaseStatus, ClosureReason, ContactKind, DueClass, RiskLevel, TaskStatus, Urgency } from '@hamkor/domain';
import { api } from './client.ts';
import type { Approval, CaseDetail, CaseloadItem, Notification, Task, TimelineEvent, Worker } from './types.ts';

/** The replies of the case endpoints: the domain's reply schemas, which the server also answers with. */
export type { Approval, CaseDetail, CaseloadItem, Notification, Task, TimelineEvent, Worker } from './types.ts';
export type Page<T> = { items: T[]; nextCursor: string | null };

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
  list: (query: { assignee?: 'me'; caseId?: string; due?: DueClass; status?: TaskStatus }) =>
    api.get<Page<Task>>('/api/tasks', { ...query, limit: 200 }),
  update: (id: string, body: { status: TaskStatus; version: number }) => api.patch<Task>(`/api/tasks/${id}`, body),
};

export const approvalsApi = {
  mine: () => api.get<Page<Approval>>('/api/approvals', { box: 'mine', status: 'pending', limit: 200 }),
  decide: (id: string, body: { decision: 'approve' | 'return'; comment?: string; authorityDecision?: string }) =>
    api.post<Approval>(`/api/approvals/${id}/decision`, body),
};

export const notificationsApi = {
  list: () => api.get<Page<Notification> & { unread: number }>('/api/notifications', { limit: 20 }),
  markRead: (id: string) => api.post<Notification>(`/api/notifications/${id}/read`),
};

export const usersApi = {
  list: () => api.get<Page<Worker>>('/api/users', { limit: 200 }),
};
