import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

const household = {
  districtCode: '1722226',
  mahallaCode: '1722226-003',
  address: 'Bogʻishamol MFY, Chinor koʻchasi, 7-uy',
  identificationSource: 'mahalla_social_worker',
  members: [{ surname: 'Qodirova', givenName: 'Nodira', sex: 'female', relationship: 'head', birthDate: '1985-04-02' }],
};

describe('a note to the supervisor', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;
  let ngo: Session;
  let caseId: string;
  const note = (session: Session, payload: object) =>
    server.as(session, { method: 'POST', url: '/api/notifications/supervisor-note', payload });
  const notifications = async (session: Session) =>
    (await server.as(session, { method: 'GET', url: '/api/notifications?limit=50' })).json().items as {
      kind: string;
      caseId: string | null;
      text: string;
    }[];

  beforeAll(async () => {
    [worker, supervisor, ngo] = [await server.login('worker'), await server.login('supervisor'), await server.login('ngo')];
    const family = (await server.as(worker, { method: 'POST', url: '/api/families', payload: household })).json();
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: family.id, identificationSource: 'school', reason: 'Bola darsga kelmayapti' },
    });
    caseId = opened.json().id;
  });

  it('reaches the worker’s own supervisor with the text and the case, and the audit keeps no text', async () => {
    const text = 'Uyga tashrif: buvisi bolalarga qarayapti, onasi dushanba kuni keladi';
    const response = await note(worker, { text, caseId });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().supervisorName).toBe('Dilfuza Rahimova');
    const received = (await notifications(supervisor)).find((item) => item.kind === 'worker_note');
    expect(received?.caseId).toBe(caseId);
    expect(received?.text).toContain(text);
    expect((await notifications(worker)).some((item) => item.kind === 'worker_note')).toBe(false);
    const audit = await server.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id', 'details'])
      .where('action', '=', 'notification.worker_note')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(supervisor.userId);
    expect(JSON.stringify(audit)).not.toContain('tashrif');
  });

  it('names no case the supervisor may not read, and takes a case id that does not exist as none', async () => {
    const response = await note(worker, { text: 'Boshqa ish', caseId: '01930000-0000-7000-8000-000000000000' });
    expect(response.statusCode).toBe(201);
    const received = (await notifications(supervisor)).filter((item) => item.kind === 'worker_note');
    expect(received[0]?.caseId).toBeNull();
  });

  it('refuses empty or too long text with the field, an account without a supervisor with 409, and other roles with 404', async () => {
    const empty = await note(worker, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.map((field: { path: string }) => field.path)).toEqual(['text']);
    expect((await note(worker, { text: 'x'.repeat(4001) })).statusCode).toBe(400);
    expect((await note(worker, { text: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await note(ngo, { text: 'Yozuv' })).json().error.code).toBe('no_supervisor');
    expect((await note(await server.login('analyst'), { text: 'Yozuv' })).statusCode).toBe(404);
  });
});
