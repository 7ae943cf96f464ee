import type { CaseSharesOut, TransferOut } from '@hamkor/domain';
import { api, request } from '../../api/client.ts';

/** Transfers of a case to another organisation, and the co-workers a case is shared with (apps/server/src/modules/transfers). */
export type Transfer = TransferOut;
export type CaseShares = CaseSharesOut;
type Page<T> = { items: T[]; nextCursor: string | null };

export const transfersApi = {
  send: (caseId: string, body: { toOrganisationId: string; reason: string; consentId?: string }) =>
    api.post<Transfer>(`/api/cases/${caseId}/transfer`, body),
  list: (query: { box: 'inbox' | 'outbox'; status?: string; caseId?: string }) =>
    api.get<Page<Transfer>>('/api/transfers', { limit: 100, ...query }),
  accept: (id: string, body: { assigneeId?: string }) => api.post<Transfer>(`/api/transfers/${id}/accept`, body),
  return: (id: string, body: { reason: string }) => api.post<Transfer>(`/api/transfers/${id}/return`, body),
};

export const sharesApi = {
  list: (caseId: string) => api.get<CaseShares>(`/api/cases/${caseId}/shares`),
  add: (caseId: string, userId: string) => api.post<CaseShares>(`/api/cases/${caseId}/shares`, { userId }),
  remove: (caseId: string, userId: string) => request<void>('DELETE', `/api/cases/${caseId}/shares/${userId}`, {}),
};
