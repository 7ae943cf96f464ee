import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The repository explains itself: no code or document sends the reader to a file it does not hold (a
 * design or API note kept elsewhere, or a temporary path).
 */
const root = join(import.meta.dirname, '../../..');
const OUTSIDE = /\b(?:API|DESIGN)\.md\b|\.\.\/shared\/|\/tmp\/[\w.-]+\.md/;

describe('the repository', () => {
  it('points to no document outside it', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((file) => /\.(ts|tsx|sql|md|json|mjs)$/.test(file) && file !== 'apps/server/test/self-contained.test.ts');
    const pointing = files.filter((file) => {
      try {
        return OUTSIDE.test(readFileSync(join(root, file), 'utf8'));
      } catch {
        return false; // listed but deleted in the working tree
      }
    });
    expect(pointing).toEqual([]);
  });
});
