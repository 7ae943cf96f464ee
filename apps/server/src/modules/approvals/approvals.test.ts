import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

describe('asking for an approval', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;
  let familyId: string;

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });

  /** A case of the worker's, in assessment with a home visit: ready to be closed. */
  async function closableCase(): Promise<string> {
    const opened = await post(worker, '/api/cases', { familyId, identificationSource: 'school', reason: 'Bola darsga kelmayapti' });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id as string;
    await post(worker, `/api/cases/${id}/transition`, { to: 'assessment', version: await server.versionOf('cases', id) });
    await post(worker, `/api/cases/${id}/contacts`, { kind: 'home_visit', date: '2026-01-20', text: 'Uyga tashrif' });
    return id;
  }
  const close = async (session: Session, id: string) => {
    const answer = await post(session, `/api/cases/${id}/close`, {
      reason: 'goals_achieved',
      outcome: 'Bola maktabga qaytdi',
      version: await server.versionOf('cases', id),
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().status).toBe('closing');
  };
  const approvalOf = (caseId: string) =>
    server.db.selectFrom('approvals').selectAll().where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirstOrThrow();
  const notificationsOf = (userId: string, caseId: string) =>
    server.db.selectFrom('notifications').select('kind').where('user_id', '=', userId).where('case_id', '=', caseId).execute();

  beforeAll(async () => {
    [worker, supervisor] = [await server.login('worker'), await server.login('supervisor')];
    const registered = await post(worker, '/api/families', {
      districtCode: '1722226',
      mahallaCode: '1722226-001',
      address: 'Navbahor MFY, Sinov koʻchasi, 11-uy',
      identificationSource: 'mahalla_social_worker',
      members: [{ surname: 'Tasdiqova', givenName: 'Malika', sex: 'female', relationship: 'head', birthDate: '1985-05-01' }],
    });
    familyId = registered.json().id;
  });

  it('records the approval for the supervisor, on the timeline, in their notifications and in the audit', async () => {
    const caseId = await closableCase();
    await close(worker, caseId);
    const approval = await approvalOf(caseId);
    expect(approval).toMatchObject({ kind: 'closure', requested_by: worker.userId, assigned_to: supervisor.userId });
    const event = await server.db
      .selectFrom('case_events')
      .select('details')
      .where('case_id', '=', caseId)
      .where('kind', '=', 'approval.requested')
      .executeTakeFirstOrThrow();
    expect(event.details).toEqual({
      approvalId: approval.id,
      approvalKind: 'closure',
      assignedTo: supervisor.userId,
      closureReason: 'goals_achieved',
    });
    expect(await notificationsOf(supervisor.userId, caseId)).toEqual([{ kind: 'approval_requested' }]);
    const audited = await server.db
      .selectFrom('audit_events')
      .select(['actor_id', 'details'])
      .where('action', '=', 'approval.request')
      .where('entity_id', '=', approval.id)
      .executeTakeFirstOrThrow();
    expect(audited).toEqual({ actor_id: worker.userId, details: { caseId, kind: 'closure', reason: 'goals_achieved' } });
  });

  it('does not notify a supervisor of the request they made themselves', async () => {
    const caseId = await closableCase();
    await close(supervisor, caseId);
    expect(await approvalOf(caseId)).toMatchObject({ kind: 'closure', requested_by: supervisor.userId, assigned_to: supervisor.userId });
    expect(await notificationsOf(supervisor.userId, caseId)).toEqual([]);
  });

  it('is written once: every module asks through requestApproval', async () => {
    const modules = join(import.meta.dirname, '..');
    const files = (await readdir(modules, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const writers = [];
    for (const file of files) if ((await readFile(join(modules, file), 'utf8')).includes('insertApproval(')) writers.push(file);
    expect(writers.sort()).toEqual([join('approvals', 'repo.ts'), join('approvals', 'request.ts')]);
  });
});
