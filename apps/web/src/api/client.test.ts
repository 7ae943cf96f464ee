import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, configureApi, csrf } from './client.ts';

/** What the server answers, one reply per request, and what the client sent. */
function serverAnswers(...replies: (Response | Error)[]) {
  const sent: { method: string; path: string; token: string | undefined; key?: string | undefined }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      sent.push({ method: init.method ?? 'GET', path, token: headers['X-CSRF-Token'], key: headers['Idempotency-Key'] });
      const reply = replies.shift();
      if (!reply) throw new Error(`no reply left for ${path}`);
      if (reply instanceof Error) throw reply;
      return reply;
    }),
  );
  return sent;
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusedForToken = () => json(403, { error: { code: 'csrf', message: '' } });

describe('the API client and the session’s CSRF token', () => {
  const lost = vi.fn();
  const stored = new Map<string, string>();

  beforeEach(() => {
    stored.clear();
    lost.mockReset();
    vi.stubGlobal('sessionStorage', {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    });
    configureApi({
      language: () => 'en',
      onSessionLost: lost,
      recoverToken: async () => {
        const session = await api.get<{ csrfToken: string; user: { id: string } }>('/api/auth/session');
        csrf.set(session.csrfToken);
        return session.user.id === 'me';
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads the token of the live session when a write is refused for it, and sends the write once more', async () => {
    const sent = serverAnswers(refusedForToken(), json(200, { csrfToken: 'live', user: { id: 'me' } }), json(200, { ok: true }));
    expect(await api.patch('/api/me', { locale: 'en' })).toEqual({ ok: true });
    expect(sent).toEqual([
      { method: 'PATCH', path: '/api/me', token: undefined },
      { method: 'GET', path: '/api/auth/session', token: undefined },
      { method: 'PATCH', path: '/api/me', token: 'live' },
    ]);
    expect(csrf.get()).toBe('live');
    expect(lost).not.toHaveBeenCalled();
  });

  it('sends a write again only once, and not when the session is now someone else’s', async () => {
    serverAnswers(refusedForToken(), json(200, { csrfToken: 'live', user: { id: 'me' } }), refusedForToken());
    await expect(api.patch('/api/me', {})).rejects.toMatchObject({ status: 403, code: 'csrf' });
    const sent = serverAnswers(refusedForToken(), json(200, { csrfToken: 'theirs', user: { id: 'someone-else' } }));
    await expect(api.post('/api/cases', {})).rejects.toMatchObject({ status: 403 });
    expect(sent.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('treats no signal as no signal, and only a 401 as a session lost', async () => {
    csrf.set('kept');
    serverAnswers(new TypeError('Failed to fetch'));
    await expect(api.get('/api/cases')).rejects.toEqual(new ApiError(0, 'network', ''));
    expect(lost).not.toHaveBeenCalled();
    expect(csrf.get()).toBe('kept');
    serverAnswers(json(401, { error: { code: 'session_expired', message: '' } }));
    await expect(api.get('/api/cases')).rejects.toMatchObject({ status: 401 });
    expect(lost).toHaveBeenCalledOnce();
  });

  it('sends a POST whose answer was lost once more, with the same Idempotency-Key, so nothing is made twice', async () => {
    const sent = serverAnswers(new TypeError('Failed to fetch'), json(201, { id: 'family' }));
    expect(await api.post('/api/families', { address: 'Navbahor' })).toEqual({ id: 'family' });
    expect(sent.map((request) => request.method)).toEqual(['POST', 'POST']);
    expect(sent[0]?.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[1]?.key).toBe(sent[0]?.key);
    const next = serverAnswers(json(201, { id: 'other' }));
    await api.post('/api/families', { address: 'Navbahor' });
    expect(next[0]?.key).not.toBe(sent[0]?.key);
  });

  it('never asks the session for its token on sign-in, which needs none', async () => {
    const sent = serverAnswers(json(401, { error: { code: 'invalid_credentials', message: '' } }));
    await expect(api.post('/api/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({ status: 401 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.key).toBeUndefined();
    expect(lost).not.toHaveBeenCalled();
  });
});
