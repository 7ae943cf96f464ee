import { z } from 'zod';
import { clientId, id, locale, nonEmptyLine, phone, version } from '../schemas/common.ts';

/**
 * Reminders outside the app (docs/reminders.md): each user chooses Telegram, SMS or none; a family member
 * is reminded of an appointment by SMS only with a consent for that purpose.
 */
export const REMINDER_CHANNELS = ['none', 'telegram', 'sms'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/** What is sent: a worker's daily digest, the immediate messages, a family's appointment, a linked chat's greeting. */
export const REMINDER_KINDS = ['digest', 'critical_risk', 'emergency_referral', 'appointment', 'telegram_linked'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const reminderSettingsUpdate = z.object({
  channel: z.enum(REMINDER_CHANNELS, { error: 'choice' }),
  /** Needed for SMS; kept (or cleared with null) otherwise. */
  phone: phone.nullable().optional(),
  version,
});
export type ReminderSettingsUpdate = z.infer<typeof reminderSettingsUpdate>;

export const reminderSettingsOut = z.object({
  channel: z.enum(REMINDER_CHANNELS),
  phone: z.string().nullable(),
  /** Which channels this installation is configured for. */
  available: z.object({ telegram: z.boolean(), sms: z.boolean() }),
  telegram: z.object({ linked: z.boolean(), linkedAt: z.string().nullable(), botUsername: z.string().nullable() }),
  /** The hour of the daily digest, in Tashkent. */
  digestHour: z.number().int(),
  version: z.number().int(),
});
export type ReminderSettingsOut = z.infer<typeof reminderSettingsOut>;

export const telegramLinkOut = z.object({ code: z.string(), link: z.string(), expiresAt: z.string() });
export type TelegramLinkOut = z.infer<typeof telegramLinkOut>;

/** An appointment a family member is reminded of: when, where, and the number the SMS goes to. */
export const appointmentCreate = z.object({
  id: clientId.optional(),
  personId: id,
  at: z.iso.datetime({ offset: true, error: 'datetime' }),
  place: nonEmptyLine(200),
  phone,
  locale: locale.default('uz-Latn'),
});
export type AppointmentCreate = z.infer<typeof appointmentCreate>;

export const appointmentOut = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  personId: z.uuid(),
  consentId: z.uuid(),
  at: z.string(),
  place: z.string(),
  phone: z.string(),
  locale: z.string(),
  /** When the reminder goes, and how it went. */
  reminder: z.object({ status: z.enum(DELIVERY_STATUSES), sendAt: z.string() }).nullable(),
  createdAt: z.string(),
});
export const appointmentsOut = z.object({ items: z.array(appointmentOut) });

export const deliveriesQuery = z.object({
  status: z.enum(['failed', 'pending', 'sent', 'cancelled'], { error: 'choice' }).default('failed'),
  limit: z.coerce.number({ error: 'limit' }).int().min(1, { error: 'limit' }).max(200, { error: 'limit' }).default(50),
});

/** A delivery as an administrator sees it: no text, no phone number, no name. */
export const deliveryOut = z.object({
  id: z.uuid(),
  channel: z.enum(['telegram', 'sms']),
  kind: z.string(),
  recipient: z.object({ type: z.enum(['user', 'person']), id: z.uuid() }),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  errorCode: z.string().nullable(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const deliveriesOut = z.object({ items: z.array(deliveryOut) });
