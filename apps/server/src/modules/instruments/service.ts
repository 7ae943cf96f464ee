import { can, type InstrumentCreate, NotFound } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import * as repo from './repo.ts';

/** The assessment instruments and their versions, newest version first; anyone signed in may read them. */
export async function listInstruments(ctx: RequestContext) {
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listInstruments(trx);
    await audit(trx, ctx, 'instrument.list', null, { results: rows.length });
    return { items: rows.map(repo.toInstrument) };
  });
}

/** A new version of an instrument (system admins only); assessments already made keep theirs. */
export async function createInstrument(ctx: RequestContext, input: InstrumentCreate) {
  if (!can(ctx.actor, 'instrument.manage', { type: 'instrument' })) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const row = await repo.insertNextVersion(trx, input.definition, ctx.actor.id);
    await audit(trx, ctx, 'instrument.create', { type: 'instrument', id: row.id }, { key: row.key, version: row.version });
    return repo.toInstrument(row);
  });
}
