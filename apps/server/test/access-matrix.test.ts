import { randomUUID } from 'node:crypto';
import { familyInstrument } from '@hamkor/domain';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VersionedTable } from '../src/db/versioned.ts';
import { multipart, PNG_BYTES } from '../src/modules/attachments/test-fixtures.ts';
import { openSecret } from '../src/modules/auth/totp.ts';
import { type PlanReferralFixtures, planReferralFixtures } from '../src/modules/referrals/test-fixtures.ts';
import { type Session, TEST_PASSWORD, useTestServer } from './harness.ts';

// A bot is configured, so the reminders' Telegram routes answer as on a server that has one (never contacted here).
process.env.HAMKOR_TELEGRAM_BOT_TOKEN ||= '1000:matrix';
process.env.HAMKOR_TELEGRAM_BOT_USERNAME ||= 'hamkor_matrix_bot';
process.env.HAMKOR_TELEGRAM_WEBHOOK_SECRET ||= 'matrix-webhook-secret';

/**
 * The authorisation matrix: every registered route, every demo role, allowed or denied (404).
 * A route registered without an entry here fails the build, so no endpoint escapes the policy.
 */
const ACCOUNTS = ['admin', 'supervisor', 'worker', 'worker2', 'ngo', 'agency', 'analyst'] as const;
type Account = (typeof ACCOUNTS)[number];

type Fixtures = {
  ids: Record<string, string>;
  /** An id the fixtures do not know (undefined) is a mistake in the matrix, and fails loudly. */
  version(table: VersionedTable, id: string | undefined): Promise<number>;
  unique(): string;
  /** A Shoʻrchi family registered by the demo worker, with two members. */
  shorchi: { familyId: string; personId: string; otherPersonId: string };
  /** A fresh Shoʻrchi family, for requests that use one up (merges). */
  family(): Promise<{ id: string; memberIds: string[] }>;
  /** A case opened by the demo worker for the Shoʻrchi family (supervised by `supervisor`), its task and a notification of worker's. */
  workerCase: { id: string; taskId: string; notificationId: string };
  /** A fresh case of the worker's, for requests that move it on; `closed` closes it first, `closing` requests closure (its approval id). */
  newCase(state?: 'intake' | 'closed'): Promise<string>;
  closureApproval(): Promise<string>;
  /** A fresh PNG attached by the demo worker to `workerCase`. */
  attachment(): Promise<string>;
  /** A draft assessment the demo worker started on a fresh case of theirs. */
  assessment(): Promise<string>;
  /** Consents, plans and referrals on the worker's cases; referrals go to the Shoʻrchi civil registry (`agency`). */
  referrals: PlanReferralFixtures;
  /**
   * Transfers to the Shoʻrchi civil registry, whose only account is a focal point (so only the system admin may
   * decide on them here): a fresh case of the worker's with a covering consent, a pending transfer, and a fresh
   * case shared with the NGO worker.
   */
  transfers: { sendable(): Promise<{ caseId: string; consentId: string }>; pending(): Promise<string>; sharedCase(): Promise<string> };
  /** A fresh tracing request of the Shoʻrchi Inson centre (opened by the demo worker) seeking the Shoʻrchi family's head. */
  tracing: { request(): Promise<string>; withMatch(): Promise<{ id: string; personId: string }> };
  /** A fresh child's kinship arrangement recorded by the demo worker (version 1). */
  careArrangement(): Promise<string>;
  /** The id of a second session of the account's (a random id for a stranger). */
  otherSession(account: Account | undefined): Promise<string>;
  /** The current code of the second factor the asker has just started to enrol (the entry before enrols). */
  totpCode(): Promise<string>;
  /** A fresh emergency access of the Denov worker to `workerCase`, waiting for its supervisor's review. */
  emergency(): Promise<string>;
  /** Retention: a fresh family whose only case closed 11 years ago, a drafted erasure proposal, a case under a legal hold. */
  retention: { dueFamily(): Promise<string>; proposal(): Promise<string>; heldCase(): Promise<string>; scheduleVersion(): Promise<number> };
  /** A fresh provider identity linked to the account (a random id for a stranger). */
  identity(account: Account | undefined): Promise<string>;
  /** The version of the asker's reminder settings (1 before they first chose). */
  reminderVersion(account: Account | undefined): Promise<number>;
};
type Entry = {
  /** 'public' routes answer without a session; the rest answer 401 to a stranger. */
  allow: readonly Account[] | 'everyone' | 'public';
  /** `account` is the one asking (none for a stranger), for requests about the asker's own things. */
  request(f: Fixtures, account?: Account): Promise<InjectOptions> | InjectOptions;
  /** The exact status of success; by default the one 2xx response the API document declares for the route. */
  ok?: number | ((account: Account) => number);
};

const STAFF: readonly Account[] = ['admin', 'supervisor', 'worker', 'worker2', 'ngo'];
/** Who reaches a case the demo worker works: the worker, their supervisor and the system admin. */
const CASE_TEAM: readonly Account[] = ['admin', 'supervisor', 'worker'];
/** A referral step of the receiving side succeeds for the agency; the sending side reaches it and gets 409. */
const receiverStep = (account: Account) => (account === 'agency' ? 200 : 409);
/** Cancelling is the sending side's step; the agency gets 409. */
const senderStep = (account: Account) => (account === 'agency' ? 409 : 200);

