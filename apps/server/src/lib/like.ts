/**
 * User text inside a LIKE or ILIKE pattern. PostgreSQL's default escape character is the backslash; with
 * `%`, `_` and `\` escaped, what was typed matches itself only (`%` finds a percent sign, not every row).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A pattern for rows containing `text`. */
export const likeContaining = (text: string) => `%${escapeLike(text)}%`;

/** A pattern for rows starting with `text`. */
export const likeStartingWith = (text: string) => `${escapeLike(text)}%`;
