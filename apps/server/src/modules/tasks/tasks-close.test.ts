import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/**
 * Tasks close themselves when what they ask for happens: the first contact by a contact with the family,
 * the assessment by its submission; and when a case closes, whatever is still open is cancelled, saying
 * why, so that nothing on a closed case turns overdue in a worker's list.
 */
const SCREENING = { 'screen.danger_now': 'no', 'screen.alone': 'yes', 'screen.food_shelter': 'no', 'screen.health': 'no' };

describe('tasks that close themselves', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;
  let familyId: string;

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  type Task = { id: string; deadline: string | null; status: string; cancelReason: string | null; version: number };
  const tasksOf = async (caseId: string) => (await get(worker, `/api/tasks?caseId=${caseId}&limit=200`)).json().items as Task[];
  const openCase = async () => {
    const opened = await post(worker, '/api/cases', { familyId, identificationSource: 'school', reason: 'Bola yolgʻiz qolgan' });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id as string;
  };

  beforeAll(async () => {
    [worker, supervisor] = [await server.login('worker'), await server.login('supervisor')];
    const family = await post(worker, '/api/families', {
      districtCode: '1722226',
      mahallaCode: '1722226-003',
      address: 'Chinor koʻchasi, 7-uy',
      identificationSource: 'mahalla_social_worker',
      members: [{ surname: 'Qodirova', givenName: 'Nodira', sex: 'female', relationship: 'head', birthDate: '1990-03-04' }],
    });
    expect(family.statusCode, family.body).toBe(201);
    familyId = family.json().id;
  });

  it('closes the first-contact task with a contact with the family, not with a case conference', async () => {
    const caseId = await openCase();
    const screened = await server.as(worker, {
      method: 'PUT',
      url: `/api/cases/${caseId}/screening`,
      payload: { version: null, answers: SCREENING },
    });
    expect(screened.statusCode, screened.body).toBe(200);
    const before = (await tasksOf(caseId)).find((t) => t.deadline === 'first_contact');
    expect(before).toMatchObject({ status: 'open' });
    const contact = (kind: string) =>
      post(worker, `/api/cases/${caseId}/contacts`, { kind, date: '2026-11-20', text: 'Oila bilan uchrashuv' });
    expect((await contact('case_conference')).statusCode).toBe(201);
    expect((await tasksOf(caseId)).find((t) => t.id === before?.id)).toMatchObject({ status: 'open' });
    expect((await contact('home_visit')).statusCode).toBe(201);
    const after = (await tasksOf(caseId)).find((t) => t.id === before?.id);
    expect(after).toMatchObject({ status: 'done', version: (before?.version ?? 0) + 1 });
    const mine = (await get(worker, '/api/tasks?assignee=me&due=overdue'))
      .json()
      .items.concat(
        (await get(worker, '/api/tasks?assignee=me&due=today')).json().items,
        (await get(worker, '/api/tasks?assignee=me&due=upcoming')).json().items,
      ) as Task[];
    expect(mine.map((t) => t.id)).not.toContain(before?.id);
  });

  it('closes the assessment task when the assessment is submitted', async () => {
    const caseId = await openCase();
    await post(worker, `/api/cases/${caseId}/transition`, { to: 'assessment', version: await server.versionOf('cases', caseId) });
    const started = await post(worker, `/api/cases/${caseId}/assessments`, { answers: {} });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    const instrument = (await get(worker, `/api/assessments/${id}`)).json();
    // Every domain answered, so that the submission is complete.
    const definition = (await get(worker, '/api/instruments')).json().items.find((i: { id: string }) => i.id === instrument.instrumentId)
      .definition as { domains: { questions: { key: string; answers: { key: string; score: number }[] }[] }[] };
    const answers = Object.fromEntries(
      definition.domains.flatMap((d) => d.questions.map((q) => [q.key, q.answers.find((a) => a.score === 0)?.key ?? q.answers[0]?.key])),
    );
    const saved = await server.as(worker, {
      method: 'PATCH',
      url: `/api/assessments/${id}`,
      payload: { version: instrument.version, answers },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await tasksOf(caseId)).find((t) => t.deadline === 'assessment_due')).toMatchObject({ status: 'open' });
    const submitted = await post(worker, `/api/assessments/${id}/submit`, { version: saved.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect((await tasksOf(caseId)).find((t) => t.deadline === 'assessment_due')).toMatchObject({ status: 'done' });
  });

  it('cancels every open task, with the reason, when the case closes', async () => {
    const caseId = await openCase();
    const added = await post(worker, `/api/cases/${caseId}/tasks`, { title: 'Maktabga qoʻngʻiroq', dueDate: '2026-12-30' });
    expect(added.statusCode, added.body).toBe(201);
    const closing = await post(worker, `/api/cases/${caseId}/close`, {
      reason: 'moved_away',
      outcome: 'Oila Toshkentga koʻchdi',
      version: await server.versionOf('cases', caseId),
    });
    expect(closing.statusCode, closing.body).toBe(200);
    expect((await tasksOf(caseId)).every((t) => t.status === 'open')).toBe(true);
    const approval = (
      (await get(supervisor, '/api/approvals?box=mine&status=pending')).json().items as { id: string; caseId: string }[]
    ).find((a) => a.caseId === caseId);
    expect((await post(supervisor, `/api/approvals/${approval?.id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    const tasks = await tasksOf(caseId);
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    expect(tasks.map((t) => [t.status, t.cancelReason])).toEqual(tasks.map(() => ['cancelled', 'case_closed']));
  });
});
