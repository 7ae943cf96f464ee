import { createHmac } from 'node:crypto';
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

/** A uniform 32-bit number from the keyed hash of a name: the same name, the same number. */
export type Draw = (name: string) => number;

export async function keyedDraw(db: Db): Promise<Draw> {
  const key = await keyOf(db);
  return (name) => createHmac('sha256', key).update(name).digest().readUInt32BE(0);
}
