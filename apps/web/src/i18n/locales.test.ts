import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APPROVAL_KINDS,
  CASE_STATUSES,
  CLOSURE_REASONS,
  COMPLETE_LOCALES,
  CONTACT_KINDS,
  DUE_CLASSES,
  LOCALES,
  ORGANISATION_KINDS,
  RISK_LEVELS,
  ROLES,
  SCOPE_LEVELS,
  schemas,
  TASK_STATUSES,
  URGENCIES,
} from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import { UTILITIES } from '../features/families/values.ts';
import { SECTIONS } from '../features/shell/nav.ts';
import { MIGRATION_COUNTRIES } from '../lib/countries.ts';

/**
 * Every key in any translation must exist, non-empty, in every complete language; every key the
 * source names literally must exist in English; and the enum labels the UI builds from codes must exist.
 */
const here = import.meta.dirname;
const source = join(here, '..');

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [inner, text] of flatten(value, path)) keys.set(inner, text);
  }
  return keys;
}

const bundles = new Map(
  LOCALES.map((locale) => [locale, flatten(JSON.parse(readFileSync(join(here, 'locales', `${locale}.json`), 'utf8')) as Tree)]),
);
const allKeys = new Set([...bundles.values()].flatMap((bundle) => [...bundle.keys()]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const LITERAL_KEY = /\bt\(\s*(['"])([^'"`$]+)\1|i18nKey=(['"])([^'"]+)\3/g;

function literalKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of sourceFiles(source)) {
    for (const match of readFileSync(file, 'utf8').matchAll(LITERAL_KEY)) used.set(match[2] ?? match[4] ?? '', file);
  }
  return used;
}

describe('translations', () => {
  it('has a file for every interface language', () => {
    expect(readdirSync(join(here, 'locales')).sort()).toEqual(LOCALES.map((locale) => `${locale}.json`).sort());
  });

  for (const locale of COMPLETE_LOCALES) {
    it(`${locale} has every key, none empty`, () => {
      const bundle = bundles.get(locale)!;
      const missing = [...allKeys].filter((key) => !bundle.get(key)?.trim());
      expect(missing).toEqual([]);
    });
  }

  it('Karakalpak names no key the complete languages lack (it falls back to Uzbek Latin)', () => {
    const complete = bundles.get('uz-Latn')!;
    expect([...bundles.get('kaa')!.keys()].filter((key) => !complete.has(key))).toEqual([]);
  });

  it('Uzbek Latin uses ʻ (U+02BB) in oʻ and gʻ, and no ASCII or typographic apostrophes', () => {
    const wrong = [...bundles.get('uz-Latn')!.entries()].filter(([, text]) => /[oOgG]['‘’`]/.test(text));
    expect(wrong).toEqual([]);
  });

  it('every key used in the source exists in English', () => {
    const english = bundles.get('en')!;
    const used = literalKeys();
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter(([key]) => !english.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('every organisation kind, role, scope level and section has its labels', () => {
    const english = bundles.get('en')!;
    const keys = [
      ...ORGANISATION_KINDS.map((kind) => `enum.organisationKind.${kind}`),
      ...ROLES.map((role) => `enum.role.${role}`),
      ...SCOPE_LEVELS.map((level) => `enum.scope.${level}`),
      ...SECTIONS.flatMap((section) => [`nav.${section}`, `sections.${section}.description`, `sections.${section}.plan`]),
    ];
    expect(keys.filter((key) => !english.has(key))).toEqual([]);
  });

  it('every code of the family and person lists has its label', () => {
    const english = bundles.get('en')!;
    const lists: Record<string, readonly string[]> = {
      identificationSource: schemas.IDENTIFICATION_SOURCES,
      socialRegisterCategory: schemas.SOCIAL_REGISTER_CATEGORIES,
      housing: schemas.HOUSING_KINDS,
      utility: UTILITIES,
      sex: schemas.SEXES,
      relationship: schemas.RELATIONSHIPS,
      document: schemas.DOCUMENT_KINDS,
      disability: schemas.DISABILITY_GROUPS,
      schooling: schemas.SCHOOLING_KINDS,
      whereabouts: schemas.WHEREABOUTS_STATUSES,
      contactChannel: schemas.CONTACT_CHANNELS,
      vulnerability: schemas.VULNERABILITY_MARKERS,
      matchReason: schemas.MATCH_REASONS,
      country: MIGRATION_COUNTRIES,
    };
    const keys = [
      ...Object.entries(lists).flatMap(([list, codes]) => codes.map((code) => `enum.${list}.${code}`)),
      ...schemas.CONTACT_CHANNELS.map((channel) => `families.contactBy.${channel}`),
    ];
    expect(keys.filter((key) => !english.has(key))).toEqual([]);
  });

  it('every code of case work has its label', () => {
    const english = bundles.get('en')!;
    const lists: Record<string, readonly string[]> = {
      caseStatus: CASE_STATUSES,
      risk: RISK_LEVELS,
      urgency: URGENCIES,
      contactKind: CONTACT_KINDS,
      closureReason: CLOSURE_REASONS,
      approvalKind: APPROVAL_KINDS,
      taskStatus: TASK_STATUSES,
      due: DUE_CLASSES,
    };
    const keys = Object.entries(lists).flatMap(([list, codes]) => codes.map((code) => `enum.${list}.${code}`));
    expect(keys.filter((key) => !english.has(key))).toEqual([]);
  });

  it('Uzbek Cyrillic is written in Cyrillic, with its own letters ў қ ғ ҳ', () => {
    const cyrillic = [...bundles.get('uz-Cyrl')!.entries()].filter(([key]) => key.startsWith('families.') || key.startsWith('enum.'));
    const text = cyrillic.map(([, value]) => value).join(' ');
    for (const letter of ['ў', 'қ', 'ғ', 'ҳ']) expect(text).toContain(letter);
    // Codes (ID, CSV, FR, III) are capitals; a Latin word left untransliterated has lower-case letters.
    const latinWords = cyrillic.filter(([, value]) => /[a-z]{2,}/.test(value.replace(/\{\{\w+\}\}|Excel|family_ref|\.xlsx/g, '')));
    expect(latinWords).toEqual([]);
  });
});
