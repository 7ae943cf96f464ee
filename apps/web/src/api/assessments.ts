import type { DomainRating, NotAssessedMark, RiskLevel } from '@hamkor/domain';
import { api } from './client.ts';
import type { Assessment, AssessmentSummary, CaseScreening, Instrument } from './types.ts';

/** The replies of the assessment endpoints: the domain's reply schemas, which the server also answers with. */
export type { Assessment, AssessmentStatus, AssessmentSummary, DomainScoreOut, Instrument } from './types.ts';

export type AssessmentChanges = {
  version: number;
  answers?: Record<string, string | null>;
  domainRatings?: Record<string, DomainRating | null>;
  strengths?: Record<string, string>;
  needs?: Record<string, string>;
  /** A domain marked "not assessed" with its reason; null takes the mark away. */
  notAssessed?: Record<string, NotAssessedMark | null>;
  overrideRisk?: RiskLevel | null;
  overrideReason?: string | null;
};

/** The intake screening of a case: its questions, and once saved the answers and the urgency. */
export type { CaseScreening } from './types.ts';

export const screeningApi = {
  get: (caseId: string) => api.get<CaseScreening>(`/api/cases/${caseId}/screening`),
  /** `version` is the one read, null when there was no screening yet. */
  save: (caseId: string, answers: Record<string, string>, version: number | null) =>
    api.put<CaseScreening>(`/api/cases/${caseId}/screening`, { answers, version }),
};

export const assessmentsApi = {
  list: (caseId: string) => api.get<{ items: AssessmentSummary[] }>(`/api/cases/${caseId}/assessments`),
  /** The family assessment by default; a readiness assessment names its instrument and the child in care. */
  start: (caseId: string, body: { instrumentId?: string; childId?: string } = {}) =>
    api.post<Assessment>(`/api/cases/${caseId}/assessments`, body),
  get: (id: string) => api.get<Assessment>(`/api/assessments/${id}`),
  update: (id: string, changes: AssessmentChanges) => api.patch<Assessment>(`/api/assessments/${id}`, changes),
  submit: (id: string, version: number) => api.post<Assessment>(`/api/assessments/${id}/submit`, { version }),
  /** Shared by the cards of one page (assessment, plan): asked once, not once per card. */
  instruments: () => {
    const now = Date.now();
    if (!instrumentsCache || now - instrumentsCache.at > INSTRUMENTS_FRESH_MS) {
      const load = api.get<{ items: Instrument[] }>('/api/instruments');
      instrumentsCache = { at: now, load };
      // A failed answer is not kept: the next card asks again.
      load.catch(() => {
        if (instrumentsCache?.load === load) instrumentsCache = undefined;
      });
    }
    return instrumentsCache.load;
  },
};

/** A published instrument version never changes; a new one may be published, so the list is kept for a minute. */
const INSTRUMENTS_FRESH_MS = 60_000;
let instrumentsCache: { at: number; load: Promise<{ items: Instrument[] }> } | undefined;
