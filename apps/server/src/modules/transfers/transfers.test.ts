import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/**
 * A Shoʻrchi family moves to Denov: the worker sends the case, the Denov supervisor accepts it (or returns
 * it); and a case shared with an NGO co-worker, who reads it and records contacts but no more.
 */
describe('transfers and shares', () => {
  const server = useTestServer();
  const s = {} as Record<'worker' | 'worker2' | 'supervisor' | 'ngo' | 'denov' | 'denovWorker', Session>;
  let denovOrg: string;

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });

  /** An open case of the demo worker's with open tasks, and a consent covering the Denov centre when asked. */
  const workerCase = async (toTransfer = true) =>
    server.db
      .selectFrom('cases')
      .select(['id', 'focus_person_ids', 'family_id', 'organisation_id'])
      .where('assigned_user_id', '=', s.worker.userId)
      .where('status', 'not in', ['closed', 'closing'])
      .$if(toTransfer, (qb) =>
        qb
          .where((eb) =>
            eb.exists(eb.selectFrom('tasks').select('id').whereRef('tasks.case_id', '=', 'cases.id').where('status', '=', 'open')),
          )
          .where((eb) =>
            eb.not(eb.exists(eb.selectFrom('case_transfers').select('id').whereRef('case_transfers.case_id', '=', 'cases.id'))),
          ),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
  const consentFor = async (theCase: { id: string; focus_person_ids: string[]; family_id: string }) => {
    const persons = theCase.focus_person_ids.length
      ? theCase.focus_person_ids
      : (await server.db.selectFrom('persons').select('id').where('family_id', '=', theCase.family_id).execute()).map((p) => p.id);
    const [givenBy, ...others] = persons;
    const response = await post(s.worker, `/api/cases/${theCase.id}/consents`, {
      givenByPersonId: givenBy,
      onBehalfOfPersonIds: others,
      scope: [denovOrg],
      date: '2026-11-20',
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeAll(async () => {
    for (const [key, name] of [
      ['worker', 'worker'],
      ['worker2', 'worker2'],
      ['supervisor', 'supervisor'],
      ['ngo', 'ngo'],
      ['denov', 'supervisor.denov'],
      ['denovWorker', 'worker.denov'],
    ] as const)
      s[key] = await server.login(name);
    denovOrg = s.denov.organisationId;
  });

  it('seeds a transfer waiting for the Denov supervisor and a case of worker2 shared with the NGO worker', async () => {
    const inbox = (await get(s.denov, '/api/transfers?box=inbox&status=pending')).json().items as { caseId: string; steps: string[] }[];
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.steps).toEqual(['accept', 'return']);
    const shared = await server.db.selectFrom('case_shares').select('case_id').where('user_id', '=', s.ngo.userId).execute();
    expect(shared).toHaveLength(1);
    expect((await get(s.ngo, `/api/cases/${shared[0]?.case_id}`)).statusCode).toBe(200);
  });

  it('sends a case with a covering consent; the Denov supervisor accepts it with a Denov worker, and the case, its plan and open tasks move', async () => {
    const theCase = await workerCase();
    const transfer = { toOrganisationId: denovOrg, reason: 'Oila Denov tumaniga koʻchib ketdi' };

    const noConsent = await post(s.worker, `/api/cases/${theCase.id}/transfer`, transfer);
    expect(noConsent.statusCode).toBe(409);
    expect(noConsent.json().error.code).toBe('consent_required');
    expect(noConsent.json().error.message).toContain('Denov tumani «Inson»');

    const consentId = await consentFor(theCase);
    for (const outsider of [s.worker2, s.ngo, s.denov])
      expect((await post(outsider, `/api/cases/${theCase.id}/transfer`, transfer)).statusCode).toBe(404);
    expect(
      (await post(s.worker, `/api/cases/${theCase.id}/transfer`, { ...transfer, toOrganisationId: theCase.organisation_id })).statusCode,
    ).toBe(400);

    const sent = await post(s.worker, `/api/cases/${theCase.id}/transfer`, { ...transfer, consentId });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ status: 'pending', consentId, steps: [] });
    const id = sent.json().id as string;
    expect((await post(s.worker, `/api/cases/${theCase.id}/transfer`, transfer)).json().error.code).toBe('transfer_pending');
    // Until accepted the case stays with the sender.
    expect((await get(s.worker, `/api/cases/${theCase.id}`)).statusCode).toBe(200);
    expect((await get(s.denovWorker, `/api/cases/${theCase.id}`)).statusCode).toBe(404);

    const inbox = (await get(s.denov, '/api/transfers?box=inbox')).json().items as { id: string; steps: string[]; familyName: string }[];
    expect(inbox.find((t) => t.id === id)).toMatchObject({ steps: ['accept', 'return'] });
    expect(((await get(s.supervisor, '/api/transfers?box=inbox')).json().items as { id: string }[]).map((t) => t.id)).not.toContain(id);
    expect(((await get(s.supervisor, `/api/transfers?box=outbox&caseId=${theCase.id}`)).json().items as { id: string }[])[0]?.id).toBe(id);
    expect(((await get(s.denovWorker, '/api/transfers?box=inbox')).json().items as unknown[]).length).toBe(0);

    // Only the receiving side's supervisor decides, and the new worker must be one of theirs.
    expect((await post(s.worker, `/api/transfers/${id}/accept`, {})).statusCode).toBe(404);
    expect((await post(s.denovWorker, `/api/transfers/${id}/accept`, {})).statusCode).toBe(404);
    const foreign = await post(s.denov, `/api/transfers/${id}/accept`, { assigneeId: s.worker2.userId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields[0]).toMatchObject({ path: 'assigneeId', code: 'assignee_invalid' });

    const accepted = await post(s.denov, `/api/transfers/${id}/accept`, { assigneeId: s.denovWorker.userId });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', assignee: { id: s.denovWorker.userId }, steps: [] });
    expect((await post(s.denov, `/api/transfers/${id}/accept`, {})).json().error.code).toBe('transfer_decided');

    const moved = (await get(s.denovWorker, `/api/cases/${theCase.id}`)).json();
    expect(moved).toMatchObject({ organisationId: denovOrg, assignedUserId: s.denovWorker.userId, supervisorId: s.denov.userId });
    expect((await get(s.denovWorker, `/api/families/${theCase.family_id}`)).statusCode).toBe(200);
    expect((await get(s.worker, `/api/cases/${theCase.id}`)).statusCode).toBe(404);
    const openTasks = await server.db
      .selectFrom('tasks')
      .select('assignee_id')
      .where('case_id', '=', theCase.id)
      .where('status', '=', 'open')
      .execute();
    expect(openTasks.length).toBeGreaterThan(0);
    expect(new Set(openTasks.map((t) => t.assignee_id))).toEqual(new Set([s.denovWorker.userId]));
    const workerActions = await server.db
      .selectFrom('plan_actions')
      .select('user_id')
      .where('case_id', '=', theCase.id)
      .where('performer', '=', 'worker')
      .where('status', 'in', ['planned', 'in_progress'])
      .execute();
    for (const action of workerActions) expect(action.user_id).toBe(s.denovWorker.userId);

    const events = (await get(s.denovWorker, `/api/cases/${theCase.id}/timeline?limit=200`)).json().items as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['transfer.sent', 'transfer.accepted', 'case.opened']));
    const told = await server.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('kind', 'in', ['transfer_received', 'transfer_accepted', 'case_assigned'])
      .execute();
    expect(told).toEqual(
      expect.arrayContaining([
        { user_id: s.denov.userId, kind: 'transfer_received' },
        { user_id: s.worker.userId, kind: 'transfer_accepted' },
        { user_id: s.denovWorker.userId, kind: 'case_assigned' },
      ]),
    );
    const audited = await server.db.selectFrom('audit_events').select('action').where('entity_id', '=', id).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['transfer.send', 'transfer.accept']));
  });

  it('a returned transfer leaves the case with the sender, who is told why; a closed case is not sent', async () => {
    const theCase = await workerCase();
    const consentId = await consentFor(theCase);
    const id = (
      await post(s.supervisor, `/api/cases/${theCase.id}/transfer`, { toOrganisationId: denovOrg, reason: 'Koʻchish', consentId })
    ).json().id;
    expect((await post(s.denov, `/api/transfers/${id}/return`, {})).statusCode).toBe(400);
    const returned = await post(s.denov, `/api/transfers/${id}/return`, { reason: 'Oila Denovda roʻyxatdan oʻtmagan' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: 'Oila Denovda roʻyxatdan oʻtmagan' });
    expect((await get(s.worker, `/api/cases/${theCase.id}`)).json()).toMatchObject({
      organisationId: s.worker.organisationId,
      assignedUserId: s.worker.userId,
    });
    const told = await server.db
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', s.worker.userId)
      .where('kind', '=', 'transfer_returned')
      .execute();
    expect(told.length).toBe(1);

    await server.db.updateTable('cases').set({ status: 'closed', closed_at: new Date() }).where('id', '=', theCase.id).execute();
    const closed = await post(s.worker, `/api/cases/${theCase.id}/transfer`, { toOrganisationId: denovOrg, reason: 'Yana', consentId });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('case_closed');
  });

  it('a co-worker the case is shared with reads it and records contacts, but does not close, transfer or share it', async () => {
    const theCase = await workerCase(false);
    expect((await get(s.ngo, `/api/cases/${theCase.id}`)).statusCode).toBe(404);
    const listed = (await get(s.worker, `/api/cases/${theCase.id}/shares`)).json();
    expect(listed.canManage).toBe(true);
    expect((listed.candidates as { id: string }[]).map((c) => c.id)).toContain(s.ngo.userId);
    // Nobody outside the organisations working in the district, nor the case's own worker.
    expect((await post(s.worker, `/api/cases/${theCase.id}/shares`, { userId: s.denovWorker.userId })).statusCode).toBe(400);
    expect((await post(s.worker, `/api/cases/${theCase.id}/shares`, { userId: s.worker.userId })).statusCode).toBe(400);
    expect((await post(s.worker2, `/api/cases/${theCase.id}/shares`, { userId: s.ngo.userId })).statusCode).toBe(404);

    const shared = await post(s.worker, `/api/cases/${theCase.id}/shares`, { userId: s.ngo.userId });
    expect(shared.statusCode, shared.body).toBe(201);
    expect(shared.json().items).toMatchObject([{ userId: s.ngo.userId, displayName: 'Malika Yusupova' }]);

    const read = await get(s.ngo, `/api/cases/${theCase.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().actions).not.toEqual(expect.arrayContaining(['close']));
    expect(read.json().actions).not.toContain('transfer');
    const contact = await post(s.ngo, `/api/cases/${theCase.id}/contacts`, {
      kind: 'home_visit',
      date: '2026-11-25',
      text: 'Uyga tashrif',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const version = (await get(s.ngo, `/api/cases/${theCase.id}`)).json().version;
    expect((await post(s.ngo, `/api/cases/${theCase.id}/close`, { reason: 'other', outcome: 'x', version })).statusCode).toBe(404);
    // Reading and recording contacts is all: no stage change, no task, no referral, no edit of the case.
    expect(read.json().actions).toEqual(['record_contact']);
    expect((await post(s.ngo, `/api/cases/${theCase.id}/transition`, { to: 'monitoring', version })).statusCode).toBe(404);
    expect((await post(s.ngo, `/api/cases/${theCase.id}/tasks`, { title: 'Maktabga borish', dueDate: '2026-12-20' })).statusCode).toBe(404);
    expect((await post(s.ngo, `/api/cases/${theCase.id}/transfer`, { toOrganisationId: denovOrg, reason: 'x' })).statusCode).toBe(404);
    expect((await post(s.ngo, `/api/cases/${theCase.id}/shares`, { userId: s.worker2.userId })).statusCode).toBe(404);
    expect((await get(s.ngo, `/api/cases/${theCase.id}/shares`)).json().canManage).toBe(false);
    const told = await server.db
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', s.ngo.userId)
      .where('kind', '=', 'case_shared')
      .execute();
    expect(told.length).toBe(1);

    expect((await server.as(s.ngo, { method: 'DELETE', url: `/api/cases/${theCase.id}/shares/${s.ngo.userId}` })).statusCode).toBe(404);
    expect((await server.as(s.worker, { method: 'DELETE', url: `/api/cases/${theCase.id}/shares/${s.ngo.userId}` })).statusCode).toBe(204);
    expect((await server.as(s.worker, { method: 'DELETE', url: `/api/cases/${theCase.id}/shares/${s.ngo.userId}` })).statusCode).toBe(404);
    expect((await get(s.ngo, `/api/cases/${theCase.id}`)).statusCode).toBe(404);
    const events = (await get(s.worker, `/api/cases/${theCase.id}/timeline?limit=200`)).json().items as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['share.added', 'share.removed']));
  });
});
