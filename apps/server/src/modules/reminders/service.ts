import { randomBytes } from 'node:crypto';
import {
  type AppointmentCreate,
  Conflict,
  can,
  type DeliveryStatus,
  Invalid,
  NotFound,
  type ReminderChannel,
  type ReminderSettingsOut,
  type ReminderSettingsUpdate,
  type TelegramLinkOut,
} from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { withReadTx, withTx } from '../../db/transactions.ts';
import { bumpVersioned } from '../../db/versioned.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext, SystemContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { hashToken } from '../../lib/tokens.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import { familyMemberIds } from '../cases/repo.ts';
import { enqueue } from './delivery.ts';
import type { ReminderSettings } from './settings.ts';

/** How long a start code shown on the page may be used to link a chat. */
export const LINK_CODE_TTL_MS = 30 * 60_000;

type SettingsRow = {
  channel: string;
  phone: string | null;
  telegram_chat_id: string | null;
  telegram_linked_at: Date | null;
  version: number;
};

const NO_SETTINGS: SettingsRow = { channel: 'none', phone: null, telegram_chat_id: null, telegram_linked_at: null, version: 1 };

async function settingsRow(db: Db | Tx, userId: string, lock = false): Promise<SettingsRow> {
  const row = await db
    .selectFrom('reminder_settings')
    .select(['channel', 'phone', 'telegram_chat_id', 'telegram_linked_at', 'version'])
    .where('user_id', '=', userId)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row ?? NO_SETTINGS;
}

/** The row a write changes, made first if the user never chose anything (version 1, as a read shows). */
async function lockedSettings(trx: Tx, userId: string): Promise<SettingsRow> {
  await trx
    .insertInto('reminder_settings')
    .values({ user_id: userId })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return settingsRow(trx, userId, true);
}

function toOut(row: SettingsRow, settings: ReminderSettings, botUsername: string | null): ReminderSettingsOut {
  return {
    channel: row.channel as ReminderChannel,
    phone: row.phone,
    available: { telegram: !!settings.telegram, sms: !!settings.sms },
    telegram: {
      linked: !!row.telegram_chat_id,
      linkedAt: row.telegram_linked_at?.toISOString() ?? null,
      botUsername,
    },
    digestHour: settings.digestHour,
    version: row.version,
  };
}

/** The caller's choice of channel; their own phone number is personal data, so the read is audited. */
export async function myReminders(ctx: RequestContext, settings: ReminderSettings, botUsername: string | null) {
  return withReadTx(ctx.db, async (trx) => {
    const row = await settingsRow(trx, ctx.actor.id);
    await audit(trx, ctx, 'reminders.read', { type: 'user', id: ctx.actor.id }, {});
    return toOut(row, settings, botUsername);
  });
}

/** Chooses Telegram, SMS or none. SMS needs a number; a channel this installation has not configured is refused. */
export async function updateMyReminders(
  ctx: RequestContext,
  settings: ReminderSettings,
  botUsername: string | null,
  input: ReminderSettingsUpdate,
) {
  const problems = [
    ...(input.channel === 'telegram' && !settings.telegram ? [{ path: 'channel', code: 'channel_unavailable' }] : []),
    ...(input.channel === 'sms' && !settings.sms ? [{ path: 'channel', code: 'channel_unavailable' }] : []),
  ];
  return withTx(ctx.db, async (trx) => {
    const current = await lockedSettings(trx, ctx.actor.id);
    const phone = input.phone === undefined ? current.phone : input.phone;
    if (input.channel === 'sms' && !phone) problems.push({ path: 'phone', code: 'required' });
    if (problems.length) throw new Invalid(problems);
    if (input.version !== current.version) throw new Conflict('version_conflict', toOut(current, settings, botUsername));
    const row = await trx
      .updateTable('reminder_settings')
      .set({ channel: input.channel, phone, version: current.version + 1, updated_at: new Date() })
      .where('user_id', '=', ctx.actor.id)
      .returning(['channel', 'phone', 'telegram_chat_id', 'telegram_linked_at', 'version'])
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, 'reminders.update', { type: 'user', id: ctx.actor.id }, { channel: input.channel, phone: !!phone });
    return toOut(row, settings, botUsername);
  });
}

