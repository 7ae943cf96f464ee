import type { ActionStatus, PlanActionOut, PlanGoalOut, PlanOut } from '@hamkor/domain';
import { api } from './client.ts';

/** Service plans of a case (apps/server/src/modules/plans). */
export type Plan = PlanOut;
export type PlanGoal = PlanGoalOut;
export type PlanAction = PlanActionOut;

/** A plan's content as the editor sends it; goals and skipped domains replace the plan's whole lists. */
export type PlanContent = {
  summary: string | null;
  reviewDate: string | null;
  skippedDomains: { domain: string; reason: string }[];
  goals: {
    id?: string;
    domain: string | null;
    title: string;
    targetDate: string;
    actions: {
      id?: string;
      performer: PlanAction['performer'];
      organisationId: string | null;
      serviceId: string | null;
      userId: string | null;
      personId: string | null;
      what: string;
      dueDate: string;
      status: ActionStatus;
    }[];
  }[];
};

export const plansApi = {
  list: (caseId: string) => api.get<{ items: Plan[] }>(`/api/cases/${caseId}/plans`),
  get: (id: string) => api.get<Plan>(`/api/plans/${id}`),
  create: (caseId: string, body: Partial<PlanContent> & { copyPrevious?: boolean }) => api.post<Plan>(`/api/cases/${caseId}/plans`, body),
  update: (id: string, body: Partial<PlanContent> & { version: number }) => api.patch<Plan>(`/api/plans/${id}`, body),
  submit: (id: string, version: number) => api.post<Plan>(`/api/plans/${id}/submit`, { version }),
  updateAction: (planId: string, actionId: string, body: { status: ActionStatus; version: number }) =>
    api.patch<Plan>(`/api/plans/${planId}/actions/${actionId}`, body),
};
