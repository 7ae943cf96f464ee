import { createHmac } from 'node:crypto';
import { perturbCount } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** The installation's key, read once per database. */
const keys = new WeakMap<Db, Promise<string>>();

function keyOf(db: Db): Promise<string> {
  let key = keys.get(db);
  if (!key) {
    key = sql<{ secret: string }>`SELECT secret FROM report_cell_key`.execute(db).then(({ rows }) => {
      if (!rows[0]) throw new Error('report_cell_key is empty');
      return rows[0].secret;
    });
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

/** A count as aggregate-only readers see it: its noise is the keyed hash of the cell's identity. */
export type Perturb = (identity: string, count: number) => number;

export async function perturbation(db: Db): Promise<Perturb> {
  const key = await keyOf(db);
  return (identity, count) => {
    if (count <= 0) return 0;
    return perturbCount(count, createHmac('sha256', key).update(identity).digest().readUInt32BE(0));
  };
}
