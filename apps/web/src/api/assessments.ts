import type { DomainRating, InstrumentDefinition, LocalisedText, RiskLevel, Urgency, UzCategory } from '@hamkor/domain';
import { api } from './client.ts';

/** The replies of the assessment endpoints (apps/server/src/modules/{assessments,instruments}/routes.ts). */
export type AssessmentStatus = 'draft' | 'submitted' | 'approved' | 'returned';

export type DomainScoreOut = {
  score: number | null;
  answered: number;
  questions: number;
  computedRating: DomainRating | null;
  rating: DomainRating | null;
  adjusted: boolean;
};

export type Assessment = {
  id: string;
  caseId: string;
  instrumentId: string;
  instrumentKey: string;
  instrumentVersion: number;
  status: AssessmentStatus;
  answers: Record<string, string>;
  domainRatings: Record<string, DomainRating>;
  strengths: Record<string, string>;
  needs: Record<string, string>;
  domainScores: Record<string, DomainScoreOut>;
  riskLevel: RiskLevel;
  points: number;
  reasons: Record<string, unknown>[];
  category: UzCategory;
  overrideRisk: RiskLevel | null;
  overrideReason: string | null;
  overrideStatus: 'pending' | 'approved' | 'returned' | null;
  /** What the supervisor wrote when returning it for rework, while it is being reworked. */
  returnComment: string | null;
  effectiveRisk: RiskLevel;
  effectiveCategory: UzCategory;
  submittedAt: string | null;
  approvedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type AssessmentSummary = {
  id: string;
  status: AssessmentStatus;
  instrumentId: string;
  instrumentVersion: number;
  riskLevel: RiskLevel;
  effectiveRisk: RiskLevel;
  category: UzCategory;
  domainScores: Record<string, { score: number | null; rating: DomainRating | null }>;
  change: Record<string, number | null> | null;
  createdAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  version: number;
};

export type Instrument = { id: string; key: string; version: number; definition: InstrumentDefinition; createdAt: string };

export type AssessmentChanges = {
  version: number;
  answers?: Record<string, string | null>;
  domainRatings?: Record<string, DomainRating | null>;
  strengths?: Record<string, string>;
  needs?: Record<string, string>;
  overrideRisk?: RiskLevel | null;
  overrideReason?: string | null;
};

/** The intake screening of a case: its questions, and once saved the answers and the urgency. */
export type CaseScreening = {
  caseId: string;
  caseUrgency: Urgency;
  editable: boolean;
  form: {
    instrumentId: string;
    instrumentVersion: number;
    title: LocalisedText;
    questions: { key: string; text: LocalisedText; answers: { key: string; label: LocalisedText; urgent?: boolean }[] }[];
  };
  screening: {
    answers: Record<string, string>;
    urgency: 'urgent' | 'routine';
    version: number;
    createdAt: string;
    updatedAt: string;
  } | null;
};

export const screeningApi = {
  get: (caseId: string) => api.get<CaseScreening>(`/api/cases/${caseId}/screening`),
  /** `version` is the one read, null when there was no screening yet. */
  save: (caseId: string, answers: Record<string, string>, version: number | null) =>
    api.put<CaseScreening>(`/api/cases/${caseId}/screening`, { answers, version }),
};

export const assessmentsApi = {
  list: (caseId: string) => api.get<{ items: AssessmentSummary[] }>(`/api/cases/${caseId}/assessments`),
  start: (caseId: string) => api.post<Assessment>(`/api/cases/${caseId}/assessments`, {}),
  get: (id: string) => api.get<Assessment>(`/api/assessments/${id}`),
  update: (id: string, changes: AssessmentChanges) => api.patch<Assessment>(`/api/assessments/${id}`, changes),
  submit: (id: string, version: number) => api.post<Assessment>(`/api/assessments/${id}/submit`, { version }),
  instruments: () => api.get<{ items: Instrument[] }>('/api/instruments'),
};
