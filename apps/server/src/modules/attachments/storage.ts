import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

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
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    await writeFile(tmp, data, { mode: 0o600, flag: 'wx' });
    let placed: string | null = null;
    return {
      place: async (key: string) => {
        const target = this.pathOf(key);
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        await rename(tmp, target);
        placed = target;
      },
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
