import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { StorageUnavailable } from '@hamkor/domain';

/**
 * Attachment files under one root directory: `<root>/<region>/<yyyy>/<id>`. The user's file name never
 * reaches the path. A file is written under `<root>/.tmp` first and renamed into place only as the
 * transaction that records it is about to commit; if the transaction fails the file is removed.
 */
export class AttachmentStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  static keyFor(regionCode: string, createdAt: Date, id: string): string {
    if (!/^\d{4}$/.test(regionCode) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('invalid attachment key');
    return `${regionCode}/${createdAt.getUTCFullYear()}/${id}`;
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error('attachment key outside the store');
    return path;
  }

  /** Writes the bytes to a temporary file; the caller places it (or discards it) once the database has spoken. */
  async stage(data: Buffer): Promise<StagedFile> {
    const tmpDir = join(this.root, '.tmp');
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    await storing(async () => {
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      try {
        await writeFile(tmp, data, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // A disk that filled up halfway leaves part of a file: remove it.
        await rm(tmp, { force: true }).catch(() => undefined);
        throw error;
      }
    });
    let placed: string | null = null;
    return {
      place: (key: string) =>
        storing(async () => {
          const target = this.pathOf(key);
          await mkdir(dirname(target), { recursive: true, mode: 0o700 });
          await rename(tmp, target);
          placed = target;
        }),
      discard: async () => {
        await rm(tmp, { force: true });
        if (placed) await rm(placed, { force: true });
      },
    };
  }

  open(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }
}

export type StagedFile = {
  /** Moves the staged file to its key's place. */
  place(key: string): Promise<void>;
  /** Removes the staged file, or the placed one. */
  discard(): Promise<void>;
};

/** What the file system says when the folder is full, read-only or not a folder: the user is told, not a 500. */
const STORAGE_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EEXIST', 'EISDIR', 'EIO']);

async function storing(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && STORAGE_FAULTS.has(code)) {
      console.error(`attachment storage refused a write (${code})`);
      throw new StorageUnavailable();
    }
    throw error;
  }
}
