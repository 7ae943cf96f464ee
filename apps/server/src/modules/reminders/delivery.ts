import { DEFAULT_LOCALE, dueBounds, isLocale, type Locale, type ReminderKind } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { SystemContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { type MessageParams, renderMessage } from './messages.ts';
import type { ReminderSettings } from './settings.ts';
import { DeliveryError, type Transports } from './transports.ts';

/**
 * The delivery log and the work of the scheduler: what is due is written as rows (each once, by its
 * `dedupe_key`, whichever server process gets there first), then claimed with `FOR UPDATE SKIP LOCKED`, sent
 * outside the transaction, and settled: sent, tried again later with a doubled wait, or given up on.
 */

const DAY_MS = 24 * 3600_000;
/** A claimed row no process settled (it died while sending) is claimed again after this. */
const CLAIM_LEASE_MS = 5 * 60_000;
/** The longest wait between two tries. */
const MAX_BACKOFF_MS = 6 * 3600_000;
const BATCH = 20;

type Enqueue = {
  dedupeKey: string;
  channel: 'telegram' | 'sms';
  recipientUserId?: string;
  recipientPersonId?: string;
  kind: ReminderKind;
  params: Record<string, string | number>;
  at?: Date;
  status?: 'pending' | 'cancelled';
  errorCode?: string;
};

/** Writes a message to send unless one with the same key exists. Whether this call wrote it. */
export async function enqueue(trx: Tx, item: Enqueue): Promise<boolean> {
  const row = await trx
    .insertInto('reminder_deliveries')
    .values({
      id: newId(),
      dedupe_key: item.dedupeKey,
      channel: item.channel,
      recipient_user_id: item.recipientUserId ?? null,
      recipient_person_id: item.recipientPersonId ?? null,
      kind: item.kind,
      params: JSON.stringify(item.params),
      next_attempt_at: item.at ?? new Date(),
      status: item.status ?? 'pending',
      error_code: item.errorCode ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

const system = (db: Db): SystemContext => ({ actor: null, db, locale: DEFAULT_LOCALE, ip: null });

/** Users whom reminders can reach now: Telegram chosen and linked, or SMS chosen with a number. */
function reachableUsers(db: Db | Tx) {
  return db
    .selectFrom('reminder_settings as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .where('u.active', '=', true)
    .where((eb) =>
      eb.or([eb.and([eb('s.channel', '=', 'telegram'), eb('s.telegram_chat_id', 'is not', null)]), eb('s.channel', '=', 'sms')]),
    );
}

/** The Tashkent day and hour of an instant (UTC+5 all year). */
export function tashkentClock(now: Date): { day: string; hour: number } {
  const local = new Date(now.getTime() + 5 * 3600_000);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/**
 * From the digest hour on, one digest a day for each reachable user: counts of their tasks due today and
 * overdue, referrals to them or their organisation and requests returned to them in the last day. A day with
 * nothing to tell is logged as cancelled (`nothing_due`), so it is counted once and sends nothing.
 */
export async function planDigests(db: Db, settings: ReminderSettings, now: Date): Promise<number> {
  const { day, hour } = tashkentClock(now);
  if (hour < settings.digestHour) return 0;
  const users = await reachableUsers(db)
    .select(['u.id', 'u.organisation_id', 's.channel'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reminder_deliveries as d')
            .select('d.id')
            .where('d.dedupe_key', '=', sql<string>`'digest:' || u.id || ${`:${day}`}`),
        ),
      ),
    )
    .execute();
  const bounds = dueBounds(now);
  const since = new Date(now.getTime() - DAY_MS);
  let planned = 0;
  for (const user of users) {
    const counts = await digestCounts(db, user, bounds, since);
    const empty = Object.values(counts).every((n) => n === 0);
    const wrote = await withTx(db, async (trx) => {
      const written = await enqueue(trx, {
        dedupeKey: `digest:${user.id}:${day}`,
        channel: user.channel as 'telegram' | 'sms',
        recipientUserId: user.id,
        kind: 'digest',
        params: counts,
        at: now,
        ...(empty && { status: 'cancelled' as const, errorCode: 'nothing_due' }),
      });
      if (written) await audit(trx, system(db), 'reminders.digest_planned', { type: 'user', id: user.id }, { ...counts, sent: !empty });
      return written;
    });
    if (wrote && !empty) planned++;
  }
  return planned;
}

async function digestCounts(
  db: Db,
  user: { id: string; organisation_id: string },
  bounds: { now: string; today: string; endOfToday: string },
  since: Date,
) {
  const now = new Date(bounds.now);
  const [tasks, referrals, approvals] = await Promise.all([
    db
      .selectFrom('tasks')
      .select((eb) => [
        eb.fn
          .countAll<string>()
          .filterWhere((f) =>
            f.or([f('due_date', '=', bounds.today), f.and([f('due_at', '>', now), f('due_at', '<', new Date(bounds.endOfToday))])]),
          )
          .as('today'),
        eb.fn
          .countAll<string>()
          .filterWhere((f) => f.or([f('due_date', '<', bounds.today), f('due_at', '<=', now)]))
          .as('overdue'),
      ])
      .where('assignee_id', '=', user.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('referrals')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => eb.or([eb('to_organisation_id', '=', user.organisation_id), eb('handled_by', '=', user.id)]))
      .where('sent_at', '>=', since)
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('approvals')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('requested_by', '=', user.id)
      .where('status', '=', 'returned')
      .where('decided_at', '>=', since)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    tasksToday: Number(tasks.today),
    tasksOverdue: Number(tasks.overdue),
    referrals: Number(referrals.n),
    returned: Number(approvals.n),
  };
}

/**
 * Immediate messages for what happened in the last day: an assessment submitted at critical risk, to the
 * case's worker and supervisors; an emergency referral, to those its arrival was notified to.
 */
export async function planImmediate(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - DAY_MS);
  // Started from the few users a message can reach, so each round reads through indexes, not whole tables.
  const reachable = new Map(
    (await reachableUsers(db).select(['u.id', 's.channel']).execute()).map((row) => [row.id, row.channel as 'telegram' | 'sms']),
  );
  if (!reachable.size) return 0;
  const ids = [...reachable.keys()];
  const team = (await db.selectFrom('users').select('id').where('supervisor_id', 'in', ids).execute()).map((row) => row.id);
  const critical = await db
    .selectFrom('cases as c')
    .innerJoin('assessments as a', 'a.case_id', 'c.id')
    .leftJoin('users as w', 'w.id', 'c.assigned_user_id')
    .select(['a.id', 'a.case_id', 'c.assigned_user_id', 'c.supervisor_id', 'w.supervisor_id as assignee_supervisor_id'])
    .where((eb) => eb.or([eb('c.assigned_user_id', 'in', [...ids, ...team]), eb('c.supervisor_id', 'in', ids)]))
    .where('a.submitted_at', '>=', since)
    .where((eb) => eb.or([eb('a.computed_risk', '=', 'critical'), eb('a.override_risk', '=', 'critical')]))
    .execute();
  // Notification ids are UUID v7, so the last day's are a range of the (user_id, id) index.
  const sinceId = `${since
    .getTime()
    .toString(16)
    .padStart(12, '0')
    .replace(/^(.{8})(.{4})$/, '$1-$2')}-0000-0000-000000000000`;
  const emergencies = await db
    .selectFrom('notifications as n')
    .innerJoin('referrals as r', (join) => join.on('r.id', '=', sql<string>`(n.params->>'referralId')::uuid`))
    .select(['r.id', 'n.user_id'])
    .where('n.user_id', 'in', ids)
    .where('n.id', '>=', sinceId)
    .where('n.kind', '=', 'referral_received')
    .where('r.urgency', '=', 'emergency')
    .execute();
  const wanted = [
    ...critical.flatMap((row) =>
      [...new Set([row.assigned_user_id, row.supervisor_id, row.assignee_supervisor_id].filter((id): id is string => !!id))].map(
        (userId) => ({
          userId,
          kind: 'critical_risk' as const,
          key: `critical_risk:${row.id}:${userId}`,
          params: { caseId: row.case_id },
        }),
      ),
    ),
    ...emergencies.map((row) => ({
      userId: row.user_id,
      kind: 'emergency_referral' as const,
      key: `emergency_referral:${row.id}:${row.user_id}`,
      params: { referralId: row.id },
    })),
  ];
  let planned = 0;
  for (const item of wanted) {
    const channel = reachable.get(item.userId);
    if (!channel) continue;
    const wrote = await withTx(db, async (trx) => {
      const written = await enqueue(trx, {
        dedupeKey: item.key,
        channel,
        recipientUserId: item.userId,
        kind: item.kind,
        params: item.params,
        at: now,
      });
      if (written) await audit(trx, system(db), 'reminders.immediate_planned', { type: 'user', id: item.userId }, { kind: item.kind });
      return written;
    });
    if (wrote) planned++;
  }
  return planned;
}

type Claimed = {
  id: string;
  channel: 'telegram' | 'sms';
  kind: ReminderKind;
  attempts: number;
  recipientType: 'user' | 'person';
  recipientId: string;
  address: string | null;
  text: string | null;
  /** Why it is not to be sent after all (the user turned the channel off, the consent was withdrawn). */
  cancel: string | null;
};

/** The wait before try number `attempts + 1`: the backoff doubled after each try, or what the gateway asked for. */
export function backoff(settings: ReminderSettings, attempts: number, retryAfterMs?: number): number {
  const doubled = Math.min(settings.backoffMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  return Math.max(doubled, retryAfterMs ?? 0);
}

/** Claims due rows for this process and works out where each goes and what it says (the read is audited). */
async function claim(db: Db, settings: ReminderSettings, now: Date): Promise<Claimed[]> {
  return withTx(db, async (trx) => {
    const rows = await trx
      .selectFrom('reminder_deliveries')
      .selectAll()
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    const claimed: Claimed[] = [];
    for (const row of rows) {
      const attempts = row.attempts + 1;
      await trx
        .updateTable('reminder_deliveries')
        .set({ status: 'sending', attempts, next_attempt_at: new Date(now.getTime() + CLAIM_LEASE_MS) })
        .where('id', '=', row.id)
        .execute();
      const resolved = row.recipient_user_id
        ? await userMessage(trx, settings, row.recipient_user_id, row.channel, row.kind as ReminderKind, row.params as MessageParams)
        : await familyMessage(trx, row.params as MessageParams);
      const recipient = row.recipient_user_id
        ? { type: 'user' as const, id: row.recipient_user_id }
        : { type: 'person' as const, id: row.recipient_person_id as string };
      await audit(
        trx,
        system(db),
        'reminders.attempt',
        { type: recipient.type, id: recipient.id },
        { delivery: row.id, kind: row.kind, attempt: attempts },
      );
      claimed.push({
        id: row.id,
        channel: row.channel as 'telegram' | 'sms',
        kind: row.kind as ReminderKind,
        attempts,
        recipientType: recipient.type,
        recipientId: recipient.id,
        ...resolved,
      });
    }
    return claimed;
  });
}

async function userMessage(
  trx: Tx,
  settings: ReminderSettings,
  userId: string,
  channel: string,
  kind: ReminderKind,
  params: MessageParams,
) {
  const user = await trx
    .selectFrom('users as u')
    .leftJoin('reminder_settings as s', 's.user_id', 'u.id')
    .select(['u.locale', 'u.active', 's.channel', 's.phone', 's.telegram_chat_id'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  const address = channel === 'telegram' ? (user?.telegram_chat_id ?? null) : (user?.phone ?? null);
  // The greeting of a freshly linked chat goes whatever the choice; everything else only by the chosen channel.
  const chosen = kind === 'telegram_linked' || user?.channel === channel;
  if (!user?.active || !address || !chosen) return { address: null, text: null, cancel: 'channel_off' };
  const locale: Locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
  return { address, text: renderMessage(kind, params, locale, settings.publicUrl), cancel: null };
}

async function familyMessage(trx: Tx, params: MessageParams) {
  const row = await trx
    .selectFrom('family_appointments as a')
    .innerJoin('consents as c', 'c.id', 'a.consent_id')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.at', 'a.place', 'a.phone', 'a.locale', 'c.status as consent_status', 'c.purposes', 'o.phone as organisation_phone'])
    .where('a.id', '=', String(params.appointmentId))
    .executeTakeFirst();
  if (!row) return { address: null, text: null, cancel: 'appointment_gone' };
  // Consent is checked again when the message goes: a withdrawn one stops it.
  if (row.consent_status !== 'active' || !row.purposes.includes('appointment_reminders'))
    return { address: null, text: null, cancel: 'consent_withdrawn' };
  const locale: Locale = isLocale(row.locale) ? row.locale : DEFAULT_LOCALE;
  const { day, time } = tashkentDayTime(row.at);
  return {
    address: row.phone,
    text: renderMessage('appointment', { date: day, time, place: row.place, phone: row.organisation_phone ?? '' }, locale, ''),
    cancel: null,
  };
}

function tashkentDayTime(at: Date): { day: string; time: string } {
  const local = new Date(at.getTime() + 5 * 3600_000).toISOString();
  return { day: `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)}`, time: local.slice(11, 16) };
}

async function settle(
  db: Db,
  item: Claimed,
  outcome: { status: 'sent' | 'pending' | 'failed' | 'cancelled'; errorCode?: string; nextAt?: Date },
) {
  await withTx(db, async (trx) => {
    await trx
      .updateTable('reminder_deliveries')
      .set({
        status: outcome.status,
        error_code: outcome.errorCode ?? null,
        ...(outcome.nextAt && { next_attempt_at: outcome.nextAt }),
        ...(outcome.status === 'sent' && { sent_at: new Date() }),
      })
      .where('id', '=', item.id)
      .execute();
    await audit(
      trx,
      system(db),
      `reminders.${outcome.status === 'pending' ? 'retry' : outcome.status}`,
      { type: item.recipientType, id: item.recipientId },
      {
        delivery: item.id,
        kind: item.kind,
        channel: item.channel,
        attempts: item.attempts,
        ...(outcome.errorCode && { error: outcome.errorCode }),
      },
    );
  });
}

/** Sends what is due; each failure is tried again after a doubled wait until `maxAttempts`, then given up on. */
export async function deliverDue(db: Db, settings: ReminderSettings, transports: Transports, now = new Date()) {
  const tally = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  for (;;) {
    const batch = await claim(db, settings, now);
    if (!batch.length) return tally;
    for (const item of batch) {
      const transport = transports[item.channel];
      if (item.cancel || !transport || !item.address || !item.text) {
        await settle(db, item, { status: 'cancelled', errorCode: item.cancel ?? 'channel_unavailable' });
        tally.cancelled++;
        continue;
      }
      try {
        await transport.send(item.address, item.text);
        await settle(db, item, { status: 'sent' });
        tally.sent++;
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError('unexpected');
        if (failure.options.permanent || item.attempts >= settings.maxAttempts) {
          await settle(db, item, { status: 'failed', errorCode: failure.code });
          tally.failed++;
        } else {
          const wait = backoff(settings, item.attempts, failure.options.retryAfterMs);
          await settle(db, item, { status: 'pending', errorCode: failure.code, nextAt: new Date(now.getTime() + wait) });
          tally.retried++;
        }
      }
    }
    if (batch.length < BATCH) return tally;
  }
}

/** One round of the scheduler (and of `hamkor reminders run`): plan what is due, then send it. */
export async function runReminders(db: Db, settings: ReminderSettings, transports: Transports, now = new Date()) {
  const digests = await planDigests(db, settings, now);
  const immediate = await planImmediate(db, now);
  const delivered = await deliverDue(db, settings, transports, now);
  return { digests, immediate, ...delivered };
}
