/**
 * JSON with object keys sorted at every depth. PostgreSQL's jsonb reorders keys, so the audit hash must be
 * computed over a form that survives the round trip.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is exactly what must be found.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as a PostgreSQL text or jsonb value stores it: a NUL is refused there (and by jsonb even escaped), and a
 * lone UTF-16 surrogate is either refused (jsonb) or silently replaced on the way to UTF-8 (text). Both become
 * U+FFFD here, so the value kept is the value seen.
 */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * A value as jsonb gives it back: the JSON data model only (dates as ISO strings, undefined dropped, NaN and
 * infinities as null, -0 as 0), with every string and key storable. Key order is left to canonicalJson.
 */
export function storableJson(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? null : storableStrings(JSON.parse(json));
}

function storableStrings(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableStrings(item)]));
  return value;
}

const UUID_INPUT = /^\{?[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}\}?$/i;

/**
 * A uuid as a uuid column stores it: PostgreSQL accepts upper case, braces and missing hyphens, and gives back
 * lower case in 8-4-4-4-12 groups. Anything else is returned as it is (the column will refuse it).
 */
export function storableUuid(id: string): string {
  if (!UUID_INPUT.test(id)) return id;
  const hex = id.replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
