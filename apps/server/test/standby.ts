import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * A streaming replica of the cluster at `primaryUrl`, as an operator makes one: `pg_basebackup -R` into a data
 * directory of its own, started as a hot standby on another port. The test may stop and start it at will. As
 * root, PostgreSQL's programs run as the `postgres` user.
 */
export async function ownStandby(bin: string, primaryUrl: string) {
  const primary = new URL(primaryUrl);
  const dir = mkdtempSync(join(tmpdir(), 'hamkor-standby-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (program: string, args: string[]) => {
    const command = [join(bin, program), ...args];
    const result = asRoot
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', command.map((part) => `'${part}'`).join(' ')], { encoding: 'utf8' })
      : spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${result.stderr || result.stdout}`);
  };
  run('pg_basebackup', [
    '-h',
    primary.hostname,
    '-p',
    primary.port,
    '-U',
    primary.username || 'postgres',
    '-D',
    data,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    /** The replica's URL for the primary URL's database (or `database`). */
    url: (database = primary.pathname.slice(1)) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    remove: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
