import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';

/** The sentence to show for a failed call: the server's own (already translated), or ours. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('errors.network');
    if (error.message) return error.message;
  }
  return t('errors.generic');
}

/** Field messages keyed by path; `territories.3` is also filed under `territories`. */
export function fieldMessages(error: unknown): Record<string, string> {
  const messages: Record<string, string> = {};
  if (!(error instanceof ApiError)) return messages;
  for (const field of error.fields) {
    const segments = field.path.split('.');
    for (let length = segments.length; length > 0; length -= 1) messages[segments.slice(0, length).join('.')] ??= field.message;
  }
  return messages;
}
