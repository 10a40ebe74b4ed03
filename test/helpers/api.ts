/**
 * Helpers for the API-level correctness tests (apps/server/src/api-tests): real-HTTP calls, the
 * OpenAPI document as the list of endpoints, sample bodies generated from its schemas, and
 * database probes (row counts, ledger totals, balances).
 */
import { randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { expect } from 'vitest';
import type { TestServer } from './server.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of arbitrary shape, inspected by the tests
export type Json = any;

export type HttpResult = {
  status: number;
  headers: Headers;
  /** The raw body, byte for byte as the server sent it (decoded as UTF-8). */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: Json;
};

export type CallOptions = {
  token?: string;
  /** Serialised as JSON (content-type application/json) unless `raw` is given. */
  body?: unknown;
  /** Sent as-is: a string, or a stream (sent chunked, without content-length). */
  raw?: string | ReadableStream<Uint8Array>;
  contentType?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
};

/** One request over real HTTP (a real socket to the listening server). */
export async function call(
  s: TestServer,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey !== undefined) headers['idempotency-key'] = opts.idempotencyKey;
  let body: string | ReadableStream<Uint8Array> | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
  if (body instanceof ReadableStream) init.duplex = 'half';
  const res = await fetch(s.url + path, init);
  const text = await res.text();
  let json: Json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Runs `n` calls at once and waits for all of them. */
export function parallel<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
}

/** Counts results by `status code` ("201", "422 DAILY_LIMIT_EXCEEDED", …). */
export function tally(results: HttpResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const k = r.status < 300 ? String(r.status) : `${r.status} ${r.json?.code ?? '?'}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Unique, valid mainland mobile numbers: `prefix` (e.g. "139") followed by a counter. */
export function phoneSource(prefix: string): () => string {
  if (!/^1[3-9]\d{0,5}$/.test(prefix)) throw new Error(`bad phone prefix ${prefix}`);
  let n = 0;
  return () => {
    n++;
    return `${prefix}${String(n).padStart(11 - prefix.length, '0')}`;
  };
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** The error contract: a 4xx with a JSON body {code, message[, details]}, code in UPPER_SNAKE_CASE. */
export function expectClientError(r: HttpResult, label: string, code?: string): void {
  expect(r.status, `${label}: ${r.status} ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${label}: ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.headers.get('content-type') ?? '', `${label}: content-type`).toMatch(/^application\/json/);
  expect(r.json, `${label}: body is not JSON: ${r.text.slice(0, 200)}`).toBeTypeOf('object');
  expect(r.json, label).not.toBeNull();
  expect(Object.keys(r.json).sort(), `${label}: error body keys`).toEqual(
    'details' in r.json ? ['code', 'details', 'message'] : ['code', 'message'],
  );
  expect(r.json.code, `${label}: code`).toMatch(UPPER_SNAKE);
  expect(typeof r.json.message, `${label}: message`).toBe('string');
  expect(r.json.message.length, `${label}: message`).toBeGreaterThan(0);
  if (code !== undefined) expect(r.json.code, `${label}: ${r.text.slice(0, 300)}`).toBe(code);
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document as the list of endpoints
// ---------------------------------------------------------------------------------------------

export type JsonSchema = Record<string, Json>;

export type Operation = {
  method: string;
  /** OpenAPI form: /v1/wallets/{walletId} */
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  /** Declares `security` (a session is needed). */
  secured: boolean;
  /** Whose credential it takes: a customer's session, a staff member's (back-office), a merchant's
   * API key (server-to-server), or none. */
  audience: 'customer' | 'staff' | 'merchant' | 'public';
  bodySchema: JsonSchema | undefined;
  bodyRequired: boolean;
};

export async function openApiDocument(s: TestServer): Promise<Json> {
  const r = await s.app.inject({ method: 'GET', url: '/openapi.json' });
  if (r.statusCode !== 200) throw new Error(`GET /openapi.json: ${r.statusCode}`);
  return r.json();
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export async function operations(s: TestServer): Promise<Operation[]> {
  const doc = await openApiDocument(s);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params: Json[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
      const body = op.requestBody?.content?.['application/json'];
      const schemes: string[] = (op.security ?? doc.security ?? []).flatMap((x: Json) => Object.keys(x));
      ops.push({
        audience: schemes.includes('staffSession')
          ? 'staff'
          : schemes.includes('merchantKey')
            ? 'merchant'
            : schemes.length > 0
              ? 'customer'
              : 'public',
        method: m.toUpperCase(),
        path,
        pathParams,
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        secured: Array.isArray(op.security ?? doc.security) && (op.security ?? doc.security).length > 0,
        bodySchema: body?.schema,
        bodyRequired: !!op.requestBody?.required,
      });
    }
  }
  return ops;
}

