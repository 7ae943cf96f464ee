import { Bot, GrammyError, HttpError } from 'grammy';
import type { SmsSettings, TelegramSettings } from './settings.ts';

/**
 * Why a message was not sent, as a code fit for the delivery log (never the gateway's text, which may quote
 * the message or the number). `retryAfterMs`: the gateway said when to come back; `permanent`: retrying is
 * pointless (a blocked bot, a refused number).
 */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(code);
  }
}

export type Transport = { send(address: string, text: string): Promise<void> };
export type Transports = { telegram: Transport | null; sms: Transport | null };

/** Telegram through grammY: `address` is the chat id the bot recorded when the user linked it. */
export function telegramTransport(settings: TelegramSettings, bot = telegramBot(settings)): Transport {
  return {
    async send(chatId, text) {
      try {
        await bot.api.sendMessage(chatId, text, { link_preview_options: { is_disabled: true } });
      } catch (error) {
        if (error instanceof GrammyError) {
          const retryAfter = error.parameters.retry_after;
          throw new DeliveryError(`telegram_${error.error_code}`, {
            retryAfterMs: retryAfter ? retryAfter * 1000 : undefined,
            // 400 (chat not found) and 403 (the user blocked the bot) will not mend by waiting.
            permanent: error.error_code === 400 || error.error_code === 403,
          });
        }
        if (error instanceof HttpError) throw new DeliveryError('telegram_unreachable');
        throw error;
      }
    },
  };
}

export function telegramBot(settings: TelegramSettings): Bot {
  return new Bot(settings.token, { client: { apiRoot: settings.apiRoot, timeoutSeconds: 15 } });
}

/**
 * An Eskiz-like SMS gateway: `POST /api/auth/login` (e-mail, password) gives a bearer token, kept until the
 * gateway answers 401; `POST /api/message/sms/send` sends `{mobile_phone, message, from, callback_url}` with
 * the number as 998XXXXXXXXX.
 */
export function smsTransport(settings: SmsSettings): Transport {
  let token: string | null = null;
  const call = async (path: string, body: Record<string, string>, bearer?: string) => {
    try {
      return await fetch(`${settings.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer && { authorization: `Bearer ${bearer}` }) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new DeliveryError('sms_unreachable');
    }
  };
  const login = async () => {
    const response = await call('/api/auth/login', { email: settings.email, password: settings.password });
    if (!response.ok) throw new DeliveryError(`sms_auth_${response.status}`, { permanent: response.status === 401 });
    const body = (await response.json().catch(() => null)) as { data?: { token?: unknown } } | null;
    if (typeof body?.data?.token !== 'string') throw new DeliveryError('sms_auth_reply');
    token = body.data.token;
    return token;
  };
  return {
    async send(phone, text) {
      const message = {
        mobile_phone: phone.replace(/^\+/, ''),
        message: text,
        from: settings.from,
        ...(settings.callbackUrl && { callback_url: settings.callbackUrl }),
      };
      let response = await call('/api/message/sms/send', message, token ?? (await login()));
      if (response.status === 401) response = await call('/api/message/sms/send', message, await login());
      if (response.ok) return;
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new DeliveryError(`sms_${response.status}`, {
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
        // A number or text the gateway refuses stays refused; 429 and 5xx pass.
        permanent: response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408,
      });
    },
  };
}

export function transportsFor(settings: { telegram: TelegramSettings | null; sms: SmsSettings | null }): Transports {
  return {
    telegram: settings.telegram ? telegramTransport(settings.telegram) : null,
    sms: settings.sms ? smsTransport(settings.sms) : null,
  };
}
