import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/harness.ts';
import { withReadTx, withTx } from '../db/transactions.ts';
import { verifyAuditChain } from '../modules/audit/repo.ts';
import { audit } from './audit.ts';

/**
 * The record of a read commits without waiting for the disk when its transaction writes nothing else;
 * a transaction that writes anything keeps full durability, and the chain links as always.
 */
describe('the durability of audit commits', () => {
  const server = useTestServer();
  const system = () => ({ actor: null, ip: null, db: server.db, locale: 'en' as const });
  const setting = async (trx: Parameters<Parameters<typeof withTx>[1]>[0]) =>
    (await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(trx)).rows[0]?.synchronous_commit;

  it('relaxes a transaction opened for a read and its record', async () => {
    const seen = await withReadTx(server.db, async (trx) => {
      await audit(trx, system(), 'family.read', null, {});
      return setting(trx);
    });
    expect(seen).toBe('off');
  });

  it('keeps a writing transaction, and a read inside one, durable', async () => {
    const written = await withTx(server.db, async (trx) => {
      await audit(trx, system(), 'family.update', null, {});
      return setting(trx);
    });
    expect(written).toBe('on');
    const inside = await withTx(server.db, (outer) =>
      withReadTx(outer, async (trx) => {
        await audit(trx, system(), 'family.read', null, {});
        return setting(trx);
      }),
    );
    expect(inside).toBe('on');
  });

  it('links relaxed and durable records into one intact chain', async () => {
    for (let i = 0; i < 40; i++) {
      if (i % 3 === 0) await withTx(server.db, (trx) => audit(trx, system(), 'family.update', null, { i }));
      else await withReadTx(server.db, (trx) => audit(trx, system(), 'family.read', null, { i }));
    }
    const report = await verifyAuditChain(server.db);
    expect(report.intact).toBe(true);
  });
});
