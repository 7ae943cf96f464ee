import type { ErasureProposalOut, LegalHoldStateOut, RetentionDueOut, RetentionScheduleOut } from '@hamkor/domain';
import { api, request } from '../../api/client.ts';

/** Retention (apps/server/src/modules/retention): the schedule, what is due, erasure proposals, legal holds. */
export type ScheduleItem = RetentionScheduleOut['items'][number];
export type DueFamily = RetentionDueOut['items'][number];
export type Proposal = ErasureProposalOut;
export type HoldState = LegalHoldStateOut;
export type ActiveHold = LegalHoldStateOut['history'][number] & { caseNumber: string };

export const retentionApi = {
  schedule: () => api.get<RetentionScheduleOut>('/api/retention/schedule'),
  saveSchedule: (items: { recordType: string; years: number; version: number }[]) =>
    api.put<RetentionScheduleOut>('/api/retention/schedule', { items }),
  due: () => api.get<RetentionDueOut>('/api/retention/due'),
  proposals: () => api.get<{ items: Proposal[] }>('/api/retention/proposals'),
  propose: (familyId: string) => api.post<Proposal>('/api/retention/proposals', { familyId }),
  /** The decision goes through the approvals, as every two-person decision does. */
  decide: (approvalId: string, decision: 'approve' | 'return', comment?: string) =>
    api.post(`/api/approvals/${approvalId}/decision`, { decision, ...(comment ? { comment } : {}) }),
  holds: () => api.get<{ items: ActiveHold[] }>('/api/retention/holds'),
  hold: (caseId: string) => api.get<HoldState>(`/api/cases/${caseId}/legal-hold`),
  setHold: (caseId: string, reason: string) => api.post<HoldState>(`/api/cases/${caseId}/legal-hold`, { reason }),
  liftHold: (caseId: string, reason?: string) =>
    request<HoldState>('DELETE', `/api/cases/${caseId}/legal-hold`, { body: reason ? { reason } : {} }),
};
