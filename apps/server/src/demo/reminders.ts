import type { Tx } from '../db/database.ts';
import { newId } from '../lib/ids.ts';
import { tashkentClock } from '../modules/reminders/delivery.ts';

const DAY = 24 * 3600_000;

/**
 * Reminders in the demo: the supervisor has linked a Telegram chat (a made-up chat id: nothing reaches anyone)
 * and the NGO worker chose SMS; the log shows yesterday's digests, an immediate message, and an SMS the gateway
 * kept refusing until it was given up on — what an administrator finds under the deliveries that failed.
 */
export async function seedReminders(trx: Tx, users: { supervisor: string; ngo: string }): Promise<void> {
  const now = Date.now();
  await trx
    .insertInto('reminder_settings')
    .values([
      { user_id: users.supervisor, channel: 'telegram', telegram_chat_id: '100200300', telegram_linked_at: new Date(now - 20 * DAY) },
      { user_id: users.ngo, channel: 'sms', phone: '+998935550101' },
    ])
    .execute();
  const yesterday = tashkentClock(new Date(now - DAY)).day;
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3600_000);
  const rows = [
    {
      key: `digest:${users.supervisor}:${yesterday}`,
      channel: 'telegram',
      user: users.supervisor,
      kind: 'digest',
      params: { tasksToday: 3, tasksOverdue: 1, referrals: 0, returned: 0 },
      status: 'sent',
      attempts: 1,
      error: null,
      hoursAgo: 26,
    },
    {
      key: `digest:${users.ngo}:${yesterday}`,
      channel: 'sms',
      user: users.ngo,
      kind: 'digest',
      params: { tasksToday: 0, tasksOverdue: 0, referrals: 2, returned: 0 },
      status: 'failed',
      attempts: 5,
      error: 'sms_500',
      hoursAgo: 26,
    },
    {
      key: `emergency_referral:demo:${users.ngo}`,
      channel: 'sms',
      user: users.ngo,
      kind: 'emergency_referral',
      params: { referralId: newId() },
      status: 'sent',
      attempts: 2,
      error: 'sms_503',
      hoursAgo: 30,
    },
  ];
  for (const row of rows)
    await trx
      .insertInto('reminder_deliveries')
      .values({
        id: newId(),
        dedupe_key: row.key,
        channel: row.channel,
        recipient_user_id: row.user,
        kind: row.kind,
        params: JSON.stringify(row.params),
        status: row.status,
        attempts: row.attempts,
        error_code: row.error,
        next_attempt_at: at(row.hoursAgo - 1),
        created_at: at(row.hoursAgo),
        sent_at: row.status === 'sent' ? at(row.hoursAgo - 0.1) : null,
      })
      .execute();
}
