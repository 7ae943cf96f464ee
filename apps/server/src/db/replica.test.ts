import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/harness.ts';
import { lsnText, lsnValue, readDb } from './replica.ts';
import { withTx } from './transactions.ts';

describe('WAL positions', () => {
  const lsn = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }));
  const text = ([high, low]: [number, number]) => `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;

  it('reads and writes them as PostgreSQL does, and compares them in WAL order', () => {
    expect(lsnValue('0/B2000028')).toBe(0xb2000028n);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    fc.assert(
      fc.property(lsn, lsn, (a, b) => {
        expect(lsnText(lsnValue(text(a)))).toBe(text(a));
        // High word first, then low: '1/0' comes after 'FFFFFFF/...' of a lower high word.
        const order = a[0] !== b[0] ? Math.sign(a[0] - b[0]) : Math.sign(a[1] - b[1]);
        const got = lsnValue(text(a)) - lsnValue(text(b));
        expect(got === 0n ? 0 : got > 0n ? 1 : -1).toBe(order);
      }),
    );
  });
});

describe('readDb', () => {
  const server = useTestServer();

  it('is the primary itself without a replica, and the transaction inside one', async () => {
    const actor = { id: '00000000-0000-0000-0000-000000000000' };
    if (server.database.kind === 'pglite') expect(readDb({ db: server.db, actor })).toBe(server.db);
    await withTx(server.db, async (trx) => expect(readDb({ db: trx, actor })).toBe(trx));
  });
});
