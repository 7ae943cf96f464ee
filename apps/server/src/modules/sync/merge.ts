import { isDeepStrictEqual } from 'node:util';
import type { SyncConflictField } from '../../db/schema.ts';

/**
 * A three-way merge of one edit made offline. `mine` are the fields the device changed, `base` what they
 * were on the device before, `theirs` the record as it is now. A field merges when nobody else changed it
 * (theirs is still the base) or when they changed it to the very same value; any other field is a conflict,
 * shown to the worker with all three values. Objects are compared field by field (an assessment's answers,
 * a family's living conditions), lists and scalars as a whole.
 */
export type Flat = Map<string, unknown>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

export function flatten(value: Record<string, unknown>, prefix = '', into: Flat = new Map()): Flat {
  for (const [key, field] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(field) && Object.keys(field).length > 0) flatten(field, path, into);
    else into.set(path, field);
  }
  return into;
}

/** The value at a dotted path; a field that is absent reads as null, as the API writes an empty field. */
export function valueAt(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (!isPlainObject(at) || !Object.hasOwn(at, key)) return null;
    at = at[key];
  }
  return at ?? null;
}

/** A copy of `value` with `path` set, creating the objects on the way. */
export function withValueAt(value: Record<string, unknown>, path: string, field: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1] as string] = field;
  return copy;
}

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null);

export function conflictingFields(mine: Flat, base: Record<string, unknown>, theirs: Record<string, unknown>): SyncConflictField[] {
  const conflicts: SyncConflictField[] = [];
  for (const [path, value] of mine) {
    const now = valueAt(theirs, path);
    if (same(now, value)) continue;
    // Without the value the device started from nothing says the field is untouched: the worker decides.
    const known = hasPath(base, path);
    const before = known ? valueAt(base, path) : null;
    if (known && same(now, before)) continue;
    conflicts.push({ path, base: before, theirs: now, mine: value ?? null });
  }
  return conflicts;
}

function hasPath(value: Record<string, unknown>, path: string): boolean {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (!isPlainObject(at) || !Object.hasOwn(at, key)) return false;
    at = at[key];
  }
  return true;
}
