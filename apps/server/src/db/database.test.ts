import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/harness.ts';
import { withTx } from './transactions.ts';

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

  it('takes back what it wrote when a statement fails, the first or a later one, and leaves the connection usable', async () => {
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
      // Nothing of the three remains; an empty transaction and a full one still commit.
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
});
