import { schemas } from '@hamkor/domain';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/lib/context.ts';
import { checkDuplicates, duplicatesOfPerson } from '../src/modules/persons/service.ts';
import { transactionsOnly, useTestServer } from './harness.ts';

describe('duplicate checks read and spend the allowance inside their transaction', () => {
  const server = useTestServer();

  it('for a registered person and for someone about to be registered', async () => {
    // A worker, whose checks are counted against the hourly allowance.
    const ctx: RequestContext = { actor: await server.actor('worker'), db: transactionsOnly(server.db), locale: 'uz-Latn', ip: null };
    const person = await server.db
      .selectFrom('persons')
      .select(['id', 'surname', 'given_name'])
      .where('surname', '=', 'Tursunova')
      .executeTakeFirstOrThrow();
    // The allowances table is the throttle's own, outside the typed schema.
    const spent = async () => {
      const { rows } = await sql<{ used: number }>`SELECT used FROM duplicate_check_allowances WHERE user_id = ${ctx.actor.id}`.execute(
        server.db,
      );
      return Number(rows[0]?.used ?? 0);
    };

    const before = await spent();
    const found = await duplicatesOfPerson(ctx, person.id);
    expect(JSON.stringify(found.candidates)).not.toContain(person.id);
    const checked = await checkDuplicates(ctx, schemas.duplicatesCheck.parse({ surname: person.surname, givenName: person.given_name }));
    expect(JSON.stringify(checked.candidates)).toContain(person.id);
    expect(await spent()).toBe(before + 2);
  });
});
