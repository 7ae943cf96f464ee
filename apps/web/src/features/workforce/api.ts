import type { AssigneesOut, StaffProfileOut, SupervisionOut, TrainingOut } from '@hamkor/domain';
import { api, upload } from '../../api/client.ts';

/** The workforce: staff profiles, trainings, supervision sessions (apps/server/src/modules/workforce). */
export type StaffProfile = StaffProfileOut;
export type Training = TrainingOut;
export type Supervision = SupervisionOut;
export type Course = TrainingOut['course'];
export type ParticipantsReport = {
  dryRun: boolean;
  rows: number;
  matched: number;
  created: number;
  errors: { row: number; column: string; code: string; message: string }[];
  training: Training | null;
};
export type ProfileChange = {
  version: number;
  position: string | null;
  degree: { field: string; institution: string; year: number } | null;
  diploma: { number: string; date: string } | null;
  languages: string[];
};

export const workforceApi = {
  staff: () => api.get<{ items: StaffProfile[] }>('/api/staff'),
  addTrainee: (body: { displayName: string; position?: string }) => api.post<StaffProfile>('/api/staff', body),
  profile: (id: string) => api.get<StaffProfile>(`/api/staff/${id}/profile`),
  saveProfile: (id: string, body: ProfileChange) => api.put<StaffProfile>(`/api/staff/${id}/profile`, body),
  trainings: () => api.get<{ items: Training[]; courses: Course[] }>('/api/trainings'),
  addTraining: (body: unknown) => api.post<Training>('/api/trainings', body),
  addParticipants: (id: string, participants: unknown[]) =>
    api.post<ParticipantsReport>(`/api/trainings/${id}/participants`, { participants }),
  uploadParticipants: (id: string, file: File, dryRun: boolean) =>
    upload<ParticipantsReport>(`/api/trainings/${id}/participants`, file, { query: { dryRun: String(dryRun) } }),
  sessions: () => api.get<{ items: Supervision[] }>('/api/supervision-sessions'),
  addSession: (body: unknown) => api.post<Supervision>('/api/supervision-sessions', body),
  assignees: (caseId: string) => api.get<AssigneesOut>(`/api/cases/${caseId}/assignees`),
};
