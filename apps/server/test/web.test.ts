import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { useTestServer } from './harness.ts';

const MAIN_SCRIPT = Buffer.from(`export const words = [${Array.from({ length: 5000 }, (_, i) => `"word${i % 50}"`).join(',')}];\n`);

describe('serving the web app', () => {
  const server = useTestServer();
  const root = mkdtempSync(join(tmpdir(), 'hamkor-web-'));
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hamkor</title>');
    writeFileSync(join(root, 'assets', 'app-1.js'), 'console.log(1)');
    // The main script as the build leaves it: brotli and gzip copies beside it.
    writeFileSync(join(root, 'assets', 'index-1.js'), MAIN_SCRIPT);
    writeFileSync(join(root, 'assets', 'index-1.js.br'), brotliCompressSync(MAIN_SCRIPT));
    writeFileSync(join(root, 'assets', 'index-1.js.gz'), gzipSync(MAIN_SCRIPT));
    app = await buildApp({ database: server.database, webDist: root });
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for deep links, without caching it', async () => {
    for (const url of ['/', '/admin/users', '/cases/123']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<title>Hamkor</title>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for good, finds files added after start, and 404s missing ones', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    writeFileSync(join(root, 'assets', 'app-2.js'), 'console.log(2)');
    expect((await app.inject({ method: 'GET', url: '/assets/app-2.js' })).statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/assets/gone.js' });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/nothing' })).json().error.code).toBe('route_not_found');
  });

  it('sends the security headers on pages and files, and no HSTS over plain HTTP', async () => {
    for (const url of ['/', '/cases/123', '/assets/app-1.js', '/assets/index-1.js']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      const csp = response.headers['content-security-policy'];
      expect(csp, url).toContain("script-src 'self';");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('sends the precompressed copy of a file the client can decode, and the file itself otherwise', async () => {
    const brotli = await app.inject({ method: 'GET', url: '/assets/index-1.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toContain('javascript');
    expect(brotli.headers['cache-control']).toContain('immutable');
    expect(brotli.rawPayload.length).toBeLessThan(MAIN_SCRIPT.length / 10);
    expect(brotliDecompressSync(brotli.rawPayload).equals(MAIN_SCRIPT)).toBe(true);
    // The build's copy as it is, not one compressed again per request.
    expect(brotli.rawPayload.equals(readFileSync(join(root, 'assets', 'index-1.js.br')))).toBe(true);
    const gzip = await app.inject({ method: 'GET', url: '/assets/index-1.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(MAIN_SCRIPT)).toBe(true);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-1.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(MAIN_SCRIPT)).toBe(true);
  });

  // The real build, when it is there: no inline script for the policy to block, and compressed copies.
  const built = join(import.meta.dirname, '../../web/dist');
  it.skipIf(!existsSync(join(built, 'index.html')))('builds a page without inline script, with compressed copies of its scripts', () => {
    const html = readFileSync(join(built, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\//);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    const main = html.match(/src="\/assets\/(index-[^"]+\.js)"/)?.[1];
    expect(main).toBeTruthy();
    const assets = readdirSync(join(built, 'assets'));
    expect(assets).toEqual(expect.arrayContaining([`${main}.br`, `${main}.gz`]));
  });
});
