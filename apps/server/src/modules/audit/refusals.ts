import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { appendAuditEvent } from './repo.ts';

/** A refused attempt: a 404 for a record that exists outside the actor's reach, or a 403 for a missing CSRF token. */
export type Refusal = {
  kind: 'access' | 'csrf';
  actorId: string;
  entity: { type: string; id: string } | null;
  /** The route as registered (`GET /api/cases/:id`): it names no record and holds no personal data. */
  route: string;
  ip: string | null;
};

export const REFUSAL_WINDOW_MINUTES = 15;

/**
 * Refusals are counted per actor and kind in a window, and audited only at telling moments: the first three
 * of a window (a mistyped link, or the start of probing), the 10th, and every 50th after that. A flood of
 * probes leaves a few rows that say how many there were, not one row each.
 */
export const shouldAuditRefusal = (refusals: number) => refusals <= 3 || refusals === 10 || refusals % 50 === 0;

const ACTIONS = { access: 'access.refused', csrf: 'auth.csrf_refused' } as const;

/** Counts the refusal and audits it when it is a telling one, in a transaction of its own. */
export async function recordRefusal(db: Db, refusal: Refusal): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const key = `${refusal.kind}:${refusal.actorId}`;
    // One statement, so that concurrent refusals each get their own count.
    const { rows } = await sql<{ refusals: number }>`
      INSERT INTO refused_attempts AS r (key, window_started_at, refusals) VALUES (${key}, now(), 1)
      ON CONFLICT (key) DO UPDATE SET
        refusals = CASE WHEN r.window_started_at > now() - make_interval(mins => ${REFUSAL_WINDOW_MINUTES}) THEN r.refusals + 1 ELSE 1 END,
        window_started_at = CASE WHEN r.window_started_at > now() - make_interval(mins => ${REFUSAL_WINDOW_MINUTES})
          THEN r.window_started_at ELSE now() END
      RETURNING refusals`.execute(trx);
    const refusals = rows[0]?.refusals ?? 1;
    if (!shouldAuditRefusal(refusals)) return;
    await appendAuditEvent(trx, {
      actorId: refusal.actorId,
      action: ACTIONS[refusal.kind],
      entityType: refusal.entity?.type ?? null,
      entityId: refusal.entity?.id ?? null,
      ip: refusal.ip,
      details: { route: refusal.route, refusalsInWindow: refusals },
    });
  });
}
