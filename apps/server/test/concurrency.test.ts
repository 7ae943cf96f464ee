import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/modules/audit/repo.ts';
import { useTestServer } from './harness.ts';

/**
 * PGlite is one in-process session: two requests' transactions must never interleave on it. On
 * PostgreSQL the pool is real and each audit lane's lock keeps that lane linear (25 writes share 16 lanes).
 * Either way, concurrent writes all land, exactly one of several edits of the same version wins, and every
 * lane of the audit log stays intact.
 */
describe('concurrent writes', () => {
  const server = useTestServer();

  it('serialises concurrent creations and keeps the audit chain linear', async () => {
    const admin = await server.login('admin');
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        server.as(admin, {
          method: 'POST',
          url: '/api/organisations',
          payload: { name: `Parallel maktab ${i}`, kind: 'school', districtCode: '1722226' },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(25).fill(201));
    const stored = await server.db.selectFrom('organisations').select('id').where('name', 'like', 'Parallel maktab %').execute();
    expect(stored).toHaveLength(25);
    expect(await verifyAuditChain(server.db)).toMatchObject({ intact: true });
  });

  it('lets exactly one of many concurrent edits of the same version win', async () => {
    const admin = await server.login('admin');
    const org = (
      await server.as(admin, { method: 'POST', url: '/api/organisations', payload: { name: 'Bahs', kind: 'ngo', districtCode: '1722226' } })
    ).json();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.as(admin, { method: 'PATCH', url: `/api/organisations/${org.id}`, payload: { version: 1, address: `Manzil ${i}` } }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    const winner = responses.find((r) => r.statusCode === 200)?.json();
    const stored = await server.db
      .selectFrom('organisations')
      .select(['address', 'version'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ address: winner.address, version: 2 });
    for (const loser of responses.filter((r) => r.statusCode === 409)) expect(loser.json().current.version).toBe(2);
  });

  it('never interleaves two transactions on the embedded database', async () => {
    if (server.database.kind !== 'pglite') return;
    const log: string[] = [];
    const work = (name: string) =>
      server.db.transaction().execute(async (trx) => {
        log.push(`${name}:begin`);
        await trx.selectFrom('regions').select('code').execute();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await trx.selectFrom('districts').select('code').limit(1).execute();
        log.push(`${name}:end`);
      });
    await Promise.all([work('a'), work('b'), work('c')]);
    for (let i = 0; i < log.length; i += 2) expect(log[i]?.replace(':begin', '')).toBe(log[i + 1]?.replace(':end', ''));
  });
});
