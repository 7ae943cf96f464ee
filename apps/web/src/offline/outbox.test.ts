import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import {
  type Command,
  completeTask,
  listOutbox,
  outboxCounts,
  type PushResult,
  push,
  recordConsent,
  recordContact,
  registerFamily,
  saveAssessment,
  saveScreening,
  submitAssessment,
  updateFamily,
  updatePerson,
  updatePlanAction,
  waitingCount,
} from './outbox.ts';
import { OfflineDb } from './store.ts';
import { MAX_PULL_PAGES, type PullPage, pull } from './sync.ts';
import { createVault } from './vault.ts';

let count = 0;
const freshCopy = () => createVault(new OfflineDb(`outbox-test-${++count}`), 'u1', '246810', 1000);
const CASE = '01900000-0000-7000-8000-000000000001';
const NOTE = 'Mother says the boy is back at school';

describe('the outbox', () => {
  it('queues a contact encrypted, applies it to the local copy at once, and sends it once the server takes it', async () => {
    const copy = await freshCopy();
    const command = await recordContact(copy, { caseId: CASE, kind: 'home_visit', date: '2026-12-01', text: NOTE });
    expect(command).toMatchObject({ type: 'contact.record', baseVersion: null, payload: { caseId: CASE, kind: 'home_visit', text: NOTE } });
    expect(command.commandId).toMatch(/^[0-9a-f-]{14}7/);
    expect((await copy.list('contact'))[0]).toMatchObject({ pending: true, data: { caseId: CASE, text: NOTE } });
    const raw = (await copy.db.outbox.toArray()).map((row) => Buffer.from(row.ciphertext).toString('latin1')).join();
    expect(raw).not.toContain('Mother');

    const sent: Command[][] = [];
    const outcome = await push(copy, 'device-1', async ({ commands }) => {
      sent.push(commands);
      return { results: commands.map((c) => ({ commandId: c.commandId, status: 'applied', entityId: c.entityId }) as PushResult) };
    });
    expect(outcome).toEqual({ sent: 1, problems: 0 });
    expect(sent).toEqual([[command]]);
    expect(await listOutbox(copy)).toEqual([]);
    expect(await copy.list('contact')).toEqual([]);
  });

  it('keeps the number of changes waiting in clear, for the header of a locked copy, and no more than the number', async () => {
    const copy = await freshCopy();
    expect(await waitingCount(copy.db, 'u1')).toBe(0);
    const first = await recordContact(copy, { caseId: CASE, kind: 'home_visit', date: '2026-12-01', text: NOTE });
    await recordContact(copy, { caseId: CASE, kind: 'phone', date: '2026-12-02', text: NOTE });
    expect(await waitingCount(copy.db, 'u1')).toBe(2);
    const clear = JSON.stringify(await copy.db.meta.where('[owner+name]').between(['u1', ''], ['u1', '\uffff']).toArray());
    expect(clear).not.toContain('Mother');
    expect(clear).not.toContain('home_visit');
    // One refused (it stays, but no longer waits), one taken.
    await push(copy, 'device-1', async ({ commands }) => ({
      results: commands.map(
        (c) =>
          (c.commandId === first.commandId
            ? { commandId: c.commandId, status: 'rejected', entityId: c.entityId, error: { code: 'not_found', message: '' } }
            : { commandId: c.commandId, status: 'applied', entityId: c.entityId }) as PushResult,
      ),
    }));
    expect(await waitingCount(copy.db, 'u1')).toBe(0);
    // The refused one needs the worker: the locked header says so.
    expect(await outboxCounts(copy.db, 'u1')).toEqual({ waiting: 0, problems: 1 });
    expect(await listOutbox(copy)).toHaveLength(1);
  });

  it('keeps a refused or conflicting command with its reason, and everything when the network fails', async () => {
    const copy = await freshCopy();
    await copy.put([{ entity: 'task', id: 't1', version: 3, data: { id: 't1', caseId: CASE, status: 'open', version: 3 } }]);
    const done = await completeTask(copy, { id: 't1', caseId: CASE, status: 'open', version: 3 });
    expect(done).toMatchObject({ type: 'task.complete', entityId: 't1', baseVersion: 3, payload: {} });
    expect(await copy.get('task', 't1')).toMatchObject({ version: 3, pending: true, data: { status: 'done' } });
    const family = await registerFamily(copy, {
      address: 'Guliston 5',
      districtCode: '1722226',
      identificationSource: 'mahalla',
      members: [{ surname: 'Qurbonova', givenName: 'Dilnoza', sex: 'female', relationship: 'head' }],
    });

    await expect(
      push(copy, 'device-1', async () => {
        throw new ApiError(0, 'network', '');
      }),
    ).rejects.toThrow();
    expect((await listOutbox(copy)).map((entry) => entry.status)).toEqual(['waiting', 'waiting']);

    const outcome = await push(copy, 'device-1', async ({ commands }) => ({
      results: [
        {
          commandId: commands[0]!.commandId,
          status: 'rejected',
          entityId: 't1',
          error: { code: 'case_closed', message: 'The case is closed' },
        },
        { commandId: commands[1]!.commandId, status: 'conflict', entityId: family.entityId, conflictId: 'k1' },
      ],
    }));
    expect(outcome).toEqual({ sent: 0, problems: 2 });
    const entries = await listOutbox(copy);
    expect(entries.map((entry) => [entry.status, entry.error?.code ?? entry.conflictId])).toEqual([
      ['rejected', 'case_closed'],
      ['conflict', 'k1'],
    ]);
    // Nothing waits any more: a further push sends nothing.
    expect(await push(copy, 'device-1', async () => ({ results: [] }))).toEqual({ sent: 0, problems: 0 });
  });
});

