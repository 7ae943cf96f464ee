import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { PNG_BYTES } from '../../src/modules/attachments/test-fixtures.ts';
import {
  branches,
  deleteAt,
  getAt,
  isUuid,
  type JsonSchema,
  kinds,
  placesOf,
  plausible,
  type Records,
  requiredPlaces,
  setAt,
} from './schema.ts';

/**
 * Requests that must be refused, derived from each route's schema in the API document: a plausible
 * request (so that the rest of it passes validation and reaches the service) with one part made bad in a
 * way the contract refuses (400, 403, 404, 413 or 415), and some harmless noise around it.
 */

export type Actor = 'admin' | 'worker';

export type Operation = {
  /** `POST /api/cases/{id}/contacts` */
  key: string;
  method: string;
  path: string;
  params: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  /** The JSON body's schema; uploads carry a multipart form or CSV instead. */
  body?: JsonSchema;
  upload?: 'multipart' | 'csv';
};

type Document = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        consumes?: string[];
      }
    >
  >;
};

/** The routes of the API document, with what each takes. */
export function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const consumes = [...Object.keys(content), ...(op.consumes ?? [])];
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
        body: content['application/json']?.schema,
        upload: consumes.includes('text/csv') ? 'csv' : consumes.includes('multipart/form-data') ? 'multipart' : undefined,
      } satisfies Operation;
    }),
  );
}

/** A JSON fragment sent as written (numbers JSON can spell but JavaScript cannot hold, deep nesting). */
export class Raw {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item) => {
    if (item instanceof Raw) {
      raws.push(item.text);
      return `@@raw${raws.length - 1}@@`;
    }
    return item;
  });
  return (text ?? '').replace(/"@@raw(\d+)@@"/g, (_match, index) => raws[Number(index)] ?? 'null');
}

/** A request being built: the plausible parts first, then noise, then the one bad part. */
export type Draft = {
  actor: Actor;
  params: Record<string, string>;
  query: [string, string][];
  body: unknown;
  /** Sent instead of the JSON of `body`. */
  payload?: string | Buffer;
  headers: Record<string, string>;
  /** Send the session's CSRF token (unsafe methods). */
  csrf: boolean | string;
};

export type Change = { name: string; apply(draft: Draft): Draft };

export type FuzzCase = { op: Operation; draft: Draft; mutation: string };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Characters no text may hold (C0 and C1 controls, DEL, bidirectional overrides, lone surrogates). */
export const BAD_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009b',
  '\u009f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ud800',
  '\udfff',
];
/** The same in a URL: lone surrogates cannot be percent-encoded as UTF-8, so they are left out. */
const BAD_URL_CHARACTERS = BAD_CHARACTERS.filter((c) => !/[\ud800-\udfff]/.test(c));

const NOT_UUIDS = [
  'x',
  '1',
  '0',
  '-1',
  "' OR '1'='1",
  // Not '..': a client resolves that segment, and /api/persons/../care-arrangements is another route (a list).
  '...',
  'null',
  'undefined',
  '00000000-0000-0000-0000-00000000000g',
  '01a23c3c-164c-73a3-abc4-677d1371dce',
  '01a23c3c-164c-73a3-abc4-677d1371dce4a',
  '{01a23c3c-164c-73a3-abc4-677d1371dce4}',
  '01a23c3c164c73a3abc4677d1371dce4',
  ' 01a23c3c-164c-73a3-abc4-677d1371dce4',
  '01a23c3c-164c-73a3-abc4-677d1371dce4\u0000',
  'a'.repeat(5000),
];

const INT32 = 2 ** 31;

/** Numbers a field of `schema` must refuse: out of its range, out of an `integer` column, not whole, not finite. */
function badNumbers(schema: JsonSchema): unknown[] {
  const integer = kinds(schema).includes('integer');
  const min = schema.minimum ?? Number.NEGATIVE_INFINITY;
  const max = schema.maximum ?? Number.POSITIVE_INFINITY;
  const candidates: unknown[] = [
    INT32,
    -INT32 - 1,
    2 ** 53,
    new Raw('9007199254740993'),
    new Raw('1e309'),
    new Raw('-1e309'),
    new Raw('1e400'),
  ];
  if (Number.isFinite(max) && max < INT32) candidates.push(max + 1);
  if (Number.isFinite(min) && min > -INT32) candidates.push(min - 1);
  if (min >= 0) candidates.push(-1);
  if (integer) candidates.push(1.5, new Raw('1.0000000000000002'));
  return candidates;
}