/**
 * A one-time start code for the bot, shown on the page as a `t.me` link: whoever opens the bot with it links
 * their chat to this account, so it is short-lived and only its hash is kept. A new code replaces the last.
 */
export async function startTelegramLink(
  ctx: RequestContext,
  settings: ReminderSettings,
  botUsername: string | null,
): Promise<TelegramLinkOut> {
  if (!settings.telegram || !botUsername) throw new Conflict('channel_unavailable');
  const code = randomBytes(18).toString('base64url');
  const expiresAt = new Date(Date.now() + LINK_CODE_TTL_MS);
  await withTx(ctx.db, async (trx) => {
    const current = await lockedSettings(trx, ctx.actor.id);
    await trx
      .updateTable('reminder_settings')
      .set({ link_code_hash: hashToken(code), link_code_expires_at: expiresAt, version: current.version + 1, updated_at: new Date() })
      .where('user_id', '=', ctx.actor.id)
      .execute();
    await audit(trx, ctx, 'reminders.telegram_link_start', { type: 'user', id: ctx.actor.id }, {});
  });
  return { code, link: `https://t.me/${botUsername}?start=${code}`, expiresAt: expiresAt.toISOString() };
}

/** Forgets the chat: nothing more goes to it, and a Telegram choice falls back to none. */
export async function unlinkTelegram(ctx: RequestContext): Promise<void> {
  await withTx(ctx.db, async (trx) => {
    const current = await lockedSettings(trx, ctx.actor.id);
    await trx
      .updateTable('reminder_settings')
      .set({
        telegram_chat_id: null,
        telegram_linked_at: null,
        link_code_hash: null,
        link_code_expires_at: null,
        channel: current.channel === 'telegram' ? 'none' : current.channel,
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('user_id', '=', ctx.actor.id)
      .execute();
    await audit(trx, ctx, 'reminders.telegram_unlink', { type: 'user', id: ctx.actor.id }, { wasLinked: !!current.telegram_chat_id });
  });
}

/**
 * A chat opened the bot with `/start <code>`: the code's account is linked to the chat, the code used up, and
 * a greeting queued. An unknown or expired code links nothing. Whether a chat was linked.
 */
export async function linkChat(db: Db, chatId: string, code: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(code)) return false;
  return withTx(db, async (trx) => {
    // The page holding the old version sees the link as a newer version, never overwrites it.
    const [row] = await bumpVersioned(
      trx,
      'reminder_settings',
      (eb) => eb.and([eb('link_code_hash', '=', hashToken(code)), eb('link_code_expires_at', '>', new Date())]),
      { telegram_chat_id: chatId, telegram_linked_at: new Date(), link_code_hash: null, link_code_expires_at: null },
    );
    const ctx: SystemContext = { actor: null, db, locale: 'en', ip: null };
    if (!row) {
      await audit(trx, ctx, 'reminders.telegram_link_refused', null, {});
      return false;
    }
    await audit(trx, ctx, 'reminders.telegram_linked', { type: 'user', id: row.user_id }, {});
    await enqueue(trx, {
      dedupeKey: `telegram_linked:${row.user_id}:${chatId}:${Date.now()}`,
      channel: 'telegram',
      recipientUserId: row.user_id,
      kind: 'telegram_linked',
      params: {},
    });
    return true;
  });
}

const hasAppointmentPurpose = sql<boolean>`'appointment_reminders' = ANY (consents.purposes)`;

/**
 * An appointment a family member is reminded of by SMS, the day before (or now, when it is sooner). Only with
 * an active consent of the case for reminders given by that person or on their behalf: else 409 consent_required.
 */
export async function recordAppointment(ctx: RequestContext, caseId: string, input: AppointmentCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId);
    const members = await familyMemberIds(trx, theCase.family_id);
    if (!members.has(input.personId)) throw new Invalid([{ path: 'personId', code: 'not_family_member' }]);
    const at = new Date(input.at);
    if (at.getTime() <= Date.now()) throw new Invalid([{ path: 'at', code: 'date_too_early' }]);
    const consent = await trx
      .selectFrom('consents')
      .select('id')
      .where('case_id', '=', caseId)
      .where('status', '=', 'active')
      .where(hasAppointmentPurpose)
      .where((eb) =>
        eb.or([eb('given_by_person_id', '=', input.personId), eb(sql`${input.personId}::uuid`, '=', eb.fn.any('on_behalf_of_person_ids'))]),
      )
      .orderBy('date', 'desc')
      .executeTakeFirst();
    if (!consent) throw new Conflict('consent_required_reminders');
    const id = input.id?.toLowerCase() ?? newId();
    await trx
      .insertInto('family_appointments')
      .values({
        id,
        case_id: caseId,
        region_code: theCase.region_code,
        person_id: input.personId,
        consent_id: consent.id,
        organisation_id: theCase.organisation_id,
        at,
        place: input.place,
        phone: input.phone,
        locale: input.locale,
        created_by: ctx.actor.id,
      })
      .execute();
    const sendAt = new Date(Math.max(Date.now(), at.getTime() - 24 * 3600_000));
    await enqueue(trx, {
      dedupeKey: `appointment:${id}`,
      channel: 'sms',
      recipientPersonId: input.personId,
      kind: 'appointment',
      params: { appointmentId: id },
      at: sendAt,
    });
    await audit(trx, ctx, 'appointment.record', { type: 'case', id: caseId }, { appointmentId: id, personId: input.personId });
    const [recorded] = await appointmentsOf(trx, caseId, id);
    if (!recorded) throw new NotFound();
    return recorded;
  });
}