describe('the screening offline', () => {
  it('is a first save (no base version) when the device held no screening, and then names the version and the answers it changed', async () => {
    const copy = await freshCopy();
    await copy.put([{ entity: 'screening', id: CASE, version: 0, data: { caseId: CASE, editable: true, screening: null } }]);
    const first = await saveScreening(copy, CASE, { danger: 'no' });
    expect(first).toMatchObject({
      type: 'screening.save',
      entityId: CASE,
      baseVersion: null,
      payload: { answers: { danger: 'no' }, base: { answers: {} } },
    });
    expect(await copy.get('screening', CASE)).toMatchObject({ pending: true, data: { screening: { answers: { danger: 'no' } } } });

    await copy.put([
      {
        entity: 'screening',
        id: CASE,
        version: 4,
        data: { caseId: CASE, editable: true, screening: { answers: { danger: 'no' }, version: 4 } },
      },
    ]);
    const change = await saveScreening(copy, CASE, { danger: 'yes' });
    expect(change).toMatchObject({ baseVersion: 4, payload: { answers: { danger: 'yes' }, base: { answers: { danger: 'no' } } } });
  });
});

describe('a household change offline', () => {
  it('sends only the fields that changed, each with the value the device held, on the version it held', async () => {
    const copy = await freshCopy();
    await copy.put([{ entity: 'family', id: 'f1', version: 7, data: { id: 'f1', address: 'Guliston 5', phone: null, notes: 'x' } }]);
    expect(await updateFamily(copy, 'f1', { address: 'Guliston 5', phone: null })).toBeNull();
    const command = await updateFamily(copy, 'f1', { address: 'Guliston 5', phone: '+998901234567' });
    expect(command).toMatchObject({
      type: 'family.update',
      entityId: 'f1',
      baseVersion: 7,
      payload: { phone: '+998901234567', base: { phone: null } },
    });
    expect(Object.keys(command?.payload ?? {}).sort()).toEqual(['base', 'phone']);
    expect(await copy.get('family', 'f1')).toMatchObject({ version: 7, pending: true, data: { phone: '+998901234567', notes: 'x' } });
  });
});