/** Values of a JSON type the schema does not take. */
function wrongTypes(schema: JsonSchema): unknown[] {
  const taken = new Set(branches(schema).flatMap(kinds));
  if (!taken.size) return [];
  if (taken.has('integer')) taken.add('number');
  const all: [string, unknown][] = [
    ['string', 'NaN'],
    ['number', 7],
    ['boolean', true],
    ['null', null],
    ['array', [[]]],
    ['object', { a: 1 }],
  ];
  const wrong = all.filter(([type]) => !taken.has(type)).map(([, value]) => value);
  // Strings that read as numbers are no numbers in a JSON body.
  if (!taken.has('string') && (taken.has('number') || taken.has('boolean'))) wrong.push('1', 'Infinity', 'true', '');
  if (!taken.has('array')) wrong.push(deepArray(2000));
  if (!taken.has('object')) wrong.push(deepObject(2000));
  return wrong;
}

const deepArray = (depth: number) => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

function insertBad(value: string, character: string, at: number): string {
  const position = value.length ? at % (value.length + 1) : 0;
  return value.slice(0, position) + character + value.slice(position);
}

/** Places of the body whose parent object is in `body`, so that a bad value there is the only thing wrong. */
function reachable(places: { path: string[]; schema: JsonSchema }[], body: unknown) {
  const here = places.filter(({ path }) => path.length === 1 || (getAt(body, path.slice(0, -1)) ?? null) !== null);
  return here.length ? here : places;
}

function pick<T>(list: T[], index: number): T {
  return list[index % list.length] as T;
}

/** Bad values for the JSON body at some place of its schema. */
function bodyChanges(op: Operation): fc.Arbitrary<Change>[] {
  const schema = op.body;
  if (!schema) return [];
  const places = placesOf(schema);
  const strings = places.filter((p) => branches(p.schema).some((b) => kinds(b).includes('string')));
  const numbers = places.filter((p) => branches(p.schema).some((b) => kinds(b).some((k) => k === 'integer' || k === 'number')));
  const limited = strings.filter((p) => branches(p.schema).some((b) => b.maxLength !== undefined && b.maxLength < 20_000));
  const enums = places.filter(
    (p) => branches(p.schema).some((b) => b.enum) && !branches(p.schema).some((b) => !b.enum && kinds(b).includes('string')),
  );
  const required = requiredPlaces(schema);
  const changes: fc.Arbitrary<Change>[] = [];
  const at = (
    list: { path: string[]; schema: JsonSchema }[],
    name: string,
    value: (place: { path: string[]; schema: JsonSchema }, draft: Draft, n: number) => unknown,
  ) =>
    list.length
      ? fc.record({ index: fc.nat(), n: fc.nat() }).map(
          ({ index, n }): Change => ({
            name,
            apply: (draft) => {
              const place = pick(reachable(list, draft.body), index);
              const bad = value(place, draft, n);
              return { ...draft, body: setAt(draft.body, place.path, bad) };
            },
          }),
        )
      : undefined;
  const add = (change: fc.Arbitrary<Change> | undefined) => change && changes.push(change);
  add(
    at(
      places.filter((p) => wrongTypes(p.schema).length),
      'wrong type',
      (place, _draft, n) => pick(wrongTypes(place.schema), n),
    ),
  );
  add(at(numbers, 'number out of range', (place, _draft, n) => pick(badNumbers(place.schema), n)));
  add(
    at(strings, 'control or bidi character', (place, draft, n) => {
      const current = getAt(draft.body, place.path);
      return insertBad(typeof current === 'string' ? current : 'Sinov', pick(BAD_CHARACTERS, n), n >> 4);
    }),
  );
  add(at(limited, 'too long', (place) => 'a'.repeat(Math.max(...branches(place.schema).map((b) => b.maxLength ?? 0)) + 1)));
  add(
    at(enums, 'not one of the choices', (place, draft, n) => {
      const current = String(getAt(draft.body, place.path) ?? 'x');
      return pick([current.toUpperCase() === current ? `${current}X` : current.toUpperCase(), `${current} `, `${current}\u0000`], n);
    }),
  );
  if (required.length)
    add(
      fc.nat().map(
        (index): Change => ({
          name: 'required field missing',
          apply: (draft) => {
            const path = pick(required, index);
            const parent = path.slice(0, -1);
            const present = !parent.length || (getAt(draft.body, parent) ?? null) !== null;
            return { ...draft, body: present ? deleteAt(draft.body, path) : setAt(draft.body, parent, {}) };
          },
        }),
      ),
    );
  add(
    fc
      .constantFrom<unknown>(null, [], 'x', 0, true, deepArray(10_000), deepArray(100_000))
      .map((value): Change => ({ name: 'body of the wrong shape', apply: (draft) => ({ ...draft, body: value }) })),
  );
  // Field names are text too: an unknown field is dropped, but not before its name is read.
  add(
    fc.record({ character: fc.constantFrom(...BAD_CHARACTERS), nested: fc.boolean() }).map(
      ({ character, nested }): Change => ({
        name: 'control or bidi character in a field name',
        apply: (draft) => ({ ...draft, body: setAt(draft.body, nested ? ['extra', `na${character}me`] : [`na${character}me`], 1) }),
      }),
    ),
  );
  add(
    fc.constant<Change>({
      name: 'body over the size limit',
      apply: (draft) => ({ ...draft, body: setAt(draft.body, ['padding'], 'a'.repeat(1_100_000)) }),
    }),
  );
  // Text that is no JSON object: the JSON schema refuses a string.
  add(
    fc.constantFrom('text/plain', 'text/plain; charset=utf-8').map(
      (type): Change => ({
        name: 'plain text body',
        apply: (draft) => ({ ...draft, payload: toJson(draft.body), headers: { ...draft.headers, 'content-type': type } }),
      }),
    ),
  );
  add(
    fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=x').map(
      (type): Change => ({
        name: 'JSON sent as multipart',
        apply: (draft) => ({ ...draft, payload: toJson(draft.body), headers: { ...draft.headers, 'content-type': type } }),
      }),
    ),
  );
  return changes;
}

