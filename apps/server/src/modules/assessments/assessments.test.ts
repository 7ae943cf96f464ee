import type { InstrumentDefinition } from '@hamkor/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { TURSUNOVA_ANSWERS as TURSUNOVA } from './test-fixtures.ts';

type Assessment = {
  id: string;
  version: number;
  status: string;
  answers: Record<string, string>;
  riskLevel: string;
  category: string;
  reasons: { kind: string; domain?: string }[];
  domainScores: Record<string, { score: number | null; rating: string | null }>;
};

describe('assessments', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let supervisor: Session;
  let admin: Session;
  let caseId: string;

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const patch = (session: Session, url: string, payload: object) => server.as(session, { method: 'PATCH', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const pendingApprovals = async () =>
    (await get(supervisor, '/api/approvals?status=pending&limit=100')).json().items as { id: string; kind: string; caseId: string }[];
  const decide = async (kind: string, decision: 'approve' | 'return' = 'approve') => {
    const approval = (await pendingApprovals()).find((a) => a.caseId === caseId && a.kind === kind);
    if (!approval) throw new Error(`no pending ${kind} approval`);
    const response = await post(supervisor, `/api/approvals/${approval.id}/decision`, { decision, comment: 'Qayta koʻrib chiqing' });
    expect(response.statusCode, response.body).toBe(200);
  };
  const submit = async (id: string) => {
    const response = await post(worker, `/api/assessments/${id}/submit`, { version: await server.versionOf('assessments', id) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Assessment;
  };

  beforeAll(async () => {
    [worker, worker2, supervisor, admin] = [
      await server.login('worker'),
      await server.login('worker2'),
      await server.login('supervisor'),
      await server.login('admin'),
    ];
    const found = (await get(worker, '/api/cases?q=Tursunova&status=assessment')).json().items as { id: string }[];
    caseId = found[0]?.id ?? '';
  });

  it('lists the default instrument’s two versions in four languages, and lets only admins load a new version', async () => {
    const list = (await get(worker, '/api/instruments')).json().items as {
      id: string;
      key: string;
      version: number;
      definition: InstrumentDefinition;
    }[];
    const family = list.find((i) => i.key === 'family');
    expect(family).toMatchObject({ version: 2 });
    expect(list.filter((i) => i.key === 'family').map((i) => i.version)).toEqual([2, 1]);
    expect(family?.definition.domains).toHaveLength(10);
    expect(Object.keys(family?.definition.title ?? {})).toEqual(expect.arrayContaining(['uz-Latn', 'uz-Cyrl', 'ru', 'en']));
    expect((await post(worker, '/api/instruments', { definition: family?.definition })).statusCode).toBe(404);
    const bad = await post(admin, '/api/instruments', { definition: { ...family?.definition, domains: [] } });
    expect(bad.statusCode).toBe(400);
    const next = await post(admin, '/api/instruments', { definition: { ...family?.definition, key: 'family_pilot' } });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json()).toMatchObject({ key: 'family_pilot', version: 1 });
    const again = await post(admin, '/api/instruments', { definition: { ...family?.definition, key: 'family_pilot' } });
    expect(again.json().version).toBe(2);
  });

  it('assesses the Tursunovs: documents and income are serious problems, the risk comes with its reasons, approval moves the case to planning', async () => {
    const history = (await get(worker, `/api/cases/${caseId}/assessments`)).json().items as { id: string; status: string }[];
    expect(history).toHaveLength(1);
    const draftId = history[0]?.id ?? '';
    const draft = (await get(worker, `/api/assessments/${draftId}`)).json() as Assessment;
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    expect(draft.domainScores.documents_legal?.rating).toBe('serious_problem');

    // Saving as you go: partial answers merge, a stale version is refused.
    const saved = await patch(worker, `/api/assessments/${draftId}`, {
      version: 1,
      answers: TURSUNOVA,
      needs: { documents_legal: 'Bekzodga guvohnoma olish' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await patch(worker, `/api/assessments/${draftId}`, { version: 1, answers: {} })).statusCode).toBe(409);
    const unknown = await patch(worker, `/api/assessments/${draftId}`, { version: 2, answers: { 'safety.violence': 'maybe' } });
    expect(unknown.statusCode).toBe(400);

    expect(
      (await post(worker, `/api/cases/${caseId}/transition`, { to: 'planning', version: await server.versionOf('cases', caseId) })).json()
        .error.code,
    ).toBe('approval_required');
    const result = await submit(draftId);
    expect(result.status).toBe('submitted');
    expect(result.domainScores.documents_legal?.rating).toBe('serious_problem');
    expect(result.domainScores.income_employment?.rating).toBe('serious_problem');
    expect(result.domainScores.migration_contact?.rating).toBe('serious_problem');
    expect(result).toMatchObject({ riskLevel: 'high', category: 'red' });
    expect(result.reasons.filter((r) => r.kind === 'serious_problem').map((r) => r.domain)).toEqual(
      expect.arrayContaining(['documents_legal', 'income_employment']),
    );
    expect((await patch(worker, `/api/assessments/${draftId}`, { version: result.version, answers: {} })).json().error.code).toBe(
      'assessment_not_editable',
    );

    await decide('assessment');
    const theCase = (await get(worker, `/api/cases/${caseId}`)).json();
    expect(theCase.riskLevel).toBe('high');
    // High risk sets the first contact within 72 hours, on the worker's list.
    const firstContact = ((await get(worker, `/api/tasks?caseId=${caseId}`)).json().items as { deadline: string; dueAt: string }[]).find(
      (t) => t.deadline === 'first_contact',
    );
    expect(firstContact).toBeDefined();
    const hoursAhead = (Date.parse(firstContact?.dueAt ?? '') - Date.now()) / 3_600_000;
    expect(hoursAhead).toBeGreaterThan(71);
    expect(hoursAhead).toBeLessThanOrEqual(72);
    const moved = await post(worker, `/api/cases/${caseId}/transition`, {
      to: 'planning',
      version: await server.versionOf('cases', caseId),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().status).toBe('planning');
    const kinds = ((await get(worker, `/api/cases/${caseId}/timeline?limit=100`)).json().items as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['assessment.created', 'assessment.submitted', 'approval.requested', 'assessment.approved']),
    );
    const audit = await server.db.selectFrom('audit_events').select(['action', 'details']).where('entity_id', '=', draftId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['assessment.read', 'assessment.update', 'assessment.submit']));
    expect(JSON.stringify(audit)).not.toContain('Bekzod');
  });

  it('prefills a reassessment from the last approved one and shows the change per domain', async () => {
    const started = await post(worker, `/api/cases/${caseId}/assessments`, {});
    expect(started.statusCode, started.body).toBe(201);
    const second = started.json() as Assessment;
    expect(second.answers).toEqual(TURSUNOVA);
    expect((await post(worker, `/api/cases/${caseId}/assessments`, {})).json().error.code).toBe('assessment_in_progress');
    const saved = await patch(worker, `/api/assessments/${second.id}`, {
      version: second.version,
      answers: { 'documents.birth_certificates': 'all', 'income.employment': 'casual', 'income.sufficiency': 'barely' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const result = await submit(second.id);
    expect(result.domainScores.documents_legal?.rating).toBe('clear_strength');
    await decide('assessment');
    const history = (await get(worker, `/api/cases/${caseId}/assessments`)).json().items as {
      id: string;
      domainScores: Record<string, { score: number }>;
      change: Record<string, number | null> | null;
    }[];
    expect(history.map((h) => h.id)[0]).toBe(second.id);
    expect(history[0]?.change).toMatchObject({ documents_legal: -3, income_employment: -1, migration_contact: 0 });
    expect(history.at(-1)?.change).toBeNull();
    expect((await get(worker, `/api/cases/${caseId}`)).json().riskLevel).toBe('medium');
  });

  it('overrides the level only with a reason, through a risk_override approval', async () => {
    const third = (await post(worker, `/api/cases/${caseId}/assessments`, {})).json() as Assessment;
    const noReason = await patch(worker, `/api/assessments/${third.id}`, { version: third.version, overrideRisk: 'high' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([expect.objectContaining({ path: 'overrideReason', code: 'override_reason_required' })]);
    const withReason = await patch(worker, `/api/assessments/${third.id}`, {
      version: third.version,
      overrideRisk: 'high',
      overrideReason: 'Ota qaytishi kutilmoqda, ona kasal',
    });
    expect(withReason.statusCode, withReason.body).toBe(200);
    const cleared = await patch(worker, `/api/assessments/${third.id}`, { version: withReason.json().version, overrideReason: '' });
    expect(cleared.json().error.fields[0].code).toBe('override_reason_required');
    const result = await submit(third.id);
    expect(result).toMatchObject({ riskLevel: 'medium', overrideRisk: 'high', overrideStatus: 'pending', effectiveRisk: 'medium' });
    const kinds = (await pendingApprovals()).filter((a) => a.caseId === caseId).map((a) => a.kind);
    expect(kinds.sort()).toEqual(['assessment', 'risk_override']);
    await decide('risk_override');
    await decide('assessment');
    expect((await get(worker, `/api/cases/${caseId}`)).json().riskLevel).toBe('high');
    expect((await get(worker, `/api/assessments/${third.id}`)).json()).toMatchObject({ status: 'approved', effectiveRisk: 'high' });
    const audit = await server.db.selectFrom('audit_events').select('details').where('entity_id', '=', third.id).execute();
    expect(JSON.stringify(audit)).not.toContain('kasal');
  });

  it('is forced to critical by an immediate danger; a returned assessment goes back to the worker', async () => {
    const household = {
      districtCode: '1722226',
      mahallaCode: '1722226-003',
      address: 'Bogʻishamol MFY, 7-uy',
      identificationSource: 'police',
      members: [{ surname: 'Qodirova', givenName: 'Malika', sex: 'female', relationship: 'head', birthDate: '1990-01-01' }],
    };
    const family = (await post(worker, '/api/families', household)).json();
    const opened = (
      await post(worker, '/api/cases', { familyId: family.id, identificationSource: 'police', reason: 'Bola yolgʻiz' })
    ).json();
    caseId = opened.id;
    const started = await post(worker, `/api/cases/${caseId}/assessments`, { answers: { 'safety.supervision': 'alone_now' } });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ riskLevel: 'critical', category: 'red', answers: { 'safety.supervision': 'alone_now' } });
    expect((started.json() as Assessment).reasons[0]).toMatchObject({ kind: 'immediate_danger', domain: 'safety_protection' });
    expect((await get(worker2, `/api/assessments/${started.json().id}`)).statusCode).toBe(404);
    expect((await post(worker2, `/api/cases/${caseId}/assessments`, {})).statusCode).toBe(404);
    // The child is taken to safety first: the other domains wait, marked with the reason.
    const rest = Object.keys(started.json().domainScores).filter((key) => key !== 'safety_protection');
    const marked = await patch(worker, `/api/assessments/${started.json().id}`, {
      version: started.json().version,
      notAssessed: Object.fromEntries(rest.map((key) => [key, { reason: 'other', note: 'Bola xavfsiz joyga olib ketildi' }])),
    });
    expect(marked.statusCode, marked.body).toBe(200);
    const result = await submit(started.json().id);
    expect(result).toMatchObject({ riskLevel: 'critical', incomplete: true });
    await decide('assessment', 'return');
    const returned = (await get(worker, `/api/assessments/${result.id}`)).json();
    expect(returned).toMatchObject({ status: 'returned', returnComment: 'Qayta koʻrib chiqing' });
    const reworked = (await patch(worker, `/api/assessments/${result.id}`, { version: returned.version, answers: {} })).json();
    expect(reworked).toMatchObject({ status: 'draft', returnComment: 'Qayta koʻrib chiqing' });
    const events = (await get(worker, `/api/cases/${caseId}/timeline?limit=100`)).json().items as { kind: string; details: object }[];
    expect(events.find((e) => e.kind === 'approval.returned')?.details).toMatchObject({
      approvalKind: 'assessment',
      comment: 'Qayta koʻrib chiqing',
    });
  });

  it('approves at once where approval gates are off, and refuses writes to a closed case', async () => {
    await server.db.updateTable('organisations').set({ approval_gates: false }).where('id', '=', worker.organisationId).execute();
    try {
      expect((await post(worker, `/api/cases/${caseId}/assessments`, {})).json().error.code).toBe('assessment_in_progress');
      const open = (await get(worker, `/api/cases/${caseId}/assessments`)).json().items[0];
      const result = await submit(open.id);
      expect(result.status).toBe('approved');
      expect((await get(worker, `/api/cases/${caseId}`)).json().riskLevel).toBe('critical');
      const kinds = (
        (await get(worker, `/api/cases/${caseId}/timeline?limit=100`)).json().items as { kind: string; details: object }[]
      ).map((e) => e.kind);
      expect(kinds).toContain('approval.skipped');
    } finally {
      await server.db.updateTable('organisations').set({ approval_gates: true }).where('id', '=', worker.organisationId).execute();
    }
    await server.db.updateTable('cases').set({ status: 'closed', closed_at: new Date() }).where('id', '=', caseId).execute();
    expect((await post(worker, `/api/cases/${caseId}/assessments`, {})).json().error.code).toBe('case_closed');
  });
});
