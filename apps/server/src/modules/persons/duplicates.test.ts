import { foldForSearch } from '@hamkor/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { DUPLICATE_CHECKS_PER_HOUR } from './allowance.ts';
import { denovWorker, household, register } from './test-fixtures.ts';

type Candidate = Record<string, unknown> & { personId: string; reasons: string[]; score: number };
type Reply = { candidates: Candidate[]; outsideReach: { resolvedBy: string } | null };

describe('duplicates, not-the-same-person and merges', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;

  const check = async (session: Session, payload: object) =>
    (await server.as(session, { method: 'POST', url: '/api/persons/duplicates', payload })).json().candidates as Candidate[];
  const reply = async (session: Session, payload: object) =>
    (await server.as(session, { method: 'POST', url: '/api/persons/duplicates', payload })).json() as Reply;
  const duplicatesOf = async (session: Session, personId: string) =>
    (await server.as(session, { method: 'GET', url: `/api/persons/${personId}/duplicates` })).json().candidates as Candidate[];
  const personRow = (id: string) => server.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const person = (surname: string, givenName: string, details: Record<string, unknown> = {}) => ({
    surname,
    givenName,
    sex: 'male',
    relationship: 'child',
    ...details,
  });

  beforeAll(async () => {
    worker = await server.login('worker');
    supervisor = await server.login('supervisor');
  });

  it('finds a registered person typed in another script, with the reasons', async () => {
    const family = await register(
      server,
      worker,
      household([
        person('Toshmatov', 'Ulugʻbek', {
          patronymic: 'Rustamovich',
          relationship: 'head',
          birthDate: '1988-05-10',
          pinfl: '31005880260012',
        }),
      ]),
    );
    const [candidate] = await check(worker, {
      surname: 'Тошматов',
      givenName: 'Улугбек',
      birthDate: '1988-05-10',
      districtCode: '1722226',
    });
    expect(candidate).toMatchObject({
      personId: family.members[0]?.id,
      familyId: family.id,
      surname: 'Toshmatov',
      givenName: 'Ulugʻbek',
      birthYear: 1988,
      districtCode: '1722226',
    });
    expect(candidate?.reasons).toEqual(['name_same_key', 'birth_date_equal', 'same_district']);
    expect(candidate?.score).toBeGreaterThan(0.9);
    const byPinfl = await check(worker, { surname: 'Tashmatov', givenName: 'Ulugbek', pinfl: '31005880260012' });
    expect(byPinfl[0]?.reasons).toContain('pinfl_equal');
    expect(byPinfl[0]?.score).toBeGreaterThanOrEqual(0.99);
    expect(await check(worker, { surname: 'Toshmatov', givenName: 'Ulugʻbek', birthDate: '1960-01-01' })).toEqual([]);
  });

  it('tells of a namesake outside the caller’s reach only that one exists and whom to ask: no place, birth, id or score', async () => {
    const tursunova = { surname: 'Турсунова', givenName: 'Гулнора', birthDate: '1989-06-12' };
    // Within the reach (the Shoʻrchi worker): the full candidate, as before.
    const own = await reply(worker, tursunova);
    expect(own.outsideReach).toBeNull();
    expect(own.candidates[0]).toMatchObject({
      surname: 'Tursunova',
      districtCode: '1722226',
      birthYear: 1989,
      personId: expect.any(String),
    });
    // Outside it (a Denov worker): before, the answer carried the district, the birth year and the reasons.
    const denov = await denovWorker(server);
    const response = await server.as(denov, { method: 'POST', url: '/api/persons/duplicates', payload: tursunova });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ candidates: [], outsideReach: { resolvedBy: 'supervisor' } });
    for (const leak of ['1722226', '1989', 'score', 'birth_date_equal', 'personId', 'familyId']) expect(response.body).not.toContain(leak);
    const event = await server.db
      .selectFrom('audit_events')
      .select(['details', 'actor_id'])
      .where('action', '=', 'person.duplicates_check')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ details: { candidates: 0, outOfScope: 1 }, actor_id: denov.userId });
    // Nothing near: nothing to tell.
    expect(await reply(denov, { ...tursunova, birthDate: '1960-01-01' })).toEqual({ candidates: [], outsideReach: null });
  });

  it('tells the NGO worker of a namesake in a district their organisation does not serve only that one exists', async () => {
    const admin = await server.login('admin');
    const boysun = person('Qodirova', 'Zulfiya', { sex: 'female', relationship: 'head', birthDate: '1991-03-08' });
    await register(server, admin, household([boysun], { districtCode: '1722204', mahallaCode: undefined }));
    const ngo = await server.login('ngo');
    const probe = { surname: 'Қодирова', givenName: 'Зулфия', birthDate: '1991-03-08', districtCode: '1722226' };
    const response = await server.as(ngo, { method: 'POST', url: '/api/persons/duplicates', payload: probe });
    expect(response.json()).toEqual({ candidates: [], outsideReach: { resolvedBy: 'supervisor' } });
    expect(response.body).not.toMatch(/1722204|1991|[0-9a-f]{8}-[0-9a-f]{4}/);
    // The same namesake registered within the NGO's districts is told in full.
    await register(server, admin, household([boysun], { districtCode: '1722210', mahallaCode: undefined }));
    const within = await reply(ngo, probe);
    expect(within.candidates).toEqual([expect.objectContaining({ surname: 'Qodirova', districtCode: '1722210', birthYear: 1991 })]);
    expect(within.outsideReach).toEqual({ resolvedBy: 'supervisor' });
  });

  it('answers 429 once a user’s hourly duplicate checks are spent, without auditing or answering the refused one', async () => {
    const denov = await denovWorker(server);
    const probe = { surname: 'Турсунова', givenName: 'Гулнора', birthDate: '1989-06-12' };
    expect((await server.as(denov, { method: 'POST', url: '/api/persons/duplicates', payload: probe })).statusCode).toBe(200);
    await server.db
      .updateTable('duplicate_check_allowances' as never)
      .set({ used: DUPLICATE_CHECKS_PER_HOUR } as never)
      .where('user_id' as never, '=', denov.userId as never)
      .execute();
    const audited = () =>
      server.db
        .selectFrom('audit_events')
        .select('id')
        .where('actor_id', '=', denov.userId)
        .where('action', '=', 'person.duplicates_check')
        .execute();
    const before = (await audited()).length;
    const refused = await server.as(denov, { method: 'POST', url: '/api/persons/duplicates', payload: probe });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(refused.body).not.toContain('outsideReach');
    // The same allowance covers the suggestions for a registered person.
    const own = await server.db.selectFrom('persons').select('id').where('district_code', '=', '1722210').executeTakeFirstOrThrow();
    expect((await server.as(denov, { method: 'GET', url: `/api/persons/${own.id}/duplicates` })).statusCode).toBe(429);
    expect((await audited()).length).toBe(before);
    // Someone else's allowance is their own.
    expect((await server.as(worker, { method: 'POST', url: '/api/persons/duplicates', payload: probe })).statusCode).toBe(200);
    // A new hour, a new allowance.
    await server.db
      .updateTable('duplicate_check_allowances' as never)
      .set({ window_started_at: new Date(Date.now() - 3_601_000) } as never)
      .where('user_id' as never, '=', denov.userId as never)
      .execute();
    expect((await server.as(denov, { method: 'POST', url: '/api/persons/duplicates', payload: probe })).statusCode).toBe(200);
  });

  it('counts parallel checks exactly: no burst gets more than the allowance', async () => {
    const denov = await denovWorker(server);
    const probe = { surname: 'Турсунова', givenName: 'Гулнора', birthDate: '1989-06-12' };
    await server.as(denov, { method: 'POST', url: '/api/persons/duplicates', payload: probe });
    await server.db
      .updateTable('duplicate_check_allowances' as never)
      .set({ used: DUPLICATE_CHECKS_PER_HOUR - 5 } as never)
      .where('user_id' as never, '=', denov.userId as never)
      .execute();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => server.as(denov, { method: 'POST', url: '/api/persons/duplicates', payload: probe })),
    );
    expect(statuses.filter((r) => r.statusCode === 200).length).toBe(5);
    expect(statuses.filter((r) => r.statusCode === 429).length).toBe(15);
  });

  it('meets the demo’s boy registered twice: Normatov Sardor in Shoʻrchi and Нарматов Сардор in Denov', async () => {
    const sardor = await server.db
      .selectFrom('persons')
      .select('id')
      .where('surname', '=', 'Normatov')
      .where('given_name', '=', 'Sardor')
      .executeTakeFirstOrThrow();
    const seenByWorker = await server.as(worker, { method: 'GET', url: `/api/persons/${sardor.id}/duplicates` });
    expect(seenByWorker.json()).toEqual({ candidates: [], outsideReach: { resolvedBy: 'supervisor' } });
    const seenBySupervisor = await server.as(supervisor, { method: 'GET', url: `/api/persons/${sardor.id}/duplicates` });
    expect(seenBySupervisor.json()).toEqual({ candidates: [], outsideReach: { resolvedBy: 'system_admin' } });
    const [seenByNgo] = await duplicatesOf(await server.login('ngo'), sardor.id);
    expect(seenByNgo).toMatchObject({
      surname: 'Нарматов',
      givenName: 'Сардор',
      reasons: ['name_same_key', 'birth_year_equal'],
    });
  });

  it('stops suggesting a pair once a worker records that they are not the same person', async () => {
    const first = await register(server, worker, household([person('Rahimov', 'Jasur', { birthYear: 2010 })]));
    const second = await register(
      server,
      worker,
      household([person('Рахимов', 'Жасур', { birthYear: 2010 })], { mahallaCode: '1722226-004' }),
    );
    const [a, b] = [first.members[0]?.id as string, second.members[0]?.id as string];
    expect((await duplicatesOf(worker, a)).map((c) => c.personId)).toContain(b);
    for (let i = 0; i < 2; i++) {
      const recorded = await server.as(worker, { method: 'POST', url: `/api/persons/${b}/not-duplicates`, payload: { otherPersonId: a } });
      expect(recorded.statusCode).toBe(200);
      expect(recorded.json()).toEqual({ personId: b, otherPersonId: a });
    }
    expect((await duplicatesOf(worker, a)).map((c) => c.personId)).not.toContain(b);
    expect((await duplicatesOf(worker, b)).map((c) => c.personId)).not.toContain(a);
    const self = await server.as(worker, { method: 'POST', url: `/api/persons/${a}/not-duplicates`, payload: { otherPersonId: a } });
    expect(self.statusCode).toBe(400);
  });

  it('lets a supervisor merge two records of one child: the survivor fills its gaps, the duplicate is kept and marked', async () => {
    const first = await register(
      server,
      worker,
      household([person('Yusupov', 'Doniyor', { birthYear: 2015, documentsHeld: ['birth_certificate'] })]),
    );
    const second = await register(
      server,
      worker,
      household(
        [person('Юсупов', 'Данияр', { birthDate: '2015-02-11', pinfl: '51102150260015', vulnerabilityMarkers: ['out_of_school'] })],
        {
          mahallaCode: '1722226-001',
        },
      ),
    );
    const [survivor, duplicate] = [first.members[0]?.id as string, second.members[0]?.id as string];
    const merge = (session: Session, otherVersion = 1) =>
      server.as(session, {
        method: 'POST',
        url: `/api/persons/${survivor}/merge`,
        payload: { otherPersonId: duplicate, version: 1, otherVersion },
      });
    expect((await merge(worker)).statusCode).toBe(404);
    expect((await merge(supervisor, 5)).statusCode).toBe(409);
    const merged = await merge(supervisor);
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({
      id: survivor,
      surname: 'Yusupov',
      birthDate: '2015-02-11',
      birthPrecision: 'exact',
      pinfl: '51102150260015',
      documentsHeld: ['birth_certificate'],
      vulnerabilityMarkers: ['out_of_school'],
      version: 2,
    });
    expect(await personRow(duplicate)).toMatchObject({ merged_into: survivor, surname: 'Юсупов' });
    const patched = await server.as(worker, {
      method: 'PATCH',
      url: `/api/persons/${duplicate}`,
      payload: { version: 2, birthYear: 2014 },
    });
    expect(patched.statusCode).toBe(409);
    expect(patched.json()).toMatchObject({ error: { code: 'record_merged' }, current: { id: duplicate, mergedInto: survivor } });
    expect((await duplicatesOf(worker, survivor)).map((c) => c.personId)).not.toContain(duplicate);
    const actions = await server.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id', 'details'])
      .where('action', 'like', 'person.merge%')
      .execute();
    expect(actions).toEqual([
      {
        action: 'person.merge',
        entity_id: survivor,
        details: { otherPersonId: duplicate, fields: expect.arrayContaining(['pinfl', 'birthDate']) },
      },
      { action: 'person.merged_into', entity_id: duplicate, details: { intoPersonId: survivor } },
    ]);
  });

  it('changes a person with the version read, re-keys a new name for search, and answers a stale version with 409', async () => {
    const family = await register(server, worker, household([person('Sultonov', 'Bahodir', { birthYear: 2011 })]));
    const id = family.members[0]?.id as string;
    const patch = (version: number, changes: Record<string, unknown>) =>
      server.as(worker, { method: 'PATCH', url: `/api/persons/${id}`, payload: { version, ...changes } });
    const changed = await patch(1, {
      surname: 'Sultanov',
      birthDate: '2011-04-04',
      whereabouts: { status: 'abroad', country: 'ru', since: '2025-01-10' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, surname: 'Sultanov', birthDate: '2011-04-04', birthPrecision: 'exact' });
    expect(changed.json().whereabouts).toMatchObject({ status: 'abroad', country: 'RU', since: '2025-01-10' });
    expect((await personRow(id)).search_key).toBe(foldForSearch('Sultanov Bahodir'));
    const stale = await patch(1, { givenName: 'Botir' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { id, version: 2, surname: 'Sultanov' } });
    const badDate = await patch(2, { birthDate: '2999-12-31' });
    expect(badDate.json().error.fields).toEqual([{ path: 'birthDate', code: 'birth_date_future', message: expect.any(String) }]);
    const audit = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('entity_id', '=', id)
      .where('action', '=', 'person.update')
      .execute();
    expect(audit).toEqual([{ details: { fields: ['surname', 'birthDate', 'whereabouts'] } }]);
  });
});
