import { foldForSearch } from '@hamkor/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { denovWorker, household, register } from './test-fixtures.ts';

type Candidate = Record<string, unknown> & { inScope: boolean; personId?: string; reasons: string[]; score: number };

describe('duplicates, not-the-same-person and merges', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;

  const check = async (session: Session, payload: object) =>
    (await server.as(session, { method: 'POST', url: '/api/persons/duplicates', payload })).json().candidates as Candidate[];
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
      inScope: true,
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

  it('tells a duplicate outside the caller’s reach only as score, reasons, district and birth year', async () => {
    const denov = await denovWorker(server);
    const [candidate] = await check(denov, { surname: 'Турсунова', givenName: 'Гулнора', birthDate: '1989-06-12' });
    expect(candidate).toEqual({
      inScope: false,
      score: expect.any(Number),
      reasons: ['name_same_key', 'birth_date_equal'],
      districtCode: '1722226',
      birthYear: 1989,
    });
    const event = await server.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'person.duplicates_check')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.details).toEqual({ candidates: 1, outOfScope: 1 });
  });

  it('meets the demo’s boy registered twice: Normatov Sardor in Shoʻrchi and Нарматов Сардор in Denov', async () => {
    const sardor = await server.db
      .selectFrom('persons')
      .select('id')
      .where('surname', '=', 'Normatov')
      .where('given_name', '=', 'Sardor')
      .executeTakeFirstOrThrow();
    const [seenByWorker] = await duplicatesOf(worker, sardor.id);
    expect(seenByWorker).toMatchObject({ inScope: false, districtCode: '1722210', birthYear: 2012 });
    expect(seenByWorker).not.toHaveProperty('surname');
    const [seenByNgo] = await duplicatesOf(await server.login('ngo'), sardor.id);
    expect(seenByNgo).toMatchObject({
      inScope: true,
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
