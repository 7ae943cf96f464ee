import { z } from 'zod';
import { LOCALES } from '../locales.ts';

/**
 * Building blocks shared by the API schemas. Custom error texts are message keys (`fields.*` in the
 * translations), so the server can answer in the user's language.
 */
export const id = z.uuid({ error: 'uuid' });
/**
 * The id a client gives a record it creates (a phone registering a family without signal): a UUID v7, whose
 * leading timestamp keeps ids made on many devices apart and in creation order. A second create with an id
 * already taken is a 409, so sending the same create twice never makes two records.
 */
export const clientId = z.uuid({ version: 'v7', error: 'client_id' });

/** The largest value of a PostgreSQL `integer` column, which stores versions, counts and the like. */
export const INT32_MAX = 2_147_483_647;
/** A whole number that fits an `integer` column; `error` is the message key for anything else. */
export const int32 = (error = 'invalid') =>
  z
    .number({ error })
    .int({ error })
    .min(-INT32_MAX - 1, { error })
    .max(INT32_MAX, { error });
/** The version of a record read, sent back with a change (optimistic locking; an `integer` column). */
export const version = int32('version').min(1, { error: 'version' });

/**
 * Characters no text may hold, from any route or file: C0 controls except tab, line feed and carriage
 * return; DEL and the C1 controls; the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which make `invoice<U+202E>gpj.png` read as a JPEG; and lone UTF-16 surrogates, which
 * PostgreSQL cannot store. Direction marks (U+200E, U+200F) stay allowed: Arabic-script names need them.
 */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;
const BIDI_CHARACTER = /[\u202A-\u202E\u2066-\u2069]/;
/** Breaks that end a line: only text that may hold several lines (notes, reasons, outcomes) keeps them. */
const LINE_BREAK = /[\t\n\r\u0085\u2028\u2029]/;

/** Why a text cannot be accepted (a `fields.*` message key), or null when it can. */
export function textProblem(value: string, multiline = true): 'control_character' | 'bidi_character' | 'single_line' | null {
  if (CONTROL_CHARACTER.test(value)) return 'control_character';
  if (BIDI_CHARACTER.test(value)) return 'bidi_character';
  if (!multiline && LINE_BREAK.test(value)) return 'single_line';
  return null;
}

const checkedText = (schema: z.ZodString, multiline: boolean) =>
  schema.superRefine((value, ctx) => {
    const problem = textProblem(value, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });

/** Text that may be empty and may hold several lines: notes, descriptions. */
export const text = (max: number) => checkedText(z.string({ error: 'required' }).trim().max(max, { error: 'too_long' }), true);
/** Text that may be empty, on one line: a place, an institution, a contact name. */
export const line = (max: number) => checkedText(z.string({ error: 'required' }).trim().max(max, { error: 'too_long' }), false);
/** Required text that may hold several lines: reasons, outcomes, what was said at a visit. */
export const nonEmpty = (max = 200) =>
  checkedText(z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' }), true);
/** Required text on one line: titles, names of organisations and services, addresses. */
export const nonEmptyLine = (max = 200) =>
  checkedText(z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' }), false);

/**
 * What is typed into a search box. Empty means no search; otherwise it must hold a letter or a digit,
 * since punctuation alone matches nothing (`'!` or `%` are refused, never read as "everything").
 */
export const searchText = z
  .string({ error: 'search_text' })
  .trim()
  .max(200, { error: 'too_long' })
  .superRefine((value, ctx) => {
    const problem = textProblem(value, false);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    else if (value !== '' && !/[\p{L}\p{N}]/u.test(value)) ctx.addIssue({ code: 'custom', message: 'search_text', input: value });
  })
  .transform((value) => value || undefined);

export const regionCode = z.string({ error: 'required' }).regex(/^17\d{2}$/, { error: 'region_code' });
export const districtCode = z.string({ error: 'required' }).regex(/^17\d{5}$/, { error: 'district_code' });
export const territoryCode = z.string({ error: 'required' }).regex(/^17(\d{2}|\d{5})$/, { error: 'territory_code' });
export const mahallaCode = z
  .string({ error: 'required' })
  .trim()
  .regex(/^[0-9A-Za-z-]{1,20}$/, { error: 'mahalla_code' });
/** Uzbek phone numbers, stored as +998XXXXXXXXX; spaces, dashes and brackets are accepted on input. */
export const phone = z
  .string({ error: 'required' })
  .transform((value) => value.replace(/[\s()-]/g, ''))
  .transform((value) => (/^\d{9}$/.test(value) ? `+998${value}` : value))
  .pipe(z.string().regex(/^\+998\d{9}$/, { error: 'phone' }));
export const locale = z.enum(LOCALES, { error: 'locale' });
export const localisedName = z.object({
  uz_latn: nonEmptyLine(200),
  uz_cyrl: line(200).optional(),
  ru: line(200).optional(),
  en: line(200).optional(),
  kaa: line(200).optional(),
});

export const listQuery = z.object({
  limit: z.coerce.number({ error: 'limit' }).int().min(1, { error: 'limit' }).max(200, { error: 'limit' }).default(50),
  /** Opaque: what a previous page's `nextCursor` said; each list checks it against its own sort key. */
  cursor: z.string({ error: 'cursor' }).max(500, { error: 'cursor' }).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** Fields every stored record carries: an id, and the version and times that let an offline edit be checked. */
export const recordMeta = {
  id,
  version,
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
};

/** Replies. Every route declares them, so the OpenAPI document describes what is really sent. */
export const localisedNameOut = z.object({
  uz_latn: z.string(),
  uz_cyrl: z.string(),
  ru: z.string(),
  en: z.string(),
  kaa: z.string().nullable(),
});
export const errorReply = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  }),
  current: z.unknown().optional(),
});
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** The error replies any signed-in route can give. */
export const commonErrors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply, 409: errorReply, 429: errorReply };
