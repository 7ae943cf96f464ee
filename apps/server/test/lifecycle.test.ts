import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer, untilReady } from './process.ts';

/** The real server process, started and stopped as an operator would. */
describe('starting and stopping', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hamkor-lifecycle-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers 503 while starting, 200 when serving; SIGTERM finishes the request in flight and exits 0; the data opens again', async () => {
    const port = await freePort();
    const server = startServer({ HAMKOR_DATA_DIR: dataDir, DATABASE_URL: '' }, port);
    try {
      const seen = await untilReady(port);
      // A fresh embedded database takes seconds to migrate: the port answered "starting" meanwhile.
      expect(seen[0]).toEqual({ status: 503, body: { status: 'starting' }, retryAfter: '5' });
      expect(seen.at(-1)?.body).toEqual({ status: 'ready' });
      expect(server.out()).toMatch(/Applying database migrations: done in [\d.]+ s/);
      expect(server.out()).toMatch(/Loading reference data .*: done in/);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

      // A request in flight: its headers and half its body are sent, then the signal comes.
      const body = JSON.stringify({ username: 'nobody', password: 'not-the-password' });
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(
        `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      server.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Draining: no new connection is accepted, while the one in flight is still waited for.
      await expect(fetch(`http://127.0.0.1:${port}/api/ready`)).rejects.toThrow();
      socket.write(body.slice(10));
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(await server.exited).toBe(0);
      expect(server.out()).toContain('Hamkor stopped');
    } finally {
      server.child.kill('SIGKILL');
    }

    // The embedded database was closed cleanly: it opens again with nothing to migrate.
    const again = startServer({ HAMKOR_DATA_DIR: dataDir, DATABASE_URL: '' }, port);
    try {
      await untilReady(port);
      expect(again.out()).toContain('The database schema is up to date');
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);
    } finally {
      again.child.kill('SIGKILL');
    }
  }, 240_000);
});
