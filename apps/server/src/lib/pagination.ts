import { Invalid } from '@hamkor/domain';

/** Opaque list cursors: the sort key of the last row sent, base64url-encoded JSON. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<K extends Record<string, string | number>>(cursor: string | undefined, fields: (keyof K)[]): K | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && fields.every((field) => field in value)) return value as K;
  } catch {
    // fall through to the field error below
  }
  throw new Invalid([{ path: 'cursor', code: 'invalid' }]);
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
