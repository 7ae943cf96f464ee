import { z } from 'zod';
import { LOCALES } from '../locales.ts';

/**
 * Building blocks shared by the API schemas. Custom error texts are message keys (`fields.*` in the
 * translations), so the server can answer in the user's language.
 */
export const id = z.uuid({ error: 'uuid' });
export const version = z.number({ error: 'version' }).int().min(1, { error: 'version' });
export const nonEmpty = (max = 200) => z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' });
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
  uz_latn: nonEmpty(200),
  uz_cyrl: z.string().trim().max(200, { error: 'too_long' }).optional(),
  ru: z.string().trim().max(200, { error: 'too_long' }).optional(),
  en: z.string().trim().max(200, { error: 'too_long' }).optional(),
  kaa: z.string().trim().max(200, { error: 'too_long' }).optional(),
});

export const listQuery = z.object({
  limit: z.coerce.number({ error: 'limit' }).int().min(1, { error: 'limit' }).max(200, { error: 'limit' }).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** Fields every stored record carries (DESIGN.md §3). */
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