export const opLabel = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

/** Substitutes path parameters: /v1/wallets/{walletId} + {walletId: x} → /v1/wallets/x */
export function fillPath(path: string, values: (param: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_, p: string) => encodeURIComponent(values(p)));
}

/** The collection a path parameter belongs to: /v1/topups/{id}/cancel, "id" → "topups". */
export function resourceOf(path: string, param: string): string {
  const segs = path.split('/');
  const i = segs.indexOf(`{${param}}`);
  return i > 0 ? segs[i - 1]! : '';
}

/** Public endpoints: everything else must refuse a request without a valid session. */
export const PUBLIC_OPERATIONS = new Set([
  'POST /v1/auth/signup',
  'POST /v1/auth/signup/verify-phone',
  'POST /v1/auth/login',
  'POST /v1/auth/login/sms/send',
  'POST /v1/auth/login/sms',
  'POST /v1/staff/auth/login',
  'POST /v1/auth/passkey/options',
  'POST /v1/auth/passkey',
  'POST /v1/callbacks/card-network',
]);

// ---------------------------------------------------------------------------------------------
// Sample bodies from JSON schemas
// ---------------------------------------------------------------------------------------------

/** A Luhn-valid 16-digit UnionPay-style test card number. */
export function testPan(prefix = '622202020011223'): string {
  const digits = prefix.split('').map(Number);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i]!;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return prefix + String((10 - (sum % 10)) % 10);
}

export type SampleHints = {
  /** Values by property name (checked first, case-insensitive). */
  byName?: Record<string, unknown>;
};

const NAME_HINTS: Array<[RegExp, string[]]> = [
  [/pan|card_?number|cardno|^number$/i, [TEST_CARDS.approve, testPan()]],
  [/expir|expiry|valid_?thru/i, [TEST_CARD_EXPIRY, '12/39', '1239', '2039-12', '12/2039']],
  [/cvv|cvc|security_?code/i, ['123']],
  [/holder|name/i, ['张三', 'Zhang San']],
  [/bank/i, ['ICBC', '中国工商银行']],
  [/phone|mobile/i, ['13900000000']],
  [/password|pin/i, ['correct horse battery', '123456']],
  [/currency/i, ['CNY']],
  [/^amount$/i, ['10.00']],
  [/note|memo|description/i, ['api test']],
];

/** Resolves the first alternative of anyOf/oneOf/allOf that is not null. */
export function branches(schema: JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  const alts = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alts)) return alts.flatMap((a: JsonSchema) => branches(a));
  if (Array.isArray(schema.allOf)) return [Object.assign({}, ...schema.allOf)];
  return [schema];
}

function typeOf(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x: string) => x !== 'null');
  if (t) return t;
  if (schema.properties) return 'object';
  if (schema.enum) return typeof schema.enum[0];
  if ('const' in schema) return typeof schema.const;
  return undefined;
}

function fits(schema: JsonSchema, v: string): boolean {
  if (schema.pattern && !new RegExp(schema.pattern).test(v)) return false;
  if (schema.minLength !== undefined && v.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && v.length > schema.maxLength) return false;
  return true;
}

/** A plausible valid value for a schema (required properties only, plus hinted optional ones). */
export function sample(schema: JsonSchema | undefined, hints: SampleHints = {}, name = ''): unknown {
  const alts = branches(schema).filter((b) => b.type !== 'null');
  const s = alts[0] ?? {};
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.default !== undefined) return s.default;
  for (const [k, v] of Object.entries(hints.byName ?? {}))
    if (k.toLowerCase() === name.toLowerCase()) return v;
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props: Record<string, JsonSchema> = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      for (const [k, ps] of Object.entries(props)) {
        const hinted = Object.keys(hints.byName ?? {}).some((h) => h.toLowerCase() === k.toLowerCase());
        if (required.has(k) || hinted) out[k] = sample(ps, hints, k);
      }
      return out;
    }
    case 'array':
      return s.minItems ? Array.from({ length: s.minItems }, () => sample(s.items, hints, name)) : [];
    case 'integer':
    case 'number':
      return Math.max(
        typeof s.minimum === 'number' ? s.minimum : 1,
        typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1,
      );
    case 'boolean':
      return true;
    case 'string': {
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date().toISOString();
      for (const [re, candidates] of NAME_HINTS) {
        if (!re.test(name)) continue;
        const c = candidates.find((x) => fits(s, x));
        if (c !== undefined) return c;
      }
      const fallback = ['test', 'x', '1', '01', '123456'].find((x) => fits(s, x));
      return fallback ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
    default:
      return 'x';
  }
}

