import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { multipart, PDF_BYTES } from '../src/modules/attachments/test-fixtures.ts';
import { TEST_PASSWORD, useTestServer } from './harness.ts';

describe('HTTP conventions', () => {
  const server = useTestServer();

  it('reports health and the database kind without a session', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json()).toEqual({ status: 'ok', database: server.database.kind, version: expect.any(String), demo: false });
  });

  it('says demo mode is on only when the server was started in it (HAMKOR_DEMO=0 hides the demo accounts)', async () => {
    const demo = await buildApp({ database: server.database, demo: true });
    try {
      expect((await demo.inject({ method: 'GET', url: '/api/health' })).json().demo).toBe(true);
    } finally {
      await demo.close();
    }
  });

  it('answers malformed JSON with 400, a huge body with 413, a wrong media type with 415', async () => {
    const admin = await server.login('admin');
    const headers = { 'content-type': 'application/json' };
    const malformed = await server.as(admin, { method: 'POST', url: '/api/organisations', headers, payload: '{"name": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_input');
    const huge = await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      headers,
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
    const text = await server.as(admin, {
      method: 'POST',
      url: '/api/organisations',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(text.statusCode).toBe(415);
  });

  it('describes every API route in the OpenAPI document', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.info.title).toBe('Hamkor API');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const registered = server.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((route) => !documented.includes(route))).toEqual([]);
    expect((await server.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('never writes personal data or passwords to the log', async () => {
    const lines: string[] = [];
    const { buildApp } = await import('../src/app.ts');
    const app = await buildApp({
      database: server.database,
      logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } },
    });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker', password: 'Secret-Passw0rd' } });
    await app.inject({ method: 'GET', url: '/api/territories/regions?q=Qurbonova' });
    await app.close();
    const log = lines.join('\n');
    expect(log).not.toContain('Secret-Passw0rd');
    expect(log).not.toContain('Qurbonova');
  });

  it('sends the security headers and no-store on every API reply, errors included', async () => {
    const admin = await server.login('admin');
    const replies = {
      me: await server.as(admin, { method: 'GET', url: '/api/me' }),
      list: await server.as(admin, { method: 'GET', url: '/api/cases' }),
      unauthenticated: await server.app.inject({ method: 'GET', url: '/api/cases' }),
      invalid: await server.as(admin, { method: 'GET', url: '/api/cases/not-an-id' }),
      missingRoute: await server.as(admin, { method: 'GET', url: '/api/nothing-here' }),
      tooLarge: await server.as(admin, {
        method: 'POST',
        url: '/api/organisations',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      }),
      login: await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'wrong-password' },
      }),
    };
    for (const [name, reply] of Object.entries(replies)) {
      expect(reply.headers['cache-control'], name).toBe('no-store');
      expect(reply.headers['content-security-policy'], name).toContain("frame-ancestors 'none'");
      expect(reply.headers['x-content-type-options'], name).toBe('nosniff');
      expect(reply.headers['referrer-policy'], name).toBe('no-referrer');
      expect(reply.headers['x-frame-options'], name).toBe('DENY');
      // Over plain HTTP there is no HSTS: a LAN install without TLS must stay reachable.
      expect(reply.headers['strict-transport-security'], name).toBeUndefined();
    }
    expect(replies.tooLarge.statusCode).toBe(413);
    expect(replies.unauthenticated.statusCode).toBe(401);
  });

  it('sends HSTS when the request came over TLS through a trusted proxy', async () => {
    const { buildApp } = await import('../src/app.ts');
    const app = await buildApp({ database: server.database, trustProxy: true });
    const reply = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    await app.close();
    expect(reply.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('lets Swagger UI run under its own policy, still without framing', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<\s]/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await server.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' })).statusCode).toBe(200);
  });

  it('compresses large JSON for clients that accept it, but never a reply that carries the CSRF token', async () => {
    const admin = await server.login('admin');
    const plain = await server.as(admin, { method: 'GET', url: '/api/openapi.json' });
    const brotli = await server.as(admin, { method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(plain.body);
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    const gzip = await server.as(admin, { method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    expect(plain.headers['content-encoding']).toBeUndefined();

    // A list holding personal data, over the threshold.
    const cases = await server.as(admin, { method: 'GET', url: '/api/cases', headers: { 'accept-encoding': 'br' } });
    expect(cases.statusCode).toBe(200);
    expect(cases.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(cases.rawPayload).toString()).items.length).toBeGreaterThan(0);

    // A reply over the threshold that carries the token: a long name, as an attacker could give a user.
    await server.db
      .updateTable('users')
      .set({ display_name: 'Ш'.repeat(200) })
      .where('username', '=', 'worker2')
      .execute();
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-encoding': 'br, gzip' },
      payload: { username: 'worker2', password: TEST_PASSWORD },
    });
    expect(login.json().csrfToken).toEqual(expect.any(String));
    expect(login.rawPayload.length).toBeGreaterThan(1024);
    expect(login.headers['content-encoding']).toBeUndefined();
    const worker2 = await server.login('worker2');
    for (const url of ['/api/me', '/api/auth/session']) {
      const reply = await server.as(worker2, { method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(reply.statusCode, url).toBe(200);
      expect(reply.rawPayload.length, url).toBeGreaterThan(1024);
      expect(reply.headers['content-encoding'], url).toBeUndefined();
      expect(reply.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('sends downloads whole whatever the client accepts: attachments, import templates, report files', async () => {
    const worker = await server.login('worker');
    const admin = await server.login('admin');
    const headers = { 'accept-encoding': 'br, gzip' };
    const demo = await server.db.selectFrom('cases').select('id').where('assigned_user_id', '=', worker.userId).executeTakeFirstOrThrow();
    const form = multipart({ name: 'hujjat.pdf', type: 'application/pdf', data: PDF_BYTES });
    const uploaded = await server.as(worker, { method: 'POST', url: `/api/cases/${demo.id}/attachments`, ...form });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const file = await server.as(worker, { method: 'GET', url: `/api/attachments/${uploaded.json().id}/content`, headers });
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(file.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(file.headers['cache-control']).toBe('private, no-store');

    const xlsx = await server.as(admin, { method: 'GET', url: '/api/imports/families/template?format=xlsx', headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-encoding']).toBeUndefined();
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await server.as(admin, { method: 'GET', url: '/api/imports/families/template?format=csv', headers });
    expect(csv.statusCode).toBe(200);
    const csvText = csv.headers['content-encoding'] === 'br' ? brotliDecompressSync(csv.rawPayload).toString() : csv.body;
    expect(csvText).toContain('family_ref');

    const analyst = await server.login('analyst');
    const report = await server.as(analyst, { method: 'GET', url: '/api/reports/caseload.xlsx', headers });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.headers['content-encoding']).toBeUndefined();
    expect(report.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const reportCsv = await server.as(analyst, { method: 'GET', url: '/api/reports/caseload.csv', headers });
    expect(reportCsv.statusCode, reportCsv.body).toBe(200);
    const reportText =
      reportCsv.headers['content-encoding'] === 'br' ? brotliDecompressSync(reportCsv.rawPayload).toString() : reportCsv.body;
    expect(reportText.split('\n').length).toBeGreaterThan(1);
  });
});