describe('plan actions and consents on the device', () => {
  const PLAN = '01900000-0000-7000-8000-0000000000a1';
  const ACTION = '01900000-0000-7000-8000-0000000000a2';
  const plan = (status: string) => ({
    id: PLAN,
    caseId: CASE,
    status: 'approved',
    goals: [{ id: 'g1', actions: [{ id: ACTION, status, version: 4, taskId: 't9' }] }],
  });

  it('queues an action status with the status before, and a second change replaces the first keeping its base', async () => {
    const copy = await freshCopy();
    await copy.put([
      { entity: 'plan', id: PLAN, version: 2, data: plan('planned') },
      { entity: 'task', id: 't9', version: 3, data: { id: 't9', caseId: CASE, status: 'open', version: 3 } },
    ]);
    expect(await updatePlanAction(copy, PLAN, ACTION, 'planned')).toBeNull();
    const first = await updatePlanAction(copy, PLAN, ACTION, 'in_progress');
    expect(first).toMatchObject({
      type: 'plan_action.update',
      entityId: ACTION,
      baseVersion: 4,
      payload: { planId: PLAN, status: 'in_progress', base: { status: 'planned' } },
    });
    expect(await copy.get('plan', PLAN)).toMatchObject({ pending: true, data: plan('in_progress') });

    const second = await updatePlanAction(copy, PLAN, ACTION, 'done');
    expect(second).toMatchObject({ baseVersion: 4, payload: { status: 'done', base: { status: 'planned' } } });
    expect(second?.commandId).not.toBe(first?.commandId);
    const entries = await listOutbox(copy);
    expect(entries.map((entry) => entry.command.commandId)).toEqual([second?.commandId]);
    expect(entries[0]?.caseId).toBe(CASE);
    // The action's task follows it, as the server will make it.
    expect(await copy.get('task', 't9')).toMatchObject({ version: 3, pending: true, data: { status: 'done' } });
  });

  it('queues only the changed fields of a member with their values before, and joins a second correction to the first', async () => {
    const copy = await freshCopy();
    const member = { id: 'p1', surname: 'Qurbonova', givenName: 'Dilnoza', patronymic: null, pinfl: null, version: 5 };
    await copy.put([{ entity: 'family', id: 'f1', version: 2, data: { id: 'f1', members: [member, { id: 'p2', version: 1 }] } }]);
    expect(await updatePerson(copy, 'f1', 'p1', { surname: 'Qurbonova', givenName: 'Dilnoza' })).toBeNull();
    const first = await updatePerson(copy, 'f1', 'p1', { surname: 'Qurbonova', givenName: 'Dilnoza', patronymic: 'Akmal qizi' });
    expect(first).toMatchObject({
      type: 'person.update',
      entityId: 'p1',
      baseVersion: 5,
      payload: { patronymic: 'Akmal qizi', base: { patronymic: null } },
    });
    expect(Object.keys(first?.payload ?? {}).sort()).toEqual(['base', 'patronymic']);
    expect(await copy.get('family', 'f1')).toMatchObject({
      pending: true,
      data: { members: [{ patronymic: 'Akmal qizi' }, { id: 'p2' }] },
    });

    const second = await updatePerson(copy, 'f1', 'p1', { patronymic: 'Akmalovna', pinfl: '41403886210027' });
    expect(second).toMatchObject({
      baseVersion: 5,
      payload: { patronymic: 'Akmalovna', pinfl: '41403886210027', base: { patronymic: null, pinfl: null } },
    });
    expect((await listOutbox(copy)).map((entry) => entry.command.commandId)).toEqual([second?.commandId]);
  });

  it('queues the changed answers of a draft assessment with the answers before, then its submission from the same base', async () => {
    const copy = await freshCopy();
    const draft = { id: 'a1', caseId: CASE, status: 'draft', answers: { q1: 'yes' } };
    await copy.put([{ entity: 'assessment', id: 'a1', version: 6, data: draft }]);
    expect(await saveAssessment(copy, 'a1', { q1: 'yes' })).toBeNull();
    const saved = await saveAssessment(copy, 'a1', { q1: 'yes', q2: 'no', q3: 'often' });
    expect(saved).toMatchObject({
      type: 'assessment.save',
      entityId: 'a1',
      baseVersion: 6,
      payload: { answers: { q2: 'no', q3: 'often' }, base: { answers: { q2: null, q3: null } } },
    });
    const submitted = await submitAssessment(copy, 'a1');
    expect(submitted).toMatchObject({ type: 'assessment.submit', entityId: 'a1', baseVersion: 6, payload: {} });
    expect(await copy.get('assessment', 'a1')).toMatchObject({
      version: 6,
      pending: true,
      data: { status: 'submitted', answers: { q1: 'yes', q2: 'no', q3: 'often' } },
    });
    expect((await listOutbox(copy)).map((entry) => [entry.command.type, entry.caseId])).toEqual([
      ['assessment.save', CASE],
      ['assessment.submit', CASE],
    ]);
  });

  it('queues a consent as the case route takes it, shows it on the device, and drops the local record once sent', async () => {
    const copy = await freshCopy();
    const registry = '0190c3a0-0000-7000-8000-0000000000aa';
    const input = { caseId: CASE, givenByPersonId: 'p1', onBehalfOfPersonIds: ['p2'], scope: ['health', registry], date: '2026-12-01' };
    const organisations = [
      { id: registry, name: 'FHDYo' },
      { id: '0190c3a0-0000-7000-8000-0000000000bb', name: 'Other' },
    ];
    const command = await recordConsent(copy, input, { id: 'p1', surname: 'Qurbonova', givenName: 'Dilnoza' }, organisations);
    expect(command).toMatchObject({ type: 'consent.record', baseVersion: null, payload: input });
    expect((await copy.list('consent'))[0]).toMatchObject({
      pending: true,
      data: {
        caseId: CASE,
        givenBy: { surname: 'Qurbonova' },
        scopeCategories: ['health'],
        scopeOrganisations: [{ id: registry, name: 'FHDYo' }],
        status: 'active',
      },
    });
    await push(copy, 'device-1', async ({ commands }) => ({
      results: commands.map((c) => ({ commandId: c.commandId, status: 'applied', entityId: c.entityId }) as PushResult),
    }));
    expect(await copy.list('consent')).toEqual([]);
  });
});

