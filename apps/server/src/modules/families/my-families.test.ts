import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

const household = (surname: string) => ({
  districtCode: '1722226',
  address: 'Guliston MFY, Bogʻbon koʻchasi, 8-uy',
  identificationSource: 'mahalla_social_worker',
  members: [{ surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1990-03-14' }],
});

type Listed = {
  id: string;
  headName: string | null;
  memberCount: number;
  cases: { number: string; status: string; riskLevel: string | null }[];
};

describe('my families (GET /api/families?assignee=me)', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let supervisor: Session;
  const ids: Record<string, string> = {};

  const register = async (session: Session, surname: string) => {
    const response = await server.as(session, { method: 'POST', url: '/api/families', payload: household(surname) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const openCase = async (session: Session, familyId: string) => {
    const response = await server.as(session, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId, identificationSource: 'school', reason: 'Bola darsga kelmayapti' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; number: string; version: number };
  };
  const list = async (session: Session, query = '') => {
    const response = await server.as(session, { method: 'GET', url: `/api/families?assignee=me${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Listed[]; nextCursor: string | null };
  };
  const all = async (session: Session) => {
    const items: Listed[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await list(session, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    return items;
  };

  beforeAll(async () => {
    [worker, worker2, supervisor] = await Promise.all([server.login('worker'), server.login('worker2'), server.login('supervisor')]);
    ids.withCase = await register(worker, 'Ishlova');
    ids.case = (await openCase(worker, ids.withCase)).id;
    ids.withoutCase = await register(worker, 'Ishsizova');
    ids.others = await register(worker2, 'Begonova');
    await openCase(worker2, ids.others);
    // Registered by the worker, but the case went to worker2: it is worker2's family now.
    ids.handedOver = await register(worker, 'Berilganova');
    const handed = await openCase(worker, ids.handedOver);
    const assign = await server.as(supervisor, {
      method: 'POST',
      url: `/api/cases/${handed.id}/assign`,
      payload: { userId: worker2.userId, version: handed.version },
    });
    expect(assign.statusCode, assign.body).toBe(200);
  });

  it('lists the families of my open cases, with the case stage and risk, and those I registered without a case', async () => {
    const mine = await all(worker);
    const withCase = mine.find((family) => family.id === ids.withCase);
    expect(withCase).toMatchObject({ headName: 'Ishlova Dilnoza', memberCount: 1, cases: [{ status: 'intake', riskLevel: null }] });
    expect(mine.find((family) => family.id === ids.withoutCase)).toMatchObject({ cases: [] });
  });

  it('shows another worker’s families only to them, though both may read them', async () => {
    const mine = (await all(worker)).map((family) => family.id);
    expect(mine).not.toContain(ids.others);
    expect(mine).not.toContain(ids.handedOver);
    const theirs = (await all(worker2)).map((family) => family.id);
    expect(theirs).toEqual(expect.arrayContaining([ids.others, ids.handedOver]));
    expect(theirs).not.toContain(ids.withCase);
    expect(theirs).not.toContain(ids.withoutCase);
    // worker may still open worker2's family: the list is a view of one's own work, not of one's reach.
    expect((await server.as(worker, { method: 'GET', url: `/api/families/${ids.others}` })).statusCode).toBe(200);
  });

  it('lists the family of a case shared with me (a co-worker on it), without the case becoming anyone else’s', async () => {
    const shared = await register(worker2, 'Ulashilgan');
    const theCase = await openCase(worker2, shared);
    await server.db
      .insertInto('case_shares')
      .values({ case_id: theCase.id, user_id: worker.userId, region_code: '1722', created_by: supervisor.userId })
      .execute();
    const mine = await all(worker);
    expect(mine.find((family) => family.id === shared)?.cases.map((c) => c.number)).toEqual([theCase.number]);
    expect((await all(worker2)).map((family) => family.id)).toContain(shared);
  });

  it('puts the family with the latest activity first and pages without repeats', async () => {
    const contact = await server.as(worker, {
      method: 'POST',
      url: `/api/cases/${ids.case}/contacts`,
      payload: { kind: 'home_visit', date: new Date().toISOString().slice(0, 10), text: 'Uyga tashrif' },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const first = await list(worker, '&limit=1');
    expect(first.items.map((family) => family.id)).toEqual([ids.withCase]);
    expect(first.nextCursor).not.toBeNull();
    const everything = await all(worker);
    expect(everything[0]?.id).toBe(ids.withCase);
    expect(new Set(everything.map((family) => family.id)).size).toBe(everything.length);
  });

  it('is audited as a read of the families listed', async () => {
    await list(worker, '&limit=200');
    const event = await server.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'family.list')
      .where('actor_id', '=', worker.userId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect((event.details as { familyIds: string[] }).familyIds).toEqual(expect.arrayContaining([ids.withCase, ids.withoutCase]));
  });

  it('answers 400 for a list without assignee=me or with a forged cursor, 404 for a role that reads no family', async () => {
    const missing = await server.as(worker, { method: 'GET', url: '/api/families' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].path).toBe('assignee');
    expect((await server.as(worker, { method: 'GET', url: '/api/families?assignee=me&cursor=bm9wZQ' })).statusCode).toBe(400);
    const analyst = await server.login('analyst');
    expect((await server.as(analyst, { method: 'GET', url: '/api/families?assignee=me' })).statusCode).toBe(404);
  });
});
