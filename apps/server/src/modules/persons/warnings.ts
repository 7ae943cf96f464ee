import { hasValidPinflCheckDigit, type Locale } from '@hamkor/domain';
import { translator } from '../../lib/i18n.ts';

export type Warning = { path: string; code: string; message: string };

/** A PINFL whose check digit fails is kept, and the worker is told to compare it with the document. */
export function pinflWarnings(locale: Locale, entries: { path: string; pinfl: string | null | undefined }[]): Warning[] {
  const t = translator(locale);
  return entries
    .filter((entry) => entry.pinfl && !hasValidPinflCheckDigit(entry.pinfl))
    .map((entry) => ({ path: entry.path, code: 'pinfl_check_digit', message: t('fields.pinfl_check_digit') }));
}