export const MATRIX: Record<string, Entry> = {
  'GET /api/health': { allow: 'public', request: () => ({ method: 'GET', url: '/api/health' }) },
  'GET /api/ready': { allow: 'public', request: () => ({ method: 'GET', url: '/api/ready' }) },
  // The document itself is hidden from the document.
  'GET /api/openapi.json': { allow: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/openapi.json' }) },
  'POST /api/auth/login': {
    allow: 'public',
    request: () => ({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker2', password: TEST_PASSWORD } }),
  },
  'POST /api/auth/logout': { allow: 'everyone', request: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  // Identity providers: none is configured for the matrix, so the flow routes answer 404 to everyone (their flows
  // are tested against a real provider in modules/oidc/oidc.test.ts).
  'GET /api/auth/providers': { allow: 'public', request: () => ({ method: 'GET', url: '/api/auth/providers' }) },
  'GET /api/auth/oidc/:provider/start': {
    allow: 'public',
    ok: 404,
    request: () => ({ method: 'GET', url: '/api/auth/oidc/keycloak/start' }),
  },
  'GET /api/auth/oidc/:provider/callback': {
    allow: 'public',
    ok: 404,
    request: () => ({ method: 'GET', url: '/api/auth/oidc/keycloak/callback?code=c&state=s' }),
  },
  'POST /api/auth/oidc/:provider/second-factor': {
    allow: 'public',
    ok: 404,
    request: () => ({ method: 'POST', url: '/api/auth/oidc/keycloak/second-factor', payload: { totp: '123456' } }),
  },
  'GET /api/auth/identities': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/auth/identities' }) },
  'DELETE /api/auth/identities/:id': {
    allow: 'everyone',
    request: async (f, account) => ({ method: 'DELETE', url: `/api/auth/identities/${await f.identity(account)}` }),
  },
  'GET /api/auth/session': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/auth/session' }) },
  'GET /api/me': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/me' }) },
  'PATCH /api/me': { allow: 'everyone', request: () => ({ method: 'PATCH', url: '/api/me', payload: { locale: 'uz-Latn' } }) },
  'GET /api/users': { allow: ['admin', 'supervisor'], request: () => ({ method: 'GET', url: '/api/users' }) },
  'GET /api/users/:id': { allow: ['admin', 'supervisor'], request: (f) => ({ method: 'GET', url: `/api/users/${f.ids.worker}` }) },
  'POST /api/users': {
    allow: ['admin'],
    request: (f) => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: `u${f.unique()}`,
        displayName: 'Test User',
        password: 'long-enough-1',
        organisationId: f.ids.inson,
        roles: ['social_worker'],
      },
    }),
  },
  'PATCH /api/users/:id': {
    allow: ['admin'],
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/users/${f.ids.worker2}`,
      payload: { version: await f.version('users', f.ids.worker2), displayName: 'Jasur Toshmatov' },
    }),
  },
  // One's own second factor, sessions and password: everyone's. Resetting another's factor or ending their
  // sessions is for their administrators (the Denov supervisor here, outside the matrix, so no matrix session ends).
  'GET /api/sessions': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/sessions' }) },
  'DELETE /api/sessions/:id': {
    allow: 'everyone',
    request: async (f, account) => ({ method: 'DELETE', url: `/api/sessions/${await f.otherSession(account)}` }),
  },
  'GET /api/auth/totp': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/auth/totp' }) },
  'POST /api/auth/totp/enrol': { allow: 'everyone', request: () => ({ method: 'POST', url: '/api/auth/totp/enrol' }) },
  'POST /api/auth/totp/confirm': {
    allow: 'everyone',
    request: async (f) => ({ method: 'POST', url: '/api/auth/totp/confirm', payload: { code: await f.totpCode() } }),
  },
  'DELETE /api/users/:id/totp': {
    allow: ['admin'],
    request: (f) => ({ method: 'DELETE', url: `/api/users/${f.ids['supervisor.denov']}/totp` }),
  },
  'DELETE /api/users/:id/sessions': {
    allow: ['admin'],
    request: (f) => ({ method: 'DELETE', url: `/api/users/${f.ids['supervisor.denov']}/sessions` }),
  },
  'POST /api/auth/password': {
    allow: 'everyone',
    // A wrong current password: a right one would end the account's other sessions, which the fixtures use. The
    // change itself is tested in modules/auth/password.test.ts.
    ok: 400,
    request: () => ({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not-the-password', newPassword: 'Oltin-kuz-daftari-2026' },
    }),
  },
  'GET /api/territories/regions': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/territories/regions' }) },
  'GET /api/territories/districts': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/territories/districts?region=1722' }),
  },
  'GET /api/territories/mahallas': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/territories/mahallas?district=1722226' }),
  },
  'POST /api/territories/mahallas': {
    allow: ['admin'],
    request: (f) => ({
      method: 'POST',
      url: '/api/territories/mahallas',
      payload: { code: `T-${f.unique()}`, districtCode: '1722226', name: { uz_latn: 'Sinov' } },
    }),
  },
  'PATCH /api/territories/mahallas/:id': {
    allow: ['admin'],
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/territories/mahallas/${f.ids.mahalla}`,
      payload: { version: await f.version('mahallas', f.ids.mahalla), active: true },
    }),
  },
  'POST /api/territories/mahallas/import': {
    allow: ['admin'],
    request: () => ({
      method: 'POST',
      url: '/api/territories/mahallas/import?district=1722226&dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: 'code,name_uz_latn\n1722226-090,Sinov\n',
    }),
  },
  'GET /api/organisations': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/organisations' }) },
  'GET /api/organisations/:id': { allow: 'everyone', request: (f) => ({ method: 'GET', url: `/api/organisations/${f.ids.inson}` }) },
  'POST /api/organisations': {
    allow: ['admin'],
    request: () => ({
      method: 'POST',
      url: '/api/organisations',
      payload: { name: 'Sinov maktabi', kind: 'school', districtCode: '1722226' },
    }),
  },
  'PATCH /api/organisations/:id': {
    allow: ['admin'],
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/organisations/${f.ids.school}`,
      payload: { version: await f.version('organisations', f.ids.school), phone: '+998 76 221 25 12' },
    }),
  },
  'GET /api/audit': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/audit?limit=5' }) },
  'GET /api/audit/verify': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/audit/verify' }) },
  // Break-the-glass is for those who work cases, on a record outside their reach (a family of another region here).
  'POST /api/access/emergency': {
    allow: ['supervisor', 'worker', 'worker2', 'ngo'],
    request: (f) => ({
      method: 'POST',
      url: '/api/access/emergency',
      payload: { entityType: 'family', entityId: f.ids.farFamily, reasonCode: 'other', reason: 'Tuman prokuraturasi soʻrovi' },
    }),
  },
  // Everyone sees their own openings (none, for most); the queue and the report filter by who asks.
  'GET /api/access/emergency': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/access/emergency?status=pending_review' }),
  },
  // The case's supervisor reviews it (or an auditor); nobody else, not even a system administrator.
  'POST /api/access/emergency/:id/review': {
    allow: ['supervisor'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/access/emergency/${await f.emergency()}/review`,
      payload: { outcome: 'justified', comment: 'Navbatchi toʻgʻri qildi' },
    }),
  },
  // Only its opener (the Denov worker, not in the matrix) ends an access.
  'POST /api/access/emergency/:id/end': {
    allow: [],
    request: async (f) => ({ method: 'POST', url: `/api/access/emergency/${await f.emergency()}/end` }),
  },
  // Retention: the schedule, what is due and proposals are the system administrators'; a legal hold is set by
  // whoever decides on the case (its supervisor here) or a system administrator.
  'GET /api/retention/schedule': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/retention/schedule' }) },
  'PUT /api/retention/schedule': {
    allow: ['admin'],
    request: async (f) => ({
      method: 'PUT',
      url: '/api/retention/schedule',
      payload: { items: [{ recordType: 'closed_case', years: 10, version: await f.retention.scheduleVersion() }] },
    }),
  },
  'GET /api/retention/due': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/retention/due' }) },
  'POST /api/retention/proposals': {
    allow: ['admin'],
    request: async (f) => ({ method: 'POST', url: '/api/retention/proposals', payload: { familyId: await f.retention.dueFamily() } }),
  },
  'GET /api/retention/proposals': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/retention/proposals' }) },
  'GET /api/retention/proposals/:id': {
    allow: ['admin'],
    request: async (f) => ({ method: 'GET', url: `/api/retention/proposals/${await f.retention.proposal()}` }),
  },
  'GET /api/retention/holds': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/retention/holds' }) },
  'GET /api/cases/:id/legal-hold': {
    allow: ['admin', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/legal-hold` }),
  },
  'POST /api/cases/:id/legal-hold': {
    allow: ['admin', 'supervisor'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/cases/${await f.newCase('closed')}/legal-hold`,
      payload: { reason: 'Sud soʻrovi' },
    }),
  },
  'DELETE /api/cases/:id/legal-hold': {
    allow: ['admin', 'supervisor'],
    request: async (f) => ({ method: 'DELETE', url: `/api/cases/${await f.retention.heldCase()}/legal-hold` }),
  },
  // Figures: the system admin nationally, the supervisor over the cases they may read, the analyst in aggregate.
  'GET /api/reports/:name': { allow: ['admin', 'supervisor', 'analyst'], request: () => ({ method: 'GET', url: '/api/reports/risk' }) },
  'GET /api/dashboards/worker': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/dashboards/worker' }) },
  'GET /api/dashboards/supervisor': { allow: ['supervisor'], request: () => ({ method: 'GET', url: '/api/dashboards/supervisor' }) },
  'GET /api/dashboards/manager': {
    allow: ['admin', 'supervisor', 'analyst'],
    request: () => ({ method: 'GET', url: '/api/dashboards/manager' }),
  },
  'GET /api/cases/:id/file.pdf': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/file.pdf` }) },
  'POST /api/families': {
    allow: STAFF,
    request: () => ({ method: 'POST', url: '/api/families', payload: familyPayload() }),
  },
  'GET /api/families': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/families?assignee=me' }) },
  'GET /api/families/:id': { allow: STAFF, request: (f) => ({ method: 'GET', url: `/api/families/${f.shorchi.familyId}` }) },
  'PATCH /api/families/:id': {
    allow: STAFF,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/families/${f.shorchi.familyId}`,
      payload: { version: await f.version('families', f.shorchi.familyId), phone: '+998 91 000 11 22' },
    }),
  },
  'POST /api/families/:id/members': {
    allow: STAFF,
    request: (f) => ({
      method: 'POST',
      url: `/api/families/${f.shorchi.familyId}/members`,
      payload: { surname: 'Sinovova', givenName: 'Laylo', sex: 'female', relationship: 'child', birthYear: 2020 },
    }),
  },
  'POST /api/families/:id/merge': {
    allow: ['admin', 'supervisor'],
    request: async (f) => {
      const [survivor, duplicate] = [await f.family(), await f.family()];
      return {
        method: 'POST',
        url: `/api/families/${survivor.id}/merge`,
        payload: { otherFamilyId: duplicate.id, version: 1, otherVersion: 1 },
      };
    },
  },
  'GET /api/persons': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/persons?q=Sinovov' }) },
  'PATCH /api/persons/:id': {
    allow: STAFF,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/persons/${f.shorchi.personId}`,
      payload: { version: await f.version('persons', f.shorchi.personId), birthYear: 1990 },
    }),
  },
  'POST /api/persons/duplicates': {
    allow: STAFF,
    request: () => ({ method: 'POST', url: '/api/persons/duplicates', payload: { surname: 'Sinovov', givenName: 'Alisher' } }),
  },
  'GET /api/persons/:id/duplicates': {
    allow: STAFF,
    request: (f) => ({ method: 'GET', url: `/api/persons/${f.shorchi.personId}/duplicates` }),
  },
  'POST /api/persons/:id/not-duplicates': {
    allow: STAFF,
    request: (f) => ({
      method: 'POST',
      url: `/api/persons/${f.shorchi.personId}/not-duplicates`,
      payload: { otherPersonId: f.shorchi.otherPersonId },
    }),
  },
  'POST /api/persons/:id/merge': {
    allow: ['admin', 'supervisor'],
    request: async (f) => {
      const [survivor, duplicate] = (await f.family()).memberIds;
      return { method: 'POST', url: `/api/persons/${survivor}/merge`, payload: { otherPersonId: duplicate, version: 1, otherVersion: 1 } };
    },
  },
  'POST /api/imports/families': {
    allow: ['admin', 'supervisor'],
    request: () => ({
      method: 'POST',
      url: '/api/imports/families?dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: [
        'family_ref,district_code,address,identification_source,surname,given_name,sex,relationship',
        'A1,1722226,Navbahor MFY,school,Sinovov,Alisher,male,head',
      ].join('\n'),
    }),
  },
  'POST /api/cases': {
    allow: STAFF,
    request: (f) => ({
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: f.shorchi.familyId, identificationSource: 'school', reason: 'Bola maktabga kelmayapti' },
    }),
  },
  'GET /api/cases': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/cases?assignee=me' }) },
  'GET /api/cases/:id': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}` }) },
  'POST /api/cases/:id/assign': {
    allow: ['admin', 'supervisor'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/cases/${f.workerCase.id}/assign`,
      payload: { userId: f.ids.worker, version: await f.version('cases', f.workerCase.id) },
    }),
  },
  'GET /api/staff': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/staff' }) },
  'POST /api/staff': {
    allow: ['admin', 'supervisor'],
    request: () => ({ method: 'POST', url: '/api/staff', payload: { displayName: 'Oydin Sattorova', languages: ['uz'] } }),
  },
  'GET /api/staff/:userId/profile': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/staff/${f.ids.worker}/profile` }) },
  'PUT /api/staff/:userId/profile': {
    allow: ['admin', 'worker'],
    request: async (f) => ({
      method: 'PUT',
      url: `/api/staff/${f.ids.worker}/profile`,
      payload: { version: await f.version('staff', f.ids.workerStaff), position: 'Ijtimoiy xodim', languages: ['uz', 'ru'] },
    }),
  },
  'GET /api/trainings': { allow: ['admin', 'supervisor'], request: () => ({ method: 'GET', url: '/api/trainings' }) },
  'POST /api/trainings': {
    allow: ['admin', 'supervisor'],
    request: () => ({
      method: 'POST',
      url: '/api/trainings',
      payload: {
        course: { title: 'Supervizya asoslari', topics: ['supervision'], hours: 16, organiser: 'UNICEF' },
        startDate: '2026-10-01',
        endDate: '2026-10-02',
        place: 'Termiz',
      },
    }),
  },
  'POST /api/trainings/:id/participants': {
    allow: ['admin', 'supervisor'],
    request: (f) => ({
      method: 'POST',
      url: `/api/trainings/${f.ids.training}/participants`,
      payload: { participants: [{ name: 'Laylo Ergasheva', preScore: 40, postScore: 75 }] },
    }),
  },
  'GET /api/supervision-sessions': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/supervision-sessions' }) },
  'POST /api/supervision-sessions': {
    allow: ['supervisor'],
    request: (f) => ({
      method: 'POST',
      url: '/api/supervision-sessions',
      payload: {
        workerIds: [f.ids.worker],
        date: '2026-11-02',
        minutes: 45,
        caseIds: [f.workerCase.id],
        topics: ['casework'],
        notes: 'Reja koʻrib chiqildi',
        actions: [{ title: 'Maktab bilan bogʻlanish', caseId: f.workerCase.id }],
      },
    }),
  },
  'GET /api/cases/:id/assignees': {
    allow: ['admin', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/assignees` }),
  },
  'POST /api/cases/:id/transition': {
    allow: CASE_TEAM,
    request: async (f) => {
      const id = await f.newCase();
      return { method: 'POST', url: `/api/cases/${id}/transition`, payload: { to: 'assessment', version: await f.version('cases', id) } };
    },
  },
  'POST /api/cases/:id/close': {
    allow: CASE_TEAM,
    request: async (f) => {
      const id = await f.newCase();
      const payload = { reason: 'moved_away', outcome: 'Oila Termiz shahriga koʻchib ketdi', version: await f.version('cases', id) };
      return { method: 'POST', url: `/api/cases/${id}/close`, payload };
    },
  },
  'POST /api/cases/:id/reopen': {
    allow: CASE_TEAM,
    request: async (f) => {
      const id = await f.newCase('closed');
      return {
        method: 'POST',
        url: `/api/cases/${id}/reopen`,
        payload: { reason: 'Oila qaytib keldi', version: await f.version('cases', id) },
      };
    },
  },
  'GET /api/cases/:id/timeline': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/timeline` }) },
  'POST /api/cases/:id/contacts': {
    allow: CASE_TEAM,
    request: (f) => ({
      method: 'POST',
      url: `/api/cases/${f.workerCase.id}/contacts`,
      payload: { kind: 'phone', date: '2026-01-15', text: 'Onasi bilan telefonda gaplashildi' },
    }),
  },
  'GET /api/cases/:id/contacts': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/contacts` }) },
  'POST /api/cases/:id/attachments': {
    allow: CASE_TEAM,
    request: (f) => ({
      method: 'POST',
      url: `/api/cases/${f.workerCase.id}/attachments`,
      ...multipart({ name: 'hujjat.png', type: 'image/png', data: PNG_BYTES }),
    }),
  },
  'GET /api/cases/:id/attachments': {
    allow: CASE_TEAM,
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/attachments` }),
  },
  'GET /api/attachments/:id/content': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'GET', url: `/api/attachments/${await f.attachment()}/content` }),
  },
  'POST /api/attachments/:id/archive': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'POST', url: `/api/attachments/${await f.attachment()}/archive`, payload: { version: 1 } }),
  },
  'POST /api/cases/:id/tasks': {
    allow: CASE_TEAM,
    request: (f) => ({
      method: 'POST',
      url: `/api/cases/${f.workerCase.id}/tasks`,
      payload: { title: 'Maktabga borish', dueDate: '2026-12-01' },
    }),
  },
  'GET /api/tasks': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/tasks?assignee=me&due=overdue' }) },
  'PATCH /api/tasks/:id': {
    allow: CASE_TEAM,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/tasks/${f.workerCase.taskId}`,
      payload: { version: await f.version('tasks', f.workerCase.taskId), dueDate: '2026-12-02' },
    }),
  },
  'GET /api/approvals': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/approvals?box=mine' }) },
  'POST /api/approvals/:id/decision': {
    allow: ['admin', 'supervisor'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/approvals/${await f.closureApproval()}/decision`,
      payload: { decision: 'return', comment: 'Yana bir uy tashrifi kerak' },
    }),
  },
  'GET /api/instruments': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/instruments' }) },
  'POST /api/instruments': {
    allow: ['admin'],
    request: (f) => ({
      method: 'POST',
      url: '/api/instruments',
      payload: { definition: { ...familyInstrument, key: `matrix_${f.unique()}` } },
    }),
  },
  'POST /api/cases/:id/assessments': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'POST', url: `/api/cases/${await f.newCase()}/assessments`, payload: {} }),
  },
  'GET /api/cases/:id/assessments': {
    allow: CASE_TEAM,
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/assessments` }),
  },
  'GET /api/assessments/:id': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'GET', url: `/api/assessments/${await f.assessment()}` }),
  },
  'PATCH /api/assessments/:id': {
    allow: CASE_TEAM,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/assessments/${await f.assessment()}`,
      payload: { version: 1, answers: { 'education.enrolment': 'all' } },
    }),
  },
  'POST /api/assessments/:id/submit': {
    allow: CASE_TEAM,
    request: async (f) => {
      const id = await f.assessment();
      return { method: 'POST', url: `/api/assessments/${id}/submit`, payload: { version: await f.version('assessments', id) } };
    },
  },
  'GET /api/cases/:id/screening': {
    allow: CASE_TEAM,
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/screening` }),
  },
  'PUT /api/cases/:id/screening': {
    allow: CASE_TEAM,
    request: async (f) => ({
      method: 'PUT',
      url: `/api/cases/${await f.newCase()}/screening`,
      payload: {
        version: null,
        answers: { 'screen.danger_now': 'no', 'screen.alone': 'no', 'screen.food_shelter': 'no', 'screen.health': 'no' },
      },
    }),
  },
  'GET /api/services': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/services?district=1722226&category=civil_registry' }),
  },
  'GET /api/services/:id': { allow: 'everyone', request: (f) => ({ method: 'GET', url: `/api/services/${f.referrals.service.id}` }) },
  'POST /api/services': {
    allow: ['admin'],
    request: (f) => ({
      method: 'POST',
      url: '/api/services',
      payload: { organisationId: f.referrals.registryId, name: 'Nikohni qayd etish', category: 'civil_registry' },
    }),
  },
  'PATCH /api/services/:id': {
    allow: ['admin'],
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/services/${f.referrals.service.id}`,
      payload: { version: await f.referrals.serviceVersion(), contactName: 'Qabul boʻlimi' },
    }),
  },
  'GET /api/cases/:id/consents': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/consents` }) },
  'POST /api/cases/:id/consents': {
    allow: CASE_TEAM,
    request: (f) => ({
      method: 'POST',
      url: `/api/cases/${f.workerCase.id}/consents`,
      payload: { givenByPersonId: f.shorchi.personId, scope: ['health'], date: '2026-01-12' },
    }),
  },
  'POST /api/consents/:id/withdraw': {
    allow: CASE_TEAM,
    request: async (f) => {
      const id = await f.referrals.consent();
      return { method: 'POST', url: `/api/consents/${id}/withdraw`, payload: { version: await f.version('consents', id) } };
    },
  },
  'GET /api/cases/:id/plans': { allow: CASE_TEAM, request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/plans` }) },
  'POST /api/cases/:id/plans': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'POST', url: `/api/cases/${await f.referrals.planningCase()}/plans`, payload: {} }),
  },
  'GET /api/plans/:id': { allow: CASE_TEAM, request: async (f) => ({ method: 'GET', url: `/api/plans/${(await f.referrals.plan()).id}` }) },
  'PATCH /api/plans/:id': {
    allow: CASE_TEAM,
    request: async (f) => {
      const plan = await f.referrals.plan();
      return { method: 'PATCH', url: `/api/plans/${plan.id}`, payload: { version: plan.version, summary: 'Hujjatlar' } };
    },
  },
  'POST /api/plans/:id/submit': {
    allow: CASE_TEAM,
    request: async (f) => {
      const plan = await f.referrals.plan();
      return { method: 'POST', url: `/api/plans/${plan.id}/submit`, payload: { version: plan.version } };
    },
  },
  'PATCH /api/plans/:id/actions/:actionId': {
    allow: CASE_TEAM,
    request: async (f) => {
      const plan = await f.referrals.plan('approved');
      return {
        method: 'PATCH',
        url: `/api/plans/${plan.id}/actions/${plan.actionId}`,
        payload: { status: 'done', version: plan.actionVersion },
      };
    },
  },
  'POST /api/referrals': {
    allow: CASE_TEAM,
    request: (f) => ({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        caseId: f.workerCase.id,
        toOrganisationId: f.referrals.registryId,
        reason: 'Guvohnoma yoʻq',
        consentId: f.referrals.consentId,
      },
    }),
  },
  // The receiving organisation reads its inbox; a step of the other side answers 409, not 404.
  'GET /api/referrals': { allow: [...STAFF, 'agency'], request: () => ({ method: 'GET', url: '/api/referrals?box=outbox' }) },
  'GET /api/referrals/:id': {
    allow: [...CASE_TEAM, 'agency'],
    request: async (f) => ({ method: 'GET', url: `/api/referrals/${await f.referrals.referral()}` }),
  },
  'POST /api/referrals/:id/accept': {
    allow: [...CASE_TEAM, 'agency'],
    ok: receiverStep,
    request: async (f) => {
      const id = await f.referrals.referral();
      return { method: 'POST', url: `/api/referrals/${id}/accept`, payload: { version: await f.version('referrals', id) } };
    },
  },
  'POST /api/referrals/:id/decline': {
    allow: [...CASE_TEAM, 'agency'],
    ok: receiverStep,
    request: async (f) => {
      const id = await f.referrals.referral();
      return {
        method: 'POST',
        url: `/api/referrals/${id}/decline`,
        payload: { reason: 'Boshqa tumanga tegishli', version: await f.version('referrals', id) },
      };
    },
  },
  'POST /api/referrals/:id/start': {
    allow: [...CASE_TEAM, 'agency'],
    ok: receiverStep,
    request: async (f) => {
      const id = await f.referrals.referral('accepted');
      return { method: 'POST', url: `/api/referrals/${id}/start`, payload: { version: await f.version('referrals', id) } };
    },
  },
  'POST /api/referrals/:id/complete': {
    allow: [...CASE_TEAM, 'agency'],
    ok: receiverStep,
    request: async (f) => {
      const id = await f.referrals.referral('accepted');
      return {
        method: 'POST',
        url: `/api/referrals/${id}/complete`,
        payload: { outcome: 'Guvohnoma berildi', version: await f.version('referrals', id) },
      };
    },
  },
  'POST /api/referrals/:id/cancel': {
    allow: [...CASE_TEAM, 'agency'],
    ok: senderStep,
    request: async (f) => {
      const id = await f.referrals.referral();
      return {
        method: 'POST',
        url: `/api/referrals/${id}/cancel`,
        payload: { reason: 'Oila koʻchib ketdi', version: await f.version('referrals', id) },
      };
    },
  },
  // Sending and sharing are the case's own staff's; deciding is the receiving organisation's supervisors' (see above).
  'POST /api/cases/:id/transfer': {
    allow: CASE_TEAM,
    request: async (f) => {
      const { caseId, consentId } = await f.transfers.sendable();
      return {
        method: 'POST',
        url: `/api/cases/${caseId}/transfer`,
        payload: { toOrganisationId: f.referrals.registryId, reason: 'Oila koʻchib ketdi', consentId },
      };
    },
  },
  'GET /api/transfers': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/transfers?box=outbox' }) },
  'GET /api/transfers/:id': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'GET', url: `/api/transfers/${await f.transfers.pending()}` }),
  },
  'POST /api/transfers/:id/accept': {
    allow: ['admin'],
    request: async (f) => ({ method: 'POST', url: `/api/transfers/${await f.transfers.pending()}/accept`, payload: {} }),
  },
  'POST /api/transfers/:id/return': {
    allow: ['admin'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/transfers/${await f.transfers.pending()}/return`,
      payload: { reason: 'Oila bu yerda yashamaydi' },
    }),
  },
  'GET /api/cases/:id/shares': {
    allow: CASE_TEAM,
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/shares` }),
  },
  'POST /api/cases/:id/shares': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'POST', url: `/api/cases/${await f.newCase()}/shares`, payload: { userId: f.ids.ngo } }),
  },
  'DELETE /api/cases/:id/shares/:userId': {
    allow: CASE_TEAM,
    request: async (f) => ({ method: 'DELETE', url: `/api/cases/${await f.transfers.sharedCase()}/shares/${f.ids.ngo}` }),
  },
  // Tracing: the case staff of the Inson centre (a tracing organisation) on its requests, and the system admin;
  // only staff open requests. The NGO, the agency and the analyst do not trace.
  'GET /api/tracing-requests': {
    allow: ['admin', 'supervisor', 'worker', 'worker2'],
    request: () => ({ method: 'GET', url: '/api/tracing-requests' }),
  },
  'POST /api/tracing-requests': {
    allow: ['supervisor', 'worker', 'worker2'],
    request: () => ({ method: 'POST', url: '/api/tracing-requests', payload: tracingPayload() }),
  },
  'GET /api/tracing-requests/:id': {
    allow: ['admin', 'supervisor', 'worker', 'worker2'],
    request: async (f) => ({ method: 'GET', url: `/api/tracing-requests/${await f.tracing.request()}` }),
  },
  'POST /api/tracing-requests/:id/steps': {
    allow: ['admin', 'supervisor', 'worker', 'worker2'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/tracing-requests/${await f.tracing.request()}/steps`,
      payload: { step: 'start', version: 1 },
    }),
  },
  'GET /api/tracing-requests/:id/matches': {
    allow: ['admin', 'supervisor', 'worker', 'worker2'],
    request: async (f) => ({ method: 'GET', url: `/api/tracing-requests/${await f.tracing.request()}/matches` }),
  },
  'POST /api/tracing-requests/:id/matches/:personId/verify': {
    allow: ['admin', 'supervisor', 'worker', 'worker2'],
    request: async (f) => ({
      method: 'POST',
      url: await f.tracing.withMatch().then(({ id, personId }) => `/api/tracing-requests/${id}/matches/${personId}/verify`),
      payload: { version: 1 },
    }),
  },
  // A child's care history follows the family's reach; residential organisations are tested in care.test.ts.
  'GET /api/persons/:id/care-arrangements': {
    allow: STAFF,
    request: (f) => ({ method: 'GET', url: `/api/persons/${f.shorchi.otherPersonId}/care-arrangements` }),
  },
  'POST /api/persons/:id/care-arrangements': {
    allow: STAFF,
    request: async (f) => ({
      method: 'POST',
      url: `/api/persons/${(await f.family()).memberIds[1]}/care-arrangements`,
      payload: { type: 'kinship', startDate: '2026-03-01', authority: 'Mahalla yigʻini', changeReason: 'labour_migration' },
    }),
  },
  'PATCH /api/care-arrangements/:id': {
    allow: STAFF,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/care-arrangements/${await f.careArrangement()}`,
      payload: { version: 1, documentRef: 'Mahalla dalolatnomasi' },
    }),
  },
  'GET /api/care-arrangements': { allow: STAFF, request: () => ({ method: 'GET', url: '/api/care-arrangements' }) },
  'GET /api/cases/:id/gatekeeping': {
    allow: CASE_TEAM,
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/gatekeeping` }),
  },
  'POST /api/cases/:id/gatekeeping': {
    allow: CASE_TEAM,
    request: async (f) => ({
      method: 'POST',
      url: `/api/cases/${await f.newCase()}/gatekeeping`,
      payload: {
        childId: f.shorchi.otherPersonId,
        proposedType: 'mehribonlik_home',
        emergency: false,
        optionsConsidered: ['support_at_home', 'kinship_care', 'guardianship', 'foster_family'].map((option) => ({ option, why: 'Sinov' })),
      },
    }),
  },
  'GET /api/notifications': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/notifications' }) },
  'POST /api/notifications/:id/read': {
    allow: ['worker'],
    request: (f) => ({ method: 'POST', url: `/api/notifications/${f.workerCase.notificationId}/read` }),
  },
  // Case staff write to the supervisor set on their account; without one (a supervisor, the NGO's worker) it is 409.
  'POST /api/notifications/supervisor-note': {
    allow: ['supervisor', 'worker', 'worker2', 'ngo'],
    ok: (account) => (account === 'worker' || account === 'worker2' ? 201 : 409),
    request: (f) => ({
      method: 'POST',
      url: '/api/notifications/supervisor-note',
      payload: { text: 'Tashrif qayd etilmadi', caseId: f.workerCase.id },
    }),
  },
  // Each command is checked by its own use case and answered in the results; the push itself is open to every user.
  'POST /api/sync/push': {
    allow: 'everyone',
    request: (f) => ({
      method: 'POST',
      url: '/api/sync/push',
      payload: {
        deviceId: 'matrix',
        commands: [
          {
            commandId: randomUUID(),
            type: 'contact.record',
            entityId: randomUUID(),
            baseVersion: null,
            payload: { caseId: f.workerCase.id, kind: 'phone_call', date: '2026-11-30', text: 'Qoʻngʻiroq qilindi' },
          },
        ],
      },
    }),
  },
  'GET /api/sync/pull': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/sync/pull?limit=5' }) },
  'GET /api/sync/conflicts': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/sync/conflicts' }) },
  // A conflict is its author's alone; whose it is, is tested with the sync endpoints.
  'POST /api/sync/conflicts/:id/resolve': {
    allow: [],
    request: () => ({ method: 'POST', url: `/api/sync/conflicts/${randomUUID()}/resolve`, payload: { choices: { notes: 'mine' } } }),
  },
  'GET /api/imports/families/template': {
    allow: ['admin', 'supervisor'],
    request: () => ({ method: 'GET', url: '/api/imports/families/template?format=csv' }),
  },
  // One's own reminders: everyone's. The webhook is Telegram's, authenticated by its secret header.
  'GET /api/me/reminders': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/me/reminders' }) },
  'PUT /api/me/reminders': {
    allow: 'everyone',
    request: async (f, account) => ({
      method: 'PUT',
      url: '/api/me/reminders',
      payload: { channel: 'none', version: await f.reminderVersion(account) },
    }),
  },
  'POST /api/me/reminders/telegram-link': {
    allow: 'everyone',
    request: () => ({ method: 'POST', url: '/api/me/reminders/telegram-link' }),
  },
  'DELETE /api/me/reminders/telegram-link': {
    allow: 'everyone',
    request: () => ({ method: 'DELETE', url: '/api/me/reminders/telegram-link' }),
  },
  'POST /api/telegram/webhook': {
    allow: 'public',
    request: () => ({
      method: 'POST',
      url: '/api/telegram/webhook',
      headers: { 'x-telegram-bot-api-secret-token': 'matrix-webhook-secret' },
      payload: { update_id: 1, message: { text: '/start unknown-code', chat: { id: 42 } } },
    }),
  },
  // Reaching the case is the policy's; the family of the worker's case never consented to reminders, so 409.
  'POST /api/cases/:id/appointments': {
    allow: CASE_TEAM,
    ok: 409,
    request: (f) => ({
      method: 'POST',
      url: `/api/cases/${f.workerCase.id}/appointments`,
      payload: { personId: f.shorchi.personId, at: '2099-01-10T10:00:00+05:00', place: 'Inson markazi', phone: '+998901112233' },
    }),
  },
  'GET /api/cases/:id/appointments': {
    allow: CASE_TEAM,
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.workerCase.id}/appointments` }),
  },
  'GET /api/reminders/deliveries': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/reminders/deliveries' }) },
};

