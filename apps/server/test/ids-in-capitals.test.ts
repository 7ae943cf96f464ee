import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from './harness.ts';

/**
 * The API takes a uuid in any case. A pair of persons named in two spellings must be ordered and compared
 * as stored: JavaScript orders capitals before small letters, PostgreSQL orders uuids by value.
 */
describe('ids typed in capitals', () => {
  const server = useTestServer();
  let worker: Session;
  let supervisor: Session;
  let ids: string[];

  beforeAll(async () => {
    worker = await server.login('worker');
    supervisor = await server.login('supervisor');
    const payload = {
      districtCode: '1722226',
      address: 'Navbahor MFY, Sinov koʻchasi, 2-uy',
      identificationSource: 'school',
      members: [
        { surname: 'Sinovov', givenName: 'Alisher', sex: 'male', relationship: 'head', birthYear: 1985 },
        { surname: 'Sinovova', givenName: 'Laylo', sex: 'female', relationship: 'child', birthYear: 2012 },
        { surname: 'Sinovov', givenName: 'Bobur', sex: 'male', relationship: 'child', birthYear: 2014 },
      ],
    };
    const family = await server.as(worker, { method: 'POST', url: '/api/families', payload });
    expect(family.statusCode, family.body).toBe(201);
    ids = (family.json().members as { id: string }[]).map((member) => member.id).sort();
  });

  it('records two persons as different people whichever of them is typed in capitals', async () => {
    const [first = '', second = '', third = ''] = ids;
    for (const [id, otherPersonId] of [
      [second.toUpperCase(), first],
      [first.toUpperCase(), third],
      [third, second.toUpperCase()],
    ]) {
      const response = await server.as(worker, { method: 'POST', url: `/api/persons/${id}/not-duplicates`, payload: { otherPersonId } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ personId: id?.toLowerCase(), otherPersonId: otherPersonId?.toLowerCase() });
    }
    const pairs = await server.db
      .selectFrom('person_non_duplicates')
      .select(['person_id', 'other_person_id'])
      .where('person_id', 'in', ids)
      .execute();
    expect(pairs).toHaveLength(3);
  });

  it('refuses one person in two spellings as a pair, for not-duplicates and for a merge', async () => {
    const [id = ''] = ids;
    const same = { otherPersonId: id.toUpperCase() };
    const marked = await server.as(worker, { method: 'POST', url: `/api/persons/${id}/not-duplicates`, payload: same });
    expect(marked.statusCode, marked.body).toBe(400);
    const merged = await server.as(supervisor, {
      method: 'POST',
      url: `/api/persons/${id}/merge`,
      payload: { ...same, version: 1, otherVersion: 2 },
    });
    expect(merged.statusCode, merged.body).toBe(400);
    const person = await server.db.selectFrom('persons').select(['merged_into', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(person).toEqual({ merged_into: null, version: 1 });
  });
});
