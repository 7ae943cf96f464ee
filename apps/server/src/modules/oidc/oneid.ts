import { PINFL_PATTERN } from '@hamkor/domain';
import { type IdentityProvider, type OneIdSettings, PROVIDER_TIMEOUT_MS, ProviderRefused } from './providers.ts';

/**
 * OneID, the state's single sign-on (sso.egov.uz). OAuth 2 of its own kind, not OpenID Connect: one address
 * takes the browser (`response_type=one_code`) and, by POST, the grants `one_authorization_code` (code →
 * access token), `one_access_token_identify` (access token → the person: `pin` is the PINFL, with names) and
 * `one_log_out`. The names it sends are not kept: the account is found by its PINFL alone.
 */
export function oneIdProvider(settings: OneIdSettings): IdentityProvider {
  const post = async (params: Record<string, string>): Promise<Record<string, unknown>> => {
    const response = await fetch(settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...params, client_id: settings.clientId, client_secret: settings.clientSecret }),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
    // OneID answers an unknown or used code with an error status or a body without the expected field.
    if (!response.ok) throw new ProviderRefused('refused');
    const body: unknown = await response.json().catch(() => null);
    if (!body || typeof body !== 'object') throw new ProviderRefused('refused');
    return body as Record<string, unknown>;
  };
  return {
    name: settings.name,
    label: settings.label,
    kind: 'oneid',
    async authorizationUrl({ redirectUri, state }) {
      const url = new URL(settings.url);
      url.search = new URLSearchParams({
        response_type: 'one_code',
        client_id: settings.clientId,
        redirect_uri: redirectUri,
        scope: settings.scope,
        state,
      }).toString();
      return url;
    },
    async complete({ query, redirectUri }) {
      if (query.error) throw new ProviderRefused(query.error === 'access_denied' ? 'cancelled' : 'refused');
      const code = query.code;
      if (!code) throw new ProviderRefused('refused');
      const token = await post({ grant_type: 'one_authorization_code', code, redirect_uri: redirectUri });
      const accessToken = token.access_token;
      if (typeof accessToken !== 'string' || !accessToken) throw new ProviderRefused('refused');
      const person = await post({ grant_type: 'one_access_token_identify', access_token: accessToken, scope: settings.scope });
      const pin = typeof person.pin === 'string' ? person.pin.trim() : String(person.pin ?? '');
      if (!PINFL_PATTERN.test(pin)) throw new ProviderRefused('refused');
      return { subject: pin, pinfl: pin, logoutToken: accessToken };
    },
    async logout(accessToken) {
      await post({ grant_type: 'one_log_out', access_token: accessToken, scope: settings.scope });
    },
  };
}
