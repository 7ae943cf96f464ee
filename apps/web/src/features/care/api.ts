import type { CareArrangementOut, CareHistoryOut, GatekeepingListOut } from '@hamkor/domain';
import { api } from '../../api/client.ts';

/** Care arrangements of children and gatekeeping before a placement (apps/server/src/modules/care). */
export type Arrangement = CareArrangementOut;
export type Placement = Arrangement & { personName: string; birthDate: string | null };
export type Gatekeeping = GatekeepingListOut['items'][number];

export type ArrangementBody = {
  type: string;
  startDate: string;
  endDate?: string;
  organisationId?: string;
  authority: string;
  documentRef?: string;
  changeReason: string;
  caseId?: string;
};

export const careApi = {
  history: (personId: string) => api.get<CareHistoryOut>(`/api/persons/${personId}/care-arrangements`),
  record: (personId: string, body: ArrangementBody) => api.post<Arrangement>(`/api/persons/${personId}/care-arrangements`, body),
  update: (id: string, body: { version: number; outcome?: string; endDate?: string }) =>
    api.patch<Arrangement>(`/api/care-arrangements/${id}`, body),
  placements: (familyId?: string) => api.get<{ items: Placement[] }>('/api/care-arrangements', familyId ? { familyId } : {}),
  gatekeeping: (caseId: string) => api.get<GatekeepingListOut>(`/api/cases/${caseId}/gatekeeping`),
  requestGatekeeping: (
    caseId: string,
    body: { childId: string; optionsConsidered: { option: string; why: string }[]; proposedType: string; emergency: boolean },
  ) => api.post<{ approvalId: string; reviewTaskId: string | null }>(`/api/cases/${caseId}/gatekeeping`, body),
};
