/**
 * Someone else saved the record while it was being edited. Their version becomes the base; every field
 * the user changed keeps the user's value, every other field takes theirs (the rule of offline work: nothing
 * typed is lost, nothing of theirs is silently overwritten).
 */
export type Rebased<T> = {
  values: T;
  /** Fields they changed and the user did not: now showing their value. */
  theirs: (keyof T)[];
  /** Fields both changed, differently: the user's value is kept, theirs should be shown. */
  both: (keyof T)[];
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function rebase<T extends Record<string, unknown>>(original: T, mine: T, current: T): Rebased<T> {
  const values = { ...current };
  const theirs: (keyof T)[] = [];
  const both: (keyof T)[] = [];
  for (const key of Object.keys(original) as (keyof T)[]) {
    const mineChanged = !same(original[key], mine[key]);
    const theirsChanged = !same(original[key], current[key]);
    if (mineChanged) values[key] = mine[key];
    if (theirsChanged && !mineChanged) theirs.push(key);
    if (theirsChanged && mineChanged && !same(mine[key], current[key])) both.push(key);
  }
  return { values, theirs, both };
}

/** The fields of `after` that differ from `before`, for a change that sends only what changed. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => !same(before[key], value))) as Partial<T>;
}
