import Dexie, { type Table } from 'dexie';
import { open, type Sealed, seal, type WrappedKey } from './crypto.ts';

/**
 * The offline copy in IndexedDB (Dexie). Every record is a row `{owner, key: "<entity>:<id>", iv, ciphertext}`:
 * the keys are the owner's user id and record ids (UUIDs), never a name, phone or note, and everything else
 * is encrypted with the owner's data key. Each user has their own key and rows, so a second worker on the
 * same phone sees nothing of the first one's.
 */
export const ENTITIES = [
  'family',
  'case',
  'screening',
  'assessment',
  'plan',
  'task',
  'consent',
  'referral',
  'instrument',
  'service',
  // Made on the device and not part of the server's offline set: kept until they are sent.
  'contact',
] as const;
export type Entity = (typeof ENTITIES)[number];

/** A record of the offline copy as decrypted. `pending`: changed on the device and not yet sent. */
export type LocalRecord<T = unknown> = { entity: Entity; id: string; version: number | null; data: T; pending?: boolean };

type SealedRow = Sealed & { owner: string; key: string };
type MetaRow = { owner: string; name: string; value: unknown };

export class OfflineDb extends Dexie {
  records!: Table<SealedRow, [string, string]>;
  outbox!: Table<SealedRow, [string, string]>;
  meta!: Table<MetaRow, [string, string]>;

  constructor(name = 'hamkor-offline') {
    super(name);
    this.version(1).stores({ records: '[owner+key]', outbox: '[owner+key]', meta: '[owner+name]' });
  }
}

let shared: OfflineDb | null = null;
/** The app's database, opened on first use. */
export function offlineDb(): OfflineDb {
  shared ??= new OfflineDb();
  return shared;
}

/** Rows of an owner whose key starts with a prefix, in key order. */
export function ownRows(table: Table<SealedRow, [string, string]>, owner: string, prefix = '') {
  return table.where('[owner+key]').between([owner, prefix], [owner, `${prefix}\uffff`], true, true);
}

/** Rows about the device rather than a user (the device id, who used it last): owner ''. */
const DEVICE = '';

export async function deviceId(db: OfflineDb): Promise<string> {
  const row = await db.meta.get([DEVICE, 'deviceId']);
  if (typeof row?.value === 'string') return row.value;
  const id = crypto.randomUUID();
  await db.meta.put({ owner: DEVICE, name: 'deviceId', value: id });
  return id;
}

/** The user who last unlocked a copy here: after a reload without signal, the PIN opens theirs. */
export async function lastUser(db: OfflineDb): Promise<string | null> {
  const row = await db.meta.get([DEVICE, 'lastUser']);
  return typeof row?.value === 'string' ? row.value : null;
}

export async function setLastUser(db: OfflineDb, userId: string): Promise<void> {
  await db.meta.put({ owner: DEVICE, name: 'lastUser', value: userId });
}

export async function storedKey(db: OfflineDb, owner: string): Promise<WrappedKey | undefined> {
  return (await db.meta.get([owner, 'vault']))?.value as WrappedKey | undefined;
}

export async function readPlain<T>(db: OfflineDb, owner: string, name: string): Promise<T | undefined> {
  return (await db.meta.get([owner, name]))?.value as T | undefined;
}

export async function writePlain(db: OfflineDb, owner: string, name: string, value: unknown): Promise<void> {
  await db.meta.put({ owner, name, value });
}

/** Removes everything a user keeps on this device: the wrapped key, the records and the unsent changes. */
export async function wipeOwner(db: OfflineDb, owner: string): Promise<void> {
  await db.transaction('rw', [db.records, db.outbox, db.meta], async () => {
    await ownRows(db.records, owner).delete();
    await ownRows(db.outbox, owner).delete();
    await db.meta.where('[owner+name]').between([owner, ''], [owner, '\uffff'], true, true).delete();
    if ((await lastUser(db)) === owner) await db.meta.delete([DEVICE, 'lastUser']);
  });
}

const keyOf = (entity: Entity, id: string) => `${entity}:${id}`;

/** The unlocked copy of one user: reads and writes go through their data key. */
export class LocalCopy {
  constructor(
    readonly db: OfflineDb,
    readonly owner: string,
    private readonly key: CryptoKey,
  ) {}

  seal(value: unknown): Promise<Sealed> {
    return seal(this.key, value);
  }

  open<T>(sealed: Sealed): Promise<T> {
    return open<T>(this.key, sealed);
  }

  async get<T>(entity: Entity, id: string): Promise<LocalRecord<T> | undefined> {
    const row = await this.db.records.get([this.owner, keyOf(entity, id)]);
    return row ? this.open<LocalRecord<T>>(row) : undefined;
  }

  async list<T>(entity: Entity): Promise<LocalRecord<T>[]> {
    const rows = await ownRows(this.db.records, this.owner, `${entity}:`).toArray();
    return Promise.all(rows.map((row) => this.open<LocalRecord<T>>(row)));
  }

  /** Encrypts first and writes after: an IndexedDB transaction cannot wait for WebCrypto. */
  async put(records: LocalRecord[], removed: { entity: Entity; id: string }[] = []): Promise<void> {
    const rows = await Promise.all(
      records.map(async (record) => ({ owner: this.owner, key: keyOf(record.entity, record.id), ...(await this.seal(record)) })),
    );
    await this.db.transaction('rw', this.db.records, async () => {
      await this.db.records.bulkPut(rows);
      await this.db.records.bulkDelete(removed.map(({ entity, id }) => [this.owner, keyOf(entity, id)] as [string, string]));
    });
  }

  async clearRecords(): Promise<void> {
    await ownRows(this.db.records, this.owner).delete();
  }

  /** A value of this user kept encrypted (the pull cursor, their profile, the time of the last pull). */
  async readMeta<T>(name: string): Promise<T | undefined> {
    const sealed = await readPlain<Sealed>(this.db, this.owner, `sealed:${name}`);
    return sealed ? this.open<T>(sealed) : undefined;
  }

  async writeMeta(name: string, value: unknown): Promise<void> {
    await writePlain(this.db, this.owner, `sealed:${name}`, value === undefined ? undefined : await this.seal(value));
  }
}