/** Bodies no parser takes, or in a charset other than UTF-8: for every route that takes a body. */
function mediaChanges(op: Operation): fc.Arbitrary<Change>[] {
  if (!UNSAFE.has(op.method)) return [];
  const json = (draft: Draft) => (draft.payload === undefined ? toJson(draft.body ?? {}) : draft.payload);
  return [
    fc.constantFrom('application/xml', 'image/png', 'application/x-www-form-urlencoded', 'application/octet-stream', 'x/y').map(
      (type): Change => ({
        name: 'unsupported media type',
        apply: (draft) => ({ ...draft, payload: '<a/>', headers: { ...draft.headers, 'content-type': type } }),
      }),
    ),
    fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", 'NaN', '{"a":1}}', '', '\u0000', '{"a":"\\ud800"}', '{"a":"\\x"}').map(
      (text): Change => ({
        name: 'broken JSON',
        apply: (draft) => ({ ...draft, payload: text, headers: { ...draft.headers, 'content-type': 'application/json' } }),
      }),
    ),
    fc
      .record({
        charset: fc.constantFrom(
          'utf-16le',
          'utf-16',
          'UTF-16BE',
          'latin1',
          'iso-8859-1',
          'windows-1251',
          'shift_jis',
          'x-unknown',
          '"utf-16le"',
        ),
        utf16: fc.boolean(),
      })
      .map(
        ({ charset, utf16 }): Change => ({
          name: 'charset other than UTF-8',
          apply: (draft) => {
            const text = json(draft);
            const type = op.upload === 'csv' ? 'text/csv' : 'application/json';
            return {
              ...draft,
              payload: utf16 ? Buffer.from(String(text), 'utf16le') : text,
              headers: { ...draft.headers, 'content-type': `${type}; charset=${charset}` },
            };
          },
        }),
      ),
    ...(op.key === 'POST /api/auth/login' ? [] : [csrfChange]),
  ];
}

/** Signing in takes no CSRF token (a stale session cookie must never block it); every other change does. */
const csrfChange = fc
  .constantFrom('wrong', '', 'other-user')
  .map((token): Change => ({ name: 'CSRF token wrong or missing', apply: (draft) => ({ ...draft, csrf: token === '' ? false : token }) }));

