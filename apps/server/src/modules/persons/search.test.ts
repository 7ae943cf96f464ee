import { foldForSearch } from '@hamkor/domain';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { denovWorker, household, register } from './test-fixtures.ts';

type Item = { id: string; surname: string; givenName: string; birthYear: number | null; score: number };

describe('person search across scripts', () => {
  const server = useTestServer();
  let worker: Session;
  let mother: string;
  let daughter: string;
  let son: string;
  let withPinfl: string;

  const search = async (session: Session, q: string, extra = '') => {
    const response = await server.as(session, { method: 'GET', url: `/api/persons?q=${encodeURIComponent(q)}${extra}` });
    return response;
  };
  const ids = async (session: Session, q: string) => ((await search(session, q)).json().items as Item[]).map((item) => item.id);

  beforeAll(async () => {
    worker = await server.login('worker');
    const family = await register(
      server,
      worker,
      household([
        {
          surname: 'Qurbonova',
          givenName: 'Dilnoza',
          patronymic: 'Karim qizi',
          sex: 'female',
          relationship: 'head',
          birthDate: '1990-03-14',
        },
        { surname: 'Qurbonova', givenName: 'Mubina', sex: 'female', relationship: 'child', birthDate: '2016-08-01' },
        { surname: 'Qurbonov', givenName: 'Jahongir', sex: 'male', relationship: 'child', birthYear: 2013 },
        { surname: 'Gʻulomov', givenName: 'Sanjar', sex: 'male', relationship: 'other_relative', birthYear: 1970, pinfl: '31203700260017' },
      ]),
    );
    [mother, daughter, son, withPinfl] = family.members.map((member) => member.id) as [string, string, string, string];
  });

  it('finds Qurbonova typed in Russian, Uzbek Cyrillic and English-style Latin', async () => {
    for (const q of ['Курбанова', 'Қурбонова', 'Kurbanova', 'qurbonova', 'Qurbonova Dilnoza', 'Дилноза Курбанова']) {
      const found = await ids(worker, q);
      expect(found, q).toContain(mother);
    }
    const [first] = (await search(worker, 'Курбанова Дилноза')).json().items as Item[];
    expect(first).toMatchObject({ id: mother, surname: 'Qurbonova', givenName: 'Dilnoza', score: 1 });
  });

  it('falls back to trigram similarity for a typo or an unfinished name', async () => {
    for (const q of ['Qurbonva Dilnoza', 'Курбнова', 'Qurbon']) expect(await ids(worker, q), q).toContain(mother);
  });

  it('with a typo in a query of several words, shows those who match every word; those who match some only when nobody matches all', async () => {
    const others = await register(
      server,
      worker,
      household([
        { surname: 'Rahimova', givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthYear: 1988 },
        { surname: 'Tojiyeva', givenName: 'Dilnoza', sex: 'female', relationship: 'other_relative', birthYear: 1992 },
      ]),
    );
    const namesakes = others.members.map((member) => member.id);
    // Every other Dilnoza used to be listed below her; now only those like both words are, within a district
    // (the worker) and across the country (the administrator).
    for (const session of [worker, await server.login('admin')]) {
      const everyWord = await ids(session, 'Qurbonva Dilnoza');
      expect(everyWord).toContain(mother);
      for (const namesake of namesakes) expect(everyWord).not.toContain(namesake);
    }
    // Nobody is a Qurbonova Dilnoza Zulayho: those like some of the words are ranked, as before.
    expect(await ids(worker, 'Qurbonva Dilnoza Zulayho')).toContain(mother);
  });

  it('keeps the vocabulary of name words the typo search starts from: new names add words, a corrected one takes its old word away', async () => {
    const words = async () =>
      (await sql<{ word: string }>`SELECT word FROM person_name_words`.execute(server.db)).rows.map((row) => row.word);
    const family = await register(
      server,
      worker,
      household([{ surname: 'Xoʻjamberdiyeva', givenName: 'Oyshajon', sex: 'female', relationship: 'head', birthYear: 1984 }]),
    );
    const [head] = family.members as [{ id: string; version: number }];
    const [oldSurname, given] = foldForSearch('Xoʻjamberdiyeva Oyshajon').split(' ') as [string, string];
    expect(await words()).toEqual(expect.arrayContaining([oldSurname, given]));
    expect(await ids(worker, 'Хужамбердева Ойшажон')).toContain(head.id);

    const corrected = await server.as(worker, {
      method: 'PATCH',
      url: `/api/persons/${head.id}`,
      payload: { version: head.version, surname: 'Toʻlaganova' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const newSurname = foldForSearch('Toʻlaganova');
    const vocabulary = await words();
    expect(vocabulary).toContain(newSurname);
    expect(vocabulary).not.toContain(oldSurname);
    expect(vocabulary).toContain(given);
    expect(await ids(worker, 'Тулагнова Ойшажон')).toContain(head.id);
    expect(await ids(worker, 'Хужамбердева')).toEqual([]);
    // Another person still carries Qurbonova: correcting this one's name leaves the word for the rest.
    expect(vocabulary).toContain(foldForSearch('Qurbonova'));
  });

  it('ranks the closer spelling first: Qurbonova before Qurbonov', async () => {
    const items = (await search(worker, 'Курбанова')).json().items as Item[];
    const rank = (id: string) => items.findIndex((item) => item.id === id);
    expect(rank(son)).toBeGreaterThan(rank(mother));
    expect(rank(son)).toBeGreaterThan(rank(daughter));
    expect(items.map((item) => item.score)).toEqual([...items.map((item) => item.score)].sort((a, b) => b - a));
  });

  it('narrows by a birth year or birth date typed in the query, and finds by PINFL', async () => {
    expect(await ids(worker, 'Курбанова 1990')).toEqual([mother]);
    expect(await ids(worker, 'Qurbonova 2016')).toEqual([daughter]);
    expect(await ids(worker, 'Qurbonova 14.03.1990')).toEqual([mother]);
    expect(await ids(worker, '31203700260017')).toEqual([withPinfl]);
    expect(await ids(worker, 'Гулямов 31203700260017')).toEqual([withPinfl]);
  });

  it('pages through the results with a cursor', async () => {
    const first = (await search(worker, 'Qurbonova', '&limit=1')).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await search(worker, 'Qurbonova', `&limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });

  it('asks for two letters of a name or a PINFL', async () => {
    const response = await search(worker, '1990');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([{ path: 'q', code: 'search_query', message: expect.any(String) }]);
  });

  it('searches only within reach: Shoʻrchi staff and the NGO see Shoʻrchi, a Denov worker sees Denov only, agency and analyst nothing', async () => {
    for (const account of ['supervisor', 'worker2', 'ngo', 'admin']) {
      expect(await ids(await server.login(account), 'Курбанова 1990'), account).toEqual([mother]);
    }
    for (const account of ['agency', 'analyst']) {
      expect((await search(await server.login(account), 'Qurbonova')).statusCode, account).toBe(404);
    }
    const denov = await denovWorker(server);
    expect(await ids(denov, 'Qurbonova')).toEqual([]);
    expect(await ids(denov, 'Tursunova Gulnora')).toEqual([]);
    const karimova = (await search(denov, 'Каримова Гулчехра')).json().items as Item[];
    expect(karimova.map((item) => `${item.surname} ${item.givenName}`)).toContain('Karimova Gulchehra');
  });

  it('audits each search with the persons it showed and the length of the query, never the text', async () => {
    const shown = (await search(worker, 'Курбанова 1990')).json().items.map((item: Item) => item.id);
    const event = await server.db
      .selectFrom('audit_events')
      .select(['action', 'details', 'actor_id'])
      .where('action', '=', 'person.search')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'person.search', details: { results: 1, queryLength: 14, personIds: shown }, actor_id: worker.userId });
    expect(JSON.stringify(event.details)).not.toMatch(/Курбан|1990/);
  });

  it('keeps names, addresses and search texts out of the whole audit log', async () => {
    const details = (await server.db.selectFrom('audit_events').select('details').execute()).map((event) => JSON.stringify(event.details));
    for (const text of ['Qurbon', 'Курбан', 'Dilnoza', 'Bogʻishamol', '31203700260017']) {
      expect(
        details.filter((detail) => detail.includes(text)),
        text,
      ).toEqual([]);
    }
  });
});
