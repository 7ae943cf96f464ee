import { isCalendarDate, TIME_ZONE } from '@hamkor/domain';

const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });

/** Dates read DD.MM.YYYY in every language, in Tashkent time, as forms in Uzbekistan write them. */
export function formatDate(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}`;
}

/** A date-only ISO value (2026-11-23) as DD.MM.YYYY, with no time zone arithmetic. */
export function formatIsoDate(iso: string | null | undefined): string {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return match ? `${match[3]}.${match[2]}.${match[1]}` : '';
}

/** What a person typed as DD.MM.YYYY (or YYYY-MM-DD) as an ISO date, or null when it is no calendar day. */
export function parseDayMonthYear(text: string): string | null {
  const value = text.trim();
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const iso = dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : value;
  return isCalendarDate(iso) ? iso : null;
}

/**
 * Puts the dots into a date typed on a phone's digit keyboard (12061989 → 12.06.1989); dots typed by
 * hand where they belong (1.6.1989) are left alone.
 */
export function maskDayMonthYear(text: string): string {
  if (/[^\d.\s]/.test(text) || /^\d{0,2}(\.\d{0,2}(\.\d{0,4})?)?$/.test(text)) return text;
  const digits = text.replace(/\D/g, '').slice(0, 8);
  return [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)].filter(Boolean).join('.');
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** HH:MM in Tashkent time. */
export function formatTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : clock.format(date);
}

/** Full years from one ISO date to another. */
export function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}
