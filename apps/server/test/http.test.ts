import { describe, expect, it } from 'vitest';
import { useTestServer } from './harness.ts';

describe('HTTP conventions', () => {
  const server = useTestServer();

  it('reports health and the database kind without a session', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json()).toEqual({ status: 'ok', database: server.database.kind, version: expect.any(String) });
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
});
