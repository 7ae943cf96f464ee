import { familyReadFilter, reachesEverything, TooManyRequests } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { RequestContext } from '../../lib/context.ts';

/**
 * Duplicate checks (a registration form's, an import's) a user may make per hour: a day's registering uses
 * a few dozen, but telling "someone outside your reach matches" answers one guess each, so an hour's
 * allowance bounds how fast anyone can try names and birth dates against the whole register.
 */
export const DUPLICATE_CHECKS_PER_HOUR = 120;
const WINDOW_SECONDS = 3600;

/**
 * Spends one duplicate check of the actor's allowance, or answers 429 when the hour's is spent. One
 * statement, so that parallel requests cannot all pass on the same count. Readers who reach every
 * family learn nothing of anyone outside their reach and are not counted.
 */
export async function spendDuplicateCheck(ctx: RequestContext, db: Db | Tx = ctx.db): Promise<void> {
  if (reachesEverything(familyReadFilter(ctx.actor))) return;
  const window = sql`make_interval(secs => ${WINDOW_SECONDS})`;
  const { rows } = await sql<{ used: number; retry_after: number }>`
    INSERT INTO duplicate_check_allowances AS a (user_id, window_started_at, used) VALUES (${ctx.actor.id}, now(), 1)
    ON CONFLICT (user_id) DO UPDATE SET
      window_started_at = CASE WHEN a.window_started_at <= now() - ${window} THEN now() ELSE a.window_started_at END,
      used = CASE WHEN a.window_started_at <= now() - ${window} THEN 1 ELSE a.used + 1 END
    RETURNING used, ceil(extract(epoch FROM a.window_started_at + ${window} - now()))::int AS retry_after`.execute(db);
  const spent = rows[0];
  if (spent && spent.used > DUPLICATE_CHECKS_PER_HOUR) throw new TooManyRequests(Math.max(1, spent.retry_after));
}
