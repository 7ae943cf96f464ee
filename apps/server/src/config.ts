import { resolve } from 'node:path';

/** Settings from the environment, read once. */
export type Config = {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  production: boolean;
  demo: boolean;
  demoPassword: string | undefined;
  trustProxy: boolean;
  webDist: string;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    host: env.HOST || '127.0.0.1',
    port: Number(env.PORT || 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    // npm runs workspace scripts in the workspace folder; INIT_CWD is where the user typed the command.
    dataDir: resolve(env.INIT_CWD || process.cwd(), env.HAMKOR_DATA_DIR || 'data'),
    production,
    demo: !production && env.HAMKOR_DEMO !== '0',
    demoPassword: env.HAMKOR_DEMO_PASSWORD || undefined,
    trustProxy: env.HAMKOR_TRUST_PROXY === '1',
    webDist: resolve(env.HAMKOR_WEB_DIST || new URL('../../web/dist', import.meta.url).pathname),
  };
}
