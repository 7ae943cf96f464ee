import type { ServiceCategory, ServiceCreate, ServiceOut, ServiceUpdate } from '@hamkor/domain';
import type { Page } from './cases.ts';
import { api } from './client.ts';

/** The service directory (apps/server/src/modules/services). */
export type Service = ServiceOut;
export type ServicesQuery = {
  district?: string;
  category?: ServiceCategory;
  organisationId?: string;
  q?: string;
  includeInactive?: boolean;
};

export const servicesApi = {
  list: (query: ServicesQuery) =>
    api.get<Page<Service>>('/api/services', { ...query, includeInactive: query.includeInactive || undefined, limit: 200 }),
  get: (id: string) => api.get<Service>(`/api/services/${id}`),
  create: (body: ServiceCreate) => api.post<Service>('/api/services', body),
  update: (id: string, body: ServiceUpdate) => api.patch<Service>(`/api/services/${id}`, body),
};