describe('the pull', () => {
  const page = (over: Partial<PullPage>): PullPage => ({ changes: [], removed: [], cursor: 'c', more: false, ...over });

  it('follows the cursor while there is more, applies removals, and keeps the last cursor', async () => {
    const copy = await freshCopy();
    await copy.put([{ entity: 'case', id: 'gone', version: 1, data: {} }]);
    const asked: (string | undefined)[] = [];
    const pages = [
      page({ changes: [{ entity: 'case', id: 'a', version: 1, data: { number: 'A' } }], cursor: 'c1', more: true }),
      page({
        changes: [
          { entity: 'family', id: 'f', version: 2, data: {} },
          { entity: 'unknown', id: 'x', version: 1, data: {} },
        ],
        removed: [{ entity: 'case', id: 'gone' }],
        cursor: 'c2',
      }),
    ];
    expect(
      await pull(copy, async (cursor) => {
        asked.push(cursor);
        return pages.shift()!;
      }),
    ).toEqual({ changes: 2, removed: 1 });
    expect(asked).toEqual([undefined, 'c1']);
    expect((await copy.list('case')).map((record) => record.id)).toEqual(['a']);
    expect(await copy.readMeta('cursor')).toBe('c2');

    await pull(copy, async (cursor) => {
      asked.push(cursor);
      return page({ cursor: 'c3' });
    });
    expect(asked.at(-1)).toBe('c2');
  });

  it('stops after a bounded number of pages when the server keeps saying more, keeping the cursor to go on from', async () => {
    const copy = await freshCopy();
    let asked = 0;
    await pull(copy, async () => page({ cursor: `c${++asked}`, more: true }));
    expect(asked).toBe(MAX_PULL_PAGES);
    expect(await copy.readMeta('cursor')).toBe(`c${MAX_PULL_PAGES}`);
    expect(await copy.readMeta('pulledAt')).toBeUndefined();
  });

  it('starts from scratch when the server no longer knows the cursor', async () => {
    const copy = await freshCopy();
    await copy.put([{ entity: 'case', id: 'old', version: 1, data: {} }]);
    await copy.writeMeta('cursor', 'stale');
    const asked: (string | undefined)[] = [];
    await pull(copy, async (cursor) => {
      asked.push(cursor);
      if (cursor === 'stale') throw new ApiError(400, 'invalid', '', [{ path: 'cursor', message: '' }]);
      return page({ changes: [{ entity: 'case', id: 'new', version: 1, data: {} }], cursor: 'fresh' });
    });
    expect(asked).toEqual(['stale', undefined]);
    expect((await copy.list('case')).map((record) => record.id)).toEqual(['new']);
  });
});
