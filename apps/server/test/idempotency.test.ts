import { randomUUID } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/lib/context.ts';
import { registerFamily } from '../src/modules/families/service.ts';
import { useTestServer } from './harness.ts';

/** The repeat of every create route is covered by the authorisation matrix; these are the edges around it. */
const family = (surname: string) => ({
  districtCode: '1722226',
  mahallaCode: '1722226-001',
  address: 'Navbahor MFY, Sinov koʻchasi, 7-uy',
  identificationSource: 'mahalla_social_worker',
  members: [{ surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1988-02-11' }],
});

describe('requests with an Idempotency-Key', () => {
  const server = useTestServer();
  const families = async (surname: string) =>
    Number(
      (
        await server.db
          .selectFrom('persons')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('surname', '=', surname)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('makes one family of ten parallel repeats, each answered with the same record', async () => {
    const worker = await server.login('worker');
    const key = randomUUID();
    const post = () =>
      server.as(worker, { method: 'POST', url: '/api/families', headers: { 'idempotency-key': key }, payload: family('Parallelova') });
    const answers = await Promise.all(Array.from({ length: 10 }, post));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await families('Parallelova')).toBe(1);
  });

  it('answers a repeat with the whole first answer to a browser that takes compressed replies', async () => {
    const worker = await server.login('worker');
    const big = { ...family('Siqilganova'), notes: 'Oila bilan uchrashuv '.repeat(100) };
    const post = () =>
      server.as(worker, {
        method: 'POST',
        url: '/api/families',
        headers: { 'idempotency-key': key, 'accept-encoding': 'br' },
        payload: big,
      });
    const key = randomUUID();
    const [first, repeat] = [await post(), await post()];
    expect(first.headers['content-encoding']).toBe('br');
    expect(repeat.headers['content-encoding']).toBe('br');
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    const read = (answer: typeof first) => JSON.parse(brotliDecompressSync(answer.rawPayload).toString('utf8'));
    expect(read(repeat)).toEqual(read(first));
    expect(read(repeat).id).toEqual(expect.any(String));
  });

  it('refuses a key reused for another request, and writes nothing for it', async () => {
    const worker = await server.login('worker');
    const key = randomUUID();
    const first = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      headers: { 'idempotency-key': key },
      payload: family('Birinchiyeva'),
    });
    expect(first.statusCode).toBe(201);
    const other = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      headers: { 'idempotency-key': key, 'accept-language': 'en' },
      payload: family('Ikkinchiyeva'),
    });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'idempotency_key_reused', message: expect.stringContaining('Idempotency-Key') });
    expect(await families('Ikkinchiyeva')).toBe(0);
  });

  it('records nothing for a refused request, so the corrected one goes through with the same key', async () => {
    const worker = await server.login('worker');
    const key = randomUUID();
    const bad = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      headers: { 'idempotency-key': key },
      payload: { ...family('Tuzatilgan'), districtCode: '' },
    });
    expect(bad.statusCode).toBe(400);
    const fixed = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      headers: { 'idempotency-key': key },
      payload: family('Tuzatilgan'),
    });
    expect(fixed.statusCode).toBe(201);
    expect(await families('Tuzatilgan')).toBe(1);
  });

  it('keeps each user’s keys apart, and refuses a key that is not a UUID', async () => {
    const [worker, worker2] = [await server.login('worker'), await server.login('worker2')];
    const key = randomUUID();
    for (const session of [worker, worker2]) {
      const answer = await server.as(session, {
        method: 'POST',
        url: '/api/families',
        headers: { 'idempotency-key': key },
        payload: family('Ajratova'),
      });
      expect(answer.statusCode).toBe(201);
      expect(answer.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(await families('Ajratova')).toBe(2);
    const invalid = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      headers: { 'idempotency-key': 'bir-ikki' },
      payload: family('Kalitsizova'),
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
    expect(await families('Kalitsizova')).toBe(0);
  });

  it('runs a use case inside an outer transaction, which commits or rolls back everything it did', async () => {
    const actor = await server.actor('worker');
    const inside = (surname: string, fail: boolean) =>
      server.db.transaction().execute(async (trx) => {
        const ctx: RequestContext = { actor, db: trx, locale: 'en', ip: null };
        await registerFamily(ctx, family(surname) as Parameters<typeof registerFamily>[1]);
        if (fail) throw new Error('the outer work failed');
      });
    await expect(inside('Qaytarilganova', true)).rejects.toThrow('the outer work failed');
    expect(await families('Qaytarilganova')).toBe(0);
    await inside('Saqlanganova', false);
    expect(await families('Saqlanganova')).toBe(1);
  });

  it('keeps the ids a client gives a family and its members, and answers a second create with the same id 409', async () => {
    const worker = await server.login('worker');
    const familyId = '019ae4c1-7a10-7c3e-9a51-0c2f4b6d8e01';
    const memberId = '019AE4C1-7A10-7C3E-9A51-0C2F4B6D8E02';
    const payload = family('Mijozova');
    payload.members = [{ ...payload.members[0], id: memberId } as (typeof payload.members)[0]];
    const created = await server.as(worker, { method: 'POST', url: '/api/families', payload: { ...payload, id: familyId } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: familyId, members: [{ id: memberId.toLowerCase() }] });
    const again = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      payload: { ...payload, id: familyId },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'already_exists', message: expect.stringMatching(/\S/) });
    expect(await families('Mijozova')).toBe(1);
    const member = await server.as(worker, {
      method: 'POST',
      url: `/api/families/${familyId}/members`,
      payload: {
        id: '019ae4c1-7a10-7c3e-9a51-0c2f4b6d8e03',
        surname: 'Mijozova',
        givenName: 'Laylo',
        sex: 'female',
        relationship: 'child',
        birthYear: 2019,
      },
    });
    expect(member.statusCode).toBe(201);
    expect(member.json().id).toBe('019ae4c1-7a10-7c3e-9a51-0c2f4b6d8e03');
  });

  it('refuses a client id that is not a UUID v7, naming the field', async () => {
    const worker = await server.login('worker');
    const answer = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      payload: { ...family('Tasodifova'), id: randomUUID() },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.fields).toEqual([expect.objectContaining({ path: 'id', code: 'client_id' })]);
    expect(await families('Tasodifova')).toBe(0);
  });

  it('keeps client ids on a case, its contacts, tasks and consents, and refuses each id a second time', async () => {
    const worker = await server.login('worker');
    const registered = await server.as(worker, { method: 'POST', url: '/api/families', payload: family('Holatova') });
    const { id: familyId, members } = registered.json();
    const creates = (caseId: string) => [
      { url: `/api/cases/${caseId}/contacts`, payload: { kind: 'home_visit', date: '2026-11-20', text: 'Uyga tashrif buyurildi' } },
      { url: `/api/cases/${caseId}/tasks`, payload: { title: 'Maktab bilan gaplashish', dueDate: '2027-01-15' } },
      { url: `/api/cases/${caseId}/consents`, payload: { givenByPersonId: members[0].id, scope: ['health'], date: '2026-11-20' } },
    ];
    const caseId = v7();
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { id: caseId, familyId, identificationSource: 'school', reason: 'Bola maktabga kelmayapti' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json().id).toBe(caseId);
    for (const create of creates(caseId)) {
      const id = v7();
      const first = await server.as(worker, { method: 'POST', url: create.url, payload: { ...create.payload, id } });
      expect(first.statusCode, `${create.url}: ${first.body}`).toBe(201);
      expect(first.json().id).toBe(id);
      const second = await server.as(worker, { method: 'POST', url: create.url, payload: { ...create.payload, id } });
      expect(second.statusCode, create.url).toBe(409);
      expect(second.json().error.code).toBe('already_exists');
    }
    const again = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { id: caseId, familyId, identificationSource: 'school', reason: 'Bola maktabga kelmayapti' },
    });
    expect(again.statusCode).toBe(409);
    const count = await server.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('family_id', '=', familyId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

/** A UUID v7 as a client makes one: the version nibble of a random UUID set to 7. */
function v7(): string {
  const uuid = randomUUID();
  return `${uuid.slice(0, 14)}7${uuid.slice(15)}`;
}
