import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type OneIdStandIn = {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The PINFL the next sign-in is made as, without a form (tests); null shows a form to type one. */
  signInAs: string | null;
  /** Every grant asked for, in order (`one_log_out` with its token, for the sign-out test). */
  calls: { grant: string; accessToken?: string }[];
  /** Access tokens still signed in at the stand-in. */
  live: Set<string>;
  close(): Promise<void>;
};

/**
 * A stand-in of OneID's endpoints (one address, as sso.egov.uz has): GET with `response_type=one_code` signs a
 * person in and sends the browser back with a code; POST takes the grants `one_authorization_code`,
 * `one_access_token_identify` and `one_log_out`. For tests and for trying OneID sign-in locally; not OneID.
 */
export async function startOneIdStandIn(options: { port?: number; clientId?: string; clientSecret?: string } = {}): Promise<OneIdStandIn> {
  const codes = new Map<string, { pin: string; redirectUri: string }>();
  const tokens = new Map<string, string>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso/oauth/Authorization.do`;
  const standIn: OneIdStandIn = {
    url,
    clientId: options.clientId ?? 'hamkor',
    clientSecret: options.clientSecret ?? 'hamkor-oneid-secret',
    signInAs: null,
    calls: [],
    live: new Set(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const issueCode = (pin: string, redirectUri: string, state: string) => {
    const code = randomBytes(16).toString('hex');
    codes.set(code, { pin, redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', state);
    return back.href;
  };
  server.on('request', async (request, response) => {
    const json = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const here = new URL(request.url ?? '/', url);
    const form = request.method === 'POST' ? new URLSearchParams(await bodyOf(request)) : here.searchParams;
    if (request.method === 'GET' && form.get('response_type') === 'one_code') {
      if (form.get('client_id') !== standIn.clientId) return json(400, { error: 'invalid_client' });
      const redirectUri = form.get('redirect_uri') ?? '';
      const state = form.get('state') ?? '';
      if (standIn.signInAs) {
        response.writeHead(302, { location: issueCode(standIn.signInAs, redirectUri, state) });
        return response.end();
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(`<!doctype html><meta name="viewport" content="width=device-width"><title>OneID stand-in</title>
<h1>OneID stand-in</h1><p>Not OneID: a local stand-in for trying Hamkor. Type the PINFL to sign in as.</p>
<form method="post"><input type="hidden" name="action" value="login"><input type="hidden" name="redirect_uri" value="${htmlText(redirectUri)}">
<input type="hidden" name="state" value="${htmlText(state)}"><label>PINFL <input name="pin" inputmode="numeric" pattern="[0-9]{14}" required></label>
<button>Sign in</button></form>`);
    }
    if (request.method === 'POST' && form.get('action') === 'login') {
      response.writeHead(302, { location: issueCode(form.get('pin') ?? '', form.get('redirect_uri') ?? '', form.get('state') ?? '') });
      return response.end();
    }
    if (request.method !== 'POST') return json(404, { error: 'not_found' });
    const grant = form.get('grant_type') ?? '';
    const accessToken = form.get('access_token') ?? undefined;
    standIn.calls.push({ grant, ...(accessToken ? { accessToken } : {}) });
    if (form.get('client_id') !== standIn.clientId || form.get('client_secret') !== standIn.clientSecret)
      return json(401, { error: 'invalid_client' });
    if (grant === 'one_authorization_code') {
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!issued || issued.redirectUri !== form.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
      const token = randomBytes(16).toString('hex');
      tokens.set(token, issued.pin);
      standIn.live.add(token);
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') ?? '' });
    }
    const pin = accessToken ? tokens.get(accessToken) : undefined;
    if (!pin || !accessToken || !standIn.live.has(accessToken)) return json(400, { error: 'invalid_token' });
    if (grant === 'one_access_token_identify') {
      // OneID sends names too; Hamkor keeps none of them.
      const names = { first_name: 'SINOV', sur_name: 'FOYDALANUVCHI', mid_name: 'SINOVOVICH' };
      return json(200, {
        valid: 'true',
        pin,
        user_id: `user-${pin.slice(-4)}`,
        ...names,
        full_name: `${names.sur_name} ${names.first_name}`,
      });
    }
    if (grant === 'one_log_out') {
      standIn.live.delete(accessToken);
      return json(200, { msg: 'ok' });
    }
    return json(400, { error: 'unsupported_grant_type' });
  });
  return standIn;
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

const htmlText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
