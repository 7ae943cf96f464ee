/**
 * Starts a local OpenID Connect provider (oidc-provider, any name signs in) and a OneID stand-in, and prints
 * the settings that point Hamkor at them, one `NAME=value` a line, then `ready`. For trying provider sign-in
 * on a demo and for the browser tests (e2e/run.mjs); never for real use: anyone can be anyone there.
 *
 *   npx tsx apps/server/src/modules/oidc/try-providers.ts --hamkor http://127.0.0.1:3000
 *
 * Options: --hamkor (where Hamkor is reached; default http://127.0.0.1:3000), --oidc-port (4010), --oneid-port (4011).
 */
import { parseArgs } from 'node:util';
import { startOneIdStandIn } from './oneid-standin.ts';
import { startTestProvider } from './test-provider.ts';

const { values } = parseArgs({
  options: {
    hamkor: { type: 'string', default: 'http://127.0.0.1:3000' },
    'oidc-port': { type: 'string', default: '4010' },
    'oneid-port': { type: 'string', default: '4011' },
  },
});
const hamkor = values.hamkor.replace(/\/+$/, '');
const provider = await startTestProvider({ redirectUris: [`${hamkor}/api/auth/oidc/test/callback`], port: Number(values['oidc-port']) });
const oneId = await startOneIdStandIn({ port: Number(values['oneid-port']) });

const settings = {
  HAMKOR_OIDC_PROVIDERS: 'test',
  HAMKOR_OIDC_TEST_ISSUER: provider.issuer,
  HAMKOR_OIDC_TEST_CLIENT_ID: provider.clientId,
  HAMKOR_OIDC_TEST_CLIENT_SECRET: provider.clientSecret,
  HAMKOR_OIDC_TEST_LABEL: 'Test provider',
  HAMKOR_ONEID_URL: oneId.url,
  HAMKOR_ONEID_CLIENT_ID: oneId.clientId,
  HAMKOR_ONEID_CLIENT_SECRET: oneId.clientSecret,
  HAMKOR_ONEID_SCOPE: 'hamkor',
};
for (const [name, value] of Object.entries(settings)) console.log(`${name}=${value}`);
console.log('ready');

const stop = async () => {
  await Promise.all([provider.close(), oneId.close()]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
