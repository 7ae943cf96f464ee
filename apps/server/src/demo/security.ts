import type { Tx } from '../db/database.ts';
import { hashToken, newToken } from '../lib/tokens.ts';
import { SESSION_LIFETIME_MS } from '../modules/auth/service.ts';

const MINUTE = 60_000;

/**
 * The demo supervisor is already signed in on a phone and on the office computer, so that "My sessions" on the
 * Security page shows what a working day looks like and a session can be ended. Their tokens are thrown away:
 * nobody can use these sessions. They last as real ones do (two hours idle) from the moment the demo is loaded.
 */
export async function seedSessions(trx: Tx, users: { supervisor: string; worker: string }): Promise<void> {
  const now = Date.now();
  const sessions = [
    { user: users.supervisor, device: 'Chrome 131 · Android', ip: '10.20.4.17', startedMin: 95, seenMin: 12 },
    { user: users.supervisor, device: 'Edge 131 · Windows', ip: '192.168.1.24', startedMin: 180, seenMin: 40 },
    { user: users.worker, device: 'Chrome 130 · Android', ip: '10.20.4.31', startedMin: 50, seenMin: 5 },
  ];
  for (const session of sessions) {
    const created = new Date(now - session.startedMin * MINUTE);
    await trx
      .insertInto('sessions')
      .values({
        token_hash: hashToken(newToken()),
        user_id: session.user,
        csrf_token: newToken(),
        created_at: created,
        last_seen_at: new Date(now - session.seenMin * MINUTE),
        expires_at: new Date(created.getTime() + SESSION_LIFETIME_MS),
        ip: session.ip,
        device: session.device,
      })
      .execute();
  }
}
