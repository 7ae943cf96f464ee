import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from './harness.ts';

/** A UUID v7 as a client makes one: the version nibble of a random UUID set to 7. */
function v7(): string {
  const uuid = randomUUID();
  return `${uuid.slice(0, 14)}7${uuid.slice(15)}`;
}

describe('creates with an id the client gives', () => {
  const server = useTestServer();
  let admin: Session;
  let worker: Session;
  let insonId: string;

  beforeAll(async () => {
    [admin, worker] = [await server.login('admin'), await server.login('worker')];
    insonId = (
      await server.db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'inson_centre')
        .where('district_code', '=', '1722226')
        .executeTakeFirstOrThrow()
    ).id;
  });

  /** Sends the create twice with one id: the first keeps the id, the second is a 409 already_exists. */
  async function twice(session: Session, url: string, payload: object) {
    const id = v7();
    const first = await server.as(session, { method: 'POST', url, payload: { ...payload, id } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().id).toBe(id);
    const second = await server.as(session, { method: 'POST', url, payload: { ...payload, id } });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().error.code).toBe('already_exists');
    return id;
  }

  it('keeps the id of an organisation and refuses it a second time', async () => {
    const id = await twice(admin, '/api/organisations', { name: 'Mijoz tashkiloti', kind: 'ngo', districtCode: '1722226' });
    const count = await server.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('name', '=', 'Mijoz tashkiloti')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the id of a service and refuses it a second time', async () => {
    await twice(admin, '/api/services', { organisationId: insonId, name: 'Mijoz xizmati', category: 'civil_registry' });
  });

  it('keeps the id of a user and refuses it a second time, before its username is taken for another', async () => {
    await twice(admin, '/api/users', {
      username: 'mijoz.foydalanuvchi',
      displayName: 'Mijoz Foydalanuvchi',
      password: 'a-long-password',
      organisationId: insonId,
      roles: ['social_worker'],
    });
  });

  it('keeps the id of an assessment and refuses it a second time, before its draft is taken for another in progress', async () => {
    const registered = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      payload: {
        districtCode: '1722226',
        mahallaCode: '1722226-001',
        address: 'Navbahor MFY, Sinov koʻchasi, 9-uy',
        identificationSource: 'mahalla_social_worker',
        members: [{ surname: 'Baholova', givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1988-02-11' }],
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: registered.json().id, identificationSource: 'school', reason: 'Bola maktabga kelmayapti' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    await twice(worker, `/api/cases/${opened.json().id}/assessments`, {});
  });

  it('refuses an id that is not a UUID v7', async () => {
    const answer = await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      payload: { id: randomUUID(), name: 'Tasodifiy', kind: 'ngo', districtCode: '1722226' },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.fields).toEqual([expect.objectContaining({ path: 'id', code: 'client_id' })]);
  });
});
