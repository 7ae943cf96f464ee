import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';

/**
 * No screen promises, in any language, a feature "in a later version" of Hamkor: such a sentence outlives
 * the feature's arrival (a family without a case said opening cases would come later, above the button
 * that opens one).
 */
const LATER_VERSION = /later version|keyingi versiya|кейинги версия|следующей версии|keyingi nusqa|keyingi versiyasında/i;

function texts(tree: unknown, path = ''): [string, string][] {
  if (typeof tree === 'string') return [[path, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => texts(value, path ? `${path}.${key}` : key));
}

describe('interface texts', () => {
  it.each(LOCALES)('in %s promise nothing for a later version', (locale) => {
    const bundle = JSON.parse(readFileSync(join(import.meta.dirname, 'locales', `${locale}.json`), 'utf8'));
    expect(texts(bundle).filter(([, text]) => LATER_VERSION.test(text))).toEqual([]);
  });
});
