import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { Role } from '@hamkor/domain';
import { serverPath } from './lib/paths.ts';
import { totpRequiredRoles } from './modules/auth/settings.ts';

/** Settings from the environment, read once. */
export type Config = {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** A streaming replica of DATABASE_URL for dashboards, reports and searches (db/replica.ts). */
  databaseReadUrl: string | undefined;
  dataDir: string;
  production: boolean;
  demo: boolean;
  demoPassword: string | undefined;
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, or false. */
  trustProxy: string[] | false;
  webDist: string;
  /** Roles that must sign in with a second factor (HAMKOR_REQUIRE_TOTP_ROLES). */
  requireTotpRoles: Role[];
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    host: env.HOST || '127.0.0.1',
    port: Number(env.PORT || 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: readUrl(env),
    // npm runs workspace scripts in the workspace folder; INIT_CWD is where the user typed the command.
    dataDir: resolve(env.INIT_CWD || process.cwd(), env.HAMKOR_DATA_DIR || 'data'),
    production,
    demo: !production && env.HAMKOR_DEMO !== '0',
    demoPassword: env.HAMKOR_DEMO_PASSWORD || undefined,
    trustProxy: trustedProxies(env.HAMKOR_TRUST_PROXY),
    webDist: resolve(env.HAMKOR_WEB_DIST || serverPath('..', 'web', 'dist')),
    requireTotpRoles: totpRequiredRoles(env.HAMKOR_REQUIRE_TOTP_ROLES),
  };
}

/** DATABASE_READ_URL: only beside DATABASE_URL, since the embedded database has no replica. */
function readUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.DATABASE_READ_URL) return undefined;
  if (!env.DATABASE_URL) throw new Error('DATABASE_READ_URL needs DATABASE_URL: only PostgreSQL has read replicas');
  return env.DATABASE_READ_URL;
}

/** Names proxy-addr knows for whole ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * HAMKOR_TRUST_PROXY: the addresses or CIDR ranges of the reverse proxies in front of the server, comma
 * separated. Only a request arriving from one of them has its forwarded client address believed; anyone else
 * could write any X-Forwarded-For and escape the sign-in limits. `1` or `true` means a proxy on the same
 * machine (loopback), never "believe everyone".
 */
export function trustedProxies(value: string | undefined): string[] | false {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return ['loopback'];
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!RANGE_NAMES.has(entry) && (family === 0 || !prefixOk || rest.length > 0))
      throw new Error(`HAMKOR_TRUST_PROXY: "${entry}" is not an address, a CIDR range or one of ${[...RANGE_NAMES].join(', ')}`);
  }
  return entries;
}
