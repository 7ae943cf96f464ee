#!/usr/bin/env node
// The operator's command: `npx hamkor serve | migrate | demo | user create | audit verify`.
// A production install (`npm ci --omit=dev`) has no TypeScript loader: it runs the compiled build, dist/cli.js
// (`npm run build`). A development checkout runs the source through tsx, so it is never a stale build.
import { existsSync } from 'node:fs';

let loader;
try {
  loader = await import('tsx/esm/api');
} catch {
  loader = undefined;
}
if (loader) {
  loader.register();
  await import('../src/cli.ts');
} else if (existsSync(new URL('../dist/cli.js', import.meta.url))) {
  await import('../dist/cli.js');
} else {
  console.error('The server is not built: run `npm run build` first.');
  process.exit(1);
}
