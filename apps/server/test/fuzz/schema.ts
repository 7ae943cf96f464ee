import fc from 'fast-check';

/**
 * Plausible values from a route's JSON schema (as the API document publishes it): the right types,
 * enum members, numbers in range, strings matching their pattern, references to real records, so that a
 * request with one bad part otherwise passes validation and reaches the service and the database.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  const?: unknown;
};

/** Ids of real records by kind, and the version of each (PATCH bodies send the version they read). */
export type Records = { ids: Record<string, string[]>; versions: Map<string, number> };

/** Which records a uuid field names, by the field's name. */
const REFERENCE: [RegExp, string][] = [
  [/^(to)?organisation(Id)?$/i, 'organisations'],
  [/family/i, 'families'],
  [/person/i, 'persons'],
  [/^caseId$/, 'cases'],
  [/user|supervisor|assignee|actor/i, 'users'],
  [/consent/i, 'consents'],
  [/service/i, 'services'],
  [/instrument/i, 'instruments'],
  [/planAction/i, 'plan_actions'],
  [/resentFrom/i, 'referrals'],
];

/** Values that pass the checks the document cannot show (dates, phone numbers), by field name. */
const NAMED: [RegExp, string][] = [
  [/^birthDate$/, '1985-04-01'],
  [/^(date|on|since|from|to|dueDate|reviewDate|targetDate)$/, '2026-01-15'],
  [/phone/i, '+998 91 000 11 22'],
  [/^password$/, 'long-enough-password-1'],
  [/^username$/, 'fuzzer'],
];

/** Candidate strings tried against a pattern before generating from it. */
const PATTERN_SAMPLES = [
  '1722226',
  '1722',
  '1722226-001',
  'Sinovov',
  'fuzzer',
  'education.enrolment',
  'UZ',
  'AB 1234567',
  '2026',
  'risk',
  '2026-01-15T10:00:00.000Z',
];

export function kinds(schema: JsonSchema): string[] {
  if (schema.type) return [schema.type].flat();
  if (schema.enum) return [...new Set(schema.enum.map((value) => (value === null ? 'null' : typeof value)))];
  if (schema.properties) return ['object'];
  return [];
}

/** The branches of a schema (its anyOf/oneOf), nulls last. */
export function branches(schema: JsonSchema): JsonSchema[] {
  const list = schema.anyOf ?? schema.oneOf;
  if (!list) return [schema];
  return [...list].sort((a, b) => Number(kinds(a).includes('null')) - Number(kinds(b).includes('null')));
}

export function isUuid(schema: JsonSchema): boolean {
  return schema.format === 'uuid';
}

export function uuidKind(name: string): string | undefined {
  return REFERENCE.find(([pattern]) => pattern.test(name))?.[1];
}

function patternOf(schema: JsonSchema): RegExp | undefined {
  if (!schema.pattern) return undefined;
  try {
    return new RegExp(schema.pattern, 'u');
  } catch {
    return undefined;
  }
}

function fit(value: string, schema: JsonSchema): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const long = value.length < min ? value.padEnd(min, 'a') : value;
  return long.length > max ? long.slice(0, max) : long;
}

function plausibleString(schema: JsonSchema, name: string, records: Records): fc.Arbitrary<string> {
  if (isUuid(schema)) {
    const kind = uuidKind(name);
    const ids = kind ? (records.ids[kind] ?? []) : [];
    return ids.length ? fc.constantFrom(...ids) : fc.uuid();
  }
  const pattern = patternOf(schema);
  if (pattern) {
    const sample = PATTERN_SAMPLES.find((candidate) => pattern.test(candidate));
    if (sample) return fc.constant(sample);
    try {
      return fc.stringMatching(pattern).filter((value) => value.length <= (schema.maxLength ?? 200));
    } catch {
      return fc.constant('x');
    }
  }
  const named = NAMED.find(([pattern]) => pattern.test(name))?.[1];
  if (named) return fc.constant(fit(named, schema));
  return fc.constantFrom('Sinov', 'Oila bilan suhbat', 'Тест', 'Ўғил').map((value) => fit(value, schema));
}

function plausibleNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? 0 : schema.exclusiveMinimum + 1);
  const max = Math.min(schema.maximum ?? min + 10, min + 10);
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
}

/**
 * A plausible value for `schema`, named `name` (the property it fills). Required properties are always
 * there, optional ones half of the time; nullable values are sometimes null.
 */
export function plausible(schema: JsonSchema, name: string, records: Records, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = branches(schema);
  if (options.length > 1) return plausible(options[0] as JsonSchema, name, records, depth);
  if (schema.allOf?.length) return plausible(schema.allOf[0] as JsonSchema, name, records, depth);
  const types = kinds(schema).filter((type) => type !== 'null');
  const type = types[0] ?? (kinds(schema).includes('null') ? 'null' : 'string');
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'string':
      return plausibleString(schema, name, records);
    case 'integer':
      return name === 'version' || name === 'otherVersion' ? fc.constant(1) : plausibleNumber(schema, true);
    case 'number':
      return plausibleNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? min + 2, min + 2);
      const item = schema.items ?? {};
      if (depth > 6) return fc.constant([]);
      return fc.array(plausible(item, name, records, depth + 1), { minLength: min, maxLength: max });
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(properties).map(([key, child]) => {
        const value = plausible(child, key, records, depth + 1);
        return [
          key,
          required.has(key) ? value.map((v) => ({ present: true, v })) : fc.record({ present: fc.boolean(), v: value }),
        ] as const;
      });
      return fc
        .tuple(...entries.map(([, arbitrary]) => arbitrary))
        .map((values) =>
          Object.fromEntries(values.flatMap((value, index) => (value.present ? [[entries[index]?.[0] as string, value.v] as const] : []))),
        );
    }
    default:
      return fc.constant('x');
  }
}

/** Every place in a body a value can go, with its schema: `members.0.surname`, `livingConditions.rooms`. */
export function placesOf(schema: JsonSchema, path: string[] = [], depth = 0): { path: string[]; schema: JsonSchema }[] {
  const here = path.length ? [{ path, schema }] : [];
  if (depth > 6) return here;
  const inner = branches(schema).flatMap((branch) => {
    const type = kinds(branch);
    if (branch.properties || type.includes('object'))
      return Object.entries(branch.properties ?? {}).flatMap(([key, child]) => placesOf(child, [...path, key], depth + 1));
    if (type.includes('array') && branch.items) return placesOf(branch.items, [...path, '0'], depth + 1);
    return [];
  });
  return [...here, ...inner];
}

/** The required properties of the objects along a body (the root's and nested ones), as paths. */
export function requiredPlaces(schema: JsonSchema, path: string[] = [], depth = 0): string[][] {
  if (depth > 6) return [];
  return branches(schema).flatMap((branch) => {
    if (!branch.properties) return branch.items ? requiredPlaces(branch.items, [...path, '0'], depth + 1) : [];
    return [
      ...(branch.required ?? []).map((key) => [...path, key]),
      ...Object.entries(branch.properties).flatMap(([key, child]) => requiredPlaces(child, [...path, key], depth + 1)),
    ];
  });
}

/** Sets `value` at `path` inside `body`, making the objects and arrays on the way. */
export function setAt(body: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const index = /^\d+$/.test(head) ? Number(head) : undefined;
  const container: Record<string, unknown> | unknown[] =
    body && typeof body === 'object' ? (Array.isArray(body) ? [...body] : { ...body }) : index === undefined ? {} : [];
  const current = (container as Record<string, unknown>)[head];
  (container as Record<string, unknown>)[head] = setAt(current, rest, value);
  return container;
}

export function deleteAt(body: unknown, path: string[]): unknown {
  if (!body || typeof body !== 'object' || !path.length) return body;
  const [head, ...rest] = path as [string, ...string[]];
  const copy = Array.isArray(body) ? [...body] : { ...(body as Record<string, unknown>) };
  if (!rest.length) delete (copy as Record<string, unknown>)[head];
  else (copy as Record<string, unknown>)[head] = deleteAt((copy as Record<string, unknown>)[head], rest);
  return copy;
}

export function getAt(body: unknown, path: string[]): unknown {
  let value = body;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
