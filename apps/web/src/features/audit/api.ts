import { api } from '../../api/client.ts';

/** The audit log (apps/server/src/modules/audit): events, exports, chain verification. */
export type AuditEvent = {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  lane: number;
  hash: string;
};
export type AuditFilter = {
  userId?: string;
  entityId?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  reads?: string;
};
export type LaneReport = { lane: number; events: number; broken: { event: number; reason: 'prev_hash' | 'hash' }[] };
type Page<T> = { items: T[]; nextCursor: string | null };

const query = (filter: AuditFilter) => Object.fromEntries(Object.entries(filter).filter(([, value]) => value)) as Record<string, string>;

/** The lanes (independent chains) of the log: apps/server/src/modules/audit/repo.ts AUDIT_LANES. */
export const AUDIT_LANES = 16;

export const auditApi = {
  list: (filter: AuditFilter, cursor?: string) => api.get<Page<AuditEvent>>('/api/audit', { limit: 50, ...query(filter), cursor }),
  verifyLane: (lane: number) => api.get<{ intact: boolean; lanes: LaneReport[] }>('/api/audit/verify', { lane }),
  exportUrl: (filter: AuditFilter, format: 'csv' | 'xlsx') => `/api/audit?${new URLSearchParams({ ...query(filter), format })}`,
};