/** The schema of the property at `path` inside `schema`, choosing union branches that have it. */
export function schemaAt(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  let cur: JsonSchema | undefined = schema;
  for (const key of path) {
    if (!cur) return undefined;
    const alts = branches(cur);
    const next: JsonSchema | undefined = /^\d+$/.test(key)
      ? alts.find((a) => a.items)?.items
      : alts.find((a) => a.properties?.[key])?.properties?.[key];
    cur = next;
  }
  return cur;
}

/** Whether the schema at some place accepts a JSON value of this kind. */
export function accepts(
  schema: JsonSchema | undefined,
  kind: 'null' | 'number' | 'string' | 'array' | 'object' | 'boolean',
): boolean {
  if (!schema || Object.keys(schema).length === 0) return true; // unconstrained
  return branches(schema).some((b) => {
    const t = b.type;
    if (t === undefined) return kind === 'object' ? !!b.properties : false;
    const ts: string[] = Array.isArray(t) ? t : [t];
    return ts.includes(kind) || (kind === 'number' && ts.includes('integer'));
  });
}

/** Whether `key` is required in the object schema at `parent` (every branch having it requires it). */
export function isRequired(parent: JsonSchema | undefined, key: string): boolean {
  const withKey = branches(parent).filter((b) => b.properties?.[key]);
  return withKey.length > 0 && withKey.every((b) => (b.required ?? []).includes(key));
}

// ---------------------------------------------------------------------------------------------
// Database probes
// ---------------------------------------------------------------------------------------------

/**
 * Row counts for `tables` ("customers", or "sessions WHERE revoked_at IS NOT NULL"); tables that
 * do not exist (yet) are left out.
 */
export async function countRows(s: TestServer, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const table = t.split(' ')[0]!;
    const { rows } = await s.db.pool.query('SELECT to_regclass($1) AS r', [`public.${table}`]);
    if (!rows[0].r) continue;
    const r = await s.db.pool.query(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = r.rows[0].n;
  }
  return out;
}

/** Ledger rows whose totals do not balance (must always be empty). */
export async function ledgerImbalances(s: TestServer): Promise<Json[]> {
  const { rows } = await s.db.pool.query('SELECT * FROM ledger_totals');
  expect(rows.length).toBeGreaterThan(0);
  return rows.filter((r) => BigInt(r.posted_imbalance) !== 0n || BigInt(r.pending_imbalance) !== 0n);
}

/** A wallet's CNY balance in minor units, straight from the ledger (posted, available). */
export async function walletBalance(
  s: TestServer,
  walletId: string,
): Promise<{ posted: bigint; available: bigint }> {
  const { rows } = await s.db.pool.query(
    `SELECT a.credits_posted, a.debits_posted, a.debits_pending FROM wallet_accounts w
       JOIN ledger_accounts a ON a.id = w.account_id WHERE w.wallet_id = $1 AND w.currency = 'CNY'`,
    [walletId],
  );
  const r = rows[0];
  if (!r) throw new Error(`no CNY account for wallet ${walletId}`);
  const posted = BigInt(r.credits_posted) - BigInt(r.debits_posted);
  return { posted, available: posted - BigInt(r.debits_pending) };
}

/** P2P ledger postings (code 1) sent from a wallet. */
export async function p2pSentBy(s: TestServer, walletId: string): Promise<number> {
  const { rows } = await s.db.pool.query(
    `SELECT count(*)::int AS n FROM ledger_transfers WHERE code = 1 AND user_data->'from'->>'walletId' = $1`,
    [walletId],
  );
  return rows[0].n;
}

/** Decimal yuan string → fen. */
export const fen = (yuan: string): bigint => {
  const [i, f = ''] = yuan.split('.');
  return BigInt(i!) * 100n + BigInt(f.padEnd(2, '0'));
};
