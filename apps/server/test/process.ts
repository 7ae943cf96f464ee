import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** The operator's command, as `npx hamkor` runs it. */
export const BIN = new URL('../bin/hamkor.js', import.meta.url).pathname;

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

export type Running = { child: ChildProcess; out: () => string; exited: Promise<number | null> };

/** `hamkor serve` as a real process, with its output kept for the test to read. */
export function startServer(env: NodeJS.ProcessEnv, port: number): Running {
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, HAMKOR_DEMO: '0', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    out += chunk;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

export type Seen = { status: number; body: unknown; retryAfter: string | null };

/** Polls /api/ready until it answers 200, recording every answer on the way. */
export async function untilReady(port: number, deadlineMs = 120_000): Promise<Seen[]> {
  const seen: Seen[] = [];
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/ready`);
      seen.push({ status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') });
      if (response.status === 200) return seen;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not ready within ${deadlineMs} ms; saw ${JSON.stringify(seen.slice(-3))}`);
}

/** Signs in over HTTP: the headers a client sends afterwards. */
export async function signIn(port: number, username: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in ${username}: ${response.status}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('hamkor_session='));
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (cookie ?? '').split(';')[0] as string, 'x-csrf-token': body.csrfToken, 'content-type': 'application/json' };
}
