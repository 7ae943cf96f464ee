import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/harness.ts';
import { audit } from '../lib/audit.ts';
import { verifyAuditChain } from '../modules/audit/repo.ts';
import { ANSWERED_WITH_NEXT } from './database.ts';
import { withReadTx, withTx } from './transactions.ts';

/**
 * A transaction's BEGIN is written without waiting for its answer (database.ts, PreparingClient): the
 * statements behind it must still run inside the transaction, and a failure must still roll it back.
 * PGlite runs one session in process and has no such client; these run against PostgreSQL.
 */
describe.skipIf(process.env.HAMKOR_TEST_DB !== 'postgresql')('a transaction on PostgreSQL', () => {
  const server = useTestServer();
  const txid = async (db: typeof server.db) => (await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(db)).rows[0]?.id;

  it('runs the statements behind its BEGIN in the transaction, with and without parameters', async () => {
    const ids = await withTx(server.db, async (trx) => {
      const first = await txid(trx);
      const withParameter = (await sql<{ id: string }>`SELECT txid_current()::text AS id, ${'x'}::text AS p`.execute(trx)).rows[0]?.id;
      return [first, withParameter, await txid(trx)];
    });
    expect(new Set(ids).size).toBe(1);
    // Outside a transaction each statement is its own.
    expect(await txid(server.db)).not.toBe(await txid(server.db));
  });

  it('takes back what it wrote when a statement fails, the first or a later one, caught or not, and leaves the connection usable', async () => {
    const table = `tx_probe_${Date.now()}`;
    await sql`CREATE TABLE ${sql.table(table)} (n int)`.execute(server.db);
    try {
      await expect(
        withTx(server.db, async (trx) => {
          await sql`SELECT 1 / ${0}::int`.execute(trx);
        }),
      ).rejects.toMatchObject({ code: '22012' });
      await expect(
        withTx(server.db, async (trx) => {
          await sql`INSERT INTO ${sql.table(table)} (n) VALUES (${1})`.execute(trx);
          await sql`SELECT 1 / ${0}::int`.execute(trx);
        }),
      ).rejects.toMatchObject({ code: '22012' });
      await expect(
        withTx(server.db, async (trx) => {
          await sql`INSERT INTO ${sql.table(table)} (n) VALUES (${2})`.execute(trx);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      // A failure caught and gone past: PostgreSQL answers the COMMIT with ROLLBACK, which must not pass for one.
      await expect(
        withTx(server.db, async (trx) => {
          await sql`INSERT INTO ${sql.table(table)} (n) VALUES (${4})`.execute(trx);
          await sql`SELECT 1 / ${0}::int`.execute(trx).catch(() => undefined);
        }),
      ).rejects.toMatchObject({ code: '25P02' });
      // Nothing of the four remains; an empty transaction and a full one still commit.
      await withTx(server.db, async () => {});
      await withTx(server.db, (trx) => sql`INSERT INTO ${sql.table(table)} (n) VALUES (${3})`.execute(trx));
      const rows = (await sql<{ n: number }>`SELECT n FROM ${sql.table(table)}`.execute(server.db)).rows;
      expect(rows).toEqual([{ n: 3 }]);
      // Every connection of the pool is out of any transaction: ten at once, each sees its own.
      const many = await Promise.all(Array.from({ length: 10 }, () => withTx(server.db, (trx) => txid(trx))));
      expect(new Set(many).size).toBe(10);
    } finally {
      await sql`DROP TABLE ${sql.table(table)}`.execute(server.db);
    }
  });

  it('answers a statement marked ANSWERED_WITH_NEXT with the next one, which carries its failure; a ROLLBACK does not', async () => {
    const table = `held_probe_${Date.now()}`;
    await sql`CREATE TABLE ${sql.table(table)} (n int)`.execute(server.db);
    const held = (n: number) => sql`${sql.raw(ANSWERED_WITH_NEXT)}INSERT INTO ${sql.table(table)} (n) VALUES (${n})`;
    const heldFailure = sql`${sql.raw(ANSWERED_WITH_NEXT)}SELECT 1 / ${0}::int`;
    try {
      // Held, then committed: the row is there.
      await withTx(server.db, async (trx) => {
        const answer = await held(1).execute(trx);
        expect(answer.rows).toEqual([]);
      });
      // A held failure fails the statement behind it (here the COMMIT), and nothing of the transaction stays.
      await expect(
        withTx(server.db, async (trx) => {
          await held(2).execute(trx);
          await heldFailure.execute(trx);
        }),
      ).rejects.toMatchObject({ code: '22012' });
      await expect(
        withTx(server.db, async (trx) => {
          await heldFailure.execute(trx);
          await sql`SELECT 1`.execute(trx);
        }),
      ).rejects.toMatchObject({ code: '22012' });
      // The transaction's own error wins over a held failure that its ROLLBACK undoes.
      await expect(
        withTx(server.db, async (trx) => {
          await heldFailure.execute(trx);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      // Outside a transaction nothing is held: the statement answers at once, with its own failure.
      await expect(heldFailure.execute(server.db)).rejects.toMatchObject({ code: '22012' });
      await held(4).execute(server.db);
      const rows = (await sql<{ n: number }>`SELECT n FROM ${sql.table(table)} ORDER BY n`.execute(server.db)).rows;
      expect(rows).toEqual([{ n: 1 }, { n: 4 }]);
      const many = await Promise.all(Array.from({ length: 10 }, () => withTx(server.db, (trx) => txid(trx))));
      expect(new Set(many).size).toBe(10);
    } finally {
      await sql`DROP TABLE ${sql.table(table)}`.execute(server.db);
    }
  });

  it("writes a read's audit event with its COMMIT, linked into the chain, and refuses the read when it cannot be written", async () => {
    const system = { actor: null, ip: null, db: server.db, locale: 'en' as const };
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'family.read'`.execute(server.db)).rows[0]?.n;
    const before = await count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withReadTx(server.db, (trx) => audit(trx, system, 'family.read', null, { shown: [`${i}`], results: i, exact: true })),
      ),
    );
    expect(await count()).toBe((before ?? 0) + 20);
    expect((await verifyAuditChain(server.db)).intact).toBe(true);
    // An event that cannot be written in time (every lane held by another transaction, a lock timeout of 50 ms)
    // fails the read's COMMIT: the read is refused, and nothing is stored.
    await withTx(server.db, async (holder) => {
      await sql`SELECT pg_advisory_xact_lock(72411002, lane) FROM generate_series(0, 15) AS lane`.execute(holder);
      await expect(
        withReadTx(server.db, async (trx) => {
          await sql`SET LOCAL lock_timeout = '50ms'`.execute(trx);
          await audit(trx, system, 'family.read', null, {});
          return 'shown';
        }),
      ).rejects.toMatchObject({ code: '55P03' });
    });
    expect(await count()).toBe((before ?? 0) + 20);
  });
});
