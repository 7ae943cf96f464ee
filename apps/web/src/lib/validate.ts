import { type Locale, serverMessages } from '@hamkor/domain';
import { ApiError, type FieldMessage } from '../api/client.ts';

/** The part of a zod schema this needs, so the web app checks a form with the server's own schema. */
type Checkable<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

type Messages = { errors: Record<string, string>; fields: Record<string, string> };

function messagesOf(locale: Locale): Messages {
  const own = serverMessages[locale] as Partial<Messages>;
  const fallback = serverMessages['uz-Latn'] as Messages;
  return { errors: { ...fallback.errors, ...own.errors }, fields: { ...fallback.fields, ...own.fields } };
}

/**
 * Checks a request body before it is sent, with the same schema and the same translated messages the
 * server would answer with, so a mistake shows at once, even offline. `also` adds problems found before
 * the body could be built (a date that is no date).
 */
export function checkBody<T>(schema: Checkable<T>, body: unknown, locale: Locale, also: FieldMessage[] = []): ApiError | null {
  const messages = messagesOf(locale);
  const result = schema.safeParse(body);
  const fields = [
    ...also,
    ...(result.success
      ? []
      : result.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: messages.fields[issue.message] ?? messages.fields.invalid ?? issue.message,
        }))),
  ];
  if (!fields.length) return null;
  return new ApiError(400, 'invalid_input', messages.errors.invalid_input ?? '', fields);
}
