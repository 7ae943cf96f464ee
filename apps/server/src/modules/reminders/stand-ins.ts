import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins of the Telegram Bot API and of an Eskiz-like SMS gateway, real HTTP servers for tests and the
 * browser test: they record what they were asked to send and can be told to fail the next calls.
 */
type Failure = { status: number; retryAfter?: number };

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export type StandIn<M> = {
  url: string;
  sent: M[];
  /** The next `times` calls to send fail with this status. */
  failNext(times: number, failure: Failure): void;
  close(): Promise<void>;
};

export type TelegramMessage = { chatId: string; text: string };

export async function telegramStandIn(botUsername = 'hamkor_test_bot'): Promise<StandIn<TelegramMessage> & { token: string }> {
  const token = '123456:stand-in';
  const sent: TelegramMessage[] = [];
  const failures: Failure[] = [];
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const method = request.url?.split('/').pop();
    if (!request.url?.startsWith(`/bot${token}/`)) return reply(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (method === 'getMe')
      return reply(response, 200, { ok: true, result: { id: 1, is_bot: true, first_name: 'Hamkor', username: botUsername } });
    if (method === 'sendMessage') {
      const failure = failures.shift();
      if (failure)
        return reply(response, failure.status, {
          ok: false,
          error_code: failure.status,
          description: 'stand-in failure',
          ...(failure.retryAfter && { parameters: { retry_after: failure.retryAfter } }),
        });
      sent.push({ chatId: String(body.chat_id), text: String(body.text) });
      return reply(response, 200, {
        ok: true,
        result: { message_id: sent.length, date: 0, chat: { id: Number(body.chat_id), type: 'private' } },
      });
    }
    return reply(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
  });
  const url = await listen(server);
  return {
    url,
    token,
    sent,
    failNext: (times, failure) => failures.push(...Array.from({ length: times }, () => failure)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type SmsMessage = { mobilePhone: string; message: string; from: string };

export async function smsStandIn(
  credentials = { email: 'hamkor@example.uz', password: 'stand-in-secret' },
): Promise<StandIn<SmsMessage> & { logins: number; expireToken(): void }> {
  const sent: SmsMessage[] = [];
  const failures: Failure[] = [];
  let token = 'token-1';
  const state = { logins: 0 };
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    if (request.method === 'POST' && request.url === '/api/auth/login') {
      if (body.email !== credentials.email || body.password !== credentials.password)
        return reply(response, 401, { message: 'Unauthorized' });
      state.logins++;
      return reply(response, 200, { message: 'token_generated', data: { token }, token_type: 'bearer' });
    }
    if (request.method === 'POST' && request.url === '/api/message/sms/send') {
      if (request.headers.authorization !== `Bearer ${token}`) return reply(response, 401, { message: 'Expired' });
      const failure = failures.shift();
      if (failure)
        return reply(
          response,
          failure.status,
          { status: 'error' },
          failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {},
        );
      sent.push({ mobilePhone: String(body.mobile_phone), message: String(body.message), from: String(body.from) });
      return reply(response, 200, { id: String(sent.length), message: 'Waiting for SMS provider', status: 'waiting' });
    }
    return reply(response, 404, { message: 'Not found' });
  });
  const url = await listen(server);
  return {
    url,
    sent,
    get logins() {
      return state.logins;
    },
    expireToken: () => {
      token = `token-${Date.now()}`;
    },
    failNext: (times, failure) => failures.push(...Array.from({ length: times }, () => failure)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
