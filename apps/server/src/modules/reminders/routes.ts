import {
  appointmentCreate,
  appointmentOut,
  appointmentsOut,
  deliveriesOut,
  deliveriesQuery,
  NotFound,
  reminderSettingsOut,
  reminderSettingsUpdate,
  schemas,
  telegramLinkOut,
  Unauthenticated,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { sameToken } from '../../lib/tokens.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';
import type { ReminderSettings } from './settings.ts';
import { telegramBot } from './transports.ts';

const tags = ['reminders'];

/** What the webhook reads of a Telegram update: a text message and its chat. Everything else is ignored. */
const telegramUpdate = z.looseObject({
  update_id: z.number().int(),
  message: z
    .looseObject({
      text: z.string().max(4096).optional(),
      chat: z.looseObject({ id: z.union([z.number().int(), z.string().max(64)]) }),
    })
    .optional(),
});

/** The code of `/start <code>` (as opened from a `t.me/<bot>?start=<code>` link), or null. */
export function startCode(text: string | undefined): string | null {
  const match = /^\/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})\s*$/.exec(text ?? '');
  return match?.[1] ?? null;
}

/** The bot's @name for the deep link: set, or asked of the Bot API once (and again after a failure). */
function botNameOf(settings: ReminderSettings): () => Promise<string | null> {
  let known: string | null = settings.telegram?.botUsername ?? null;
  return async () => {
    if (known || !settings.telegram) return known;
    try {
      known = (await telegramBot(settings.telegram).api.getMe()).username;
    } catch {
      // The page says Telegram is set up but the link is not ready; the next read asks again.
    }
    return known;
  };
}

export const reminderRoutes: FastifyPluginAsyncZod<ModuleOptions & { settings: ReminderSettings }> = async (app, { db, settings }) => {
  const botName = botNameOf(settings);
  app.get(
    '/api/me/reminders',
    {
      schema: {
        tags,
        summary: 'How reminders reach me: Telegram, SMS or none, my number, whether my chat is linked',
        response: { 200: reminderSettingsOut, ...schemas.commonErrors },
      },
    },
    async (request) => service.myReminders(contextOf(request, db), settings, await botName()),
  );
  app.put(
    '/api/me/reminders',
    {
      schema: {
        tags,
        summary: 'Choose how reminders reach me; SMS needs a number (+998…); a channel not set up here is refused',
        body: reminderSettingsUpdate,
        response: { 200: reminderSettingsOut, ...schemas.commonErrors },
      },
    },
    async (request) => service.updateMyReminders(contextOf(request, db), settings, await botName(), request.body),
  );
  app.post(
    '/api/me/reminders/telegram-link',
    {
      schema: {
        tags,
        summary: 'A one-time start code and its t.me link: opening the bot with it links my chat (valid 30 minutes)',
        response: { 200: telegramLinkOut, ...schemas.commonErrors },
      },
    },
    async (request) => service.startTelegramLink(contextOf(request, db), settings, await botName()),
  );
  app.delete(
    '/api/me/reminders/telegram-link',
    {
      schema: {
        tags,
        summary: 'Unlink my Telegram chat (a Telegram choice becomes none)',
        response: { 204: z.null(), ...schemas.commonErrors },
      },
    },
    async (request, reply) => {
      await service.unlinkTelegram(contextOf(request, db));
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/telegram/webhook',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Updates from Telegram, authenticated by the X-Telegram-Bot-Api-Secret-Token header; `/start <code>` links a chat',
        security: [],
        body: telegramUpdate,
        response: { 200: z.object({ ok: z.literal(true) }), ...schemas.commonErrors },
      },
    },
    async (request) => {
      const secret = settings.telegram?.webhookSecret;
      if (!secret) throw new NotFound();
      const sent = request.headers['x-telegram-bot-api-secret-token'];
      if (typeof sent !== 'string' || !sameToken(sent, secret)) throw new Unauthenticated('not_signed_in');
      const message = request.body.message;
      const code = startCode(message?.text);
      if (message && code) await service.linkChat(db, String(message.chat.id), code);
      // Telegram is answered 200 whatever the update held, or it would send it again and again.
      return { ok: true as const };
    },
  );
  app.post(
    '/api/cases/:id/appointments',
    {
      schema: {
        tags,
        summary: 'An appointment a family member is reminded of by SMS the day before; needs their consent for appointment reminders',
        params: z.object({ id: schemas.id }),
        body: appointmentCreate,
        response: { 201: appointmentOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.recordAppointment(contextOf(request, db), request.params.id, request.body)),
  );
  app.get(
    '/api/cases/:id/appointments',
    {
      schema: {
        tags,
        summary: 'The case’s appointments and how their reminders went',
        params: z.object({ id: schemas.id }),
        response: { 200: appointmentsOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listAppointments(contextOf(request, db), request.params.id),
  );
  app.get(
    '/api/reminders/deliveries',
    {
      schema: {
        tags,
        summary: 'Reminder deliveries by status (failed by default), for the system administrator: no text, number or name',
        querystring: deliveriesQuery,
        response: { 200: deliveriesOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listDeliveries(contextOf(request, db), request.query),
  );
};