/** A tracing request for the father of the household below, with the child's consent. */
function tracingPayload() {
  return {
    sought: { surname: 'Sinovov', givenName: 'Alisher', sex: 'male', approxAge: 41 },
    consent: { given: true, givenBy: 'child', date: '2026-01-10' },
  };
}
/** A small Shoʻrchi household: a father and his son. */
function familyPayload() {
  return {
    districtCode: '1722226',
    mahallaCode: '1722226-001',
    address: 'Navbahor MFY, Sinov koʻchasi, 1-uy',
    identificationSource: 'mahalla_social_worker',
    members: [
      { surname: 'Sinovov', givenName: 'Alisher', sex: 'male', relationship: 'head', birthDate: '1985-04-01' },
      { surname: 'Sinovov', givenName: 'Bobur', sex: 'male', relationship: 'child', birthDate: '2012-09-15' },
    ],
  };
}

export { STAFF };

describe('authorisation matrix', () => {
  const server = useTestServer();
  const sessions = {} as Record<Account, Session>;
  let fixtures: Fixtures;
  let document: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  /** The status an allowed request must get: the entry's own, or the only 2xx the route declares. */
  const success = (key: string, account?: Account): number => {
    const explicit = MATRIX[key]?.ok;
    if (typeof explicit === 'function' && account) return explicit(account);
    if (typeof explicit === 'number') return explicit;
    const [method = '', url = ''] = key.split(' ');
    const responses = document.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.responses ?? {};
    const declared = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
    if (declared.length !== 1) throw new Error(`${key} declares ${declared.length} success statuses: give its entry an \`ok\``);
    return Number(declared[0]);
  };

  beforeAll(async () => {
    document = server.app.swagger() as typeof document;
    let counter = 0;
    const users = await server.db.selectFrom('users').select(['id', 'username']).execute();
    const orgs = await server.db.selectFrom('organisations').select(['id', 'kind', 'district_code']).execute();
    const mahalla = await server.db.selectFrom('mahallas').select('id').where('code', '=', '1722226-001').executeTakeFirstOrThrow();
    const ids: Record<string, string> = Object.fromEntries(users.map((u) => [u.username, u.id]));
    ids.inson = orgs.find((o) => o.kind === 'inson_centre' && o.district_code === '1722226')?.id ?? '';
    ids.school = orgs.find((o) => o.kind === 'school')?.id ?? '';
    ids.mahalla = mahalla.id;
    const staffOf = await server.db
      .selectFrom('staff')
      .select('id')
      .where('user_id', '=', ids.worker ?? '')
      .executeTakeFirst();
    ids.workerStaff = staffOf?.id ?? '';
    const training = await server.db.selectFrom('training_events').select('id').where('organisation_id', '=', ids.inson).executeTakeFirst();
    ids.training = training?.id ?? '';
    // A family outside Surxondaryo: out of every matrix account's reach.
    ids.farFamily = (
      await server.db.selectFrom('families').select('id').where('region_code', '<>', '1722').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    const worker = await server.login('worker');
    const family = async () => {
      const body = (await server.as(worker, { method: 'POST', url: '/api/families', payload: familyPayload() })).json();
      return { id: body.id as string, memberIds: body.members.map((member: { id: string }) => member.id) as string[] };
    };
    const shorchi = await family();
    const newCase = async (state: 'intake' | 'closed' = 'intake') => {
      const payload = { familyId: shorchi.id, identificationSource: 'mahalla_seven', reason: 'Oila qiyin ahvolda' };
      const id = (await server.as(worker, { method: 'POST', url: '/api/cases', payload })).json().id as string;
      if (state === 'closed')
        await server.db.updateTable('cases').set({ status: 'closed', closed_at: new Date() }).where('id', '=', id).execute();
      return id;
    };
    const closureApproval = async () => {
      const id = await newCase();
      const payload = { reason: 'goals_achieved', outcome: 'Bolalar maktabga qaytdi', version: await server.versionOf('cases', id) };
      await server.as(worker, { method: 'POST', url: `/api/cases/${id}/close`, payload });
      return (await server.db.selectFrom('approvals').select('id').where('case_id', '=', id).executeTakeFirstOrThrow()).id;
    };
    const workerCaseId = await newCase();
    const task = await server.db.selectFrom('tasks').select('id').where('case_id', '=', workerCaseId).executeTakeFirstOrThrow();
    const supervisor = await server.login('supervisor');
    const assign = { userId: ids.worker, version: await server.versionOf('cases', workerCaseId) };
    await server.as(supervisor, { method: 'POST', url: `/api/cases/${workerCaseId}/assign`, payload: assign });
    const notification = await server.db
      .selectFrom('notifications')
      .select('id')
      .where('case_id', '=', workerCaseId)
      .where('user_id', '=', ids.worker ?? '')
      .executeTakeFirstOrThrow();
    const assessment = async () => {
      const caseId = await newCase();
      // Every domain answered, as submission needs.
      const answers = {
        'safety.violence': 'none',
        'health.care': 'regular',
        'education.enrolment': 'all',
        'living.housing': 'good',
        'income.employment': 'stable',
        'documents.id_cards': 'all',
        'family.relationships': 'warm',
        'migration.absent_parent': 'no',
        'wellbeing.carer': 'good',
        'support.relatives': 'strong',
      };
      return (await server.as(worker, { method: 'POST', url: `/api/cases/${caseId}/assessments`, payload: { answers } })).json()
        .id as string;
    };
    const attachment = async () => {
      const body = multipart({ name: 'hujjat.png', type: 'image/png', data: PNG_BYTES });
      const response = await server.as(worker, { method: 'POST', url: `/api/cases/${workerCaseId}/attachments`, ...body });
      return response.json().id as string;
    };
    const referrals = await planReferralFixtures(server, worker, {
      caseId: workerCaseId,
      personId: shorchi.memberIds[0] ?? '',
      workerId: ids.worker ?? '',
      newCase,
    });
    const sendable = async () => {
      const caseId = await newCase();
      const [givenBy, ...others] = shorchi.memberIds;
      const payload = { givenByPersonId: givenBy, onBehalfOfPersonIds: others, scope: [referrals.registryId], date: '2026-01-10' };
      const consent = await server.as(worker, { method: 'POST', url: `/api/cases/${caseId}/consents`, payload });
      return { caseId, consentId: consent.json().id as string };
    };
    const transfers = {
      sendable,
      pending: async () => {
        const { caseId, consentId } = await sendable();
        const payload = { toOrganisationId: referrals.registryId, reason: 'Oila koʻchib ketdi', consentId };
        return (await server.as(worker, { method: 'POST', url: `/api/cases/${caseId}/transfer`, payload })).json().id as string;
      },
      sharedCase: async () => {
        const caseId = await newCase();
        await server.as(worker, { method: 'POST', url: `/api/cases/${caseId}/shares`, payload: { userId: ids.ngo } });
        return caseId;
      },
    };
    const denov = await server.login('worker.denov');
    const emergency = async () => {
      const payload = { entityType: 'case', entityId: workerCaseId, reasonCode: 'immediate_danger', reason: 'Tungi navbatchilik' };
      return (await server.as(denov, { method: 'POST', url: '/api/access/emergency', payload })).json().id as string;
    };
    const otherSession = async (account: Account | undefined) => {
      if (!account) return randomUUID();
      const { userId } = await server.login(account);
      const latest = await server.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return latest.id;
    };
    const totpCode = async () => {
      const pending = await server.db
        .selectFrom('user_totp')
        .select('secret_sealed')
        .where('confirmed_at', 'is', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!pending) return '000000';
      return new TOTP({ secret: Secret.fromBase32(await openSecret(server.db, pending.secret_sealed)) }).generate();
    };
    const careArrangement = async () => {
      const child = (await family()).memberIds[1];
      const payload = { type: 'kinship', startDate: '2026-03-01', authority: 'Mahalla yigʻini', changeReason: 'labour_migration' };
      return (await server.as(worker, { method: 'POST', url: `/api/persons/${child}/care-arrangements`, payload })).json().id as string;
    };
    const tracing = {
      request: async () =>
        (await server.as(worker, { method: 'POST', url: '/api/tracing-requests', payload: tracingPayload() })).json().id as string,
      withMatch: async () => {
        const id = await tracing.request();
        const matches = await server.as(worker, { method: 'GET', url: `/api/tracing-requests/${id}/matches` });
        return { id, personId: matches.json().items[0].personId as string };
      },
    };
    const reminderVersion = async (account: Account | undefined) => {
      const row = await server.db
        .selectFrom('reminder_settings')
        .select('version')
        .where('user_id', '=', (account && ids[account]) ?? randomUUID())
        .executeTakeFirst();
      return row?.version ?? 1;
    };
    const identity = async (account: Account | undefined) => {
      const userId = account && ids[account];
      if (!userId) return randomUUID();
      const row = await server.db
        .insertInto('user_identities')
        .values({ user_id: userId, provider: 'keycloak', subject: randomUUID() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const retention = {
      scheduleVersion: async () =>
        (
          await server.db
            .selectFrom('retention_schedule')
            .select('version')
            .where('record_type', '=', 'closed_case')
            .executeTakeFirstOrThrow()
        ).version,
      dueFamily: async () => {
        const { id } = await family();
        await sql`UPDATE families SET updated_at = now() - interval '11 years' WHERE id = ${id}`.execute(server.db);
        return id;
      },
      proposal: async () => {
        const id = randomUUID();
        const familyId = await retention.dueFamily();
        const items = JSON.stringify({
          familyId,
          cases: [],
          counts: { families: 1 },
          attachments: 0,
          lastActivityAt: new Date().toISOString(),
        });
        await server.db
          .insertInto('erasure_proposals')
          .values({ id, family_id: familyId, region_code: '1722', status: 'drafted', items })
          .execute();
        return id;
      },
      heldCase: async () => {
        const caseId = await newCase('closed');
        await server.db
          .insertInto('legal_holds')
          .values({ id: randomUUID(), case_id: caseId, reason: 'Sud soʻrovi', set_by: ids.supervisor ?? '' })
          .execute();
        return caseId;
      },
    };
    fixtures = {
      retention,
      identity,
      reminderVersion,
      careArrangement,
      otherSession,
      totpCode,
      emergency,
      referrals,
      transfers,
      tracing,
      attachment,
      assessment,
      workerCase: { id: workerCaseId, taskId: task.id, notificationId: notification.id },
      newCase,
      closureApproval,
      shorchi: { familyId: shorchi.id, personId: shorchi.memberIds[0] ?? '', otherPersonId: shorchi.memberIds[1] ?? '' },
      family,
      ids,
      unique: () => `${Date.now().toString(36)}${counter++}`,
      version: async (table, id) => {
        if (!id) throw new Error(`the matrix asks for the version of an unknown ${table} record`);
        return server.versionOf(table, id);
      },
    };
  });

  /** Rows in the tables a request writes to, and audit events: a repeat that writes anything changes it. */
  const writes = async () => {
    const tables = ['audit_events', 'families', 'persons', 'cases', 'contacts', 'attachments', 'tasks', 'approvals', 'notifications'];
    tables.push('case_events', 'assessments', 'plans', 'consents', 'referrals', 'services', 'organisations', 'users', 'mahallas');
    tables.push('case_transfers', 'case_shares');
    tables.push('tracing_requests');
    tables.push('care_arrangements');
    const counts = await Promise.all(
      tables.map((table) => sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(server.db)),
    );
    return counts.reduce((sum, result) => sum + (result.rows[0]?.n ?? 0), 0);
  };

  it('has an entry for every registered route, and no entry for a route that does not exist', () => {
    const registered = server.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((key) => !(key in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !registered.includes(key))).toEqual([]);
  });

  it('answers 401 to a stranger on every route that is not public', async () => {
    for (const [key, entry] of Object.entries(MATRIX)) {
      const response = await server.as(null, await entry.request(fixtures));
      if (entry.allow === 'public') expect(response.statusCode, `${key}: ${response.body}`).toBe(success(key));
      else expect(response.statusCode, key).toBe(401);
    }
  });

  for (const account of ACCOUNTS) {
    it(`lets ${account} through exactly where the matrix allows, and answers 404 elsewhere`, async () => {
      sessions[account] ??= await server.login(account);
      const wrong: string[] = [];
      for (const [key, entry] of Object.entries(MATRIX)) {
        if (entry.allow === 'public' || key === 'POST /api/auth/logout') continue;
        const allowed = entry.allow === 'everyone' || entry.allow.includes(account);
        const request = await entry.request(fixtures, account);
        // Every POST but signing in and out is sent with an Idempotency-Key, and an allowed one is repeated below.
        // Sync takes none: each command a device pushes carries its own id (tested with the sync endpoints).
        const idempotent = key.startsWith('POST ') && !key.startsWith('POST /api/auth/') && !key.startsWith('POST /api/sync/');
        if (idempotent) request.headers = { ...request.headers, 'idempotency-key': randomUUID() };
        const response = await server.as(sessions[account], request);
        // Allowed means served with the route's own success status: a crash or a refusal is as wrong as a leak.
        const expected = allowed ? success(key, account) : 404;
        if (response.statusCode !== expected)
          wrong.push(`${key}: ${response.statusCode} instead of ${expected} ${response.body.slice(0, 300)}`);
        else if (allowed && idempotent) {
          // The repeat gets the first answer and writes nothing: not a record, not an audit event.
          const before = await writes();
          const repeat = await server.as(sessions[account], request);
          const after = await writes();
          if (repeat.statusCode !== response.statusCode || repeat.body !== response.body || after !== before)
            wrong.push(`${key} repeated with its Idempotency-Key: ${repeat.statusCode}, ${after - before} rows written`);
        }
      }
      expect(wrong, account).toEqual([]);
    });
  }

  it('lets everyone sign out', async () => {
    // The matrix turned each account's second factor on: signing in again needs none.
    await server.db.deleteFrom('totp_recovery_codes').execute();
    await server.db.deleteFrom('user_totp').execute();
    for (const account of ACCOUNTS) {
      const session = await server.login(account);
      expect((await server.as(session, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    }
  });
});
