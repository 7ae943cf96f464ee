import type { EmergencyAccessOut } from '@hamkor/domain';
import { api } from '../../api/client.ts';

/** Break-the-glass openings and their review (apps/server/src/modules/access). */
export type EmergencyAccess = EmergencyAccessOut;
type Page<T> = { items: T[]; nextCursor: string | null };
export type EmergencyFilter = { status?: string; organisationId?: string; from?: string; to?: string };

const query = (filter: EmergencyFilter) =>
  Object.fromEntries(Object.entries(filter).filter(([, value]) => value)) as Record<string, string>;

export const emergencyApi = {
  open: (body: { entityType: 'family' | 'case'; entityId: string; reasonCode: string; reason: string }) =>
    api.post<{ id: string; expiresAt: string }>('/api/access/emergency', body),
  list: (filter: EmergencyFilter, cursor?: string) =>
    api.get<Page<EmergencyAccess>>('/api/access/emergency', { limit: 50, ...query(filter), cursor }),
  review: (id: string, body: { outcome: string; comment: string }) => api.post<EmergencyAccess>(`/api/access/emergency/${id}/review`, body),
  end: (id: string) => api.post<EmergencyAccess>(`/api/access/emergency/${id}/end`),
  /** The report as a CSV file, for a link to download. */
  csvUrl: (filter: EmergencyFilter) => `/api/access/emergency?${new URLSearchParams({ ...query(filter), format: 'csv' })}`,
};
