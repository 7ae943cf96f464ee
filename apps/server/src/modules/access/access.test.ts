import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/**
 * Break-the-glass: the Denov worker on duty opens a Shoʻrchi family with a reason, reads it (and its cases) but
 * changes nothing, never takes it offline; the Shoʻrchi supervisor and auditor are told and review the opening.
 */
describe('emergency access', () => {
  const server = useTestServer();
  const s = {} as Record<'denovWorker' | 'worker' | 'worker2' | 'supervisor' | 'auditor' | 'agency' | 'admin', Session>;
  let theCase: { id: string; family_id: string; version: number };

  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const open = (session: Session, payload: Partial<Record<string, string>> = {}) =>
    post(session, '/api/access/emergency', {
      entityType: 'family',
      entityId: theCase.family_id,
      reasonCode: 'immediate_danger',
      reason: 'Neighbours called: a child alone at home, the Shoʻrchi centre does not answer.',
      ...payload,
    });
  const events = (action: string, entityId: string) =>
    server.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute();

  beforeAll(async () => {
    for (const [key, name] of [
      ['denovWorker', 'worker.denov'],
      ['worker', 'worker'],
      ['worker2', 'worker2'],
      ['supervisor', 'supervisor'],
      ['auditor', 'auditor'],
      ['agency', 'agency'],
      ['admin', 'admin'],
    ] as const)
      s[key] = await server.login(name);
    theCase = await server.db
      .selectFrom('cases')
      .select(['id', 'family_id', 'version'])
      .where('assigned_user_id', '=', s.worker.userId)
      .where('supervisor_id', '=', s.supervisor.userId)
      .where('status', '=', 'assessment')
      .orderBy('id')
      .executeTakeFirstOrThrow();
  });

  it('refuses bad input with the fields, unknown records and roles that never open records this way', async () => {
    const bad = await post(s.denovWorker, '/api/access/emergency', {
      entityType: 'person',
      entityId: 'x',
      reasonCode: 'curious',
      reason: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['entityId', 'entityType', 'reason', 'reasonCode']);
    expect((await open(s.denovWorker, { entityId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await open(s.agency)).statusCode).toBe(404);
    expect((await open(s.admin)).statusCode).toBe(404);
    // The family's own worker reads it already: no reason to give.
    const own = await open(s.worker);
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('already_in_reach');
  });

  it('lets the worker read the family and its cases, read only, while the access lasts, and audits start and end', async () => {
    expect((await get(s.denovWorker, `/api/families/${theCase.family_id}`)).statusCode).toBe(404);
    // A member, looked for by name with a letter dropped: out of reach before the opening, found while it lasts.
    const member = await server.db
      .selectFrom('persons')
      .select(['id', 'surname', 'given_name'])
      .where('family_id', '=', theCase.family_id)
      .where('merged_into', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const typo = `${member.surname.slice(0, 3)}${member.surname.slice(4)} ${member.given_name}`;
    const found = async () =>
      (await get(s.denovWorker, `/api/persons?q=${encodeURIComponent(typo)}&limit=50`)).json().items.map((item: { id: string }) => item.id);
    expect(await found()).not.toContain(member.id);
    const opened = await open(s.denovWorker);
    expect(opened.statusCode, opened.body).toBe(201);
    const { id, expiresAt } = opened.json();
    const hours = (new Date(expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(2.9);
    expect(hours).toBeLessThanOrEqual(3);
    expect(await events('emergency.open', theCase.family_id)).toHaveLength(1);

    expect((await get(s.denovWorker, `/api/families/${theCase.family_id}`)).statusCode).toBe(200);
    expect((await get(s.denovWorker, `/api/cases/${theCase.id}`)).statusCode).toBe(200);
    expect(await found()).toContain(member.id);
    const list = await get(s.denovWorker, '/api/cases?limit=200');
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(theCase.id);
    // Read only: no edit, no contact, no case opened for the family.
    expect(
      (await server.as(s.denovWorker, { method: 'PATCH', url: `/api/families/${theCase.family_id}`, payload: { version: 1, notes: 'x' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(s.denovWorker, `/api/cases/${theCase.id}/contacts`, { kind: 'home_visit', date: '2026-11-20', text: 'Visited.' }))
        .statusCode,
    ).toBe(404);
    // Never offline: the phone's set is the worker's own cases, not what they opened with a reason.
    const pull = await get(s.denovWorker, '/api/sync/pull');
    expect(pull.statusCode).toBe(200);
    expect(JSON.stringify(pull.json())).not.toContain(theCase.family_id);

    // The record's supervisor and the organisation's auditor are told at once.
    for (const who of [s.supervisor, s.auditor]) {
      const notes = (await get(who, '/api/notifications')).json().items;
      expect(
        notes.some((n: { kind: string; params: { accessId?: string } }) => n.kind === 'emergency_access' && n.params.accessId === id),
      ).toBe(true);
    }

    // Time up: the next request ends it (an audit event) and the family is out of reach again.
    await server.db
      .updateTable('emergency_accesses')
      .set({ expires_at: new Date(Date.now() - 1000), started_at: new Date(Date.now() - 4 * 3_600_000) })
      .where('id', '=', id)
      .execute();
    expect((await get(s.denovWorker, `/api/families/${theCase.family_id}`)).statusCode).toBe(404);
    const ends = await events('emergency.end', theCase.family_id);
    expect(ends).toHaveLength(1);
    expect(ends[0]?.details).toMatchObject({ accessId: id, reason: 'expired' });
  });

  it('puts every opening in the review queue of the supervisor and the auditor, reviewed once', async () => {
    const opened = await open(s.denovWorker, {
      entityType: 'case',
      entityId: theCase.id,
      reasonCode: 'court_request',
      reason: 'Court request 14-312.',
    });
    expect(opened.statusCode).toBe(201);
    const { id } = opened.json();
    const queue = await get(s.supervisor, '/api/access/emergency?status=pending_review');
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((one: { id: string }) => one.id === id);
    expect(item).toMatchObject({ entityType: 'case', reasonCode: 'court_request', active: true, review: null });
    expect((await get(s.worker2, '/api/access/emergency?status=pending_review')).json().items).toEqual([]);

    // Nobody else reviews it: not a worker, not the opener.
    expect((await post(s.worker2, `/api/access/emergency/${id}/review`, { outcome: 'justified', comment: 'ok' })).statusCode).toBe(404);
    expect((await post(s.denovWorker, `/api/access/emergency/${id}/review`, { outcome: 'justified', comment: 'ok' })).statusCode).toBe(404);
    expect((await post(s.supervisor, `/api/access/emergency/${id}/review`, { outcome: 'maybe', comment: '' })).statusCode).toBe(400);
    const reviewed = await post(s.supervisor, `/api/access/emergency/${id}/review`, {
      outcome: 'justified',
      comment: 'The court asked in writing.',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().review).toMatchObject({ outcome: 'justified', reviewer: { id: s.supervisor.userId } });
    expect((await post(s.auditor, `/api/access/emergency/${id}/review`, { outcome: 'not_justified', comment: 'no' })).statusCode).toBe(409);
    expect(await events('emergency.review', theCase.id)).toHaveLength(1);

    // The opener ends their access before its time.
    const ended = await post(s.denovWorker, `/api/access/emergency/${id}/end`);
    expect(ended.statusCode).toBe(200);
    expect(ended.json().active).toBe(false);
    expect((await get(s.denovWorker, `/api/cases/${theCase.id}`)).statusCode).toBe(404);

    // The auditor's report for the organisation: every opening, as a list and as CSV.
    const report = await get(s.auditor, `/api/access/emergency?organisationId=${s.worker.organisationId}`);
    expect(report.json().items.length).toBeGreaterThanOrEqual(2);
    const csv = await get(s.auditor, `/api/access/emergency?organisationId=${s.worker.organisationId}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Court request 14-312.');
    expect((await get(s.auditor, '/api/access/emergency?from=2026-12-01&to=2026-11-01')).statusCode).toBe(400);
  });
});
