import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's folder (apps/server), found from wherever this code runs: from its source files under
 * src/, or from the compiled build in dist/ where every module is one file. Files the server reads at run time
 * (migrations, reference data, fonts) are found from here, so both run the same.
 */
function findServerRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the server package folder (with its package.json) was not found');
    dir = parent;
  }
  return dir;
}

export const SERVER_ROOT = findServerRoot();

/** A path inside the server package: `serverPath('src/db/migrations')`. */
export const serverPath = (...parts: string[]) => join(SERVER_ROOT, ...parts);
