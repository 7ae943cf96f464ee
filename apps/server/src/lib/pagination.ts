import { Invalid, schemas } from '@hamkor/domain';
import { z } from 'zod';

/**
 * Opaque list cursors: the sort key of the last row sent, base64url-encoded JSON. A cursor comes back
 * from the client, so it is input like any other: each list decodes it with the schema of its own sort
 * key (types, formats, bounds), and anything else is a 400 on `cursor`, never a query that fails.
 */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Parts of sort keys, as the lists write them. */
export const cursorKey = {
  id: z.uuid(),
  /** A moment as `Date.toISOString()` writes it, in years PostgreSQL and the lists can hold. */
  moment: z.iso.datetime().refine((value) => value >= '1900' && value < '2200'),
  day: schemas.isoDate,
  /** A row number or offset: a non-negative `bigint`/`integer` within what JavaScript counts exactly. */
  count: z.number().int().min(0),
  /** Text from a column (a name, a username): one line, taken as it is (not trimmed), as stored. */
  text: z
    .string()
    .max(1000)
    .refine((value) => schemas.textProblem(value, false) === null),
};

/** The sort key in `cursor`, checked against `shape` (e.g. `{ at: cursorKey.moment, id: cursorKey.id }`). */
export function decodeCursor<S extends Record<string, z.ZodType<string | number>>>(
  cursor: string | undefined,
  shape: S,
): z.infer<z.ZodObject<S>> | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = z.strictObject(shape).safeParse(value);
  if (!parsed.success) throw new Invalid([{ path: 'cursor', code: 'cursor' }]);
  return parsed.data;
}

/** Fetch limit + 1 rows; this trims the extra one and says where the next page starts. */
export function page<T, K extends Record<string, string | number>>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => K,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
