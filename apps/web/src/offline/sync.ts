import { ApiError, api } from '../api/client.ts';
import { ENTITIES, type Entity, type LocalCopy, type LocalRecord } from './store.ts';

/** GET /api/sync/pull: the changes of the worker's offline set since a cursor, and what left their reach. */
export type PullPage = {
  changes: { entity: string; id: string; version: number | null; data: unknown }[];
  removed: { entity: string; id: string }[];
  cursor: string;
  more: boolean;
};

export const PULL_LIMIT = 500;
/** A pull stops after this many pages even if the server still says `more`; the next one goes on from the saved cursor. */
export const MAX_PULL_PAGES = 200;
const isEntity = (entity: string): entity is Entity => (ENTITIES as readonly string[]).includes(entity);

/** A cursor the server no longer knows (another server, or a copy too old): start again from scratch. */
const unknownCursor = (error: unknown) =>
  error instanceof ApiError && error.status === 400 && error.fields.some((field) => field.path === 'cursor');

/**
 * Brings the offline copy up to date: from the saved cursor, page after page while the server says `more`.
 * Each page is written with its cursor, so a pull cut off by the network resumes where it stopped.
 */
export async function pull(copy: LocalCopy, fetchPage = fetchPullPage): Promise<{ changes: number; removed: number }> {
  let cursor = await copy.readMeta<string>('cursor');
  const counted = { changes: 0, removed: 0 };
  for (let pages = 0; pages < MAX_PULL_PAGES; ) {
    let page: PullPage;
    try {
      page = await fetchPage(cursor);
    } catch (error) {
      if (!cursor || !unknownCursor(error)) throw error;
      await copy.clearRecords();
      await copy.writeMeta('cursor', undefined);
      cursor = undefined;
      continue;
    }
    const records: LocalRecord[] = page.changes
      .filter((change) => isEntity(change.entity))
      .map((change) => ({ entity: change.entity as Entity, id: change.id, version: change.version, data: change.data }));
    const removed = page.removed.filter((gone) => isEntity(gone.entity)) as { entity: Entity; id: string }[];
    await copy.put(records, removed);
    await copy.writeMeta('cursor', page.cursor);
    counted.changes += records.length;
    counted.removed += removed.length;
    cursor = page.cursor;
    pages++;
    if (!page.more) {
      await copy.writeMeta('pulledAt', new Date().toISOString());
      break;
    }
  }
  return counted;
}

export function fetchPullPage(cursor: string | undefined): Promise<PullPage> {
  return api.get<PullPage>('/api/sync/pull', { cursor, limit: PULL_LIMIT });
}
