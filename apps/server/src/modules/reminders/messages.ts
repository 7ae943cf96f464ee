import type { Locale, ReminderKind } from '@hamkor/domain';
import { translator } from '../../lib/i18n.ts';

export type MessageParams = Record<string, string | number | undefined>;

/**
 * The text of a message, in the recipient's language. A phone's screen may be read by someone else: a worker's
 * messages hold counts and a link into the app (which asks for a sign-in), never a name, a case number or a
 * place; a family's hold the date, time and place of the appointment and the organisation's phone alone.
 */
export function renderMessage(kind: ReminderKind, params: MessageParams, locale: Locale, publicUrl: string): string {
  const t = translator(locale);
  switch (kind) {
    case 'digest': {
      const lines = [
        ['tasksToday', 'reminders.digest.tasksToday'],
        ['tasksOverdue', 'reminders.digest.tasksOverdue'],
        ['referrals', 'reminders.digest.referrals'],
        ['returned', 'reminders.digest.returned'],
      ]
        .filter(([key]) => Number(params[key as string] ?? 0) > 0)
        .map(([key, message]) => `• ${t(message as string, { count: Number(params[key as string]) })}`);
      return [t('reminders.digest.title'), ...lines, t('reminders.open', { url: `${publicUrl}/` })].join('\n');
    }
    case 'critical_risk':
      return t('reminders.criticalRisk', { url: `${publicUrl}/cases/${params.caseId}` });
    case 'emergency_referral':
      return t('reminders.emergencyReferral', { url: `${publicUrl}/referrals/${params.referralId}` });
    case 'telegram_linked':
      return t('reminders.telegramLinked');
    case 'appointment':
      return params.phone
        ? t('reminders.appointment', { date: params.date, time: params.time, place: params.place, phone: params.phone })
        : t('reminders.appointmentNoPhone', { date: params.date, time: params.time, place: params.place });
  }
}
