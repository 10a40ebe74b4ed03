/**
 * Generated requests for one operation of the OpenAPI document: path parameters (real ids, absent
 * ids, hostile strings, broken percent-encodings), query strings (valid, boundary and hostile
 * values, unknown and repeated parameters) and bodies (the valid baseline, members replaced by
 * valid, boundary or hostile values, members missing, extra members, the wrong type of body,
 * malformed JSON, the wrong content type, a 100 kB string).
 *
 * Each case is then classified against the document (`classify`): `invalid` cases break the
 * documented schema, so the server must refuse them (4xx) and change nothing.
 */
import fc from 'fast-check';
import { branches, type JsonSchema, type Operation } from '../helpers/api.ts';
import {
  boundaryValue,
  HUGE,
  invalidValue,
  LONG_URL_PART,
  memberPaths,
  nastyString,
  schemaOf,
  validValue,
  withMember,
} from './arbitraries-from-schema.ts';
import type { OpenApiValidator } from './response-validator.ts';

export type ParamSpec = { name: string; required: boolean; schema: JsonSchema };

export type FuzzCase = {
  kind: string;
  /** Path parameter values, decoded; `raw` ones are sent as they are (percent-encodings). */
  pathValues: Record<string, { value: string; raw?: boolean }>;
  query: Array<[string, string]>;
  /** A query value with a broken percent-encoding (sent raw, not classified). */
  rawQuery?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  idempotencyKey?: string;
};

export type Classified = FuzzCase & { url: string; verdict: 'valid' | 'invalid' | 'unclassified' };

const BAD_ENCODINGS = ['%FF', '%ED%A0%80', '%C0%AF', '%', '%zz', '%00'];

const RAW_BODIES = [
  '{"a":',
  '{',
  '[',
  '{"x":1,}',
  "{'x':1}",
  '\u0000',
  'nul',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  '"\\ud800"',
];

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=b',
  'application/vnd.api+json',
  'application/octet-stream',
];

function pathValueArb(id: string | undefined): fc.Arbitrary<{ value: string; raw?: boolean }> {
  return fc.oneof(
    { weight: id ? 6 : 0, arbitrary: fc.constant({ value: id ?? '' }) },
    { weight: 3, arbitrary: fc.uuid({ version: [4, 7] }).map((value) => ({ value })) },
    {
      weight: 2,
      arbitrary: nastyString(LONG_URL_PART)
        .filter((x) => x.length > 0)
        .map((value) => ({ value })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ENCODINGS).map((value) => ({ value, raw: true })) },
  );
}

function queryValue(schema: JsonSchema, mode: 'valid' | 'boundary' | 'invalid'): fc.Arbitrary<string> {
  const arb =
    mode === 'valid'
      ? validValue(schema)
      : mode === 'boundary'
        ? boundaryValue(schema)
        : fc.oneof(
            nastyString(LONG_URL_PART),
            fc.constantFrom('abc', '-1', '1.5', '1e3', 'NaN', 'null', 'true'),
          );
  return arb.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

function queryArb(params: ParamSpec[]): fc.Arbitrary<Pick<FuzzCase, 'query' | 'rawQuery'>> {
  const one = (mode: 'valid' | 'boundary' | 'invalid') =>
    fc.tuple(
      ...params.map((p) => {
        const pair = queryValue(p.schema, mode).map((v): [string, string] => [p.name, v]);
        return p.required ? pair : fc.option(pair, { nil: undefined, freq: 2 });
      }),
    );
  const pairs = (mode: 'valid' | 'boundary' | 'invalid') =>
    one(mode).map((xs) => xs.filter((x): x is [string, string] => x !== undefined));
  const extras = fc.oneof(
    fc.constant<Array<[string, string]>>([]),
    fc.constant<Array<[string, string]>>([['bogus', '1']]),
    fc.constantFrom(...params.map((p) => p.name)).map(
      (n): Array<[string, string]> => [
        [n, '1'],
        [n, '2'],
      ],
    ),
  );
  return fc.oneof(
    { weight: 4, arbitrary: pairs('valid').map((query) => ({ query })) },
    { weight: 2, arbitrary: pairs('boundary').map((query) => ({ query })) },
    { weight: 3, arbitrary: fc.tuple(pairs('invalid'), extras).map(([a, b]) => ({ query: [...a, ...b] })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...params.map((p) => p.name)), fc.constantFrom(...BAD_ENCODINGS))
        .map(([n, e]) => ({ query: [], rawQuery: `${n}=${e}` })),
    },
  );
}

type BodyPart = Pick<FuzzCase, 'body' | 'raw' | 'contentType'> & { kind: string };

