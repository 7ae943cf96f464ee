import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

const ROUTINE = { 'screen.danger_now': 'no', 'screen.alone': 'no', 'screen.food_shelter': 'no', 'screen.health': 'no' };

type Screening = {
  caseUrgency: string;
  editable: boolean;
  form: { questions: { key: string; answers: { key: string; urgent?: boolean }[] }[] };
  screening: { answers: Record<string, string>; urgency: string; version: number } | null;
};
type Task = { deadline: string | null; dueAt: string | null; dueDate: string | null; status: string };

describe('intake screening', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let supervisor: Session;

  const send = (session: Session, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    server.as(session, { method, url, ...(payload && { payload }) });
  const tasksOf = async (caseId: string) => (await send(worker, 'GET', `/api/tasks?caseId=${caseId}`)).json().items as Task[];

  /** A fresh family and a routine case of the worker's, in intake. */
  async function openCase(surname: string) {
    const family = await send(worker, 'POST', '/api/families', {
      districtCode: '1722226',
      mahallaCode: '1722226-003',
      address: 'Bogʻishamol MFY, 12-uy',
      identificationSource: 'mahalla_seven',
      members: [{ surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1991-04-02' }],
    });
    expect(family.statusCode, family.body).toBe(201);
    const opened = await send(worker, 'POST', '/api/cases', {
      familyId: family.json().id,
      identificationSource: 'mahalla_seven',
      reason: 'Mahalla xabari',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json() as { id: string; urgency: string; openedAt: string };
  }

  beforeAll(async () => {
    [worker, worker2, supervisor] = [await server.login('worker'), await server.login('worker2'), await server.login('supervisor')];
  });

  it('offers the instrument’s questions, refuses bad answers with their paths, and saves a routine screening', async () => {
    const theCase = await openCase('Rahimova');
    const url = `/api/cases/${theCase.id}/screening`;
    const empty = (await send(worker, 'GET', url)).json() as Screening;
    expect(empty).toMatchObject({ screening: null, editable: true, caseUrgency: 'routine' });
    expect(empty.form.questions.map((q) => q.key)).toEqual(Object.keys(ROUTINE));

    const bad = await send(worker, 'PUT', url, {
      version: null,
      answers: { 'screen.danger_now': 'maybe', 'screen.alone': 'no', 'safety.violence': 'none' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'answers.screen.danger_now', code: 'unknown_answer' }),
        expect.objectContaining({ path: 'answers.safety.violence', code: 'unknown_question' }),
        expect.objectContaining({ path: 'answers.screen.health', code: 'required' }),
      ]),
    );
    expect((await send(worker, 'GET', url)).json().screening).toBeNull();

    const saved = await send(worker, 'PUT', url, { version: null, answers: ROUTINE });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ caseUrgency: 'routine', screening: { urgency: 'routine', version: 1, answers: ROUTINE } });
    expect((await tasksOf(theCase.id)).some((t) => t.deadline === 'first_contact')).toBe(false);
    // A second save names the version it read.
    const unread = await send(worker, 'PUT', url, { version: null, answers: ROUTINE });
    expect(unread.statusCode).toBe(409);
    expect(unread.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { screening: { version: 1 } } });
    const unnamed = await send(worker, 'PUT', url, { answers: ROUTINE });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.fields).toMatchObject([{ path: 'version' }]);
    expect((await send(worker, 'PUT', url, { version: 1, answers: ROUTINE })).statusCode).toBe(200);
  });

  it('makes an urgent case of an urgent answer: the assessment due sooner, the first contact within 24 hours, on the timeline', async () => {
    const theCase = await openCase('Karimova');
    const url = `/api/cases/${theCase.id}/screening`;
    const dueBefore = (await tasksOf(theCase.id)).find((t) => t.deadline === 'assessment_due')?.dueDate ?? '';
    const saved = await send(worker, 'PUT', url, { version: null, answers: { ...ROUTINE, 'screen.alone': 'yes' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ caseUrgency: 'urgent', screening: { urgency: 'urgent' } });
    expect((await send(worker, 'GET', `/api/cases/${theCase.id}`)).json().urgency).toBe('urgent');

    const tasks = await tasksOf(theCase.id);
    const firstContact = tasks.filter((t) => t.deadline === 'first_contact');
    expect(firstContact).toHaveLength(1);
    const hoursAhead = (Date.parse(firstContact[0]?.dueAt ?? '') - Date.now()) / 3_600_000;
    expect(hoursAhead).toBeGreaterThan(23);
    expect(hoursAhead).toBeLessThanOrEqual(24);
    const dueAfter = tasks.find((t) => t.deadline === 'assessment_due')?.dueDate ?? '';
    expect(dueAfter < dueBefore).toBe(true);

    // Saved again, still urgent: no second first-contact task; answered routine, the case stays urgent.
    await send(worker, 'PUT', url, { version: 1, answers: { ...ROUTINE, 'screen.alone': 'yes', 'screen.health': 'yes' } });
    expect((await tasksOf(theCase.id)).filter((t) => t.deadline === 'first_contact')).toHaveLength(1);
    const routine = (await send(worker, 'PUT', url, { version: 2, answers: ROUTINE })).json();
    expect(routine).toMatchObject({ caseUrgency: 'urgent', screening: { urgency: 'routine', version: 3 } });

    const events = (await send(worker, 'GET', `/api/cases/${theCase.id}/timeline?limit=100`)).json().items as {
      kind: string;
      details: Record<string, unknown>;
    }[];
    expect(events.filter((e) => e.kind === 'screening.recorded').map((e) => e.details.urgency)).toEqual(['routine', 'urgent', 'urgent']);
    const audit = await server.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('entity_id', '=', theCase.id)
      .where('action', 'in', ['screening.save', 'screening.read'])
      .execute();
    expect(audit.filter((a) => a.action === 'screening.save')).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('Karimova');
  });

  it('comes with the demo: the intake case opened a day ago was screened routine at the first contact', async () => {
    const intake = (await send(worker, 'GET', '/api/cases?status=intake&assignee=me&limit=100')).json().items as {
      id: string;
      openedAt: string;
    }[];
    const older = intake.filter((c) => Date.parse(c.openedAt) <= Date.now() - 86_400_000);
    expect(older.length).toBeGreaterThan(0);
    for (const theCase of older) {
      const screening = (await send(worker, 'GET', `/api/cases/${theCase.id}/screening`)).json() as Screening;
      expect(screening.screening).toMatchObject({ urgency: 'routine', version: 1 });
    }
  });

  it('is 404 outside the case’s team, and read-only once the case has left intake', async () => {
    const theCase = await openCase('Yusupova');
    const url = `/api/cases/${theCase.id}/screening`;
    expect((await send(worker2, 'GET', url)).statusCode).toBe(404);
    expect((await send(worker2, 'PUT', url, { version: null, answers: ROUTINE })).statusCode).toBe(404);
    expect((await send(supervisor, 'GET', url)).statusCode).toBe(200);
    const moved = await send(worker, 'POST', `/api/cases/${theCase.id}/transition`, {
      to: 'assessment',
      version: await server.versionOf('cases', theCase.id),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const late = await send(worker, 'PUT', url, { version: null, answers: ROUTINE });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('screening_not_editable');
    expect((await send(worker, 'GET', url)).json()).toMatchObject({ editable: false, screening: null });
  });
});
