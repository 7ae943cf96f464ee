import { caseReadFilter } from '@hamkor/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { careFigures, gatekeepingFigures, reintegrationFigures } from '../src/modules/care/figures.ts';
import { addMonths } from '../src/modules/care/service.ts';
import { type Session, TEST_PASSWORD, useTestServer } from './harness.ts';

/**
 * A child's care history, gatekeeping before a placement outside the family, an emergency placement with its
 * 72-hour review, a return home with its follow-up visits, and a residential care organisation that sees the
 * children placed with it and nothing else.
 */
describe('care arrangements and gatekeeping', () => {
  const server = useTestServer();
  const s = {} as Record<'admin' | 'worker' | 'supervisor' | 'worker2' | 'denov' | 'home' | 'otherHome', Session>;
  let homeOrg: string;
  let otherHomeOrg: string;
  let counter = 0;

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const patch = (session: Session, url: string, payload: object) => server.as(session, { method: 'PATCH', url, payload });

  const ALL_OPTIONS = [
    { option: 'support_at_home', why: 'Ona ogʻir kasal, uyda parvarish qila olmaydi' },
    { option: 'kinship_care', why: 'Qarindoshlar chet elda' },
    { option: 'guardianship', why: 'Vasiylikka nomzod topilmadi' },
    { option: 'foster_family', why: 'Tumanda patronat oila yoʻq' },
  ];

  /** A fresh Shoʻrchi family of the demo worker's (a mother and her son) and a case for it. */
  async function familyWithCase() {
    counter += 1;
    const family = await post(s.worker, '/api/families', {
      districtCode: '1722226',
      mahallaCode: '1722226-001',
      address: `Navbahor MFY, ${counter}-uy`,
      identificationSource: 'mahalla_social_worker',
      members: [
        { surname: 'Qodirova', givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1988-03-02' },
        { surname: 'Qodirov', givenName: 'Sardor', sex: 'male', relationship: 'child', birthDate: '2016-06-10' },
      ],
    });
    expect(family.statusCode, family.body).toBe(201);
    const familyId = family.json().id as string;
    const childId = family.json().members[1].id as string;
    const opened = await post(s.worker, '/api/cases', { familyId, identificationSource: 'mahalla_seven', reason: 'Ona kasal' });
    expect(opened.statusCode, opened.body).toBe(201);
    return { familyId, childId, caseId: opened.json().id as string };
  }

  const placement = (overrides: object = {}) => ({
    type: 'mehribonlik_home',
    startDate: '2026-10-01',
    organisationId: homeOrg,
    authority: 'Shoʻrchi tuman hokimligi vasiylik va homiylik organi',
    documentRef: '№ 112-Q',
    changeReason: 'illness_disability',
    ...overrides,
  });

  async function approveGatekeeping(caseId: string, childId: string, proposedType = 'mehribonlik_home') {
    const requested = await post(s.worker, `/api/cases/${caseId}/gatekeeping`, {
      childId,
      optionsConsidered: ALL_OPTIONS,
      proposedType,
      emergency: false,
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const approvalId = requested.json().approvalId as string;
    const decided = await post(s.supervisor, `/api/approvals/${approvalId}/decision`, {
      decision: 'approve',
      authorityDecision: 'Vasiylik organi qarori № 45, 2026-09-30',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    return approvalId;
  }

  beforeAll(async () => {
    for (const name of ['admin', 'worker', 'supervisor', 'worker2'] as const) s[name] = await server.login(name);
    s.denov = await server.login('supervisor.denov');
    const org = async (name: string) => {
      const created = await post(s.admin, '/api/organisations', { name, kind: 'residential_care', districtCode: '1722226' });
      expect(created.statusCode, created.body).toBe(201);
      return created.json().id as string;
    };
    homeOrg = await org('Sinov Mehribonlik uyi');
    otherHomeOrg = await org('Boshqa Mehribonlik uyi');
    const user = async (username: string, organisationId: string) => {
      const created = await post(s.admin, '/api/users', {
        username,
        displayName: 'Tarbiyachi',
        password: TEST_PASSWORD,
        organisationId,
        roles: ['social_worker'],
      });
      expect(created.statusCode, created.body).toBe(201);
      return server.login(username);
    };
    s.home = await user('care.home', homeOrg);
    s.otherHome = await user('care.otherhome', otherHomeOrg);
  });

  it('refuses a placement outside the family without gatekeeping, records it after an approved decision, and ends the current one', async () => {
    const { caseId, childId } = await familyWithCase();
    const atHome = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'parents',
      startDate: '2016-06-10',
      authority: 'Tugʻilgandan beri onasi bilan',
      changeReason: 'other',
    });
    expect(atHome.statusCode, atHome.body).toBe(201);
    const refused = await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement());
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('gatekeeping_required');

    await approveGatekeeping(caseId, childId);
    const placed = await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement());
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ type: 'mehribonlik_home', current: true, caseId, emergency: false });
    expect(placed.json().gatekeepingApprovalId).toBeTruthy();

    const history = await get(s.worker, `/api/persons/${childId}/care-arrangements`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((i: { type: string; endDate: string | null }) => [i.type, i.endDate])).toEqual([
      ['mehribonlik_home', null],
      ['parents', '2026-10-01'],
    ]);
    // One decision opens the way to one placement.
    const again = await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement({ startDate: '2026-10-05' }));
    expect(again.statusCode).toBe(409);
    const events = (await get(s.worker, `/api/cases/${caseId}/timeline`)).json();
    expect(JSON.stringify(events)).toContain('care.recorded');
    const audited = await server.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['care.record', 'care.read'])
      .execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['care.record', 'care.read']));
  });

  it('names every family-based option left out of a gatekeeping request, and wants the authority’s decision to approve', async () => {
    const { caseId, childId } = await familyWithCase();
    const missing = await post(s.worker, `/api/cases/${caseId}/gatekeeping`, {
      childId,
      optionsConsidered: ALL_OPTIONS.slice(0, 2),
      proposedType: 'baby_home',
      emergency: false,
    });
    expect(missing.statusCode).toBe(400);
    const paths = missing.json().error.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`);
    expect(paths).toEqual(['optionsConsidered.guardianship:option_missing', 'optionsConsidered.foster_family:option_missing']);
    const notChild = await post(s.worker, `/api/cases/${caseId}/gatekeeping`, {
      childId: '0190a4a0-0000-7000-8000-000000000000',
      optionsConsidered: ALL_OPTIONS,
      proposedType: 'baby_home',
      emergency: false,
    });
    expect(notChild.statusCode).toBe(400);
    const requested = await post(s.worker, `/api/cases/${caseId}/gatekeeping`, {
      childId,
      optionsConsidered: ALL_OPTIONS,
      proposedType: 'baby_home',
      emergency: false,
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const bare = await post(s.supervisor, `/api/approvals/${requested.json().approvalId}/decision`, { decision: 'approve' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.fields[0]).toMatchObject({ path: 'authorityDecision', code: 'required' });
    // Another worker's family is out of reach: 404, as if it did not exist.
    expect(
      (
        await post(s.denov, `/api/cases/${caseId}/gatekeeping`, {
          childId,
          optionsConsidered: ALL_OPTIONS,
          proposedType: 'baby_home',
          emergency: false,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('records an emergency placement first, with a review due within 72 hours and the supervisor told at once', async () => {
    const { caseId, childId } = await familyWithCase();
    const requested = await post(s.worker, `/api/cases/${caseId}/gatekeeping`, {
      childId,
      optionsConsidered: ALL_OPTIONS,
      proposedType: 'mehribonlik_home',
      emergency: true,
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const { reviewTaskId, approvalId } = requested.json();
    const task = await server.db.selectFrom('tasks').selectAll().where('id', '=', reviewTaskId).executeTakeFirstOrThrow();
    const hours = ((task.due_at as Date).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    expect(task).toMatchObject({ deadline: 'care_review', assignee_id: s.supervisor.userId, status: 'open' });
    const notes = (await get(s.supervisor, '/api/notifications')).json().items as { kind: string; caseId: string }[];
    expect(notes.some((n) => n.kind === 'emergency_placement' && n.caseId === caseId)).toBe(true);

    const placed = await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement({ type: 'mehribonlik_home' }));
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ emergency: true, reviewTaskId, reviewPending: true });

    // The supervisor reviews it with the guardianship authority: the review is done.
    const decided = await post(s.supervisor, `/api/approvals/${approvalId}/decision`, {
      decision: 'approve',
      authorityDecision: 'Vasiylik organi 2026-10-02 kungi qarori',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after = (await get(s.worker, `/api/persons/${childId}/care-arrangements`)).json().items[0];
    expect(after.reviewPending).toBe(false);
  });

  it('validates dates and organisations, and refuses overlaps and stale versions', async () => {
    const { childId } = await familyWithCase();
    const bad = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'kinship',
      startDate: '2026-02-30',
      endDate: '2025-01-01',
      organisationId: homeOrg,
      authority: '',
      changeReason: 'nope',
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['startDate', 'authority', 'changeReason']));
    const noOrg = await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement({ organisationId: null }));
    expect(noOrg.statusCode).toBe(400);
    const wrongKind = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'guardianship',
      startDate: '2026-01-01',
      organisationId: homeOrg,
      authority: 'Vasiylik organi',
      changeReason: 'parent_death',
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.fields[0]).toMatchObject({ path: 'organisationId', code: 'organisation_kind' });

    const kin = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'kinship',
      startDate: '2025-05-01',
      authority: 'Mahalla yigʻini',
      changeReason: 'labour_migration',
    });
    expect(kin.statusCode, kin.body).toBe(201);
    const earlier = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'parents',
      startDate: '2025-04-01',
      endDate: '2025-06-01',
      authority: 'Ota-ona',
      changeReason: 'other',
    });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().error.fields[0]).toMatchObject({ path: 'startDate', code: 'care_overlap' });
    const beforeCurrent = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'parents',
      startDate: '2025-03-01',
      authority: 'Ota-ona',
      changeReason: 'other',
    });
    expect(beforeCurrent.statusCode).toBe(400);

    const id = kin.json().id as string;
    const ok = await patch(s.worker, `/api/care-arrangements/${id}`, { version: 1, documentRef: 'Mahalla dalolatnomasi № 7' });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await patch(s.worker, `/api/care-arrangements/${id}`, { version: 1, documentRef: 'Boshqa' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const outcome = await patch(s.worker, `/api/care-arrangements/${id}`, { version: 2, outcome: 'sideways' });
    expect(outcome.statusCode).toBe(400);
    expect((await patch(s.denov, `/api/care-arrangements/${id}`, { version: 2, documentRef: 'x' })).statusCode).toBe(404);
  });

  it('shows a residential organisation the children placed with it and nothing else', async () => {
    const { caseId, childId, familyId } = await familyWithCase();
    await approveGatekeeping(caseId, childId);
    expect((await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement({ startDate: '2026-09-01' }))).statusCode).toBe(
      201,
    );

    const mine = await get(s.home, '/api/care-arrangements');
    expect(mine.statusCode).toBe(200);
    const ids = mine.json().items.map((i: { personId: string }) => i.personId);
    expect(ids).toContain(childId);
    expect(mine.json().items.every((i: { organisation: { id: string } }) => i.organisation.id === homeOrg)).toBe(true);
    expect((await get(s.home, `/api/persons/${childId}/care-arrangements`)).statusCode).toBe(200);
    // The child's family, case and records stay out of its reach, and another home sees nothing of the child.
    expect((await get(s.home, `/api/families/${familyId}`)).statusCode).toBe(404);
    expect((await get(s.home, `/api/cases/${caseId}`)).statusCode).toBe(404);
    expect(
      (
        await post(s.home, `/api/persons/${childId}/care-arrangements`, {
          type: 'parents',
          startDate: '2026-11-01',
          authority: 'x',
          changeReason: 'reintegration',
        })
      ).statusCode,
    ).toBe(404);
    expect((await get(s.otherHome, `/api/persons/${childId}/care-arrangements`)).statusCode).toBe(404);
    expect((await get(s.otherHome, '/api/care-arrangements')).json().items).toEqual([]);
  });

  it('returns a child home with follow-up visits monthly for three months, then quarterly to twelve, and a 12-month outcome', async () => {
    const { caseId, childId } = await familyWithCase();
    await approveGatekeeping(caseId, childId);
    expect((await post(s.worker, `/api/persons/${childId}/care-arrangements`, placement({ startDate: '2025-09-01' }))).statusCode).toBe(
      201,
    );
    const home = await post(s.worker, `/api/persons/${childId}/care-arrangements`, {
      type: 'parents',
      startDate: '2026-11-15',
      authority: 'Vasiylik organi qarori № 77',
      changeReason: 'reintegration',
    });
    expect(home.statusCode, home.body).toBe(201);
    const visits = await server.db
      .selectFrom('tasks')
      .select(['deadline', 'due_date'])
      .where('case_id', '=', caseId)
      .where('deadline', 'in', ['reintegration_visit', 'reintegration_outcome'])
      .orderBy('due_sort')
      .execute();
    expect(visits.map((v) => String(v.due_date).slice(0, 10))).toEqual([
      '2026-12-15',
      '2027-01-15',
      '2027-02-15',
      '2027-05-15',
      '2027-08-15',
      '2027-11-15',
    ]);
    const done = await patch(s.worker, `/api/care-arrangements/${home.json().id}`, { version: 1, outcome: 'stable_at_home' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().outcome).toBe('stable_at_home');
    const events = JSON.stringify((await get(s.worker, `/api/cases/${caseId}/timeline`)).json());
    expect(events).toContain('care.returned_home');
  });

  it('counts children in residential care, placements with and without gatekeeping, and returns home in the reports', async () => {
    const selection = {
      caseFilter: null,
      territoryCode: '1722226',
      organisationId: null,
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date(Date.now() + 86_400_000),
      groupBy: 'district' as const,
      months: [],
    };
    const { rows } = await server.db
      .selectFrom('care_arrangements as ca')
      .innerJoin('persons as p', 'p.id', 'ca.person_id')
      .select([(eb) => eb.fn.count<number>('ca.id').as('n'), 'ca.emergency'])
      .where('p.district_code', '=', '1722226')
      .where('ca.type', '=', 'mehribonlik_home')
      .where('ca.end_date', 'is', null)
      .groupBy('ca.emergency')
      .execute()
      .then((r) => ({ rows: r }));
    const placedNow = rows.reduce((sum, row) => sum + Number(row.n), 0);
    expect(placedNow).toBeGreaterThan(0);
    const care = await careFigures(server.db, selection);
    expect(care.rows.get('1722226')?.mehribonlik_home).toBe(placedNow);
    const gatekeeping = (await gatekeepingFigures(server.db, selection)).rows.get('1722226');
    expect(gatekeeping?.placements_emergency).toBeGreaterThanOrEqual(1);
    expect(gatekeeping?.placements_gatekept).toBeGreaterThanOrEqual(3);
    const reintegration = (await reintegrationFigures(server.db, selection)).rows.get('1722226');
    expect(reintegration).toMatchObject({ returned_home: 1, stable_at_home: 1, returned_to_care: 0 });
    // A supervisor counting the cases they may read (their team's) sees the demo's children, whose cases
    // their worker holds; a worker of another district sees none of them.
    const team = await careFigures(server.db, { ...selection, caseFilter: caseReadFilter(await server.actor('supervisor')) });
    expect(team.rows.get('1722226')?.mehribonlik_home).toBe(placedNow);
    const elsewhere = await careFigures(server.db, { ...selection, caseFilter: caseReadFilter(await server.actor('worker.denov')) });
    expect(elsewhere.rows.get('1722226')?.mehribonlik_home ?? 0).toBe(0);
    for (const name of ['care', 'gatekeeping', 'reintegration']) {
      const report = await get(s.admin, `/api/reports/${name}?groupBy=district`);
      expect(report.statusCode, report.body).toBe(200);
    }
  });

  it('demo: the Mehribonlik home educator sees the boy being prepared to return and the emergency placement waiting for review', async () => {
    const educator = await server.login('staff.mehribonlik');
    const items = (await get(educator, '/api/care-arrangements')).json().items as { reviewPending: boolean; emergency: boolean }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.some((item) => item.emergency && item.reviewPending)).toBe(true);
    expect(items.some((item) => !item.emergency)).toBe(true);
  });

  it('counts months to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
});
