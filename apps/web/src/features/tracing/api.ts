import type { TracingMatchOut, TracingRequestOut } from '@hamkor/domain';
import { api } from '../../api/client.ts';

/** Tracing requests and their proposed matches (apps/server/src/modules/tracing). */
export type TracingRequest = TracingRequestOut;
export type TracingMatch = TracingMatchOut;
type Page<T> = { items: T[]; nextCursor: string | null };

export type TracingDraft = {
  kind: 'separated_child' | 'parent_seeking';
  sought: {
    surname: string;
    givenName: string;
    patronymic?: string;
    sex?: string;
    approxAge?: number;
    lastKnownPlace?: string;
    country?: string;
    relatives?: { relation: string; surname?: string; givenName: string }[];
  };
  consent: { given: boolean; givenBy: string; date: string };
  note?: string;
};

export const tracingApi = {
  list: () => api.get<Page<TracingRequest>>('/api/tracing-requests', { limit: 100 }),
  get: (id: string) => api.get<TracingRequest>(`/api/tracing-requests/${id}`),
  create: (body: TracingDraft) => api.post<TracingRequest>('/api/tracing-requests', body),
  matches: (id: string) => api.get<{ items: TracingMatch[] }>(`/api/tracing-requests/${id}/matches`),
  step: (id: string, body: { step: string; version: number; personId?: string; note?: string }) =>
    api.post<TracingRequest>(`/api/tracing-requests/${id}/steps`, body),
  verify: (id: string, personId: string, version: number) =>
    api.post<TracingRequest>(`/api/tracing-requests/${id}/matches/${personId}/verify`, { version }),
};