async function appointmentsOf(db: Db | Tx, caseId: string, id?: string) {
  const rows = await db
    .selectFrom('family_appointments as a')
    .leftJoin('reminder_deliveries as d', (join) => join.on('d.dedupe_key', '=', sql<string>`'appointment:' || a.id`))
    .select(['a.id', 'a.case_id', 'a.person_id', 'a.consent_id', 'a.at', 'a.place', 'a.phone', 'a.locale', 'a.created_at'])
    .select(['d.status', 'd.next_attempt_at'])
    .where('a.case_id', '=', caseId)
    .$if(!!id, (qb) => qb.where('a.id', '=', id as string))
    .orderBy('a.at', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    consentId: row.consent_id,
    at: row.at.toISOString(),
    place: row.place,
    phone: row.phone,
    locale: row.locale,
    reminder:
      row.status && row.next_attempt_at ? { status: row.status as DeliveryStatus, sendAt: row.next_attempt_at.toISOString() } : null,
    createdAt: row.created_at.toISOString(),
  }));
}

/** The case's appointments with their reminders; they hold the family's phone numbers, so the read is audited. */
export async function listAppointments(ctx: RequestContext, caseId: string) {
  return withReadTx(ctx.db, async (trx) => {
    await caseFor(ctx, trx, caseId, 'case.read');
    const items = await appointmentsOf(trx, caseId);
    await audit(trx, ctx, 'appointment.list', { type: 'case', id: caseId }, { results: items.length });
    return { items };
  });
}

/** Deliveries by status for an administrator: kinds, channels, attempts and error codes, never a text or a number. */
export async function listDeliveries(ctx: RequestContext, query: { status: string; limit: number }) {
  if (!can(ctx.actor, 'reminder.monitor', { type: 'reminder' })) throw new NotFound();
  return withReadTx(ctx.db, async (trx) => {
    const rows = await trx
      .selectFrom('reminder_deliveries')
      .select(['id', 'channel', 'kind', 'recipient_user_id', 'recipient_person_id', 'status', 'attempts', 'error_code'])
      .select(['next_attempt_at', 'created_at', 'sent_at'])
      .where('status', '=', query.status)
      .orderBy('created_at', 'desc')
      .limit(query.limit)
      .execute();
    await audit(trx, ctx, 'reminders.deliveries_list', null, { status: query.status, results: rows.length });
    return {
      items: rows.map((row) => ({
        id: row.id,
        channel: row.channel as 'telegram' | 'sms',
        kind: row.kind,
        recipient: row.recipient_user_id
          ? { type: 'user' as const, id: row.recipient_user_id }
          : { type: 'person' as const, id: row.recipient_person_id as string },
        status: row.status as DeliveryStatus,
        attempts: row.attempts,
        errorCode: row.error_code,
        nextAttemptAt: row.next_attempt_at.toISOString(),
        createdAt: row.created_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
      })),
    };
  });
}
