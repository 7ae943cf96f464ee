import type { ReferralOut, ReferralStatus, SharedField, Urgency } from '@hamkor/domain';
import type { Page } from './cases.ts';
import { api } from './client.ts';

/** Referrals between organisations (apps/server/src/modules/referrals). */
export type Referral = ReferralOut;
export type SentReferral = Extract<Referral, { view: 'sender' }>;

export type ReferralInput = {
  caseId: string;
  toOrganisationId: string;
  serviceId?: string;
  planActionId?: string;
  resentFromId?: string;
  reason: string;
  urgency: Urgency;
  consentId?: string;
  consentOverrideReason?: string;
  personIds: string[];
  sharedFields: SharedField[];
};

export type ReferralsQuery = { box: 'inbox' | 'outbox'; status?: ReferralStatus; caseId?: string; overdue?: boolean };

export const referralsApi = {
  list: (query: ReferralsQuery) => api.get<Page<Referral>>('/api/referrals', { ...query, overdue: query.overdue || undefined, limit: 200 }),
  get: (id: string) => api.get<Referral>(`/api/referrals/${id}`),
  send: (body: ReferralInput) => api.post<Referral>('/api/referrals', body),
  accept: (id: string, version: number) => api.post<Referral>(`/api/referrals/${id}/accept`, { version }),
  start: (id: string, version: number) => api.post<Referral>(`/api/referrals/${id}/start`, { version }),
  decline: (id: string, body: { reason: string; version: number }) => api.post<Referral>(`/api/referrals/${id}/decline`, body),
  complete: (id: string, body: { outcome: string; version: number }) => api.post<Referral>(`/api/referrals/${id}/complete`, body),
  cancel: (id: string, body: { reason: string; version: number }) => api.post<Referral>(`/api/referrals/${id}/cancel`, body),
};