function bodyArb(base: Record<string, unknown>, schema: JsonSchema | undefined): fc.Arbitrary<BodyPart> {
  const paths = memberPaths(base, schema);
  const at = fc.constantFrom(...(paths.length ? paths : [['x']]));
  const replaced = (kind: string, valueFor: (s: JsonSchema | undefined) => fc.Arbitrary<unknown>) =>
    at.chain((p) => valueFor(schemaOf(schema, p)).map((v) => ({ kind, body: withMember(base, p, v) })));
  const strict = branches(schema).every((b) => b.additionalProperties === false);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'valid baseline', body: base }) },
    { weight: 4, arbitrary: replaced('valid member', validValue) },
    { weight: 1, arbitrary: validValue(schema).map((body) => ({ kind: 'valid from schema', body })) },
    { weight: 3, arbitrary: replaced('boundary member', boundaryValue) },
    { weight: 6, arbitrary: replaced('invalid member', invalidValue) },
    {
      weight: 2,
      arbitrary: at.map((p) => ({ kind: 'missing member', body: withMember(base, p, undefined, true) })),
    },
    {
      weight: strict ? 2 : 0,
      arbitrary: fc
        .tuple(
          fc.constantFrom('unexpected', 'balance', 'status', 'role', 'isAdmin'),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([k, v]) => ({ kind: 'extra member', body: { ...base, [k]: v } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<unknown>([], [base], 'hello', 42, true, null)
        .map((v) => ({ kind: 'body of another type', raw: JSON.stringify(v) })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((raw) => ({ kind: 'malformed JSON', raw })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...CONTENT_TYPES)
        .map((contentType) => ({ kind: 'wrong content type', raw: JSON.stringify(base), contentType })),
    },
    {
      weight: 1,
      arbitrary: at.map((p) => ({ kind: 'huge string', body: withMember(base, p, 'x'.repeat(HUGE)) })),
    },
  );
}

/** Requests for `op`: `base` is its valid body, `ids` real ids by path parameter name. */
export function casesFor(
  op: Operation,
  query: ParamSpec[],
  base: Record<string, unknown> | undefined,
  ids: Record<string, string>,
): fc.Arbitrary<FuzzCase> {
  const pathArb = fc.record(Object.fromEntries(op.pathParams.map((p) => [p, pathValueArb(ids[p])])));
  const q = query.length ? queryArb(query) : fc.constant({ query: [] as Array<[string, string]> });
  const b: fc.Arbitrary<BodyPart> =
    base !== undefined ? bodyArb(base, op.bodySchema) : fc.constant({ kind: 'no body' });
  const key =
    op.method === 'GET' ? fc.constant(undefined) : fc.option(fc.uuid(), { freq: 8, nil: undefined });
  return fc.tuple(pathArb, q, b, key).map(([pathValues, qs, body, idempotencyKey]) => ({
    pathValues,
    ...qs,
    ...body,
    idempotencyKey,
  }));
}

function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: its (invalid) UTF-8 bytes
  }
}

/** The URL of a case and whether it breaks the document (`alwaysInvalid`: e.g. an unsigned callback). */
export function classify(
  op: Operation,
  c: FuzzCase,
  query: ParamSpec[],
  pathSchemas: Record<string, JsonSchema>,
  v: OpenApiValidator,
  alwaysInvalid = false,
): Classified {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, p: string) => {
    const x = c.pathValues[p]!;
    return x.raw ? x.value : encode(x.value);
  });
  const qs = [...c.query.map(([k, x]) => `${encode(k)}=${encode(x)}`), ...(c.rawQuery ? [c.rawQuery] : [])];
  const url = path + (qs.length ? `?${qs.join('&')}` : '');
  const rawPath = Object.values(c.pathValues).some((x) => x.raw);
  const pathOk = op.pathParams.every((p) => {
    const x = c.pathValues[p]!;
    return x.raw || v.value(pathSchemas[p] ?? { type: 'string' }, x.value);
  });
  const queryObj: Record<string, unknown> = {};
  for (const [k, x] of c.query) queryObj[k] = k in queryObj ? [queryObj[k], x].flat() : x;
  const queryOk =
    query.length === 0 ||
    v.value(
      {
        type: 'object',
        properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
        required: query.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      },
      queryObj,
    );
  let bodyOk = true;
  if (c.raw !== undefined) bodyOk = false;
  else if (op.bodySchema) {
    const sent = c.body === undefined ? undefined : JSON.parse(JSON.stringify(c.body));
    bodyOk = sent === undefined ? !op.bodyRequired : v.body(op.method, op.path, sent);
  }
  const broken = alwaysInvalid || !pathOk || !queryOk || !bodyOk;
  // A broken percent-encoding alone is not judged: servers may decode it leniently.
  const verdict = broken ? 'invalid' : rawPath || c.rawQuery ? 'unclassified' : 'valid';
  return { ...c, url, verdict };
}
