import { request } from '../../api/client.ts';

export type Provider = { name: string; label: string; kind: 'oidc' | 'oneid' };

/** The identity providers this server is configured with (none by default). */
export const fetchProviders = () => request<{ items: Provider[] }>('GET', '/api/auth/providers');

/** The address that sends the browser to the provider: a page navigation, not a request of the app's. */
export const startUrl = (provider: string, intent: 'login' | 'link' = 'login') =>
  `/api/auth/oidc/${encodeURIComponent(provider)}/start${intent === 'link' ? '?intent=link' : ''}`;

/** Codes the server sends the browser back with (`?signInError=` or `?linkError=`), each with its message. */
export const FLOW_ERRORS = [
  'oidc_state_invalid',
  'oidc_unknown_identity',
  'oidc_cancelled',
  'oidc_refused',
  'oidc_unavailable',
  'oidc_identity_taken',
  'oidc_already_linked',
  'oidc_link_session',
] as const;

export const flowError = (code: string | null) =>
  code && (FLOW_ERRORS as readonly string[]).includes(code) ? code : code ? 'oidc_refused' : null;
