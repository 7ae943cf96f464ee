#!/usr/bin/env node
/**
 * The production build: the server and the domain package compiled to one JavaScript file, dist/cli.js, that
 * plain Node runs with no TypeScript loader. Dependencies stay outside the bundle (installed by
 * `npm ci --omit=dev`); the files read at run time (migrations, reference data, fonts) stay where they are
 * and are found from the package folder (src/lib/paths.ts).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Every npm package stays an import; only our own workspace package is compiled in with the server.
  packages: 'external',
  alias: { '@hamkor/domain': join(root, '../../packages/domain/src/index.ts') },
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log(`Built ${join('apps/server/dist', 'cli.js')}`);
