import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

type Plan = {
  id: string;
  revision: number;
  previousId: string | null;
  status: string;
  version: number;
  pendingApprovalId: string | null;
  progress: { done: number; total: number };
  goals: { domain: string | null; title: string; actions: { id: string; taskId: string | null; status: string }[] }[];
  unansweredDomains: string[];
};

describe('plan revisions and the demo plans', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let supervisor: Session;
  let agency: Session;

  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });
  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const caseAt = async (session: Session, status: string) =>
    ((await get(session, `/api/cases?status=${status}`)).json().items as { id: string }[])[0]?.id ?? '';

  beforeAll(async () => {
    [worker, worker2, supervisor, agency] = [
      await server.login('worker'),
      await server.login('worker2'),
      await server.login('supervisor'),
      await server.login('agency'),
    ];
  });

  it('seeds a plan in force with its tasks, a superseded first plan, a draft, and referrals at every stage', async () => {
    const implementation = await caseAt(worker2, 'implementation');
    const [inForce] = (await get(worker2, `/api/cases/${implementation}/plans`)).json().items as Plan[];
    expect(inForce).toMatchObject({ status: 'approved', revision: 1, unansweredDomains: [] });
    expect(inForce?.goals.map((g) => g.domain)).toEqual(['income_employment', 'migration_contact', 'psychosocial_wellbeing']);
    expect(inForce?.progress.done).toBeGreaterThan(0);
    expect(inForce?.goals.flatMap((g) => g.actions).filter((a) => a.status !== 'done' && !a.taskId)).toEqual([]);
    const monitoring = await caseAt(worker, 'monitoring');
    expect(((await get(worker, `/api/cases/${monitoring}/plans`)).json().items as Plan[]).map((p) => [p.revision, p.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    const planning = await caseAt(worker, 'planning');
    expect(((await get(worker, `/api/cases/${planning}/plans`)).json().items as Plan[]).map((p) => p.status)).toEqual(['draft']);

    // The agency's inbox: the Tursunovs' birth certificate waiting, the Qodirovs' completed; nothing else.
    const inbox = (await get(agency, '/api/referrals?box=inbox')).json().items as { status: string; view: string; overdue: boolean }[];
    expect(inbox.map((r) => r.status).sort()).toEqual(['completed', 'sent']);
    expect(inbox.every((r) => r.view === 'receiver')).toBe(true);
    const outbox = (await get(supervisor, '/api/referrals?box=outbox&limit=200')).json().items as {
      status: string;
      resentFromId: string | null;
      overdue: boolean;
    }[];
    expect(outbox.map((r) => r.status)).toEqual(expect.arrayContaining(['sent', 'in_progress', 'declined', 'completed']));
    expect(outbox.filter((r) => r.resentFromId)).toHaveLength(1);
    const overdue = (await get(supervisor, '/api/referrals?box=outbox&overdue=true')).json().items as { overdue: boolean }[];
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r) => r.overdue)).toBe(true);
    // Nothing of this waits on the supervisor: what is pending is the closure and the emergency placement's
    // gatekeeping decision (the children-in-care demo), nothing of plans or referrals.
    const pending = (await get(supervisor, '/api/approvals?status=pending')).json().items as { kind: string }[];
    expect(pending.map((a) => a.kind).sort()).toEqual(['closure', 'gatekeeping']);
  });

  it('revises the plan in force as a new version; the old one is kept, and superseded once the new one is approved', async () => {
    const caseId = await caseAt(worker2, 'implementation');
    const [old] = (await get(worker2, `/api/cases/${caseId}/plans`)).json().items as Plan[];
    const revision = await post(worker2, `/api/cases/${caseId}/plans`, { copyPrevious: true });
    expect(revision.statusCode, revision.body).toBe(201);
    const draft = revision.json() as Plan;
    expect(draft).toMatchObject({ revision: 2, previousId: old?.id, status: 'draft' });
    expect(draft.goals.map((g) => g.title)).toEqual(old?.goals.map((g) => g.title));
    expect(draft.goals.flatMap((g) => g.actions).every((a) => a.taskId === null)).toBe(true);

    const submitted = await post(worker2, `/api/plans/${draft.id}/submit`, { version: draft.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const returned = await post(supervisor, `/api/approvals/${submitted.json().pendingApprovalId}/decision`, {
      decision: 'return',
      comment: 'Otasi bilan aloqa uchun muddatni qisqartiring',
    });
    expect(returned.statusCode).toBe(200);
    const back = (await get(worker2, `/api/plans/${draft.id}`)).json() as Plan;
    expect(back).toMatchObject({ status: 'returned', readOnly: false });
    const again = await post(worker2, `/api/plans/${draft.id}/submit`, { version: back.version });
    expect(again.statusCode, again.body).toBe(200);
    const oldTasks = (old?.goals.flatMap((g) => g.actions).map((a) => a.taskId) ?? []).filter((id): id is string => !!id);
    expect((await post(supervisor, `/api/approvals/${again.json().pendingApprovalId}/decision`, { decision: 'approve' })).statusCode).toBe(
      200,
    );

    const plans = (await get(worker2, `/api/cases/${caseId}/plans`)).json().items as Plan[];
    expect(plans.map((p) => [p.revision, p.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    const tasks = await server.db.selectFrom('tasks').select(['id', 'status']).where('id', 'in', oldTasks).execute();
    expect(tasks.filter((t) => t.status === 'open')).toEqual([]);
    expect((await get(worker2, `/api/cases/${caseId}`)).json().status).toBe('implementation');
  });
});
