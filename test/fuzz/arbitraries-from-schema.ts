/**
 * fast-check arbitraries derived from JSON schemas (the OpenAPI document's request bodies and
 * parameters): values that fit a schema, values at its boundaries, and hostile values — wrong
 * types, huge strings, every awkward kind of Unicode — placed anywhere in a body.
 */
import fc from 'fast-check';
import { branches, type JsonSchema } from '../helpers/api.ts';

/** 100 kB: over the app's 64 kB body limit once inside a body. */
export const HUGE = 100 * 1024;
/** Long, but under Node's 16 kB header limit once inside a URL. */
export const LONG_URL_PART = 6 * 1024;

/** Awkward Unicode: CJK, emoji (with ZWJ and skin tones), RTL, combining marks, NUL and other
 * controls, lone surrogates (JSON.stringify writes them escaped: "\ud800"), BOM, zero-widths. */
export const UNICODE_SAMPLES = [
  '张三李四',
  '中国工商银行股份有限公司',
  '𠀀𠀁𪚥',
  '😀👍🏽👨‍👩‍👧‍👦🏳️‍🌈',
  'مرحبا بالعالم',
  'שלום\u202Eevil\u202C',
  'e\u0301\u0302\u0303\u0304a\u0308',
  'Z̴̡̛̩͎̈́a̷l̵g̶o̸',
  'a\u0000b',
  '\u0000',
  '\u0007\u001b[31m\r\n',
  '\ud800',
  'x\udfffy',
  '\ufeffBOM',
  '\u200b\u200c\u200d\u2060',
  '\uffff\ufffe',
  '１２３．００',
  "' OR '1'='1",
  '../../etc/passwd',
  '%00%2e%2e%2f',
  `\${jndi:ldap://x}`, // Log4Shell's probe, as text
  '<script>alert(1)</script>',
  '   ',
  '',
];

const unicodeChunk = fc.constantFrom(...UNICODE_SAMPLES);

/** A hostile string: Unicode oddities, mixtures of them, or a huge one (`max` characters). */
export function nastyString(max = HUGE): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: unicodeChunk },
    { weight: 3, arbitrary: fc.array(unicodeChunk, { minLength: 2, maxLength: 6 }).map((a) => a.join('')) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('x', '中', '😀', 'a\u0301').map((c) => c.repeat(Math.ceil(max / c.length))),
    },
  );
}

/** A JSON value of a different type than anything `schema` allows (or any when unknown). */
export function wrongType(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const types = new Set(
    branches(schema).flatMap((b) => (Array.isArray(b.type) ? b.type : b.type ? [b.type] : [])),
  );
  if (types.has('integer')) types.add('number');
  const candidates: Array<[string, fc.Arbitrary<unknown>]> = [
    ['string', fc.oneof(fc.constant('not-a-number'), fc.constant('1'), nastyString(64))],
    ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(1e308, -0, 2 ** 53 + 1))],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 })],
  ];
  const wrong = candidates.filter(([t]) => !types.has(t)).map(([, a]) => a);
  return fc.oneof(...(wrong.length ? wrong : candidates.map(([, a]) => a)));
}

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, min + 40);
  if (s.format === 'uuid') return fc.uuid({ version: [4, 7] });
  if (s.format === 'date-time')
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (typeof s.pattern === 'string')
    return fc
      .stringMatching(new RegExp(s.pattern))
      .filter((x) => x.length >= min && (s.maxLength === undefined || x.length <= s.maxLength));
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc
      .string({ unit: 'grapheme', minLength: min, maxLength: max })
      .filter((x) => x.length <= (s.maxLength ?? 1e9)),
  );
}

/** A value that fits `schema` (best effort: the server's own rules beyond the schema aside). */
export function validValue(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const alts = branches(schema);
  if (alts.length > 1) return fc.oneof(...alts.map((a) => validValue(a, depth)));
  const s = alts[0] ?? {};
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : (s.type ?? (s.properties ? 'object' : undefined));
  switch (type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (depth > 4) return fc.constant([]);
      return fc.array(validValue(s.items, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 3, (s.minItems ?? 0) + 3),
      });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {}))
        props[k] = validValue(v, depth + 1);
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}

/** A value at an edge of `schema`: exact min/max lengths and bounds, one past them, empty. */
export function boundaryValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const s = branches(schema)[0] ?? {};
  const out: fc.Arbitrary<unknown>[] = [];
  const fill = (n: number) =>
    fc.constantFrom('x', '中', '😀', '0', ' ').map((c) => c.repeat(Math.ceil(n / c.length)).slice(0, n));
  if (s.type === 'string') {
    out.push(fc.constant(''));
    if (typeof s.minLength === 'number') out.push(fill(s.minLength), fill(Math.max(0, s.minLength - 1)));
    if (typeof s.maxLength === 'number') out.push(fill(s.maxLength), fill(s.maxLength + 1));
  }
  if (s.type === 'integer' || s.type === 'number') {
    for (const b of [s.minimum, s.maximum])
      if (typeof b === 'number') out.push(fc.constantFrom(b, b - 1, b + 1));
    out.push(fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 0.5));
  }
  if (s.type === 'array') {
    if (typeof s.maxItems === 'number') out.push(fc.constant(Array(s.maxItems + 1).fill(null)));
    out.push(fc.constant([]));
  }
  return out.length ? fc.oneof(...out) : validValue(s);
}

/** A hostile value for a place holding `schema`: wrong type, nasty string, or past a bound. */
export function invalidValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc.oneof(wrongType(schema), nastyString(), boundaryValue(schema));
}

/** Every path (keys) to a member of `value` or a property `schema` declares, nested. */
export function memberPaths(
  value: unknown,
  schema: JsonSchema | undefined,
  prefix: string[] = [],
): string[][] {
  const out: string[][] = [];
  const keys = new Set<string>();
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const k of Object.keys(value)) keys.add(k);
  for (const b of branches(schema)) for (const k of Object.keys(b.properties ?? {})) keys.add(k);
  if (prefix.length > 4) return out;
  for (const k of keys) {
    const here = [...prefix, k];
    out.push(here);
    const child = value && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
    const childSchema = branches(schema).find((b) => b.properties?.[k])?.properties?.[k];
    out.push(...memberPaths(child, childSchema, here));
  }
  return out;
}

/** A copy of `root` with the member at `path` set to `value` (or removed when `remove`). */
export function withMember(root: unknown, path: string[], value: unknown, remove = false): unknown {
  const out = structuredClone(root ?? {}) as Record<string, unknown>;
  let cur = out;
  for (const k of path.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object' || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
  return out;
}

/** The schema of the member at `path` (first branch that declares it). */
export function schemaOf(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  let cur = schema;
  for (const k of path) cur = branches(cur).find((b) => b.properties?.[k])?.properties?.[k];
  return cur;
}
