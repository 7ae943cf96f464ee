import type { ConsentOut } from '@hamkor/domain';
import { api } from './client.ts';

/** The family's consents to share, recorded on a case (apps/server/src/modules/consents). */
export type Consent = ConsentOut;
export type ConsentInput = { givenByPersonId: string; onBehalfOfPersonIds: string[]; scope: string[]; date: string; note?: string };

export const consentsApi = {
  list: (caseId: string) => api.get<{ items: Consent[] }>(`/api/cases/${caseId}/consents`),
  record: (caseId: string, body: ConsentInput) => api.post<Consent>(`/api/cases/${caseId}/consents`, body),
  withdraw: (id: string, body: { reason?: string; version: number }) => api.post<Consent>(`/api/consents/${id}/withdraw`, body),
};
