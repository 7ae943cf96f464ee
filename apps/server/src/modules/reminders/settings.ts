/**
 * The reminders' settings, from the environment (README "Settings", docs/reminders.md). Telegram and SMS are
 * each off until configured; a user may choose only a configured channel.
 */
export type TelegramSettings = {
  token: string;
  /** The Bot API's address; a test points it at a local stand-in. */
  apiRoot: string;
  /** The bot's @name, for the `https://t.me/<bot>?start=<code>` link; asked of the Bot API when unset. */
  botUsername: string | undefined;
  /** Telegram sends it in `X-Telegram-Bot-Api-Secret-Token` with every update; the webhook answers only with it. */
  webhookSecret: string | undefined;
  /** Fetch updates by long polling instead of a webhook (a server Telegram cannot reach). */
  polling: boolean;
};

/** An SMS gateway of the kind Uzbek operators offer (Eskiz-like): a bearer token from e-mail and password. */
export type SmsSettings = { url: string; email: string; password: string; from: string; callbackUrl: string | undefined };

export type ReminderSettings = {
  telegram: TelegramSettings | null;
  sms: SmsSettings | null;
  /** The address of the web app, for the link in each message. */
  publicUrl: string;
  /** The hour (0–23, Tashkent) from which the daily digest goes out. */
  digestHour: number;
  /** Whether the server process runs the scheduler (off: only `hamkor reminders run` sends). */
  scheduler: boolean;
  /** How often the scheduler looks for work. */
  intervalMs: number;
  /** Tries before a message is given up on, and the first wait between tries (doubled after each). */
  maxAttempts: number;
  backoffMs: number;
};

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name}: "${raw}" is not a whole number from ${min} to ${max}`);
  return value;
}

export function readReminderSettings(env: NodeJS.ProcessEnv = process.env): ReminderSettings {
  const token = env.HAMKOR_TELEGRAM_BOT_TOKEN || undefined;
  const smsUrl = env.HAMKOR_SMS_URL || undefined;
  if (smsUrl && !(env.HAMKOR_SMS_EMAIL && env.HAMKOR_SMS_PASSWORD))
    throw new Error('HAMKOR_SMS_URL needs HAMKOR_SMS_EMAIL and HAMKOR_SMS_PASSWORD');
  const port = env.PORT || '3000';
  return {
    telegram: token
      ? {
          token,
          apiRoot: (env.HAMKOR_TELEGRAM_API_ROOT || 'https://api.telegram.org').replace(/\/+$/, ''),
          botUsername: env.HAMKOR_TELEGRAM_BOT_USERNAME?.replace(/^@/, '') || undefined,
          webhookSecret: env.HAMKOR_TELEGRAM_WEBHOOK_SECRET || undefined,
          polling: env.HAMKOR_TELEGRAM_POLLING === '1',
        }
      : null,
    sms: smsUrl
      ? {
          url: smsUrl.replace(/\/+$/, ''),
          email: env.HAMKOR_SMS_EMAIL as string,
          password: env.HAMKOR_SMS_PASSWORD as string,
          from: env.HAMKOR_SMS_FROM || '4546',
          callbackUrl: env.HAMKOR_SMS_CALLBACK_URL || undefined,
        }
      : null,
    publicUrl: (env.HAMKOR_PUBLIC_URL || `http://${env.HOST || '127.0.0.1'}:${port}`).replace(/\/+$/, ''),
    digestHour: integer(env, 'HAMKOR_REMINDER_DIGEST_HOUR', 8, 0, 23),
    scheduler: env.HAMKOR_REMINDERS !== '0',
    intervalMs: integer(env, 'HAMKOR_REMINDER_INTERVAL_MS', 60_000, 100, 3_600_000),
    maxAttempts: integer(env, 'HAMKOR_REMINDER_MAX_ATTEMPTS', 5, 1, 20),
    backoffMs: integer(env, 'HAMKOR_REMINDER_BACKOFF_MS', 60_000, 1, 3_600_000),
  };
}
