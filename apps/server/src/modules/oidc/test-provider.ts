import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestProvider = { issuer: string; clientId: string; clientSecret: string; close(): Promise<void> };

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1, for tests and for trying sign-in
 * locally (docs/sign-in.md). Its development sign-in page takes any name, which becomes the subject; consent
 * is granted at once. Not for production: anyone can be anyone.
 */
export async function startTestProvider(options: {
  redirectUris: string[];
  port?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestProvider> {
  const clientId = options.clientId ?? 'hamkor';
  const clientSecret = options.clientSecret ?? 'hamkor-test-secret';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['hamkor-test-provider'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub, name: sub }) }),
    // Consent is given at once: the test provider stands for an organisation's own provider, trusted by it.
    loadExistingGrant: async (ctx: {
      oidc: { client: { clientId: string }; session: { accountId: string }; provider: { Grant: new (init: object) => Grant } };
    }) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Grant = { addOIDCScope(scope: string): void; save(): Promise<string> };

/**
 * Drives the provider as a browser would, with fetch and a cookie jar: from the authorisation address Hamkor
 * sent the browser to, through the development sign-in form as `subject`, to Hamkor's callback address
 * (returned, not followed).
 */
export async function signInAtProvider(authorizationUrl: string, subject: string): Promise<string> {
  let url = authorizationUrl;
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const issuer = new URL(url).origin;
  for (let hop = 0; hop < 10; hop++) {
    if (!url.startsWith(issuer)) return url;
    let response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    remember(response);
    if (response.status === 200 && url.includes('/interaction/')) {
      // The development sign-in form: any login, any password.
      response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login: subject, password: 'any' }),
      });
      remember(response);
    }
    const next = response.headers.get('location');
    if (!next) throw new Error(`the provider stopped at ${response.status}: ${(await response.text()).slice(0, 300)}`);
    url = new URL(next, url).href;
  }
  throw new Error('too many redirects at the provider');
}
