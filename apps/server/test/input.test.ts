import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from './harness.ts';

/**
 * Bad input of every kind is answered with a 4xx naming the field, in the user's language, and writes
 * nothing: control and direction characters, numbers beyond their column, tampered cursors, broken
 * multipart, LIKE wildcards, implausible dates, charsets other than UTF-8.
 */

const household = {
  districtCode: '1722226',
  mahallaCode: '1722226-003',
  address: 'Bogʻishamol MFY, Chinor koʻchasi, 7-uy',
  identificationSource: 'school',
  members: [
    { surname: 'Yoʻldosheva', givenName: 'Nodira', sex: 'female', relationship: 'head', birthDate: '1990-03-14' },
    { surname: 'Yoʻldoshev', givenName: 'Sardor', sex: 'male', relationship: 'child', birthDate: '2015-09-02' },
  ],
};

const cursorOf = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

type Problem = { path: string; code: string; message: string };

describe('bad input', () => {
  const server = useTestServer();
  let worker: Session;
  let admin: Session;
  let caseId: string;
  let familyId: string;
  let headId: string;

  const send = (session: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    server.as(session, { method, url, payload: payload as object, headers });
  /** Row counts of what the refused requests could have written. */
  const counts = async () => {
    const tables = ['families', 'persons', 'contacts', 'tasks', 'consents', 'attachments', 'services', 'audit_events'] as const;
    const rows = await Promise.all(
      tables.map((table) =>
        server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ),
    );
    return Object.fromEntries(tables.map((table, index) => [table, Number(rows[index]?.n)])) as Record<(typeof tables)[number], number>;
  };
  const expectRefused = async (response: Awaited<ReturnType<typeof send>>, path: string, code: string, status = 400) => {
    expect(response.statusCode, response.body).toBe(status);
    const problems = response.json().error.fields as Problem[];
    expect(problems).toContainEqual(expect.objectContaining({ path, code }));
    for (const problem of problems) expect(problem.message).not.toMatch(/^fields\./);
  };

  beforeAll(async () => {
    [worker, admin] = [await server.login('worker'), await server.login('admin')];
    const family = (await send(worker, 'POST', '/api/families', household)).json();
    familyId = family.id;
    headId = family.members[0].id;
    caseId = (await send(worker, 'POST', '/api/cases', { familyId, identificationSource: 'school', reason: 'Maktabga kelmayapti' })).json()
      .id;
  });

  it('refuses control, direction and unpaired surrogate characters anywhere, naming the field, writing nothing', async () => {
    const before = await counts();
    const contact = { kind: 'home_visit', date: '2026-01-15', text: 'Uyga tashrif' };
    const cases: [string, string, unknown, string, string][] = [
      ['POST', `/api/cases/${caseId}/contacts`, { ...contact, text: 'Uyga\u0000 tashrif' }, 'text', 'control_character'],
      ['POST', `/api/cases/${caseId}/contacts`, { ...contact, text: 'Uyga\u007f tashrif' }, 'text', 'control_character'],
      ['POST', `/api/cases/${caseId}/contacts`, { ...contact, text: 'Uyga\u0085 tashrif' }, 'text', 'control_character'],
      [
        'POST',
        `/api/cases/${caseId}/contacts`,
        { ...contact, participants: ['ona', 'sinf\u001b rahbari'] },
        'participants.1',
        'control_character',
      ],
      ['POST', `/api/cases/${caseId}/contacts`, { ...contact, text: 'invoice\u202egpj.png' }, 'text', 'bidi_character'],
      ['POST', `/api/cases/${caseId}/contacts`, { ...contact, text: 'a\u2066b\u2069' }, 'text', 'bidi_character'],
      ['POST', `/api/cases/${caseId}/tasks`, { title: 'Maktabga\nqoʻngʻiroq', dueDate: '2026-12-20' }, 'title', 'single_line'],
      ['POST', '/api/families', { ...household, address: 'Chinor\u0000 koʻchasi' }, 'address', 'control_character'],
      [
        'POST',
        '/api/families',
        { ...household, members: [{ ...household.members[0], surname: 'Ali\u202eev' }] },
        'members.0.surname',
        'bidi_character',
      ],
      ['POST', '/api/families', { ...household, notes: { 'x\u0000': 1 } }, 'notes', 'control_character'],
    ];
    for (const [method, url, payload, path, code] of cases)
      await expectRefused(await send(worker, method as 'POST', url, payload), path, code);
    // A lone surrogate can only be written as a JSON escape; PostgreSQL would refuse it.
    const surrogate = await server.as(worker, {
      method: 'POST',
      url: `/api/cases/${caseId}/contacts`,
      headers: { 'content-type': 'application/json' },
      payload: '{"kind":"home_visit","date":"2026-01-15","text":"a\\ud800b"}',
    });
    await expectRefused(surrogate, 'text', 'control_character');
    // Queries and path parameters never hold a line break either.
    await expectRefused(await send(worker, 'GET', '/api/cases?q=%00'), 'q', 'control_character');
    await expectRefused(await send(worker, 'GET', '/api/persons?q=Ali%E2%80%AEev'), 'q', 'bidi_character');
    await expectRefused(await send(worker, 'GET', '/api/services?q=a%0Ab'), 'q', 'single_line');
    await expectRefused(await send(worker, 'GET', '/api/cases/%00'), 'id', 'control_character');
    expect(await counts()).toEqual(before);
  });

  it('keeps line breaks and tabs where text may hold several lines, and answers in the user’s language', async () => {
    const saved = await send(worker, 'POST', `/api/cases/${caseId}/contacts`, {
      kind: 'home_visit',
      date: '2026-01-15',
      text: 'Onasi bilan gaplashildi.\r\n\tBola ertaga maktabga boradi.',
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().text).toContain('\r\n\t');
    // Each worker reads the message in their own language.
    const locales: string[] = [];
    for (const locale of ['en', 'ru', 'uz-Cyrl']) {
      await send(worker, 'PATCH', '/api/me', { locale });
      locales.push((await send(worker, 'GET', '/api/cases?q=%01')).json().error.fields[0].message);
    }
    await send(worker, 'PATCH', '/api/me', { locale: 'uz-Latn' });
    expect(locales[0]).toBe('Remove the invisible control characters from this text.');
    expect(new Set(locales).size).toBe(3);
  });

  it('bounds every number to its column: versions beyond a PostgreSQL integer and limits over 200 are 400', async () => {
    const before = await counts();
    const task = (await send(worker, 'POST', `/api/cases/${caseId}/tasks`, { title: 'Qoʻngʻiroq qilish', dueDate: '2026-12-20' })).json();
    const afterTask = await counts();
    await expectRefused(
      await send(worker, 'PATCH', `/api/tasks/${task.id}`, { version: 2147483648, status: 'done' }),
      'version',
      'version',
    );
    await expectRefused(
      await send(worker, 'PATCH', `/api/families/${familyId}`, { version: 2 ** 53, address: 'Yangi manzil' }),
      'version',
      'version',
    );
    await expectRefused(
      await send(worker, 'POST', `/api/cases/${caseId}/transition`, { to: 'assessment', version: 1e300 }),
      'version',
      'version',
    );
    await expectRefused(
      await send(worker, 'PATCH', `/api/persons/${headId}`, { version: 1, schooling: { kind: 'school', grade: 2147483648 } }),
      'schooling.grade',
      'invalid',
    );
    await expectRefused(await send(worker, 'GET', '/api/cases?limit=201'), 'limit', 'limit');
    await expectRefused(await send(worker, 'GET', '/api/cases?limit=1e10'), 'limit', 'limit');
    expect(afterTask.tasks).toBe(before.tasks + 1);
    expect(await counts()).toEqual(afterTask);
  });

  it('refuses tampered cursors on every list with 400 on `cursor`, and still pages with real ones', async () => {
    const lists: [Session, string][] = [
      [worker, '/api/cases?'],
      [worker, `/api/cases/${caseId}/timeline?`],
      [worker, '/api/tasks?'],
      [worker, `/api/cases/${caseId}/contacts?`],
      [worker, '/api/notifications?'],
      [worker, '/api/approvals?'],
      [worker, '/api/referrals?box=outbox&'],
      [worker, '/api/persons?q=Yoldosheva&'],
      [worker, '/api/services?'],
      [admin, '/api/organisations?'],
      [admin, '/api/users?'],
      [admin, '/api/audit?'],
    ];
    const tampered = [
      cursorOf({ id: 5 }),
      cursorOf({ id: 'x' }),
      cursorOf({ id: '01a23c3a-7355-73ed-881d-034262bc601d\u0000' }),
      cursorOf({ at: 'yesterday', id: '01a23c3a-7355-73ed-881d-034262bc601d' }),
      cursorOf({ at: '0000-01-01T00:00:00Z', id: '01a23c3a-7355-73ed-881d-034262bc601d' }),
      cursorOf({ dueSort: 7, id: [] }),
      cursorOf({ date: '9999-99-99', id: '01a23c3a-7355-73ed-881d-034262bc601d' }),
      cursorOf({ seq: '1; select 1' }),
      cursorOf({ seq: -1 }),
      cursorOf({ offset: 1.5 }),
      cursorOf({ username: { $gt: '' } }),
      cursorOf({ org: null, name: 1, id: true }),
      cursorOf({ name: 'a\u0000', id: '01a23c3a-7355-73ed-881d-034262bc601d' }),
      cursorOf([]),
      cursorOf('null'),
      cursorOf('{"id":'),
      '%%%',
    ];
    let refused = 0;
    for (const [session, list] of lists) {
      for (const cursor of tampered) {
        const response = await send(session, 'GET', `${list}cursor=${encodeURIComponent(cursor)}`);
        expect(response.statusCode, `${list} ${cursor}: ${response.body}`).toBe(400);
        expect(response.json().error.fields).toEqual([expect.objectContaining({ path: 'cursor', code: 'cursor' })]);
        refused++;
      }
    }
    expect(refused).toBe(lists.length * tampered.length);

    // Real cursors still lead to the next page, without repeating a row.
    for (const [session, list] of [
      [admin, '/api/audit?'],
      [admin, '/api/users?'],
      [worker, '/api/tasks?'],
    ] as const) {
      const first = (await send(session, 'GET', `${list}limit=2`)).json();
      expect(first.nextCursor, list).toEqual(expect.any(String));
      const second = await send(session, 'GET', `${list}limit=2&cursor=${first.nextCursor}`);
      expect(second.statusCode, second.body).toBe(200);
      const ids = [...first.items, ...second.json().items].map((item: { id?: string; seq?: number }) => item.id ?? item.seq);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('answers multipart without a boundary, cut short or with a disguised file name with 400', async () => {
    const supervisor = await server.login('supervisor');
    const before = await counts();
    const boundary = '----hamkortest';
    const part = (name: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
    for (const [session, url] of [
      [worker, `/api/cases/${caseId}/attachments`],
      [supervisor, '/api/imports/families?dryRun=true'],
    ] as const) {
      const noBoundary = await server.as(session, {
        method: 'POST',
        url,
        headers: { 'content-type': 'multipart/form-data' },
        payload: 'abc',
      });
      await expectRefused(noBoundary, 'file', 'multipart');
      const cutShort = await server.as(session, {
        method: 'POST',
        url,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `${part('scan.png')}\u0089PNG\r\n\u001a\n0000`,
      });
      await expectRefused(cutShort, 'file', 'multipart');
      const garbage = await server.as(session, {
        method: 'POST',
        url,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nnot a header\r\n\r\n--${boundary}--\r\n`,
      });
      expect(garbage.statusCode, garbage.body).toBe(400);
      const disguised = await server.as(session, {
        method: 'POST',
        url,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.from(`${part('invoice\u202egpj.png')}data\r\n--${boundary}--\r\n`),
      });
      await expectRefused(disguised, 'file', 'bidi_character');
    }
    expect(await counts()).toEqual(before);
  });

  it('checks the text of imported files as it checks bodies: a bad cell is reported by row, never a failed insert', async () => {
    const supervisor = await server.login('supervisor');
    const before = await counts();
    const header = 'family_ref,district_code,address,identification_source,surname,given_name,sex,relationship,family_notes';
    const csv = [
      header,
      'F1,1722226,"Chinor\u202e koʻchasi, 3-uy",school,Karimova,Dilnoza,female,head,"Izoh\r\nikkinchi qator"',
      'F2,1722226,Chinor koʻchasi 4-uy,school,Kari\u202emova,Lola,female,head,',
      'F3,1722226,"Chinor koʻchasi\n5-uy",school,Karimova,Zebo,female,head,',
    ].join('\r\n');
    for (const dryRun of [true, false]) {
      const response = await server.as(supervisor, {
        method: 'POST',
        url: `/api/imports/families?dryRun=${dryRun}`,
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(response.statusCode, response.body).toBe(dryRun ? 200 : 400);
      const problems = (dryRun ? response.json().errors : response.json().error.fields) as { code: string }[];
      expect(problems.map((problem) => problem.code).sort()).toEqual(['bidi_character', 'name_characters', 'single_line']);
    }
    // Nothing is written but the audit of the attempt.
    expect({ ...(await counts()), audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
  });

  it('escapes LIKE wildcards, and refuses a search that holds nothing to look for', async () => {
    const numbered = (await send(worker, 'GET', '/api/cases?q=SUR-&limit=200')).json().items;
    expect(numbered.length).toBeGreaterThan(0);
    for (const q of ['SUR-%', 'SUR-_', 'SUR-\\']) {
      const response = await send(worker, 'GET', `/api/cases?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, q).toBe(200);
      expect(response.json().items, q).toEqual([]);
    }
    expect((await send(worker, 'GET', '/api/services?q=a&limit=200')).json().items.length).toBeGreaterThan(0);
    expect((await send(worker, 'GET', `/api/services?q=${encodeURIComponent('a%')}`)).json().items).toEqual([]);
    expect((await send(worker, 'GET', `/api/services?q=${encodeURIComponent('_')}`)).statusCode).toBe(400);
    await expectRefused(await send(worker, 'GET', '/api/persons?q=%25'), 'q', 'search_query');
    for (const q of ['%', "'!", '_', '中']) {
      await expectRefused(await send(worker, 'GET', `/api/cases?q=${encodeURIComponent(q)}`), 'q', 'search_text');
      if (q !== '中') await expectRefused(await send(worker, 'GET', `/api/services?q=${encodeURIComponent(q)}`), 'q', 'search_text');
    }
    // An empty box is no search at all.
    expect((await send(worker, 'GET', '/api/cases?q=')).statusCode).toBe(200);
  });

  it('bounds dates by kind: contacts and consents in the past since 2000, work due within five years', async () => {
    const before = await counts();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const contact = (date: string) => send(worker, 'POST', `/api/cases/${caseId}/contacts`, { kind: 'home_visit', date, text: 'Tashrif' });
    await expectRefused(await contact('1899-12-31'), 'date', 'date_too_early');
    await expectRefused(await contact('1999-12-31'), 'date', 'date_too_early');
    await expectRefused(await contact('0000-01-01'), 'date', 'date');
    await expectRefused(await contact('9999-12-31'), 'date', 'date_too_late');
    await expectRefused(await contact(tomorrow), 'date', 'date_future');
    const consent = (date: string) =>
      send(worker, 'POST', `/api/cases/${caseId}/consents`, { givenByPersonId: headId, scope: ['education'], date });
    await expectRefused(await consent('1899-12-31'), 'date', 'date_too_early');
    await expectRefused(await consent('9999-12-31'), 'date', 'date_too_late');
    const task = (due: object) => send(worker, 'POST', `/api/cases/${caseId}/tasks`, { title: 'Qoʻngʻiroq', ...due });
    const sixYears = `${new Date().getUTCFullYear() + 6}-06-01`;
    await expectRefused(await task({ dueDate: '9999-12-31' }), 'dueDate', 'date_too_late');
    await expectRefused(await task({ dueDate: sixYears }), 'dueDate', 'date_too_late');
    await expectRefused(await task({ dueDate: '1899-12-31' }), 'dueDate', 'date_too_early');
    await expectRefused(await task({ dueAt: '0000-01-01T00:00:00Z' }), 'dueAt', 'date_too_early');
    await expectRefused(await task({ dueAt: '9999-12-31T23:59:59Z' }), 'dueAt', 'date_too_late');
    await expectRefused(await send(worker, 'GET', '/api/reports/caseload?from=1899-12-31'), 'from', 'date_too_early');
    await expectRefused(await send(worker, 'GET', '/api/reports/caseload?to=2100-01-01'), 'to', 'date_too_late');
    expect(await counts()).toEqual(before);
    expect((await contact('2026-01-15')).statusCode).toBe(201);
    expect((await task({ dueDate: `${new Date().getUTCFullYear() + 4}-06-01` })).statusCode).toBe(201);
  });

  it('answers a text body in any charset but UTF-8 with 415, whatever its spelling', async () => {
    const before = await counts();
    const body = { kind: 'home_visit', date: '2026-01-15', text: 'Tashrif' };
    for (const contentType of [
      'application/json; charset=utf-16le',
      'application/json;charset="UTF-16"',
      'application/json; charset=windows-1251',
      'application/json; charset=',
    ]) {
      const payload = contentType.includes('16') ? Buffer.from(JSON.stringify(body), 'utf16le') : JSON.stringify(body);
      const response = await server.as(worker, {
        method: 'POST',
        url: `/api/cases/${caseId}/contacts`,
        headers: { 'content-type': contentType },
        payload,
      });
      await expectRefused(response, 'content-type', 'charset', 415);
      expect(response.json().error.code).toBe('unsupported_media_type');
    }
    const csv = await server.as(admin, {
      method: 'POST',
      url: '/api/territories/mahallas/import?district=1722210&dryRun=true',
      headers: { 'content-type': 'text/csv; charset=windows-1251' },
      payload: 'code,name_uz_latn,name_uz_cyrl,name_ru,name_en\n',
    });
    await expectRefused(csv, 'content-type', 'charset', 415);
    expect(await counts()).toEqual(before);
    for (const contentType of ['application/json; charset=UTF-8', 'application/json; charset="utf-8"', 'application/json']) {
      const response = await server.as(worker, {
        method: 'POST',
        url: `/api/cases/${caseId}/contacts`,
        headers: { 'content-type': contentType },
        payload: JSON.stringify(body),
      });
      expect(response.statusCode, contentType).toBe(201);
    }
  });

  it('answers every list and dashboard of the demo data, and the records behind them, for every role, without a 5xx', async () => {
    const roles = ['admin', 'supervisor', 'worker', 'worker2', 'ngo', 'agency', 'analyst'];
    const lists = server.routes.filter(
      (route) => route.method === 'GET' && route.url.startsWith('/api/') && !route.url.includes(':') && !route.url.startsWith('/api/docs'),
    );
    const extra = [
      '/api/referrals?box=outbox',
      '/api/referrals?box=inbox',
      '/api/territories/mahallas?district=1722226',
      '/api/persons?q=Qodirova',
    ];
    const urls = [...lists.map((route) => route.url), ...extra];
    const failures: string[] = [];
    for (const role of roles) {
      const session = await server.login(role);
      for (const url of urls) {
        const response = await send(session, 'GET', url);
        if (response.statusCode >= 500) failures.push(`${role} ${url} ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    // The records behind the lists, as their readers see them: every reply fits its schema.
    const detailFailures: string[] = [];
    const check = async (session: Session, url: string) => {
      const response = await send(session, 'GET', url);
      if (response.statusCode >= 500) detailFailures.push(`${url} ${response.statusCode}`);
      return response;
    };
    for (const role of ['worker', 'supervisor', 'ngo', 'agency', 'admin']) {
      const session = await server.login(role);
      const caseload = (await check(session, '/api/cases?limit=8')).json().items ?? [];
      for (const { id } of caseload as { id: string }[]) {
        for (const tail of ['', '/timeline', '/contacts', '/tasks', '/consents', '/plans', '/assessments', '/screening', '/attachments'])
          await check(session, `/api/cases/${id}${tail}`);
      }
      for (const box of ['inbox', 'outbox']) {
        const referrals = (await check(session, `/api/referrals?box=${box}&limit=20`)).json().items ?? [];
        for (const { id } of referrals as { id: string }[]) await check(session, `/api/referrals/${id}`);
      }
    }
    expect(detailFailures).toEqual([]);
    const outbox = await send(admin, 'GET', '/api/referrals?box=outbox&limit=200');
    expect(outbox.statusCode, outbox.body).toBe(200);
    expect(outbox.json().items.length).toBeGreaterThan(0);
  });
});
