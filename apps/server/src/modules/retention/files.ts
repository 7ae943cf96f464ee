import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readConfig } from '../../config.ts';
import { AttachmentStore } from '../attachments/storage.ts';

/** Where attachment files are kept: set when the routes are registered, the data folder's otherwise (the CLI). */
let root: string | undefined;

export function setAttachmentsRoot(dir: string): void {
  root = dir;
}

/**
 * Removes the files of erased attachments, once the erasure has committed (a file cannot be put back if the
 * transaction rolled back). A file already gone is fine; a failure is reported without naming anyone.
 */
export async function removeAttachmentFiles(keys: string[]): Promise<void> {
  const store = new AttachmentStore(root ?? join(readConfig().dataDir, 'attachments'));
  for (const key of keys) {
    try {
      await rm(join(store.root, key), { force: true });
    } catch (error) {
      console.error(`retention: an erased attachment's file could not be removed (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
}
