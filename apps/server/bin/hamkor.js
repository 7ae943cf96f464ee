#!/usr/bin/env node
// The operator's command: `npx hamkor serve | migrate | demo | user create | audit verify`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
