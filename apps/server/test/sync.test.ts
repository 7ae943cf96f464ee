import { describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { type Session, useTestServer } from './harness.ts';

type Change = { entity: string; id: string; version: number; data: Record<string, unknown> };
type Pulled = { changes: Change[]; removed: { entity: string; id: string }[]; cursor: string; more: boolean };
type Result = {
  commandId: string | null;
  status: string;
  entityId: string;
  version?: number;
  conflictId?: string;
  error?: { code: string; message: string };
};

const family = (surname: string) => ({
  districtCode: '1722226',
  mahallaCode: '1722226-001',
  address: 'Navbahor MFY, Sinov koʻchasi, 7-uy',
  identificationSource: 'mahalla_social_worker',
  members: [{ surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1988-02-11' }],
});

const command = (type: string, entityId: string, baseVersion: number | null, payload: Record<string, unknown>) => ({
  commandId: newId(),
  type,
  entityId,
  baseVersion,
  payload,
  clientTime: new Date().toISOString(),
});

describe('offline sync', () => {
  const server = useTestServer();

  const push = async (session: Session, commands: unknown[], deviceId = 'phone-1') => {
    const answer = await server.as(session, { method: 'POST', url: '/api/sync/push', payload: { deviceId, commands } });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json().results as Result[];
  };
  const pullAll = async (session: Session, cursor?: string, limit?: number) => {
    const query = new URLSearchParams();
    if (cursor) query.set('cursor', cursor);
    if (limit) query.set('limit', String(limit));
    const answer = await server.as(session, { method: 'GET', url: `/api/sync/pull?${query}` });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as Pulled;
  };
  /** A family of the worker's own open cases, with its version, as the device holds it. */
  const heldFamily = async (session: Session) => {
    const pulled = await pullAll(session);
    const family = pulled.changes.find((change) => change.entity === 'family');
    if (!family) throw new Error('no family in the offline set');
    return { family, pulled };
  };

  it("pulls the worker's open cases with their families, and only what changed after that", async () => {
    const worker = await server.login('worker');
    const first = await pullAll(worker);
    const entities = new Set(first.changes.map((change) => change.entity));
    for (const entity of ['case', 'family', 'screening', 'instrument']) expect(entities).toContain(entity);
    const caseIds = first.changes.filter((change) => change.entity === 'case').map((change) => change.id);
    const own = await server.db
      .selectFrom('cases')
      .select('id')
      .where('assigned_user_id', '=', worker.userId)
      .where('status', '<>', 'closed')
      .execute();
    expect(caseIds.sort()).toEqual(own.map((row) => row.id).sort());
    expect(first.more).toBe(false);
    // The whole answer is one audited read that names every record sent.
    const event = await server.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('actor_id', '=', worker.userId)
      .where('action', '=', 'sync.pull')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const records = (event.details as { records: Record<string, string[]> }).records;
    expect(records.case?.sort()).toEqual([...caseIds].sort());
    expect(records.family?.length).toBe(first.changes.filter((change) => change.entity === 'family').length);

    const again = await pullAll(worker, first.cursor);
    expect(again.changes).toEqual([]);
    expect(again.removed).toEqual([]);

    const held = first.changes.find((change) => change.entity === 'family') as Change;
    const edit = await server.as(worker, {
      method: 'PATCH',
      url: `/api/families/${held.id}`,
      payload: { notes: 'Uyda suhbat boʻldi', version: held.version },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const later = await pullAll(worker, again.cursor);
    expect(later.changes.map((change) => [change.entity, change.id])).toEqual([['family', held.id]]);
    expect(later.changes[0]?.data.notes).toBe('Uyda suhbat boʻldi');
  });

  it('pages a large set by limit, and the pages add up to the whole set', async () => {
    const worker = await server.login('worker');
    const whole = await pullAll(worker);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const answer = await pullAll(worker, cursor, 3);
      expect(answer.changes.length).toBeLessThanOrEqual(3);
      seen.push(...answer.changes.map((change) => `${change.entity}:${change.id}`));
      cursor = answer.cursor;
      if (!answer.more) break;
    }
    expect(seen.sort()).toEqual(whole.changes.map((change) => `${change.entity}:${change.id}`).sort());
  });

  it('lists a case that was reassigned away as removed, with its records', async () => {
    const worker = await server.login('worker');
    const supervisor = await server.login('supervisor');
    const first = await pullAll(worker);
    const held = first.changes.find((change) => change.entity === 'case') as Change;
    const other = await server.db.selectFrom('users').select('id').where('username', '=', 'worker2').executeTakeFirstOrThrow();
    const assign = await server.as(supervisor, {
      method: 'POST',
      url: `/api/cases/${held.id}/assign`,
      payload: { userId: other.id, version: held.version },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const next = await pullAll(worker, first.cursor);
    expect(next.removed).toContainEqual({ entity: 'case', id: held.id });
    expect(next.removed).toContainEqual({ entity: 'screening', id: held.id });
  });

  it("refuses another user's cursor as invalid, so the device starts again", async () => {
    const worker = await server.login('worker');
    const other = await server.login('worker2');
    const { cursor } = await pullAll(worker);
    const answer = await server.as(other, { method: 'GET', url: `/api/sync/pull?cursor=${cursor}` });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.fields[0].path).toBe('cursor');
  });

  it('applies a command once however often it is sent, and answers the repeat as before', async () => {
    const worker = await server.login('worker');
    const register = command('family.register', newId(), null, family('Takrorova'));
    const [first] = await push(worker, [register]);
    expect(first).toMatchObject({ status: 'applied', entityId: register.entityId, version: 1 });
    const [again] = await push(worker, [register]);
    expect(again).toMatchObject({ status: 'duplicate', entityId: register.entityId, version: 1 });
    const [twin] = await Promise.all([push(worker, [register]), push(worker, [register])]).then((all) => all.flat());
    expect(twin?.status).toBe('duplicate');
    const count = await server.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('surname', '=', 'Takrorova')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('answers every command on its own line: a malformed, unknown or refused one does not stop the batch', async () => {
    const worker = await server.login('worker');
    const good = command('family.register', newId(), null, family('Yaxshiyeva'));
    const results = await push(worker, [
      { commandId: 'not-a-uuid', type: 'family.register' },
      command('family.levitate', newId(), null, {}),
      command('family.register', newId(), null, { ...family('Xatoyeva'), members: [] }),
      command('family.update', newId(), 1, { notes: 'yoʻq oila' }),
      good,
      42,
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'applied', 'rejected']);
    expect(results[1]?.error?.code).toBe('unknown_command');
    expect(results[2]?.error?.code).toBe('invalid_input');
    expect(results[3]?.error?.code).toBe('not_found');
    expect(results[4]?.entityId).toBe(good.entityId);
  });

  it('follows its own chain: two edits typed offline on the same record both apply', async () => {
    const worker = await server.login('worker');
    const { family: held } = await heldFamily(worker);
    const results = await push(worker, [
      command('family.update', held.id, held.version, { notes: 'Birinchi', base: { notes: held.data.notes ?? null } }),
      command('family.update', held.id, held.version, { address: 'Yangi manzil, 3-uy', base: { address: held.data.address } }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied']);
    expect(results[1]?.version).toBe(held.version + 2);
  });

  it('merges a stale edit of other fields, and makes a conflict of an edit of the same field', async () => {
    const worker = await server.login('worker');
    const supervisor = await server.login('supervisor');
    const { family: held } = await heldFamily(worker);
    // Meanwhile someone in the office changes the notes.
    const office = await server.as(supervisor, {
      method: 'PATCH',
      url: `/api/families/${held.id}`,
      payload: { notes: 'Ofisdan yozildi', version: held.version },
    });
    expect(office.statusCode, office.body).toBe(200);

    const [merged] = await push(worker, [
      command('family.update', held.id, held.version, { address: 'Boshqa koʻcha, 9-uy', base: { address: held.data.address } }),
    ]);
    expect(merged).toMatchObject({ status: 'merged', version: held.version + 2 });

    const mine = command('family.update', held.id, held.version, { notes: 'Telefondan yozildi', base: { notes: held.data.notes ?? null } });
    const [conflict] = await push(worker, [mine]);
    expect(conflict?.status).toBe('conflict');
    const stored = await server.db.selectFrom('families').select(['notes', 'address']).where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ notes: 'Ofisdan yozildi', address: 'Boshqa koʻcha, 9-uy' });
    const [repeat] = await push(worker, [mine]);
    expect(repeat).toMatchObject({ status: 'duplicate', conflictId: conflict?.conflictId });

    const listed = await server.as(worker, { method: 'GET', url: '/api/sync/conflicts' });
    const item = listed.json().items.find((one: { id: string }) => one.id === conflict?.conflictId);
    expect(item.fields).toEqual([{ path: 'notes', base: held.data.notes ?? null, theirs: 'Ofisdan yozildi', mine: 'Telefondan yozildi' }]);
    const others = await server.as(supervisor, { method: 'GET', url: '/api/sync/conflicts' });
    expect(others.json().items.map((one: { id: string }) => one.id)).not.toContain(conflict?.conflictId);

    const incomplete = await server.as(worker, { method: 'POST', url: `/api/sync/conflicts/${item.id}/resolve`, payload: { choices: {} } });
    expect(incomplete.statusCode).toBe(400);
    const byOther = await server.as(supervisor, {
      method: 'POST',
      url: `/api/sync/conflicts/${item.id}/resolve`,
      payload: { choices: { notes: 'mine' } },
    });
    expect(byOther.statusCode).toBe(404);
    const resolved = await server.as(worker, {
      method: 'POST',
      url: `/api/sync/conflicts/${item.id}/resolve`,
      payload: { choices: { notes: { value: 'Ofisdan yozildi; telefondan: uyda suhbat' } } },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const after = await server.db.selectFrom('families').select(['notes']).where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(after.notes).toBe('Ofisdan yozildi; telefondan: uyda suhbat');
    const open = await server.as(worker, { method: 'GET', url: '/api/sync/conflicts' });
    expect(open.json().items.map((one: { id: string }) => one.id)).not.toContain(item.id);
  });

  it('asks again when the record moves on while the worker chooses', async () => {
    const worker = await server.login('worker');
    const supervisor = await server.login('supervisor');
    const { family: held } = await heldFamily(worker);
    const officeEdit = async (notes: string) => {
      const version = await server.versionOf('families', held.id);
      const answer = await server.as(supervisor, { method: 'PATCH', url: `/api/families/${held.id}`, payload: { notes, version } });
      expect(answer.statusCode, answer.body).toBe(200);
    };
    await officeEdit('Birinchi ofis yozuvi');
    const [conflict] = await push(worker, [
      command('family.update', held.id, held.version, { notes: 'Telefon yozuvi', base: { notes: held.data.notes ?? null } }),
    ]);
    expect(conflict?.status).toBe('conflict');
    await officeEdit('Ikkinchi ofis yozuvi');
    const resolve = await server.as(worker, {
      method: 'POST',
      url: `/api/sync/conflicts/${conflict?.conflictId}/resolve`,
      payload: { choices: { notes: 'mine' } },
    });
    expect(resolve.statusCode).toBe(409);
    expect(resolve.json().error.code).toBe('conflict_changed');
    const stored = await server.db.selectFrom('families').select(['notes']).where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(stored.notes).toBe('Ikkinchi ofis yozuvi');
    const listed = await server.as(worker, { method: 'GET', url: '/api/sync/conflicts' });
    const item = listed.json().items.find((one: { id: string }) => one.id === conflict?.conflictId);
    expect(item.fields[0]).toMatchObject({ path: 'notes', theirs: 'Ikkinchi ofis yozuvi', mine: 'Telefon yozuvi' });
    const second = await server.as(worker, {
      method: 'POST',
      url: `/api/sync/conflicts/${conflict?.conflictId}/resolve`,
      payload: { choices: { notes: 'mine' } },
    });
    expect(second.statusCode, second.body).toBe(200);
    const final = await server.db.selectFrom('families').select(['notes']).where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(final.notes).toBe('Telefon yozuvi');
  });

  it('refuses a contact on a case reassigned while the worker was offline, and keeps nothing of it', async () => {
    const worker = await server.login('worker');
    const supervisor = await server.login('supervisor');
    const { pulled } = await heldFamily(worker);
    const held = pulled.changes.filter((change) => change.entity === 'case').at(-1) as Change;
    const other = await server.db.selectFrom('users').select('id').where('username', '=', 'worker2').executeTakeFirstOrThrow();
    const version = await server.versionOf('cases', held.id);
    const assign = await server.as(supervisor, {
      method: 'POST',
      url: `/api/cases/${held.id}/assign`,
      payload: { userId: other.id, version },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const contact = command('contact.record', newId(), null, {
      caseId: held.id,
      kind: 'home_visit',
      date: new Date().toISOString().slice(0, 10),
      text: 'Uyga tashrif: bolalar maktabga bormoqda',
    });
    const [result] = await push(worker, [contact]);
    expect(result?.status).toBe('rejected');
    expect(result?.error?.message).toEqual(expect.any(String));
    const stored = await server.db.selectFrom('contacts').select('id').where('id', '=', contact.entityId).execute();
    expect(stored).toEqual([]);
    // The attempt on a case out of reach is audited as a refusal, as a 404 on HTTP is.
    const refused = await server.db
      .selectFrom('audit_events')
      .select(['entity_id'])
      .where('actor_id', '=', worker.userId)
      .where('action', '=', 'access.refused')
      .where('entity_id', '=', held.id)
      .execute();
    expect(refused.length).toBeGreaterThan(0);
  });

  it('records a home visit and completes a task through the same use cases as the HTTP routes', async () => {
    const worker = await server.login('worker');
    const pulled = await pullAll(worker);
    const held = pulled.changes.find((change) => change.entity === 'case') as Change;
    const task = pulled.changes.find((change) => change.entity === 'task');
    const contact = command('contact.record', newId(), null, {
      caseId: held.id,
      kind: 'home_visit',
      date: new Date().toISOString().slice(0, 10),
      text: 'Uyga tashrif: onasi bilan suhbat',
    });
    const commands = [contact, ...(task ? [command('task.complete', task.id, task.version, {})] : [])];
    const results = await push(worker, commands);
    expect(
      results.every((result) => result.status === 'applied'),
      JSON.stringify(results),
    ).toBe(true);
    const audit = await server.db.selectFrom('audit_events').select('action').where('entity_id', '=', contact.entityId).execute();
    expect(audit.map((row) => row.action)).toContain('contact.create');
    if (task) {
      const row = await server.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('done');
    }
  });

  it("shows the demo's waiting conflict to its author, with the office's value as it stands, and resolves it", async () => {
    const worker2 = await server.login('worker2');
    const listed = await server.as(worker2, { method: 'GET', url: '/api/sync/conflicts' });
    expect(listed.statusCode).toBe(200);
    const [demo] = listed.json().items;
    expect(demo).toMatchObject({ type: 'family.update', entityType: 'family' });
    const family = await server.db.selectFrom('families').select(['notes']).where('id', '=', demo.entityId).executeTakeFirstOrThrow();
    expect(demo.fields).toEqual([
      { path: 'notes', base: expect.any(String), theirs: family.notes, mine: expect.stringContaining('pensiya') },
    ]);
    const resolved = await server.as(worker2, {
      method: 'POST',
      url: `/api/sync/conflicts/${demo.id}/resolve`,
      payload: { choices: { notes: 'mine' } },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const after = await server.db.selectFrom('families').select(['notes']).where('id', '=', demo.entityId).executeTakeFirstOrThrow();
    expect(after.notes).toBe(demo.fields[0].mine);
  });
});