/** Bad values for the path parameters: no uuid (400), or the id of nothing (404). */
function pathChanges(op: Operation): fc.Arbitrary<Change>[] {
  return op.params.map((param) => {
    const values = isUuid(param.schema)
      ? fc.oneof(
          fc.constantFrom(...NOT_UUIDS),
          fc.constantFrom(...BAD_URL_CHARACTERS).map((c) => `01a23c3c-164c-73a3-abc4-677d1371dce4${c}`),
          fc.uuid({ version: [4, 7] }),
          fc.constant('00000000-0000-0000-0000-000000000000'),
        )
      : fc.constantFrom('x', 'caseload.pdf', '../audit', 'CASELOAD', 'caseload\u0000', 'risk.csv.xlsx', 'a'.repeat(3000));
    return values.map(
      (value): Change => ({
        name: `path ${param.name}`,
        apply: (draft) => ({ ...draft, params: { ...draft.params, [param.name]: value } }),
      }),
    );
  });
}

/** Values the query parameter `schema` must refuse. */
function badQueryValues(name: string, schema: JsonSchema): string[] {
  const options = branches(schema).filter((b) => !kinds(b).includes('null'));
  const values = new Set<string>(BAD_URL_CHARACTERS.map((c) => `a${c}`));
  const types = options.flatMap(kinds);
  if (options.some((b) => b.maxLength !== undefined)) values.add('a'.repeat(Math.max(...options.map((b) => b.maxLength ?? 0)) + 1));
  if (types.includes('integer') || types.includes('number')) {
    const schemaOf = options.find((b) => kinds(b).some((k) => k === 'integer' || k === 'number')) ?? {};
    for (const value of badNumbers(schemaOf)) values.add(value instanceof Raw ? value.text : String(value));
    for (const value of ['NaN', 'abc', 'Infinity', '-Infinity', '1e309', '12abc']) values.add(value);
  } else if (options.every((b) => b.enum || isUuid(b) || b.pattern)) {
    values.add('x');
    values.add('!');
    values.add('1'.repeat(300));
    if (options.some(isUuid)) for (const value of NOT_UUIDS.slice(0, 12)) values.add(value);
  } else if (name === 'from' || name === 'to') {
    for (const value of ['not-a-date', '2026-02-30', '2026-13-01', '+275760-09-13', '26-01-01']) values.add(value);
  } else if (name === 'dryRun' || name === 'includeInactive' || name === 'overdue') {
    for (const value of ['maybe', '2', 'yes please']) values.add(value);
  }
  return [...values];
}

