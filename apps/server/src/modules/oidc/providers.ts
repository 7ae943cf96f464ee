import * as client from 'openid-client';
import { oneIdProvider } from './oneid.ts';

/**
 * An identity provider a person may sign in with: an OpenID Connect provider, or OneID (OAuth 2 of its own
 * kind). The service sees only this interface; each adapter turns a callback into the identity it names.
 */
export type IdentityProvider = {
  name: string;
  label: string;
  kind: 'oidc' | 'oneid';
  /** Where the browser is sent. OneID takes no PKCE challenge nor nonce: its state alone binds the flow. */
  authorizationUrl(input: { redirectUri: string; state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** The identity of a callback whose state has already been matched; throws ProviderRefused or a network error. */
  complete(input: {
    query: Record<string, string>;
    redirectUri: string;
    state: string;
    nonce: string;
    codeVerifier: string;
  }): Promise<ProviderIdentity>;
  /** Ends the person's session at the provider with the token `complete` returned (OneID: one_log_out). */
  logout?(token: string): Promise<void>;
};

export type ProviderIdentity = {
  /** The provider's stable name for the person: `sub`, or the PINFL for OneID. */
  subject: string;
  /** OneID: the PINFL, by which the account is found. */
  pinfl?: string;
  /** A token that `logout` needs later; kept sealed with the session, never sent to the browser. */
  logoutToken?: string;
};

/** The person said no at the provider, or the provider refused: a message on the sign-in page, not a crash. */
export class ProviderRefused extends Error {
  constructor(readonly reason: 'cancelled' | 'refused') {
    super(`identity provider: ${reason}`);
  }
}

export type OidcSettings = {
  kind: 'oidc';
  name: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
};
export type OneIdSettings = {
  kind: 'oneid';
  name: 'oneid';
  label: string;
  url: string;
  clientId: string;
  clientSecret: string;
  scope: string;
};
export type ProviderSettings = OidcSettings | OneIdSettings;

export type IdentitySettings = {
  providers: ProviderSettings[];
  /** The address people reach Hamkor at (HAMKOR_PUBLIC_URL); otherwise the request's own. */
  publicUrl?: string | undefined;
};

const NAME = /^[a-z][a-z0-9-]{0,30}$/;

/**
 * HAMKOR_OIDC_PROVIDERS names the OpenID Connect providers (`keycloak,partner-ngo`); each is described by
 * HAMKOR_OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, and optionally _LABEL (the button's text) and _SCOPE.
 * OneID by HAMKOR_ONEID_URL, HAMKOR_ONEID_CLIENT_ID, HAMKOR_ONEID_CLIENT_SECRET and HAMKOR_ONEID_SCOPE.
 * A setting that is missing or wrong stops the server at start with the variable's name, not at a sign-in.
 */
export function readIdentitySettings(env: NodeJS.ProcessEnv = process.env): IdentitySettings {
  const providers: ProviderSettings[] = [];
  const names = (env.HAMKOR_OIDC_PROVIDERS ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!NAME.test(name) || name === 'oneid')
      throw new Error(`HAMKOR_OIDC_PROVIDERS: "${name}" is not a provider name (a-z, 0-9, -; not oneid)`);
    const prefix = `HAMKOR_OIDC_${name.toUpperCase().replace(/-/g, '_')}_`;
    const needed = (key: string) => {
      const value = env[prefix + key]?.trim();
      if (!value) throw new Error(`${prefix}${key} is needed for the provider "${name}"`);
      return value;
    };
    const issuer = needed('ISSUER');
    checkUrl(`${prefix}ISSUER`, issuer);
    providers.push({
      kind: 'oidc',
      name,
      label: env[`${prefix}LABEL`]?.trim() || name,
      issuer,
      clientId: needed('CLIENT_ID'),
      clientSecret: needed('CLIENT_SECRET'),
      scope: env[`${prefix}SCOPE`]?.trim() || 'openid',
    });
  }
  const oneIdUrl = env.HAMKOR_ONEID_URL?.trim();
  if (oneIdUrl) {
    checkUrl('HAMKOR_ONEID_URL', oneIdUrl);
    const clientId = env.HAMKOR_ONEID_CLIENT_ID?.trim();
    const clientSecret = env.HAMKOR_ONEID_CLIENT_SECRET?.trim();
    if (!clientId || !clientSecret) throw new Error('HAMKOR_ONEID_URL needs HAMKOR_ONEID_CLIENT_ID and HAMKOR_ONEID_CLIENT_SECRET');
    providers.push({
      kind: 'oneid',
      name: 'oneid',
      label: 'OneID',
      url: oneIdUrl,
      clientId,
      clientSecret,
      scope: env.HAMKOR_ONEID_SCOPE?.trim() || clientId,
    });
  }
  // Hamkor itself may be served over plain http inside an office network; only the providers must be https.
  const publicUrl = env.HAMKOR_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !URL.canParse(publicUrl)) throw new Error(`HAMKOR_PUBLIC_URL: "${publicUrl}" is not a URL`);
  return { providers, publicUrl };
}

/** https, or http to this machine only (a provider started for a test or a trial). */
function checkUrl(variable: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    throw new Error(`${variable}: must be https (http only to 127.0.0.1 or localhost)`);
}

export const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** How long a provider may take to answer one request before the sign-in is given up. */
export const PROVIDER_TIMEOUT_MS = 10_000;

export function createProviders(settings: IdentitySettings): Map<string, IdentityProvider> {
  return new Map(settings.providers.map((s) => [s.name, s.kind === 'oidc' ? oidcProvider(s) : oneIdProvider(s)]));
}

/** An OpenID Connect provider through openid-client: discovery on first use, authorisation code with PKCE and nonce. */
function oidcProvider(settings: OidcSettings): IdentityProvider {
  let configuration: Promise<client.Configuration> | undefined;
  const configured = () => {
    if (!configuration) {
      const issuer = new URL(settings.issuer);
      configuration = client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_MS / 1000,
        ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
      });
      // A provider that was down is asked again at the next sign-in.
      configuration.catch(() => {
        configuration = undefined;
      });
    }
    return configuration;
  };
  return {
    name: settings.name,
    label: settings.label,
    kind: 'oidc',
    async authorizationUrl({ redirectUri, state, nonce, codeVerifier }) {
      return client.buildAuthorizationUrl(await configured(), {
        redirect_uri: redirectUri,
        scope: settings.scope,
        response_type: 'code',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async complete({ query, redirectUri, state, nonce, codeVerifier }) {
      const config = await configured();
      if (query.error) throw new ProviderRefused(query.error === 'access_denied' ? 'cancelled' : 'refused');
      const current = new URL(redirectUri);
      for (const [key, value] of Object.entries(query)) current.searchParams.set(key, value);
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          current,
          { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
          { redirect_uri: redirectUri },
        );
        const subject = tokens.claims()?.sub;
        if (!subject) throw new ProviderRefused('refused');
        return { subject };
      } catch (error) {
        // The provider's answer was an error or did not check out (a used code, a wrong nonce): refused, not a crash.
        if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError)
          throw new ProviderRefused('refused');
        if (error instanceof client.ClientError) throw new ProviderRefused('refused');
        throw error;
      }
    },
  };
}
