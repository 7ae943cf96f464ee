import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

const household = (overrides: Record<string, unknown> = {}) => ({
  districtCode: '1722226',
  mahallaCode: '1722226-002',
  address: 'Guliston MFY, Bogʻbon koʻchasi, 8-uy',
  phone: '+998 91 234 56 78',
  identificationSource: 'mahalla_social_worker',
  socialRegisterCategory: 'poor',
  livingConditions: { housing: 'rented', rooms: 1, water: false },
  members: [
    { surname: 'Qurbonova', givenName: 'Dilnoza', patronymic: 'Karim qizi', sex: 'female', relationship: 'head', birthDate: '1990-03-14' },
    {
      surname: 'Qurbonov',
      givenName: 'Jahongir',
      sex: 'male',
      relationship: 'child',
      birthYear: 2014,
      documentsMissing: ['birth_certificate'],
    },
    { surname: 'Qurbonova', givenName: 'Mubina', sex: 'female', relationship: 'child', ageStated: { years: 4, on: '2026-03-01' } },
  ],
  ...overrides,
});

describe('families', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;

  const count = async (table: 'families' | 'persons' | 'audit_events') =>
    Number(
      (
        await server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const register = (session: Session, payload: object) => server.as(session, { method: 'POST', url: '/api/families', payload });
  const auditOf = (entityId: string) =>
    server.db
      .selectFrom('audit_events')
      .select(['action', 'details', 'actor_id'])
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    worker = await server.login('worker');
    supervisor = await server.login('supervisor');
  });

  it('registers a family with its members: 201, member ids, version 1, owned by the worker’s centre, audited without names', async () => {
    const response = await register(worker, household());
    expect(response.statusCode).toBe(201);
    const family = response.json();
    expect(family).toMatchObject({
      version: 1,
      districtCode: '1722226',
      regionCode: '1722',
      mahallaCode: '1722226-002',
      organisationId: worker.organisationId,
      phone: '+998912345678',
      identificationSource: 'mahalla_social_worker',
      socialRegisterCategory: 'poor',
      livingConditions: { housing: 'rented', rooms: 1, water: false },
      createdBy: worker.userId,
      warnings: [],
    });
    expect(family.members).toHaveLength(3);
    expect(family.members.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f-]{36}$/)]));
    const [mother, son, daughter] = family.members;
    expect(mother).toMatchObject({ surname: 'Qurbonova', birthDate: '1990-03-14', birthYear: 1990, birthPrecision: 'exact', version: 1 });
    expect(son).toMatchObject({ birthDate: null, birthYear: 2014, birthPrecision: 'year', documentsMissing: ['birth_certificate'] });
    expect(daughter).toMatchObject({ birthYear: 2022, birthPrecision: 'age', ageStated: { years: 4, on: '2026-03-01' } });
    expect(mother.whereabouts).toEqual({
      status: 'present',
      country: null,
      since: null,
      sendsSupport: null,
      contactChannel: null,
      place: null,
    });

    const events = await auditOf(family.id);
    expect(events).toEqual([{ action: 'family.create', details: { members: 3 }, actor_id: worker.userId }]);
  });

  it('holds the seeds’ family: a mother with five children, the father in Russia since 2024 sending nothing', async () => {
    const mother = await server.db
      .selectFrom('persons')
      .selectAll()
      .where('surname', '=', 'Tursunova')
      .where('given_name', '=', 'Gulnora')
      .executeTakeFirstOrThrow();
    const response = await server.as(worker, { method: 'GET', url: `/api/families/${mother.family_id}` });
    expect(response.statusCode).toBe(200);
    const family = response.json();
    expect(family).toMatchObject({ districtCode: '1722226', identificationSource: 'mahalla_social_worker' });
    const children = family.members.filter((m: { relationship: string }) => m.relationship === 'child');
    expect(children).toHaveLength(5);
    const father = family.members.find((m: { relationship: string }) => m.relationship === 'spouse');
    expect(father.whereabouts).toMatchObject({ status: 'abroad', country: 'RU', sendsSupport: false, contactChannel: 'none' });
    expect(father.whereabouts.since.slice(0, 4)).toBe('2024');
    expect(children.filter((c: { documentsMissing: string[] }) => c.documentsMissing.includes('birth_certificate'))).toHaveLength(1);
  });

  it('records every read of a family, with the number of members and no names', async () => {
    const family = (await register(worker, household())).json();
    await server.as(supervisor, { method: 'GET', url: `/api/families/${family.id}` });
    const read = (await auditOf(family.id)).find((event) => event.action === 'family.read');
    expect(read).toEqual({ action: 'family.read', details: { members: 3 }, actor_id: supervisor.userId });
  });

  it('refuses bad input with 400, the field of each problem, and writes nothing', async () => {
    const before = { families: await count('families'), persons: await count('persons'), audit: await count('audit_events') };
    const cases: [Record<string, unknown>, string, string][] = [
      [household({ members: [{ ...household().members[0], birthDate: '2999-01-01' }] }), 'members.0.birthDate', 'birth_date_future'],
      [
        household({ members: [household().members[0], { ...household().members[1], pinfl: '3140387012003' }] }),
        'members.1.pinfl',
        'pinfl_format',
      ],
      [household({ members: [{ ...household().members[0], surname: '   ' }] }), 'members.0.surname', 'required'],
      [household({ members: [{ ...household().members[0], givenName: '' }] }), 'members.0.givenName', 'required'],
      [household({ districtCode: '1799999' }), 'districtCode', 'unknown_district'],
      [household({ mahallaCode: '1722210-001' }), 'mahallaCode', 'unknown_mahalla'],
      [household({ mahallaCode: '1722226-999' }), 'mahallaCode', 'unknown_mahalla'],
      [household({ members: [] }), 'members', 'members_required'],
      [household({ members: [{ ...household().members[0], idCard: 'A1234567' }] }), 'members.0.idCard', 'id_card_format'],
      [
        household({ members: [{ ...household().members[0], whereabouts: { status: 'abroad' } }] }),
        'members.0.whereabouts.country',
        'required',
      ],
    ];
    for (const [payload, path, code] of cases) {
      const response = await server.as(worker, { method: 'POST', url: '/api/families', payload, headers: { 'accept-language': 'ru' } });
      expect(response.statusCode, path).toBe(400);
      const fields = response.json().error.fields;
      expect(fields, JSON.stringify(fields)).toContainEqual({ path, code, message: expect.any(String) });
    }
    const future = await register(worker, household({ members: [{ ...household().members[0], birthDate: '2999-01-01' }] }));
    expect(future.json().error.fields[0].message).toBe('Tugʻilgan sana kelajakda boʻlishi mumkin emas.');
    expect({ families: await count('families'), persons: await count('persons'), audit: await count('audit_events') }).toEqual(before);
  });

  it('keeps a PINFL whose check digit fails, and warns', async () => {
    const members = [{ ...household().members[0], pinfl: '31403900120039' }];
    const response = await register(worker, household({ members }));
    expect(response.statusCode).toBe(201);
    expect(response.json().members[0].pinfl).toBe('31403900120039');
    expect(response.json().warnings).toEqual([{ path: 'members.0.pinfl', code: 'pinfl_check_digit', message: expect.any(String) }]);
  });

  it('changes a family with the version read, and answers a stale version with 409 and the current record', async () => {
    const family = (await register(worker, household())).json();
    const patch = (version: number, changes: Record<string, unknown>) =>
      server.as(worker, { method: 'PATCH', url: `/api/families/${family.id}`, payload: { version, ...changes } });
    const changed = await patch(1, { address: 'Guliston MFY, Navoiy koʻchasi, 3-uy', phones: ['+998901112233', '+998935554433'] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, phone: '+998901112233', phones: ['+998901112233', '+998935554433'] });
    const stale = await patch(1, { notes: 'Kechikkan tahrir' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect(stale.json().current).toMatchObject({ id: family.id, version: 2, address: 'Guliston MFY, Navoiy koʻchasi, 3-uy' });
    expect(stale.json().current.members).toHaveLength(3);
    const events = await auditOf(family.id);
    expect(events.at(-1)).toMatchObject({ action: 'family.update', details: { fields: ['address', 'phones'] } });
  });

  it('moves a family to another district in reach, taking its members along', async () => {
    const ngo = await server.login('ngo');
    const family = (await register(ngo, household())).json();
    const moved = await server.as(ngo, {
      method: 'PATCH',
      url: `/api/families/${family.id}`,
      payload: { version: 1, districtCode: '1722210' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ districtCode: '1722210', mahallaCode: null, version: 2 });
    const members = await server.db.selectFrom('persons').select('district_code').where('family_id', '=', family.id).execute();
    expect(members.map((m) => m.district_code)).toEqual(['1722210', '1722210', '1722210']);
    const outOfReach = await server.as(ngo, {
      method: 'PATCH',
      url: `/api/families/${family.id}`,
      payload: { version: 2, districtCode: '1726266' },
    });
    expect(outOfReach.statusCode).toBe(400);
    expect(outOfReach.json().error.fields).toEqual([{ path: 'districtCode', code: 'district_out_of_reach', message: expect.any(String) }]);
  });

  it('adds a member to a family', async () => {
    const family = (await register(worker, household())).json();
    const response = await server.as(worker, {
      method: 'POST',
      url: `/api/families/${family.id}/members`,
      payload: { surname: 'Qurbonova', givenName: 'Oysha', sex: 'female', relationship: 'grandparent', birthYear: 1961 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ familyId: family.id, districtCode: '1722226', version: 1, warnings: [] });
    expect((await server.as(worker, { method: 'GET', url: `/api/families/${family.id}` })).json().members).toHaveLength(4);
  });

  it('hides a family from those outside its reach (404), as if it did not exist', async () => {
    const family = (await register(worker, household())).json();
    for (const account of ['agency', 'analyst']) {
      const session = await server.login(account);
      expect((await server.as(session, { method: 'GET', url: `/api/families/${family.id}` })).statusCode).toBe(404);
    }
  });

  it('merges a duplicate family into the survivor: members move, the duplicate is kept and marked, both audited', async () => {
    const survivor = (await register(worker, household())).json();
    const duplicate = (await register(worker, household({ phone: '+998935550011', members: [household().members[0]] }))).json();
    const byWorker = await server.as(worker, {
      method: 'POST',
      url: `/api/families/${survivor.id}/merge`,
      payload: { otherFamilyId: duplicate.id, version: 1, otherVersion: 1 },
    });
    expect(byWorker.statusCode).toBe(404);
    const stale = await server.as(supervisor, {
      method: 'POST',
      url: `/api/families/${survivor.id}/merge`,
      payload: { otherFamilyId: duplicate.id, version: 1, otherVersion: 7 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ id: duplicate.id, version: 1 });
    const merged = await server.as(supervisor, {
      method: 'POST',
      url: `/api/families/${survivor.id}/merge`,
      payload: { otherFamilyId: duplicate.id, version: 1, otherVersion: 1 },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ id: survivor.id, version: 2, phones: ['+998912345678', '+998935550011'] });
    expect(merged.json().members).toHaveLength(4);

    const kept = await server.as(supervisor, { method: 'GET', url: `/api/families/${duplicate.id}` });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ mergedInto: survivor.id, members: [] });
    const patchMerged = await server.as(worker, {
      method: 'PATCH',
      url: `/api/families/${duplicate.id}`,
      payload: { version: 2, notes: 'x' },
    });
    expect(patchMerged.statusCode).toBe(409);
    expect(patchMerged.json().error.code).toBe('record_merged');
    expect((await auditOf(survivor.id)).map((e) => e.action)).toContain('family.merge');
    expect((await auditOf(duplicate.id)).map((e) => e.action)).toContain('family.merged_into');
  });
});