/** Bad query parameters: wrong values, repeated parameters, tampered cursors. */
function queryChanges(op: Operation, cursors: Record<string, string>): fc.Arbitrary<Change>[] {
  return op.query.map((param) => {
    const set = (draft: Draft, values: string[]): Draft => ({
      ...draft,
      query: [...draft.query.filter(([key]) => key !== param.name), ...values.map((value) => [param.name, value] as [string, string])],
    });
    const bad = param.name === 'cursor' ? tamperedCursors(cursors[op.key]) : fc.constantFrom(...badQueryValues(param.name, param.schema));
    return fc.oneof(
      bad.map((value): Change => ({ name: `query ${param.name}`, apply: (draft) => set(draft, [value]) })),
      fc.constant<Change>({ name: `query ${param.name} repeated`, apply: (draft) => set(draft, ['1', '2']) }),
    );
  });
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Cursors of the right shape with values of the wrong type or form, and garbage. */
function tamperedCursors(real: string | undefined): fc.Arbitrary<string> {
  const garbage = fc.oneof(
    fc.constantFrom(
      '!!!',
      '%',
      'a',
      '====',
      base64url('[]'),
      base64url('"x"'),
      base64url('null'),
      base64url('{}'),
      base64url('1'),
      base64url('{"id":5}'),
    ),
    fc.uint8Array({ minLength: 1, maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  );
  if (!real) return garbage;
  const key = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as Record<string, unknown>;
  const names = Object.keys(key);
  const wrong = (value: unknown): unknown[] => {
    if (typeof value === 'number') return [String(value), -1, 1.5, 1e300, null, true, [value], { value }];
    const text = String(value);
    const shaped = /^[0-9a-f-]{36}$/i.test(text) || /^\d{4}-\d\d-\d\d/.test(text);
    return [5, null, false, [text], { text }, `${text}\u0000`, `${text}\u202e`, ...(shaped ? ['x', '9999-99-99', '', `${text}x`] : [])];
  };
  const tampered = fc.record({ index: fc.nat(), n: fc.nat() }).map(({ index, n }) => {
    const name = pick(names, index);
    return base64url(JSON.stringify({ ...key, [name]: pick(wrong(key[name]), n) }));
  });
  const missing = fc.nat().map((index) => {
    const copy = { ...key };
    delete copy[pick(names, index)];
    return base64url(JSON.stringify(copy));
  });
  return fc.oneof(tampered, missing, garbage);
}

/** Multipart forms that are broken, and file names no text may hold. */
function uploadChanges(op: Operation): fc.Arbitrary<Change>[] {
  if (op.upload !== 'multipart') return [];
  return [
    fc.record({ cut: fc.nat(), form: fc.constantFrom('no boundary', 'cut short', 'other boundary', 'empty', 'no file') }).map(
      ({ cut, form }): Change => ({
        name: `multipart ${form}`,
        apply: (draft) => {
          const payload = Buffer.from(draft.payload ?? '');
          const type = draft.headers['content-type'] ?? '';
          if (form === 'no boundary') return { ...draft, headers: { ...draft.headers, 'content-type': 'multipart/form-data' } };
          if (form === 'other boundary') return { ...draft, headers: { ...draft.headers, 'content-type': `${type}x` } };
          if (form === 'empty') return { ...draft, payload: '' };
          if (form === 'no file') return { ...draft, payload: `--${BOUNDARY}--\r\n` };
          return { ...draft, payload: payload.subarray(0, cut % Math.max(1, payload.length - 30)) };
        },
      }),
    ),
    fc.constantFrom(...BAD_URL_CHARACTERS).map(
      (character): Change => ({
        name: 'file name with a control or bidi character',
        apply: (draft) => ({
          ...draft,
          payload: uploadBody(op, `invoice${character}gpj.png`).payload,
          headers: { ...draft.headers, ...uploadBody(op, '').headers },
        }),
      }),
    ),
  ];
}

const BOUNDARY = '----hamkorfuzz';

function uploadBody(op: Operation, fileName: string): { payload: Buffer; headers: Record<string, string> } {
  const csv = op.path.includes('imports');
  const data = csv
    ? Buffer.from(
        'family_ref,district_code,address,identification_source,surname,given_name,sex,relationship\nA1,1722226,Navbahor MFY,school,Sinovov,Alisher,male,head\n',
      )
    : PNG_BYTES;
  const name = fileName || (csv ? 'oilalar.csv' : 'hujjat.png');
  const payload = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${csv ? 'text/csv' : 'image/png'}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

/** Harmless additions: unknown fields, ids in capitals, odd headers. None of them may turn a refusal into a success. */
function noise(op: Operation): fc.Arbitrary<Change> {
  const options: fc.Arbitrary<Change>[] = [
    fc.constantFrom('xx', '*', 'ru;q=NaN', 'a'.repeat(2000), 'uz-Cyrl, en;q=0.5', 'kaa-XX', ';;;').map(
      (value): Change => ({
        name: 'odd Accept-Language',
        apply: (draft) => ({ ...draft, headers: { ...draft.headers, 'accept-language': value } }),
      }),
    ),
    fc.constantFrom('not an address', '::1, 10.0.0.1, x', '1.2.3.4'.repeat(500)).map(
      (value): Change => ({
        name: 'odd X-Forwarded-For',
        apply: (draft) => ({ ...draft, headers: { ...draft.headers, 'x-forwarded-for': value } }),
      }),
    ),
  ];
  if (op.params.length)
    options.push(
      fc.constant<Change>({
        name: 'ids in capitals',
        apply: (draft) => ({ ...draft, params: Object.fromEntries(Object.entries(draft.params).map(([k, v]) => [k, v.toUpperCase()])) }),
      }),
    );
  if (op.body)
    options.push(
      fc
        .constantFrom<[string, unknown]>(
          ['extra', 1],
          ['isAdmin', true],
          ['id', '01a23c3c-164c-73a3-abc4-677d1371dce4'],
          ['createdAt', '2020-01-01'],
          ['nested', { a: [1, { b: null }] }],
          ['ключ', 'қиймат'],
        )
        .map(
          ([key, value]): Change => ({ name: 'unknown field', apply: (draft) => ({ ...draft, body: setAt(draft.body, [key], value) }) }),
        ),
    );
  return fc.oneof(...options);
}

/** The path parameters of a plausible request: real records of the kind the path names. */
function paramsOf(op: Operation, records: Records): fc.Arbitrary<Record<string, string>> {
  if (!op.params.length) return fc.constant({});
  if (op.params.some((p) => p.name === 'actionId')) {
    const pairs = records.ids.plan_action_pairs ?? [];
    return pairs.length
      ? fc.constantFrom(...pairs).map((pair) => {
          const [id = '', actionId = ''] = pair.split(' ');
          return { id, actionId };
        })
      : fc.record({ id: fc.uuid(), actionId: fc.uuid() });
  }
  return fc.record(
    Object.fromEntries(
      op.params.map((param) => {
        if (!isUuid(param.schema)) return [param.name, plausible(param.schema, param.name, records) as fc.Arbitrary<string>];
        const segments = op.path.split('/');
        const kind = segments[segments.indexOf(`{${param.name}}`) - 1] ?? '';
        const ids = records.ids[kind] ?? [];
        return [param.name, ids.length ? fc.constantFrom(...ids) : fc.uuid()];
      }),
    ),
  );
}

const PLAUSIBLE_QUERY: Record<string, string> = {
  district: '1722226',
  region: '1722',
  territory: '1722',
  dryRun: 'true',
  from: '2026-01-01',
  to: '2026-06-30',
};

function queryOf(op: Operation, records: Records): fc.Arbitrary<[string, string][]> {
  const entries = op.query
    .filter((param) => param.name !== 'cursor')
    .map((param) => {
      const known = PLAUSIBLE_QUERY[param.name];
      const value = known !== undefined ? fc.constant(known) : plausible(param.schema, param.name, records).map((v) => String(v));
      return fc
        .record({ present: param.required || param.name === 'dryRun' ? fc.constant(true) : fc.boolean(), value })
        .map(({ present, value: v }) => (present ? [[param.name, v] as [string, string]] : []));
    });
  return fc.tuple(...entries).map((lists) => lists.flat());
}

/** Every bad part a route can be sent, or nothing when it takes no input at all. */
export function changesOf(op: Operation, cursors: Record<string, string>): fc.Arbitrary<Change>[] {
  return [...bodyChanges(op), ...mediaChanges(op), ...pathChanges(op), ...queryChanges(op, cursors), ...uploadChanges(op)];
}

/** Cases for one route: a plausible request, up to two harmless additions, and one bad part. */
export function casesOf(op: Operation, records: Records, cursors: Record<string, string>): fc.Arbitrary<FuzzCase> | undefined {
  const changes = changesOf(op, cursors);
  if (!changes.length) return undefined;
  const body = op.body ? plausible(op.body, 'body', records) : fc.constant(undefined);
  return fc
    .record({
      actor: fc.constantFrom<Actor>('admin', 'worker'),
      params: paramsOf(op, records),
      query: queryOf(op, records),
      body,
      noise: fc.array(noise(op), { maxLength: 2 }),
      change: fc.oneof(...changes),
    })
    .map(({ actor, params, query, body: plausibleBody, noise: extras, change }) => {
      let draft: Draft = { actor, params, query, body: plausibleBody, headers: {}, csrf: UNSAFE.has(op.method) };
      if (op.upload === 'multipart') draft = { ...draft, ...uploadBody(op, '') };
      if (op.upload === 'csv')
        draft = { ...draft, payload: 'code,name_uz_latn\n1722226-090,Sinov\n', headers: { 'content-type': 'text/csv' } };
      // A change sends the version it read, so that it is refused for its bad part and not as stale.
      const recordId = params.id;
      if (draft.body && typeof draft.body === 'object' && 'version' in draft.body && recordId) {
        const version = records.versions.get(params.actionId ?? recordId);
        if (version) draft = { ...draft, body: { ...draft.body, version } };
      }
      for (const extra of extras) draft = extra.apply(draft);
      draft = change.apply(draft);
      return { op, draft, mutation: [...extras.map((e) => e.name), change.name].join(' + ') };
    });
}

/** The request a draft stands for, with the actor's session. */
export function injectOf(op: Operation, draft: Draft, session: { cookie: string; csrfToken: string }, otherToken: string): InjectOptions {
  const path = op.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(draft.params[name] ?? ''));
  const query = draft.query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  const headers: Record<string, string> = { ...draft.headers, cookie: session.cookie };
  if (draft.csrf === true) headers['x-csrf-token'] = session.csrfToken;
  else if (draft.csrf === 'other-user') headers['x-csrf-token'] = otherToken;
  else if (typeof draft.csrf === 'string') headers['x-csrf-token'] = draft.csrf;
  const options: InjectOptions = { method: op.method as InjectOptions['method'], url: query ? `${path}?${query}` : path, headers };
  if (draft.payload !== undefined) options.payload = draft.payload;
  else if (draft.body !== undefined) {
    options.payload = toJson(draft.body);
    headers['content-type'] ??= 'application/json';
  }
  return options;
}
