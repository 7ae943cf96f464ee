import type { schemas } from '@hamkor/domain';
import { api, upload } from './client.ts';

/** The type a zod schema of @hamkor/domain produces, so replies are typed from the server's own schemas. */
type Output<S> = S extends { _zod: { output: infer O } } ? O : never;

export type Family = Output<typeof schemas.familyOut>;
export type Person = Output<typeof schemas.personOut>;
export type Warning = Output<typeof schemas.warningOut>;
export type SavedFamily = Output<typeof schemas.familySavedOut>;
export type SavedPerson = Output<typeof schemas.personSavedOut>;
export type PersonSearchItem = Output<typeof schemas.personSearchItemOut>;
export type DuplicateCandidate = schemas.DuplicateCandidate;
export type OutsideReach = schemas.OutsideReach;
export type Duplicates = Output<typeof schemas.duplicatesOut>;
export type ImportReport = schemas.ImportReport;
export type ImportProblem = ImportReport['errors'][number];

export type PersonSearchPage = { items: PersonSearchItem[]; nextCursor: string | null };
export type DuplicateProbe = {
  surname: string;
  givenName: string;
  patronymic: string | null;
  birthDate: string | null;
  pinfl: string | null;
  districtCode: string | null;
};

export const familiesApi = {
  get: (id: string) => api.get<Family>(`/api/families/${id}`),
  register: (body: unknown) => api.post<SavedFamily>('/api/families', body),
  update: (id: string, body: unknown) => api.patch<Family>(`/api/families/${id}`, body),
  addMember: (familyId: string, body: unknown) => api.post<SavedPerson>(`/api/families/${familyId}/members`, body),
  merge: (id: string, body: { otherFamilyId: string; version: number; otherVersion: number }) =>
    api.post<Family>(`/api/families/${id}/merge`, body),
};

export const personsApi = {
  search: (q: string, cursor?: string) => api.get<PersonSearchPage>('/api/persons', { q, cursor, limit: 20 }),
  update: (id: string, body: unknown) => api.patch<SavedPerson>(`/api/persons/${id}`, body),
  duplicates: (probe: DuplicateProbe) => api.post<Duplicates>('/api/persons/duplicates', probe),
  notDuplicate: (id: string, otherPersonId: string) => api.post(`/api/persons/${id}/not-duplicates`, { otherPersonId }),
  merge: (id: string, body: { otherPersonId: string; version: number; otherVersion: number }) =>
    api.post<Person>(`/api/persons/${id}/merge`, body),
};

export const importsApi = {
  templateUrl: (format: 'csv' | 'xlsx') => `/api/imports/families/template?format=${format}`,
  run: (file: File, dryRun: boolean, onProgress: (share: number) => void) =>
    upload<ImportReport>('/api/imports/families', file, { query: { dryRun }, onProgress }),
};
