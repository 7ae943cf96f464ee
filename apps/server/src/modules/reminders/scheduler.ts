import type { Db } from '../../db/database.ts';
import { runReminders } from './delivery.ts';
import { startCode } from './routes.ts';
import { linkChat } from './service.ts';
import type { ReminderSettings } from './settings.ts';
import { type Transports, telegramBot, transportsFor } from './transports.ts';

export type ReminderScheduler = { stop(): Promise<void> };

/**
 * The reminders' clock inside the server process: every `intervalMs` it plans what is due and sends it. Two
 * processes may run it at once: rows are written once by their key and claimed with SKIP LOCKED. Stopping
 * waits for the round in progress. With HAMKOR_TELEGRAM_POLLING=1 the bot also fetches its updates itself.
 */
export function startReminderScheduler(
  db: Db,
  settings: ReminderSettings,
  log: (message: string) => void,
  transports: Transports = transportsFor(settings),
): ReminderScheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      const done = await runReminders(db, settings, transports);
      if (done.sent || done.failed || done.retried)
        log(`Reminders: ${done.sent} sent, ${done.retried} to try again, ${done.failed} given up`);
    } catch (error) {
      // Counts and codes only: the error of a query never carries a message's text.
      log(`Reminders: a round failed (${error instanceof Error ? error.name : 'error'}); the next one tries again`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, settings.intervalMs);
    timer.unref();
  };
  schedule();

  const bot = settings.telegram?.polling ? telegramBot(settings.telegram) : null;
  if (bot) {
    bot.on('message:text', async (ctx) => {
      const code = startCode(ctx.message.text);
      if (code) await linkChat(db, String(ctx.chat.id), code);
    });
    bot.catch(() => log('Reminders: a Telegram update could not be handled'));
    void bot.start({ drop_pending_updates: false }).catch(() => log('Reminders: Telegram polling stopped'));
  }
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (bot?.isRunning()) await bot.stop();
      await running;
    },
  };
}
