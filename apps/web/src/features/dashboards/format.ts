import type { CellOut } from '@hamkor/domain';
import { useMemo } from 'react';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate, formatIsoDate } from '../../lib/dates.ts';

export type Formatter = {
  /** A whole number in the interface language's way (digit grouping). */
  count: (value: number) => string;
  /** A figure of a report: numbers per language, "<5" and "x" as they are, "—" for no figure. */
  cell: (value: CellOut | undefined, kind?: 'count' | 'days' | 'rate') => string;
};

/** Numbers written the way a language writes them; days with one decimal at most. */
export function formatterFor(locale: string): Formatter {
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const days = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    count: (value) => whole.format(value),
    cell: (value, kind = 'count') => {
      if (value === null || value === undefined) return '—';
      if (typeof value === 'string') return value;
      return (kind === 'count' ? whole : days).format(value);
    },
  };
}

/** Numbers written the way the interface language writes them. */
export function useFormat(): Formatter {
  const locale = useLocale();
  return useMemo(() => formatterFor(locale), [locale]);
}

/** A day (2026-11-23) or a moment (…T10:00:00Z) as DD.MM.YYYY. */
export const dayText = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? formatIsoDate(value) : formatDate(value));
