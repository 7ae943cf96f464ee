import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from './harness.ts';

/**
 * The workforce: profiles kept with a version, trainings with participants (by list or by sheet, with a dry
 * run), supervision sessions whose cases pass the policy and whose notes only the people in them (and the
 * head of their organisation) read, and the assignee choice with caseloads and relevant trainings.
 */
describe('workforce', () => {
  const server = useTestServer();
  const s = {} as Record<'worker' | 'worker2' | 'supervisor' | 'ngo' | 'admin' | 'denov' | 'analyst', Session>;
  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const auditCount = async (action: string) =>
    Number(
      (
        await server.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    for (const [key, name] of [
      ['worker', 'worker'],
      ['worker2', 'worker2'],
      ['supervisor', 'supervisor'],
      ['ngo', 'ngo'],
      ['admin', 'admin'],
      ['denov', 'supervisor.denov'],
      ['analyst', 'analyst'],
    ] as const)
      s[key] = await server.login(name);
  });

  it('keeps a profile with a version: a stale write is 409, bad input 400 with fields, a stranger 404', async () => {
    const read = await get(s.worker, `/api/staff/${s.worker.userId}/profile`);
    expect(read.statusCode, read.body).toBe(200);
    const profile = read.json();
    const update = {
      version: profile.version,
      position: 'Ijtimoiy xodim',
      degree: { field: 'social_work', institution: 'Termiz davlat universiteti', year: 2019 },
      diploma: { number: 'QT-2024-0117', date: '2024-06-15' },
      languages: ['uz', 'ru'],
    };
    const saved = await server.as(s.worker, { method: 'PUT', url: `/api/staff/${s.worker.userId}/profile`, payload: update });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ position: 'Ijtimoiy xodim', diploma: { number: 'QT-2024-0117' }, languages: ['uz', 'ru'] });
    const stale = await server.as(s.worker, { method: 'PUT', url: `/api/staff/${s.worker.userId}/profile`, payload: update });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current.version).toBe(saved.json().version);
    const bad = await server.as(s.worker, {
      method: 'PUT',
      url: `/api/staff/${s.worker.userId}/profile`,
      payload: { version: saved.json().version, degree: { field: 'magic', institution: '', year: 1800 }, languages: ['xx'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['degree.field', 'degree.institution', 'degree.year', 'languages.0']),
    );
    // Another worker, another organisation's supervisor, an analyst: not theirs.
    for (const other of [s.worker2, s.denov, s.analyst])
      expect((await get(other, `/api/staff/${s.worker.userId}/profile`)).statusCode).toBe(404);
    expect((await get(s.supervisor, `/api/staff/${s.worker.userId}/profile`)).statusCode).toBe(200);
    // A worker edits their own profile, not a colleague's.
    const colleague = await server.as(s.worker, { method: 'PUT', url: `/api/staff/${s.worker2.userId}/profile`, payload: { version: 1 } });
    expect(colleague.statusCode).toBe(404);
  });

  it('records a training, adds participants by list and from a sheet with a dry run', async () => {
    const created = await post(s.supervisor, '/api/trainings', {
      course: { title: 'Ish yuritish asoslari', topics: ['case_management', 'disability'], hours: 72, organiser: 'UNICEF' },
      startDate: '2026-09-01',
      endDate: '2026-09-09',
      place: 'Termiz',
      trainers: ['Dilnoza Saidova'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const training = created.json();
    const bad = await post(s.supervisor, '/api/trainings', { startDate: '2026-09-09', endDate: '2026-09-01', place: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['place']));

    const list = await post(s.supervisor, `/api/trainings/${training.id}/participants`, {
      participants: [
        {
          staffId: (await get(s.worker, `/api/staff/${s.worker.userId}/profile`)).json().id,
          preScore: 40,
          postScore: 85,
          certificateNumber: 'C-1',
          certificateExpiry: '2027-01-15',
        },
        { name: 'Sevara Tursunova', preScore: 50, postScore: 70 },
      ],
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ matched: 1, created: 1, errors: [] });
    expect(list.json().training.participants).toHaveLength(2);
    expect(list.json().training.postScoreAverage).toBe(77.5);
    const wrong = await post(s.supervisor, `/api/trainings/${training.id}/participants`, { participants: [{ name: 'X', preScore: 101 }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('participants.0.preScore');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('participants');
    sheet.addRow(['name', 'attended', 'pre_score', 'post_score', 'certificate_number', 'certificate_expiry']);
    sheet.addRow(['Sevara Tursunova', 'ha', 55, 80, 'C-2', '2028-09-09']);
    sheet.addRow(['Otabek Rasulov', 'yoʻq', '', '', '', '']);
    sheet.addRow(['', 'ha', 'abc', 50, '', 'soon']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const upload = (dryRun: boolean, body: Buffer) =>
      server.as(s.supervisor, {
        method: 'POST',
        url: `/api/trainings/${training.id}/participants?dryRun=${dryRun}`,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        payload: body,
      });
    const dry = await upload(true, data);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '4:name',
      '4:pre_score',
      '4:certificate_expiry',
    ]);
    sheet.spliceRows(4, 1);
    const clean = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await upload(true, clean)).json()).toMatchObject({ dryRun: true, matched: 1, created: 1, errors: [], training: null });
    const written = await upload(false, clean);
    expect(written.json()).toMatchObject({ dryRun: false, errors: [] });
    expect(written.json().training.participants).toHaveLength(3);
    // Not a workbook: 400 on the file.
    const junk = await upload(true, Buffer.from([0, 1, 2, 3]));
    expect(junk.statusCode).toBe(400);

    // The worker and another centre do not reach the training.
    expect((await post(s.worker, `/api/trainings/${training.id}/participants`, { participants: [{ name: 'A' }] })).statusCode).toBe(404);
    expect((await post(s.denov, `/api/trainings/${training.id}/participants`, { participants: [{ name: 'A' }] })).statusCode).toBe(404);
    const denovList = (await get(s.denov, '/api/trainings')).json();
    expect(denovList.items.map((i: { id: string }) => i.id)).not.toContain(training.id);
  });

  it('records a supervision session: cases checked by the policy, actions become tasks, notes read only by those in it', async () => {
    const theCase = await server.db
      .selectFrom('cases')
      .select(['id'])
      .where('assigned_user_id', '=', s.worker.userId)
      .where('status', '<>', 'closed')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const outside = await server.db
      .selectFrom('cases')
      .select('id')
      .where('organisation_id', '<>', s.supervisor.organisationId)
      .executeTakeFirstOrThrow();
    const payload = {
      workerIds: [s.worker.userId],
      date: '2026-11-20',
      minutes: 60,
      caseIds: [theCase.id],
      topics: ['casework', 'wellbeing'],
      notes: 'Nodira charchagan; yuklamani kamaytirish kerak.',
      actions: [{ title: 'Oilaga uy tashrifi', caseId: theCase.id, dueDate: '2026-12-01' }, { title: 'Taʼtil rejasini tuzish' }],
    };
    // A case the supervisor may not read is 404, as if it did not exist.
    expect((await post(s.supervisor, '/api/supervision-sessions', { ...payload, caseIds: [outside.id], actions: [] })).statusCode).toBe(
      404,
    );
    // An action about a case not discussed, a worker of another organisation: 400 with fields.
    const notDiscussed = await post(s.supervisor, '/api/supervision-sessions', { ...payload, caseIds: [] });
    expect(notDiscussed.statusCode).toBe(400);
    expect(notDiscussed.json().error.fields[0].path).toBe('actions.0.caseId');
    const stranger = await post(s.supervisor, '/api/supervision-sessions', { ...payload, workerIds: [s.ngo.userId] });
    expect(stranger.statusCode).toBe(400);
    expect((await post(s.worker, '/api/supervision-sessions', payload)).statusCode).toBe(404);

    const created = await post(s.supervisor, '/api/supervision-sessions', payload);
    expect(created.statusCode, created.body).toBe(201);
    const session = created.json();
    expect(session.actions[0].taskId).toBeTruthy();
    expect(session.actions[1].taskId).toBeNull();
    const task = await server.db
      .selectFrom('tasks')
      .select(['case_id', 'assignee_id', 'title'])
      .where('id', '=', session.actions[0].taskId)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ case_id: theCase.id, assignee_id: s.worker.userId, title: 'Oilaga uy tashrifi' });

    const before = await auditCount('supervision.list');
    const ids = async (who: Session) => ((await get(who, '/api/supervision-sessions')).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids(s.worker)).toContain(session.id);
    expect(await ids(s.supervisor)).toContain(session.id);
    // A colleague not in it, another centre, even the system administrator: not theirs to read.
    expect(await ids(s.worker2)).not.toContain(session.id);
    expect(await ids(s.denov)).not.toContain(session.id);
    expect(await ids(s.admin)).not.toContain(session.id);
    expect(await auditCount('supervision.list')).toBe(before + 5);
  });

  it('reports the workforce by district: staff per 10 000 children, shares trained and supervised, caseloads, certificates to renew', async () => {
    const reply = await get(s.admin, '/api/reports/workforce?territory=1722&groupBy=district');
    expect(reply.statusCode, reply.body).toBe(200);
    const report = reply.json();
    expect(report.columns.map((c: { key: string }) => c.key)).toContain('cases_per_trained_worker');
    const shorchi = report.rows.find((r: { key: string }) => r.key === '1722226');
    expect(shorchi.cells.staff).toBeGreaterThanOrEqual(35);
    expect(shorchi.cells.trained).toBeGreaterThanOrEqual(33);
    expect(shorchi.cells.supervised).toBeGreaterThanOrEqual(2);
    expect(shorchi.cells.certificates_expiring).toBeGreaterThanOrEqual(1);
    expect(shorchi.cells.trained_share).toBeGreaterThan(80);
    // A district whose workers have no training: its open cases per trained worker cannot be worked out.
    const untrained = report.rows.find(
      (r: { key: string; cells: { staff: number; trained: number } }) => r.cells.staff > 0 && r.cells.trained === 0,
    );
    expect(untrained.cells.cases_per_trained_worker).toBeNull();
    const xlsx = await get(s.admin, '/api/reports/workforce.xlsx?territory=1722&groupBy=district');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('shows each worker’s open caseload and the trainings the case calls for when assigning', async () => {
    const theCase = await server.db
      .selectFrom('cases')
      .select(['id', 'family_id'])
      .where('organisation_id', '=', s.supervisor.organisationId)
      .where('status', '<>', 'closed')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await server.db
      .updateTable('persons')
      .set({ disability_group: 'child' })
      .where('family_id', '=', theCase.family_id)
      .where('relationship', '=', 'child')
      .execute();
    const reply = await get(s.supervisor, `/api/cases/${theCase.id}/assignees`);
    expect(reply.statusCode, reply.body).toBe(200);
    const body = reply.json();
    expect(body.relevantTopics).toContain('disability');
    const nodira = body.items.find((i: { id: string }) => i.id === s.worker.userId);
    expect(nodira.openCases).toBeGreaterThan(0);
    expect(nodira.relevant).toContain('disability');
    expect((await get(s.worker, `/api/cases/${theCase.id}/assignees`)).statusCode).toBe(404);
    expect((await get(s.denov, `/api/cases/${theCase.id}/assignees`)).statusCode).toBe(404);
  });
});
