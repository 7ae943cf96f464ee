import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { TURSUNOVA_ANSWERS as TURSUNOVA } from '../assessments/test-fixtures.ts';

type Plan = {
  id: string;
  version: number;
  status: string;
  problemDomains: string[];
  unansweredDomains: string[];
  progress: { done: number; total: number };
  reviewTaskId: string | null;
  goals: {
    id: string;
    domain: string | null;
    title: string;
    targetDate: string;
    actions: {
      id: string;
      performer: string;
      organisation: { id: string } | null;
      service: { id: string } | null;
      personId: string | null;
      what: string;
      dueDate: string;
      taskId: string | null;
      status: string;
      version: number;
    }[];
  }[];
};

describe('plans and referrals for the Tursunovs', () => {
  const server = useTestServer();
  const s = {} as Record<'worker' | 'worker2' | 'supervisor' | 'admin' | 'agency' | 'ngo' | 'analyst', Session>;
  let caseId: string;
  let familyId: string;
  let member: Record<string, string>;
  let org: Record<'registry' | 'employment' | 'training' | 'ngo', string>;
  let service: Record<'birthCertificate' | 'jobPlacement' | 'training', string>;
  let plan: Plan;

  const post = (session: Session | null, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const patch = (session: Session, url: string, payload: object) => server.as(session, { method: 'PATCH', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const decide = async (kind: string) => {
    const box = (await get(s.supervisor, '/api/approvals?status=pending&limit=100')).json().items as {
      id: string;
      kind: string;
      caseId: string;
    }[];
    const approval = box.find((a) => a.caseId === caseId && a.kind === kind);
    if (!approval) throw new Error(`no pending ${kind} approval`);
    const response = await post(s.supervisor, `/api/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect(response.statusCode, response.body).toBe(200);
  };
  const notificationsOf = async (session: Session) =>
    (await get(session, '/api/notifications?limit=100')).json().items as {
      kind: string;
      caseId: string | null;
      params: Record<string, string>;
    }[];

  beforeAll(async () => {
    for (const name of ['worker', 'worker2', 'supervisor', 'admin', 'agency', 'ngo', 'analyst'] as const)
      s[name] = await server.login(name);
    const found = (await get(s.worker, '/api/cases?q=Tursunova&status=assessment')).json().items as { id: string; familyId: string }[];
    caseId = found[0]?.id ?? '';
    familyId = found[0]?.familyId ?? '';
    const persons = await server.db.selectFrom('persons').select(['id', 'given_name']).where('family_id', '=', familyId).execute();
    member = Object.fromEntries(persons.map((p) => [p.given_name, p.id]));
    const orgs = await server.db.selectFrom('organisations').select(['id', 'name', 'kind', 'district_code']).execute();
    const find = (kind: string, district: string) => orgs.find((o) => o.kind === kind && o.district_code === district)?.id ?? '';
    org = {
      registry: find('civil_registry', '1722226'),
      employment: find('employment_centre', '1722226'),
      training: find('employment_centre', '1722210'),
      ngo: find('ngo', '1722401'),
    };
    const services = await server.db.selectFrom('services').select(['id', 'organisation_id', 'category']).orderBy('name').execute();
    const of = (orgId: string) => services.find((x) => x.organisation_id === orgId)?.id ?? '';
    service = { birthCertificate: of(org.registry), jobPlacement: of(org.employment), training: of(org.training) };

    // The assessment the seeds left as a draft is finished and approved, and the case moves to planning.
    const draft = (await get(s.worker, `/api/cases/${caseId}/assessments`)).json().items[0] as { id: string };
    expect((await patch(s.worker, `/api/assessments/${draft.id}`, { version: 1, answers: TURSUNOVA })).statusCode).toBe(200);
    expect(
      (await post(s.worker, `/api/assessments/${draft.id}/submit`, { version: await server.versionOf('assessments', draft.id) }))
        .statusCode,
    ).toBe(200);
    await decide('assessment');
    expect(
      (await post(s.worker, `/api/cases/${caseId}/transition`, { to: 'planning', version: await server.versionOf('cases', caseId) })).json()
        .status,
    ).toBe('planning');
  });

  const goal = (domain: string, title: string, actions: object[]) => ({ domain, title, targetDate: '2027-03-01', actions });

  it('drafts a plan whose every problem domain needs a goal or a reason before it can be submitted', async () => {
    const created = await post(s.worker, `/api/cases/${caseId}/plans`, {
      summary: 'Hujjatlar, daromad va otasi bilan aloqa',
      goals: [
        goal('documents_legal', 'Ozodbek tugʻilganlik guvohnomasini oladi', [
          {
            performer: 'organisation',
            organisationId: org.registry,
            serviceId: service.birthCertificate,
            what: 'Kechiktirib roʻyxatga olish',
            dueDate: '2026-12-20',
          },
        ]),
        goal('income_employment', 'Gulnora opa ishga joylashadi', [
          {
            performer: 'organisation',
            organisationId: org.employment,
            serviceId: service.jobPlacement,
            what: 'Bandlik markaziga yoʻllash',
            dueDate: '2026-12-15',
          },
          { performer: 'family', personId: member.Gulnora, what: 'Ish qidirish kunlariga borish', dueDate: '2027-01-10' },
        ]),
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    plan = created.json();
    expect(plan).toMatchObject({ status: 'draft', revision: 1, progress: { done: 0, total: 3 } });
    expect(plan.problemDomains).toEqual(expect.arrayContaining(['documents_legal', 'income_employment', 'migration_contact']));
    expect(plan.unansweredDomains).toContain('migration_contact');

    // A second draft while this one is open is refused.
    expect((await post(s.worker, `/api/cases/${caseId}/plans`, {})).json().error.code).toBe('plan_in_progress');

    const incomplete = await post(s.worker, `/api/plans/${plan.id}/submit`, { version: plan.version });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.code).toBe('plan_incomplete');
    expect(incomplete.json().error.fields.map((f: { path: string }) => f.path)).toContain('domains.migration_contact');
    expect((await get(s.worker, `/api/plans/${plan.id}`)).json().status).toBe('draft');
  });

  it('answers 400 with field paths for a bad goal or action and changes nothing; 409 for a stale version', async () => {
    const bad = await patch(s.worker, `/api/plans/${plan.id}`, {
      version: plan.version,
      goals: [
        goal('documents_legal', 'X', [{ performer: 'organisation', what: 'Y', dueDate: '2026-12-01' }]),
        goal('not_a_domain', 'Z', [
          { performer: 'family', personId: '0190c3a0-0000-7000-8000-000000000009', what: 'Y', dueDate: '2026-12-01' },
        ]),
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['goals.0.actions.0.organisationId']);
    const unknown = await patch(s.worker, `/api/plans/${plan.id}`, {
      version: plan.version,
      goals: [
        goal('not_a_domain', 'Z', [
          { performer: 'family', personId: '0190c3a0-0000-7000-8000-000000000009', what: 'Y', dueDate: '2026-12-01' },
        ]),
      ],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual([
      'goals.0.domain:unknown_domain',
      'goals.0.actions.0.personId:not_family_member',
    ]);
    const unchanged = (await get(s.worker, `/api/plans/${plan.id}`)).json() as Plan;
    expect(unchanged.version).toBe(plan.version);
    expect(unchanged.goals).toHaveLength(2);

    const stale = await patch(s.worker, `/api/plans/${plan.id}`, { version: plan.version + 5, summary: 'Eski' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { id: plan.id, version: plan.version } });
  });

  it('adds the goal for contact with the father, is submitted, approved, and the case moves to implementation with the actions as tasks', async () => {
    const current = (await get(s.worker, `/api/plans/${plan.id}`)).json() as Plan;
    // What a form sends back: the goals and actions as read, with their ids.
    const keep = current.goals.map((g) => ({
      id: g.id,
      domain: g.domain,
      title: g.title,
      targetDate: g.targetDate,
      actions: g.actions.map((a) => ({
        id: a.id,
        performer: a.performer,
        organisationId: a.organisation?.id,
        serviceId: a.service?.id,
        personId: a.personId,
        what: a.what,
        dueDate: a.dueDate,
      })),
    }));
    const updated = await patch(s.worker, `/api/plans/${plan.id}`, {
      version: current.version,
      goals: [
        ...keep,
        goal('migration_contact', 'Bolalar otasi bilan muntazam gaplashadi', [
          { performer: 'organisation', organisationId: org.ngo, what: 'Rossiyadagi otani topish, aloqani tiklash', dueDate: '2027-01-31' },
          { performer: 'worker', userId: s.worker.userId, what: 'Otasi bilan birinchi qoʻngʻiroqni tashkil qilish', dueDate: '2027-02-10' },
        ]),
      ],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    plan = updated.json();
    expect(plan.unansweredDomains.filter((d) => ['documents_legal', 'income_employment', 'migration_contact'].includes(d))).toEqual([]);
    // Goals sent with their ids keep them.
    expect(plan.goals.map((g) => g.id).slice(0, 2)).toEqual(keep.map((g) => g.id));

    // Other problem domains get a written reason.
    const skipped = plan.unansweredDomains.map((domain) => ({ domain, reason: 'Kichik xavotir, nazorat tashriflarida kuzatiladi' }));
    plan = (await patch(s.worker, `/api/plans/${plan.id}`, { version: plan.version, skippedDomains: skipped })).json();
    expect(plan.unansweredDomains).toEqual([]);
    const submitted = await post(s.worker, `/api/plans/${plan.id}/submit`, { version: plan.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', readOnly: true });
    expect((await patch(s.worker, `/api/plans/${plan.id}`, { version: submitted.json().version, summary: 'x' })).json().error.code).toBe(
      'plan_not_editable',
    );

    await decide('plan');
    plan = (await get(s.worker, `/api/plans/${plan.id}`)).json();
    expect(plan).toMatchObject({ status: 'approved', progress: { done: 0, total: 5 } });
    expect((await get(s.worker, `/api/cases/${caseId}`)).json().status).toBe('implementation');
    const actions = plan.goals.flatMap((g) => g.actions);
    expect(actions.every((a) => a.taskId)).toBe(true);
    const tasks = (await get(s.worker, `/api/tasks?caseId=${caseId}&limit=200`)).json().items as {
      id: string;
      source: string;
      version: number;
    }[];
    expect(tasks.filter((t) => t.source === 'plan_action')).toHaveLength(5);
    expect(tasks.find((t) => t.id === plan.reviewTaskId)).toMatchObject({ source: 'plan_review' });

    // A task done marks its action done; an action done marks its task done.
    const first = actions[0];
    const task = tasks.find((t) => t.id === first?.taskId);
    expect((await patch(s.worker, `/api/tasks/${task?.id}`, { version: task?.version, status: 'done' })).statusCode).toBe(200);
    plan = (await get(s.worker, `/api/plans/${plan.id}`)).json();
    expect(plan.progress).toEqual({ done: 1, total: 5 });
    const second = plan.goals.flatMap((g) => g.actions)[1];
    const stale = await patch(s.worker, `/api/plans/${plan.id}/actions/${second?.id}`, {
      status: 'done',
      version: (second?.version ?? 0) + 1,
    });
    expect(stale.statusCode).toBe(409);
    const done = await patch(s.worker, `/api/plans/${plan.id}/actions/${second?.id}`, { status: 'done', version: second?.version });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().progress).toEqual({ done: 2, total: 5 });
    const secondTask = (
      await server.db
        .selectFrom('tasks')
        .select('status')
        .where('id', '=', second?.taskId ?? '')
        .executeTakeFirstOrThrow()
    ).status;
    expect(secondTask).toBe('done');
  });

  let referralId: string;
  let consentId: string;

  it('records the mother’s consent for herself and her children; a person of another family is refused', async () => {
    const stranger = await server.db.selectFrom('persons').select('id').where('family_id', '!=', familyId).executeTakeFirstOrThrow();
    const bad = await post(s.worker, `/api/cases/${caseId}/consents`, {
      givenByPersonId: stranger.id,
      scope: ['civil_registry', 'astrology'],
      date: '2026-11-20',
    });
    expect(bad.statusCode).toBe(400);
    const recorded = await post(s.worker, `/api/cases/${caseId}/consents`, {
      givenByPersonId: member.Gulnora,
      onBehalfOfPersonIds: [member.Ozodbek, member.Bekzod],
      scope: ['civil_registry', 'employment'],
      date: '2026-11-20',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    consentId = recorded.json().id;
    expect(recorded.json()).toMatchObject({
      status: 'active',
      scopeCategories: ['civil_registry', 'employment'],
      givenBy: { givenName: 'Gulnora' },
    });
    expect((await get(s.agency, `/api/cases/${caseId}/consents`)).statusCode).toBe(404);
  });

  it('refers Ozodbek to the civil registry; the agency sees only the shared fields, accepts and completes it with the outcome', async () => {
    const documentsAction = plan.goals.find((g) => g.domain === 'documents_legal')?.actions[0];
    const sent = await post(s.worker, '/api/referrals', {
      caseId,
      toOrganisationId: org.registry,
      serviceId: service.birthCertificate,
      planActionId: documentsAction?.id,
      reason: 'Ozodbekning tugʻilganlik guvohnomasi yoʻq, tugʻruqxona maʼlumotnomasi yoʻqolgan',
      urgency: 'urgent',
      consentId,
      personIds: [member.Ozodbek],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    referralId = sent.json().id;
    expect(sent.json()).toMatchObject({
      view: 'sender',
      status: 'sent',
      caseId,
      sharedFields: ['name', 'birthDate', 'phone'],
      overdue: false,
      steps: ['cancel'],
    });

    // The receiver's view: the snapshot of the shared fields, the reason, and nothing of the case.
    const inbox = (await get(s.agency, '/api/referrals?box=inbox')).json().items as { id: string }[];
    expect(inbox.map((r) => r.id)).toContain(referralId);
    const seen = await get(s.agency, `/api/referrals/${referralId}`);
    expect(seen.statusCode).toBe(200);
    const body = seen.json();
    expect(body.view).toBe('receiver');
    expect(body.shared.persons).toEqual([
      { name: 'Tursunov Ozodbek Sherzod oʻgʻli', birthDate: '2023-01-15', age: expect.any(Number), phone: '+998915823417' },
    ]);
    expect(body.shared.assessmentSummary).toBeNull();
    expect(body.steps).toEqual(['accept', 'decline']);
    for (const hidden of ['caseId', 'caseNumber', 'personIds', 'consentId', 'sentBy', 'planActionId'])
      expect(body).not.toHaveProperty(hidden);
    const text = JSON.stringify(body);
    for (const secret of [caseId, familyId, member.Ozodbek, 'Gulnora', 'Bogʻbon', 'Rossiya']) expect(text).not.toContain(secret);
    expect((await notificationsOf(s.agency)).find((n) => n.params.referralId === referralId)).toMatchObject({
      kind: 'referral_received',
      caseId: null,
    });

    // Everything else of the case is 404 for the agency.
    for (const url of [
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/timeline`,
      `/api/cases/${caseId}/plans`,
      `/api/plans/${plan.id}`,
      `/api/families/${familyId}`,
      '/api/persons?q=Tursunov',
      `/api/cases/${caseId}/assessments`,
    ])
      expect((await get(s.agency, url)).statusCode, url).toBe(404);
    expect((await get(s.agency, '/api/referrals?box=outbox')).json().items).toEqual([]);
    // Nor may anyone outside both sides read it.
    for (const other of [s.worker2, s.ngo, s.analyst]) expect((await get(other, `/api/referrals/${referralId}`)).statusCode).toBe(404);

    // Each side takes only its own steps; a stale version is refused.
    expect(
      (await post(s.worker, `/api/referrals/${referralId}/accept`, { version: await server.versionOf('referrals', referralId) })).json()
        .error.code,
    ).toBe('referral_step_not_allowed');
    expect(
      (
        await post(s.agency, `/api/referrals/${referralId}/cancel`, {
          reason: 'x',
          version: await server.versionOf('referrals', referralId),
        })
      ).json().error.code,
    ).toBe('referral_step_not_allowed');
    const stale = await post(s.agency, `/api/referrals/${referralId}/accept`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { id: referralId, status: 'sent', version: 1 } });
    // Without the version read, a step is not taken at all: the answer names the missing field.
    for (const [step, body] of [
      ['accept', {}],
      ['decline', { reason: 'Boshqa tumanga tegishli' }],
      ['complete', { outcome: 'Guvohnoma berildi' }],
    ] as const) {
      const missing = await post(s.agency, `/api/referrals/${referralId}/${step}`, body);
      expect(missing.statusCode, step).toBe(400);
      expect(missing.json().error.fields, step).toMatchObject([{ path: 'version' }]);
    }
    expect(
      (
        await post(s.agency, `/api/referrals/${referralId}/complete`, {
          outcome: ' ',
          version: await server.versionOf('referrals', referralId),
        })
      ).statusCode,
    ).toBe(400);

    const accepted = await post(s.agency, `/api/referrals/${referralId}/accept`, { version: 1 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ view: 'receiver', status: 'accepted', steps: ['start', 'complete'] });
    const completed = await post(s.agency, `/api/referrals/${referralId}/complete`, {
      version: await server.versionOf('referrals', referralId),
      outcome: 'Kechiktirib roʻyxatga olindi, guvohnoma onasiga topshirildi',
    });
    expect(completed.json()).toMatchObject({ status: 'completed', steps: [] });

    const asSender = (await get(s.worker, `/api/referrals/${referralId}`)).json();
    expect(asSender).toMatchObject({
      view: 'sender',
      status: 'completed',
      outcome: 'Kechiktirib roʻyxatga olindi, guvohnoma onasiga topshirildi',
      handledBy: { displayName: 'Bahodir Qodirov' },
    });
    const told = (await notificationsOf(s.worker)).filter((n) => n.params.referralId === referralId).map((n) => n.kind);
    expect(told).toEqual(expect.arrayContaining(['referral_accepted', 'referral_completed']));
    const timeline = (await get(s.worker, `/api/cases/${caseId}/timeline?limit=200`)).json().items as {
      kind: string;
      details: { referralId?: string };
      organisationName: string | null;
    }[];
    expect(timeline.filter((e) => e.details.referralId === referralId).map((e) => e.kind)).toEqual([
      'referral.completed',
      'referral.accepted',
      'referral.sent',
    ]);
    // Each referral event names the receiving organisation, as the directory knows it.
    const receiverName = asSender.toOrganisation.name;
    expect(new Set(timeline.filter((e) => e.details.referralId === referralId).map((e) => e.organisationName))).toEqual(
      new Set([receiverName]),
    );
    expect(timeline.filter((e) => !e.kind.startsWith('referral.')).every((e) => e.organisationName === null)).toBe(true);
    const audited = await server.db.selectFrom('audit_events').select('action').where('entity_id', '=', referralId).execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['referral.send', 'referral.read', 'referral.accept', 'referral.complete']),
    );
    expect((await get(s.worker, `/api/plans/${plan.id}`)).json().goals[0].actions[0].referralIds).toEqual([referralId]);
  });

  it('sends Gulnora to the job centre, which declines with a reason, and sends her again to the Denov training centre', async () => {
    const created = await post(s.admin, '/api/users', {
      username: 'bandlik',
      displayName: 'Rustam Eshonqulov',
      password: 'a-long-password',
      organisationId: org.employment,
      roles: ['agency_focal_point'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const jobCentre = await server.login('bandlik', 'a-long-password');
    const sent = await post(s.worker, '/api/referrals', {
      caseId,
      toOrganisationId: org.employment,
      serviceId: service.jobPlacement,
      reason: 'Ona ishsiz, besh bola',
      urgency: 'routine',
      personIds: [member.Gulnora],
      sharedFields: ['name', 'phone', 'address'],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    // No consent named: an active consent of the case covering employment and Gulnora was found.
    const relied = await server.db.selectFrom('consents').selectAll().where('id', '=', sent.json().consentId).executeTakeFirstOrThrow();
    expect(relied).toMatchObject({ case_id: caseId, status: 'active' });
    expect(relied.scope_categories).toContain('employment');
    const first = sent.json().id as string;
    const resend = {
      caseId,
      toOrganisationId: org.training,
      serviceId: service.training,
      reason: 'Ona ishsiz',
      personIds: [member.Gulnora],
    };
    expect((await post(s.worker, '/api/referrals', { ...resend, resentFromId: first })).json().error.fields[0]).toMatchObject({
      path: 'resentFromId',
      code: 'not_resendable',
    });
    expect(
      (await post(jobCentre, `/api/referrals/${first}/decline`, { version: await server.versionOf('referrals', first) })).statusCode,
    ).toBe(400);
    const declined = await post(jobCentre, `/api/referrals/${first}/decline`, {
      version: await server.versionOf('referrals', first),
      reason: 'Tumanda boʻsh ish oʻrni yoʻq; kurs tavsiya etiladi',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'Tumanda boʻsh ish oʻrni yoʻq; kurs tavsiya etiladi' });
    expect((await notificationsOf(s.worker)).some((n) => n.kind === 'referral_declined' && n.params.referralId === first)).toBe(true);

    const again = await post(s.worker, '/api/referrals', { ...resend, resentFromId: first });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ resentFromId: first, toOrganisation: { id: org.training } });
    expect((await get(s.worker, `/api/referrals/${first}`)).json().resentAsId).toBe(again.json().id);
    const outbox = (await get(s.worker, `/api/referrals?box=outbox&caseId=${caseId}`)).json().items as { id: string; status: string }[];
    expect(outbox.map((r) => r.status)).toEqual(expect.arrayContaining(['completed', 'declined', 'sent']));
  });

  it('refuses a referral no consent covers (409 consent_required), lets only a supervisor override, and refuses a withdrawn consent', async () => {
    const toNgo = { caseId, toOrganisationId: org.ngo, reason: 'Ona tushkunlikda, psixolog kerak', personIds: [member.Gulnora] };
    const refused = await post(s.worker, '/api/referrals', toNgo);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('consent_required');
    expect((await post(s.worker, '/api/referrals', { ...toNgo, consentId })).json().error).toMatchObject({ code: 'consent_required' });
    const notAllowed = await post(s.worker, '/api/referrals', { ...toNgo, consentOverrideReason: 'Ona telefonda rozi boʻldi' });
    expect(notAllowed.statusCode).toBe(400);
    expect(notAllowed.json().error.fields[0]).toMatchObject({ path: 'consentOverrideReason', code: 'override_not_allowed' });
    const before = await server.db
      .selectFrom('referrals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const fatherAction = plan.goals.find((g) => g.domain === 'migration_contact')?.actions[0];
    const overridden = await post(s.admin, '/api/referrals', {
      ...toNgo,
      planActionId: fatherAction?.id,
      consentOverrideReason: 'Bolalar xavf ostida, ona kasalxonada',
    });
    expect(overridden.statusCode, overridden.body).toBe(201);
    // The NGO's worker receives it; accepted, the plan action it carries out is in progress.
    expect(
      (
        await post(s.ngo, `/api/referrals/${overridden.json().id}/accept`, {
          version: await server.versionOf('referrals', overridden.json().id),
        })
      ).json().status,
    ).toBe('accepted');
    const planNow = (await get(s.worker, `/api/plans/${plan.id}`)).json() as Plan;
    expect(planNow.goals.flatMap((g) => g.actions).find((a) => a.id === fatherAction?.id)?.status).toBe('in_progress');
    expect(overridden.json()).toMatchObject({ consentId: null, consentOverrideReason: 'Bolalar xavf ostida, ona kasalxonada' });
    expect(
      (await notificationsOf(s.supervisor)).some(
        (n) => n.kind === 'referral_consent_override' && n.params.referralId === overridden.json().id,
      ),
    ).toBe(true);
    const audit = await server.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('entity_id', '=', overridden.json().id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('referral.consent_override');
    expect(JSON.stringify(audit)).not.toContain('kasalxonada');
    const after = await server.db
      .selectFrom('referrals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);

    // Withdrawn, the consent no longer carries a new referral; referrals already sent stand.
    const consent = (await get(s.worker, `/api/cases/${caseId}/consents`)).json().items.find((c: { id: string }) => c.id === consentId);
    expect((await post(s.worker, `/api/consents/${consentId}/withdraw`, { version: consent.version + 1 })).statusCode).toBe(409);
    const withdrawn = await post(s.worker, `/api/consents/${consentId}/withdraw`, {
      version: consent.version,
      reason: 'Ona fikridan qaytdi',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawReason: 'Ona fikridan qaytdi' });
    expect(
      (await post(s.worker, `/api/consents/${consentId}/withdraw`, { version: await server.versionOf('consents', consentId) })).json().error
        .code,
    ).toBe('consent_withdrawn');
    const toRegistry = { caseId, toOrganisationId: org.registry, reason: 'Bekzodga guvohnoma nusxasi', personIds: [member.Bekzod] };
    expect((await post(s.worker, '/api/referrals', { ...toRegistry, consentId })).json().error.code).toBe('consent_withdrawn');
    expect((await get(s.worker, `/api/referrals/${referralId}`)).json().status).toBe('completed');
  });

  it('lets the receiver mark a referral in progress, and the sender cancel one with a reason, each side told', async () => {
    const consent = await post(s.worker, `/api/cases/${caseId}/consents`, {
      givenByPersonId: member.Gulnora,
      onBehalfOfPersonIds: [member.Madina],
      scope: [org.registry],
      date: '2026-11-21',
    });
    const send = () =>
      post(s.worker, '/api/referrals', {
        caseId,
        toOrganisationId: org.registry,
        reason: 'Madinaga guvohnoma nusxasi',
        personIds: [member.Madina],
        consentId: consent.json().id,
      });
    const first = (await send()).json();
    expect(first.consentId).toBe(consent.json().id);
    expect(
      (await post(s.agency, `/api/referrals/${first.id}/start`, { version: await server.versionOf('referrals', first.id) })).json().error
        .code,
    ).toBe('referral_step_not_allowed');
    await post(s.agency, `/api/referrals/${first.id}/accept`, { version: await server.versionOf('referrals', first.id) });
    const started = await post(s.agency, `/api/referrals/${first.id}/start`, {
      note: 'Arxivdan soʻrov yuborildi',
      version: await server.versionOf('referrals', first.id),
    });
    expect(started.json()).toMatchObject({ status: 'in_progress', steps: ['complete'] });
    expect((await notificationsOf(s.worker)).some((n) => n.kind === 'referral_started' && n.params.referralId === first.id)).toBe(true);

    const second = (await send()).json();
    expect(
      (await post(s.worker, `/api/referrals/${second.id}/cancel`, { version: await server.versionOf('referrals', second.id) })).statusCode,
    ).toBe(400);
    const cancelled = await post(s.worker, `/api/referrals/${second.id}/cancel`, {
      reason: 'Oila guvohnomani oʻzi topdi',
      version: await server.versionOf('referrals', second.id),
    });
    expect(cancelled.json()).toMatchObject({ view: 'sender', status: 'cancelled', cancelReason: 'Oila guvohnomani oʻzi topdi', steps: [] });
    const agencyTold = (await notificationsOf(s.agency)).find((n) => n.kind === 'referral_cancelled' && n.params.referralId === second.id);
    expect(agencyTold).toMatchObject({ caseId: null });
    expect(
      (await post(s.agency, `/api/referrals/${second.id}/accept`, { version: await server.versionOf('referrals', second.id) })).json().error
        .code,
    ).toBe('referral_step_not_allowed');
  });

  it('answers 400 with field paths for a bad referral, and 404 for a case the sender may not see', async () => {
    const bad = await post(s.worker, '/api/referrals', {
      caseId,
      toOrganisationId: 'nope',
      reason: '',
      urgency: 'soon',
      sharedFields: ['pinfl'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['toOrganisationId', 'reason', 'urgency', 'sharedFields.0']),
    );
    const strangers = await post(s.worker, '/api/referrals', {
      caseId,
      toOrganisationId: org.registry,
      reason: 'x',
      personIds: ['0190c3a0-0000-7000-8000-000000000009'],
    });
    expect(strangers.json().error.fields[0]).toMatchObject({ path: 'personIds.0', code: 'not_family_member' });
    expect((await post(s.worker2, '/api/referrals', { caseId, toOrganisationId: org.registry, reason: 'x' })).statusCode).toBe(404);
    expect((await post(s.agency, '/api/referrals', { caseId, toOrganisationId: org.registry, reason: 'x' })).statusCode).toBe(404);
  });
  it('covers, by a consent for a category, an organisation offering that category though no service is named; the 409 names what is missing', async () => {
    const given = await post(s.worker, `/api/cases/${caseId}/consents`, {
      givenByPersonId: member.Gulnora,
      scope: ['employment'],
      date: '2026-11-22',
    });
    expect(given.statusCode, given.body).toBe(201);
    const toJobCentre = { caseId, toOrganisationId: org.employment, reason: 'Gulnoraga ish kerak', personIds: [member.Gulnora] };
    const sent = await post(s.worker, '/api/referrals', { ...toJobCentre, consentId: given.json().id });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().consentId).toBe(given.json().id);

    // The job centre is covered, but not for her son: the answer names him.
    const withSon = await post(s.worker, '/api/referrals', {
      ...toJobCentre,
      consentId: given.json().id,
      personIds: [member.Gulnora, member.Ozodbek],
    });
    expect(withSon.statusCode).toBe(409);
    expect(withSon.json().error.code).toBe('consent_required');
    expect(withSon.json().error.message).toContain('Ozodbek');
    // No consent names the NGO nor a category it offers: the answer names the organisation and its categories.
    const ngo = await server.db.selectFrom('organisations').select('name').where('id', '=', org.ngo).executeTakeFirstOrThrow();
    const toNgo = await post(s.worker, '/api/referrals', { ...toJobCentre, consentId: given.json().id, toOrganisationId: org.ngo });
    expect(toNgo.statusCode).toBe(409);
    expect(toNgo.json().error.message).toContain(ngo.name);
    expect(toNgo.json().error.message).toContain('psychosocial');
  });
});
