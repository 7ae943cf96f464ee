import { READINESS_INSTRUMENT_KEY, readinessInstrument } from '@hamkor/domain';
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';
import { timelinessFigures } from '../reports/repo.ts';

/**
 * The family's readiness for the return of a child in residential care: a second instrument, made through the
 * same endpoints as the family assessment, on a child of the case's family who is in care; its result shows on
 * the child's care history and on the return home, and never changes the case's risk.
 */
describe('the readiness assessment for a child’s return', () => {
  const server = useTestServer();
  const s = {} as Record<'admin' | 'worker' | 'supervisor' | 'home', Session>;
  let homeOrg: string;
  let readinessId: string;
  let familyInstrumentId: string;

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const patch = (session: Session, url: string, payload: object) => server.as(session, { method: 'PATCH', url, payload });

  /** Every question answered at its calmest, then the changes: a family with little left to prepare. */
  const answersWith = (changes: Record<string, string>) => ({
    ...Object.fromEntries(
      readinessInstrument.domains.flatMap((d) => d.questions.map((q) => [q.key, q.answers.find((a) => a.score === 0)?.key ?? ''])),
    ),
    ...changes,
  });

  /** A Shoʻrchi family of the demo worker's — a mother and her son, with an open case — and the son placed in a Mehribonlik home. */
  async function familyWithChildInCare(place = true) {
    const family = await post(s.worker, '/api/families', {
      districtCode: '1722226',
      mahallaCode: '1722226-001',
      address: `Navbahor MFY, ${Math.floor(Math.random() * 1000)}-uy`,
      identificationSource: 'mahalla_social_worker',
      members: [
        { surname: 'Rahimova', givenName: 'Nodira', sex: 'female', relationship: 'head', birthDate: '1987-04-12' },
        { surname: 'Rahimov', givenName: 'Jasur', sex: 'male', relationship: 'child', birthDate: '2015-09-03' },
      ],
    });
    expect(family.statusCode, family.body).toBe(201);
    const [motherId, childId] = family.json().members.map((m: { id: string }) => m.id) as [string, string];
    const opened = await post(s.worker, '/api/cases', {
      familyId: family.json().id,
      identificationSource: 'mahalla_seven',
      reason: 'Onasi kasal',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    if (place) {
      const requested = await post(s.worker, `/api/cases/${caseId}/gatekeeping`, {
        childId,
        optionsConsidered: [
          { option: 'support_at_home', why: 'Ona ogʻir kasal' },
          { option: 'kinship_care', why: 'Qarindoshlar chet elda' },
          { option: 'guardianship', why: 'Nomzod yoʻq' },
          { option: 'foster_family', why: 'Patronat oila yoʻq' },
        ],
        proposedType: 'mehribonlik_home',
        emergency: false,
      });
      expect(requested.statusCode, requested.body).toBe(201);
      const decided = await post(s.supervisor, `/api/approvals/${requested.json().approvalId}/decision`, {
        decision: 'approve',
        authorityDecision: 'Vasiylik organi qarori № 51',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const placed = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
        type: 'mehribonlik_home',
        startDate: '2025-11-01',
        organisationId: homeOrg,
        authority: 'Shoʻrchi tuman vasiylik va homiylik organi',
        changeReason: 'illness_disability',
      });
      expect(placed.statusCode, placed.body).toBe(201);
    }
    return { caseId, childId, motherId };
  }

  beforeAll(async () => {
    for (const name of ['admin', 'worker', 'supervisor'] as const) s[name] = await server.login(name);
    const org = await post(s.admin, '/api/organisations', {
      name: 'Tayyorlik Mehribonlik uyi',
      kind: 'residential_care',
      districtCode: '1722226',
    });
    expect(org.statusCode, org.body).toBe(201);
    homeOrg = org.json().id;
    const user = await post(s.admin, '/api/users', {
      username: 'readiness.home',
      displayName: 'Tarbiyachi',
      password: TEST_PASSWORD,
      organisationId: homeOrg,
      roles: ['social_worker'],
    });
    expect(user.statusCode, user.body).toBe(201);
    s.home = await server.login('readiness.home');
    const instruments = (await get(s.worker, '/api/instruments')).json().items as {
      id: string;
      key: string;
      version: number;
      definition: { kind?: string };
    }[];
    const readiness = instruments.find((i) => i.key === READINESS_INSTRUMENT_KEY);
    expect(readiness).toMatchObject({ version: 1, definition: { kind: 'readiness' } });
    readinessId = readiness?.id ?? '';
    familyInstrumentId = instruments.find((i) => i.key === 'family')?.id ?? '';
    expect(familyInstrumentId).toBeTruthy();
  });

  it('is refused on a case whose family has no child in care, naming the field', async () => {
    const { caseId, childId } = await familyWithChildInCare(false);
    const refused = await post(s.worker, `/api/cases/${caseId}/assessments`, { instrumentId: readinessId });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.fields).toEqual([expect.objectContaining({ path: 'childId', code: 'no_child_in_care' })]);
    const named = await post(s.worker, `/api/cases/${caseId}/assessments`, { instrumentId: readinessId, childId });
    expect(named.json().error.fields).toEqual([expect.objectContaining({ path: 'childId', code: 'not_in_care' })]);
    expect(await server.db.selectFrom('assessments').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
  });

  it('is made, submitted and approved on the child in care, keeps the case’s risk, and shows on the care history and the return home', async () => {
    const { caseId, childId, motherId } = await familyWithChildInCare();
    const start = (payload: object) => post(s.worker, `/api/cases/${caseId}/assessments`, payload);

    // Only a child of the family who is in care; a family assessment names no child.
    expect((await start({ instrumentId: readinessId, childId: motherId })).json().error.fields[0]).toMatchObject({
      path: 'childId',
      code: 'not_in_care',
    });
    expect(
      (await start({ instrumentId: readinessId, childId: '0190a000-0000-7000-8000-00000000dead' })).json().error.fields[0],
    ).toMatchObject({
      path: 'childId',
      code: 'unknown_person',
    });
    expect((await start({ instrumentId: familyInstrumentId, childId })).json().error.fields[0]).toMatchObject({
      path: 'childId',
      code: 'child_not_expected',
    });

    const started = await start({ instrumentId: readinessId });
    expect(started.statusCode, started.body).toBe(201);
    const draft = started.json();
    expect(draft).toMatchObject({ childId, instrumentKey: READINESS_INSTRUMENT_KEY, instrumentVersion: 1, status: 'draft' });
    // One in progress per child; the family assessment is not in its way.
    const twice = await start({ instrumentId: readinessId });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('assessment_in_progress');
    const family = await start({ instrumentId: familyInstrumentId });
    expect(family.statusCode, family.body).toBe(201);
    expect(family.json()).toMatchObject({ childId: null, readiness: null, instrumentKey: 'family' });

    // No override of the result; no empty submission.
    const override = await patch(s.worker, `/api/assessments/${draft.id}`, {
      version: draft.version,
      overrideRisk: 'low',
      overrideReason: 'Sud qarori',
    });
    expect(override.statusCode).toBe(400);
    expect(override.json().error.fields[0]).toMatchObject({ path: 'overrideRisk', code: 'override_not_available' });
    const empty = await post(s.worker, `/api/assessments/${draft.id}/submit`, { version: draft.version });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toHaveLength(readinessInstrument.domains.length);
    expect(empty.json().error.fields[0]).toMatchObject({ path: 'domains.child_wishes_relationship', code: 'domain_not_answered' });

    const saved = await patch(s.worker, `/api/assessments/${draft.id}`, {
      version: draft.version,
      answers: answersWith({ 'return.housing': 'poor', 'return.school_place': 'not_yet' }),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ readiness: 'ready_with_support', riskLevel: 'medium', category: 'yellow', points: 2 });
    const riskBefore = (await get(s.worker, `/api/cases/${caseId}`)).json().riskLevel;
    // The timeliness figures (opened → first assessment) are about the family assessment: submitting the
    // readiness assessment leaves the case unassessed there, in the summary and in the live count alike.
    const assessedFigures = async () => {
      const { rows } = await sql<{ measure: string; n: number }>`
        SELECT measure, coalesce(sum(n), 0)::int AS n FROM figures
        WHERE level = 'district' AND place = '1722226' AND measure IN ('assessed', 'assessment_days') GROUP BY measure ORDER BY measure`.execute(
        server.db,
      );
      return rows;
    };
    const opened = await server.db.selectFrom('cases').select('opened_at').where('id', '=', caseId).executeTakeFirstOrThrow();
    const live = async () =>
      (
        await timelinessFigures(server.db, {
          caseFilter: null,
          organisationId: null,
          territoryCode: '1722226',
          groupBy: 'district',
          from: opened.opened_at,
          to: new Date(Date.now() + 60_000),
          months: [],
        })
      ).overall;
    const [figuresBefore, liveBefore] = [await assessedFigures(), await live()];
    const submitted = await post(s.worker, `/api/assessments/${draft.id}/submit`, { version: saved.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(await assessedFigures()).toEqual(figuresBefore);
    expect(await live()).toEqual(liveBefore);
    expect(submitted.json()).toMatchObject({ status: 'submitted', readiness: 'ready_with_support', riskLevel: 'medium' });
    expect(submitted.json().reasons.at(-1)).toEqual({
      kind: 'readiness_total',
      points: 2,
      thresholds: { readyWithSupport: 2, notYetReady: 8 },
    });

    // The case waits for the decision, which would set no risk level.
    expect((await get(s.worker, `/api/cases/${caseId}`)).json().pendingApproval).toMatchObject({ kind: 'assessment', riskLevel: null });
    const pending = (await get(s.supervisor, '/api/approvals?status=pending&limit=100')).json().items as {
      id: string;
      kind: string;
      caseId: string;
      payload: Record<string, unknown>;
    }[];
    const approval = pending.find((a) => a.caseId === caseId && a.kind === 'assessment');
    expect(approval?.payload).toMatchObject({ assessmentId: draft.id, readiness: 'ready_with_support', childId });
    const decided = await post(s.supervisor, `/api/approvals/${approval?.id}/decision`, { decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await get(s.worker, `/api/assessments/${draft.id}`)).json()).toMatchObject({
      status: 'approved',
      readiness: 'ready_with_support',
    });
    expect((await get(s.worker, `/api/cases/${caseId}`)).json().riskLevel).toBe(riskBefore);

    // The case's list names each kind; the family draft is still the one a plan and the device follow.
    const list = (await get(s.worker, `/api/cases/${caseId}/assessments`)).json().items as {
      id: string;
      childId: string | null;
      readiness: string | null;
    }[];
    expect(list.map((item) => [item.id, item.childId, item.readiness])).toEqual(
      expect.arrayContaining([
        [draft.id, childId, 'ready_with_support'],
        [family.json().id, null, null],
      ]),
    );

    // The case file prints the readiness for the return, not a risk level.
    const file = await get(s.worker, `/api/cases/${caseId}/file.pdf`);
    expect(file.statusCode).toBe(200);
    const doc = await getDocument({ data: new Uint8Array(file.rawPayload), useSystemFonts: false, isEvalSupported: false }).promise;
    const parts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++)
      for (const item of (await (await doc.getPage(n)).getTextContent()).items) if ('str' in item) parts.push(item.str);
    await doc.destroy();
    expect(parts.join(' ')).toContain('Qaytishga tayyorlik');
    expect(parts.join(' ')).toContain('Yordam bilan tayyor');

    // The child's care history: the result for the home that cares for the child, who cannot open the family's answers.
    const history = (await get(s.worker, `/api/persons/${childId}/care-arrangements`)).json();
    expect(history.readiness).toMatchObject({
      assessmentId: draft.id,
      caseId,
      status: 'approved',
      level: 'ready_with_support',
      mayOpen: true,
    });
    const atHome = await get(s.home, `/api/persons/${childId}/care-arrangements`);
    expect(atHome.statusCode, atHome.body).toBe(200);
    expect(atHome.json().readiness).toMatchObject({ level: 'ready_with_support', mayOpen: false });
    expect((await get(s.home, `/api/assessments/${draft.id}`)).statusCode).toBe(404);

    // The return home is recorded, and its timeline event keeps the readiness it was recorded with.
    const home = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'parents',
      startDate: '2026-11-20',
      authority: 'Shoʻrchi tuman vasiylik va homiylik organi',
      changeReason: 'reintegration',
    });
    expect(home.statusCode, home.body).toBe(201);
    const events = (await get(s.worker, `/api/cases/${caseId}/timeline`)).json().items as {
      kind: string;
      details: Record<string, unknown>;
    }[];
    expect(events.find((e) => e.kind === 'care.returned_home')?.details.readiness).toEqual({
      assessmentId: draft.id,
      status: 'approved',
      level: 'ready_with_support',
    });
    const audited = await server.db.selectFrom('audit_events').select('action').where('entity_id', '=', draft.id).execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['assessment.create', 'assessment.update', 'assessment.submit', 'assessment.read']),
    );
  });

  it('demo: the Mehribonlik boy being prepared to return has two readiness assessments, not yet ready then ready with support', async () => {
    const educator = await server.login('staff.mehribonlik');
    const placed = (await get(educator, '/api/care-arrangements')).json().items as { personId: string; emergency: boolean }[];
    const boy = placed.find((item) => !item.emergency);
    expect(boy).toBeTruthy();
    const history = (await get(educator, `/api/persons/${boy?.personId}/care-arrangements`)).json();
    expect(history.readiness).toMatchObject({ status: 'approved', level: 'ready_with_support', mayOpen: false });
    const list = (await get(s.worker, `/api/cases/${history.readiness.caseId}/assessments`)).json().items as {
      childId: string | null;
      readiness: string | null;
    }[];
    expect(list.filter((item) => item.childId === boy?.personId).map((item) => item.readiness)).toEqual([
      'ready_with_support',
      'not_yet_ready',
    ]);
    const latest = (await get(s.worker, `/api/assessments/${history.readiness.assessmentId}`)).json();
    expect(latest).toMatchObject({ readiness: 'ready_with_support', points: 2, incomplete: false });
    expect(Object.values(latest.domainScores).every((score) => (score as { answered: number }).answered > 0)).toBe(true);
  });

  it('records a return home without any readiness assessment, and says so on the timeline', async () => {
    const { caseId, childId } = await familyWithChildInCare();
    expect((await get(s.worker, `/api/persons/${childId}/care-arrangements`)).json().readiness).toBeNull();
    const home = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'kinship',
      startDate: '2026-11-25',
      authority: 'Sud qarori',
      changeReason: 'reintegration',
    });
    expect(home.statusCode, home.body).toBe(201);
    const events = (await get(s.worker, `/api/cases/${caseId}/timeline`)).json().items as {
      kind: string;
      details: Record<string, unknown>;
    }[];
    const returned = events.find((e) => e.kind === 'care.returned_home');
    expect(returned?.details).toHaveProperty('readiness', null);
  });
});
