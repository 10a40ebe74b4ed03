import { createHmac, randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accepts,
  branches,
  call,
  countRows,
  expectClientError,
  fillPath,
  type HttpResult,
  isRequired,
  type JsonSchema,
  type Operation,
  operations,
  opLabel,
  phoneSource,
  resourceOf,
  sample,
  schemaAt,
} from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';

/**
 * Hostile and sloppy input on every documented POST body and GET query: each answer is a 4xx with
 * {code, message} (code in UPPER_SNAKE_CASE), never a 5xx, and nothing is written. Rows in
 * idempotency_keys are left out: a completed 4xx may be stored for replay.
 */
let s: TestServer;
const logLines: string[] = [];
let ops: Operation[];
const phone = phoneSource('1350');
type User = { token: string; walletId: string; customerId: string; phone: string; cardId?: string };
let U: User;
let R: User;
const PASSWORD = 'correct horse battery';

const TABLES = [
  'customers',
  'wallets',
  'sessions',
  'sessions WHERE revoked_at IS NOT NULL',
  'ledger_accounts',
  'ledger_transfers',
  'ledger_limit_usage',
  'outbox_events',
  'notifications',
  'notifications WHERE read_at IS NOT NULL',
  'cards',
  "cards WHERE status = 'removed'",
  'card_operations',
];
const counts = () => countRows(s, TABLES);

async function signupUser(): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: PASSWORD } });
  if (r.status !== 201) throw new Error(`signup: ${r.status} ${r.text}`);
  return {
    token: r.json.session.token,
    walletId: r.json.customer.walletId,
    customerId: r.json.customer.id,
    phone: p,
  };
}

const CALLBACK = 'POST /v1/callbacks/card-network';
const hasOp = (method: string, path: string) => ops.some((o) => o.method === method && o.path === path);

beforeAll(async () => {
  s = await startTestServer({ poolMax: 30, background: false, cardNetwork: {}, logLines });
  ops = await operations(s);
  U = await signupUser();
  R = await signupUser();
  await fund(s, U.walletId, 1000_00n);
  if (hasOp('POST', '/v1/cards')) {
    const c = await call(s, 'POST', '/v1/cards', {
      token: U.token,
      body: { pan: TEST_CARDS.approve, expiry: TEST_CARD_EXPIRY, holderName: 'Zhang San' },
    });
    expect(c.status, c.text).toBe(201);
    U.cardId = c.json.id;
  }
});
afterAll(async () => {
  await s?.stop();
});

/** A valid body for each known endpoint (the positive control), else one generated from the schema. */
function baseline(op: Operation): Record<string, unknown> {
  switch (opLabel(op)) {
    case 'POST /v1/auth/signup':
      return { phone: '13599999999', password: PASSWORD, displayName: 'Bad Input' };
    case 'POST /v1/auth/login':
      return { phone: U.phone, password: PASSWORD };
    case 'POST /v1/transfers':
      return { to: { phone: R.phone }, amount: { amount: '1.00', currency: 'CNY' }, note: 'n' };
    case 'POST /v1/cards':
      return { pan: TEST_CARDS.approveVisa, expiry: TEST_CARD_EXPIRY, holderName: 'Zhang San' };
    case 'POST /v1/topups':
    case 'POST /v1/withdrawals':
      return { cardId: U.cardId ?? randomUUID(), amount: { amount: '1.00', currency: 'CNY' } };
    case CALLBACK:
      return { id: randomUUID(), type: 'pull', status: 'approved', amount: '100', currency: 'CNY' };
    default:
      return sample(op.bodySchema, { byName: { cardId: U.cardId ?? randomUUID() } }) as Record<
        string,
        unknown
      >;
  }
}

type Mutation = {
  label: string;
  body?: unknown;
  raw?: string | ReadableStream<Uint8Array>;
  contentType?: string;
};

const clone = <T>(v: T): T => structuredClone(v);
function setAt(root: unknown, path: string[], value: unknown, remove = false): unknown {
  const out = clone(root) as Record<string, unknown>;
  let cur = out;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
  return out;
}

const WRONG_TYPES: Array<[string, unknown, 'number' | 'boolean' | 'array' | 'null' | 'object' | 'string']> = [
  ['a number', 12345, 'number'],
  ['a huge number', 1e300, 'number'],
  ['a boolean', true, 'boolean'],
  ['an array', ['x'], 'array'],
  ['an empty array', [], 'array'],
  ['null', null, 'null'],
  ['an object', { x: 1 }, 'object'],
  ['a string', 'string', 'string'],
];
const BAD_AMOUNTS = [
  '99999999999999999999',
  '1000000000000000000000000000000000000000',
  '-1.00',
  '-0.01',
  '0',
  '0.00',
  '1e3',
  '0.001',
  ' 1.00',
  '1,000.00',
  'NaN',
  'Infinity',
  '0x10',
  '１２',
  '',
  '1.',
  '01.00',
];
const BAD_CURRENCIES = ['XYZ', 'cny', 'Cny', '', 'CNYY', '156'];

/** Every way to break a valid body: wrong types, missing required fields, extra fields, bad values. */
function mutations(base: Record<string, unknown>, schema: JsonSchema | undefined): Mutation[] {
  const out: Mutation[] = [];
  const visit = (value: unknown, path: string[]) => {
    const here = path.length === 0 ? schema : schemaAt(schema, path);
    const where = path.length === 0 ? 'body' : path.join('.');
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const strict = branches(here).every((b) => b.additionalProperties === false);
      if (strict) {
        const extra =
          path.length === 0 ? { ...base, unexpected: 1 } : setAt(base, [...path, 'unexpected'], 1);
        out.push({ label: `extra field in ${where}`, body: extra });
        out.push({
          label: `__proto__ in ${where}`,
          raw: JSON.stringify(extra).replace('"unexpected"', '"__proto__"'),
        });
      }
      for (const [k, v] of Object.entries(value)) {
        if (isRequired(here, k))
          out.push({
            label: `missing ${[...path, k].join('.')}`,
            body: setAt(base, [...path, k], undefined, true),
          });
        visit(v, [...path, k]);
      }
    }
    if (path.length === 0) return;
    for (const [name, v, kind] of WRONG_TYPES) {
      if (!accepts(here, kind)) out.push({ label: `${where} is ${name}`, body: setAt(base, path, v) });
    }
    const key = path[path.length - 1]!;
    if (typeof value === 'string' && key === 'amount') {
      for (const a of BAD_AMOUNTS)
        out.push({ label: `${where} = ${JSON.stringify(a)}`, body: setAt(base, path, a) });
    }
    if (typeof value === 'string' && key === 'currency') {
      for (const c of BAD_CURRENCIES)
        out.push({ label: `${where} = ${JSON.stringify(c)}`, body: setAt(base, path, c) });
    }
    if (typeof value === 'string' && typeof here?.maxLength === 'number') {
      out.push({ label: `${where} over maxLength`, body: setAt(base, path, 'x'.repeat(here.maxLength + 1)) });
    }
  };
  visit(base, []);
  for (const [name, v] of [
    ['an empty object', {}],
    ['an array', [base]],
    ['a string', 'hello'],
    ['a number', 42],
    ['true', true],
    ['null', null],
  ] as const) {
    out.push({ label: `body is ${name}`, raw: JSON.stringify(v) });
  }
  const valid = JSON.stringify(base);
  out.push(
    { label: 'malformed JSON {"a":', raw: '{"a":' },
    { label: 'truncated body', raw: valid.slice(0, -1) },
    { label: 'single quotes', raw: valid.replaceAll('"', "'") },
    { label: 'trailing comma', raw: `${valid.slice(0, -1)},}` },
    { label: 'empty body with JSON content-type', raw: '' },
    { label: 'deeply nested arrays', raw: `${'['.repeat(5000)}${']'.repeat(5000)}` },
    { label: '100 KB body', raw: JSON.stringify({ ...base, pad: 'x'.repeat(100 * 1024) }) },
    {
      label: '100 KB body, chunked (no content-length)',
      raw: new ReadableStream<Uint8Array>({
        start(c) {
          const chunk = new TextEncoder().encode('x'.repeat(10 * 1024));
          c.enqueue(new TextEncoder().encode('{"pad":"'));
          for (let i = 0; i < 10; i++) c.enqueue(chunk);
          c.enqueue(new TextEncoder().encode('"}'));
          c.close();
        },
      }),
    },
    { label: 'content-type text/plain', raw: valid, contentType: 'text/plain' },
    { label: 'content-type application/xml', raw: '<a/>', contentType: 'application/xml' },
    {
      label: 'content-type form',
      raw: 'phone=1&password=2',
      contentType: 'application/x-www-form-urlencoded',
    },
    {
      label: 'content-type multipart',
      raw: '--b\r\n\r\n--b--',
      contentType: 'multipart/form-data; boundary=b',
    },
  );
  return out;
}

const EXPECTED_STATUS: Record<string, number> = {
  '100 KB body': 413,
  '100 KB body, chunked (no content-length)': 413,
  'content-type application/xml': 415,
  'content-type form': 415,
  'content-type multipart': 415,
};

const pathFor = (o: Operation, user: User) =>
  fillPath(o.path, (p) => {
    const r = resourceOf(o.path, p);
    return r === 'wallets' ? user.walletId : r === 'cards' && user.cardId ? user.cardId : randomUUID();
  });

describe('bad input on every documented POST body', () => {
  it('every mutation is a clean 4xx {code, message}, never a 5xx, and writes nothing', async () => {
    // The card-network callback takes its body raw (it is signed), so it has no body schema.
    const posts = ops.filter((o) => o.method === 'POST' && (o.bodySchema || opLabel(o) === CALLBACK));
    expect(posts.map(opLabel)).toEqual(
      expect.arrayContaining(['POST /v1/auth/signup', 'POST /v1/auth/login', 'POST /v1/transfers']),
    );
    const summary: Record<string, { mutations: number; statuses: string }> = {};
    for (const o of posts) {
      const base = baseline(o);
      const before = await counts();
      const seen: Record<number, number> = {};
      const list = mutations(base, o.bodySchema);
      for (const [i, m] of list.entries()) {
        const label = `${opLabel(o)} — ${m.label}`;
        const r: HttpResult = await call(s, o.method, pathFor(o, U), {
          token: U.token,
          ...(m.raw !== undefined ? { raw: m.raw } : { body: m.body }),
          ...(m.contentType ? { contentType: m.contentType } : {}),
          // Every other request carries a fresh Idempotency-Key (stored 4xx answers are allowed).
          ...(i % 2 ? { idempotencyKey: randomUUID() } : {}),
        });
        seen[r.status] = (seen[r.status] ?? 0) + 1;
        expectClientError(r, label);
        if (EXPECTED_STATUS[m.label]) expect(r.status, label).toBe(EXPECTED_STATUS[m.label]);
        if (m.label.startsWith('100 KB')) expect(r.json.code, label).toBe('PAYLOAD_TOO_LARGE');
        if (EXPECTED_STATUS[m.label] === 415) expect(r.json.code, label).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
      expect(await counts(), `${opLabel(o)}: rows were written by bad input`).toEqual(before);
      // The session used for all of this is still good (nothing logged it out).
      expect((await call(s, 'GET', '/v1/me', { token: U.token })).status).toBe(200);
      summary[opLabel(o)] = {
        mutations: list.length,
        statuses: Object.entries(seen)
          .map(([k, v]) => `${k}×${v}`)
          .join(' '),
      };
    }
    console.table(summary);
  });

  it('typed amount and currency mistakes get their specific codes on /v1/transfers', async () => {
    const before = await counts();
    const send = (amount: unknown, currency: unknown) =>
      call(s, 'POST', '/v1/transfers', {
        token: U.token,
        body: { to: { phone: R.phone }, amount: { amount, currency } },
      });
    for (const a of ['99999999999999999999', '-5.00', '0', '0.00', '1e3', '0.001']) {
      expectClientError(await send(a, 'CNY'), `amount ${a}`, 'INVALID_AMOUNT');
    }
    for (const c of ['XYZ', 'cny', 'USD'])
      expectClientError(await send('1.00', c), `currency ${c}`, 'UNSUPPORTED_CURRENCY');
    for (const v of [5, null, ['1.00']])
      expectClientError(await send(v, 'CNY'), `amount ${JSON.stringify(v)}`, 'VALIDATION_ERROR');
    expect(await counts()).toEqual(before);
  });

  it('card binding refuses bad card data with a clean 4xx and stores nothing', async () => {
    if (!hasOp('POST', '/v1/cards')) return;
    const before = await counts();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['short pan', { pan: '1234', expiry: TEST_CARD_EXPIRY, holderName: 'Z' }, 'INVALID_PAN'],
      [
        'luhn fails',
        { pan: TEST_CARDS.invalidLuhn, expiry: TEST_CARD_EXPIRY, holderName: 'Z' },
        'INVALID_PAN',
      ],
      ['letters', { pan: 'abcdabcdabcdabcd', expiry: TEST_CARD_EXPIRY, holderName: 'Z' }, 'INVALID_PAN'],
      ['month 13', { pan: TEST_CARDS.approveMastercard, expiry: '13/39', holderName: 'Z' }, 'INVALID_EXPIRY'],
      ['month 00', { pan: TEST_CARDS.approveMastercard, expiry: '00/39', holderName: 'Z' }, 'INVALID_EXPIRY'],
      [
        '4-digit year',
        { pan: TEST_CARDS.approveMastercard, expiry: '12/2039', holderName: 'Z' },
        'INVALID_EXPIRY',
      ],
      ['expired', { pan: TEST_CARDS.approveMastercard, expiry: '01/20', holderName: 'Z' }, 'CARD_EXPIRED'],
      [
        'issuer declines',
        { pan: TEST_CARDS.verifyDecline, expiry: TEST_CARD_EXPIRY, holderName: 'Z' },
        'CARD_REJECTED',
      ],
      [
        'blank holder',
        { pan: TEST_CARDS.approveMastercard, expiry: TEST_CARD_EXPIRY, holderName: '   ' },
        'VALIDATION_ERROR',
      ],
    ];
    for (const [label, body, code] of cases) {
      expectClientError(await call(s, 'POST', '/v1/cards', { token: U.token, body }), label, code);
    }
    expect(await counts()).toEqual(before);
  });

  it('the valid baselines do succeed and write (so the checks above can fail)', async () => {
    const effects: Array<[string, string, number]> = [
      ['POST /v1/auth/signup', 'customers', 201],
      ['POST /v1/auth/login', 'sessions', 200],
      ['POST /v1/transfers', 'ledger_transfers', 201],
      ['POST /v1/cards', 'cards', 201],
      ['POST /v1/topups', 'card_operations', 202],
      ['POST /v1/withdrawals', 'card_operations', 202],
    ];
    for (const [label, table, status] of effects) {
      const o = ops.find((x) => opLabel(x) === label);
      if (!o) continue;
      const before = await counts();
      const r = await call(s, o.method, o.path, {
        token: U.token,
        body: baseline(o),
        idempotencyKey: randomUUID(),
      });
      expect(r.status, `${label}: ${r.text}`).toBe(status);
      expect((await counts())[table], label).toBe(before[table]! + 1);
      if (status === 202) await settled(`${o.path}/${r.json.id}`);
    }
  });
});

/** Waits until a card operation is no longer pending (the simulator calls back within ~30 ms). */
async function settled(path: string) {
  for (let i = 0; i < 200; i++) {
    const g = await call(s, 'GET', path, { token: U.token });
    if (g.json?.status !== 'pending') return g.json;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} is still pending`);
}

describe('signed card-network callbacks with bad bodies', () => {
  const sign = (raw: string, t = Math.floor(Date.now() / 1000), secret = s.config.cardNetwork.secret) =>
    `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')}`;
  const post = (raw: string, signature: string) =>
    call(s, 'POST', '/v1/callbacks/card-network', { raw, headers: { 'x-signature': signature } });

  it('are refused with a clean 4xx and leave the pending operation and the ledger untouched', async () => {
    if (!hasOp('POST', '/v1/callbacks/card-network') || !hasOp('POST', '/v1/topups')) return;
    // A top-up the network never decides (test card "timeout"): it stays pending.
    const card = await call(s, 'POST', '/v1/cards', {
      token: U.token,
      body: { pan: TEST_CARDS.timeout, expiry: TEST_CARD_EXPIRY, holderName: 'Zhang San' },
    });
    expect(card.status, card.text).toBe(201);
    const op = await call(s, 'POST', '/v1/topups', {
      token: U.token,
      idempotencyKey: randomUUID(),
      body: { cardId: card.json.id, amount: { amount: '1.00', currency: 'CNY' } },
    });
    expect(op.status, op.text).toBe(202);
    const id = op.json.id as string;
    const good = { id, type: 'pull', status: 'approved', amount: '100', currency: 'CNY' };
    const before = await counts();
    const cases: Array<[string, string, string | undefined, number]> = [
      ['malformed JSON', '{"id":', undefined, 400],
      ['empty object', '{}', undefined, 400],
      ['array', JSON.stringify([good]), undefined, 400],
      ['amount is a number', JSON.stringify({ ...good, amount: 100 }), undefined, 400],
      ['amount zero', JSON.stringify({ ...good, amount: '0' }), undefined, 400],
      ['amount negative', JSON.stringify({ ...good, amount: '-100' }), undefined, 400],
      ['amount decimal', JSON.stringify({ ...good, amount: '1.00' }), undefined, 400],
      ['currency lower case', JSON.stringify({ ...good, currency: 'cny' }), undefined, 400],
      ['unknown status', JSON.stringify({ ...good, status: 'maybe' }), undefined, 400],
      ['id not a UUID', JSON.stringify({ ...good, id: 'abc' }), undefined, 404],
      ['unknown operation', JSON.stringify({ ...good, id: randomUUID() }), undefined, 404],
      ['amount does not match', JSON.stringify({ ...good, amount: '10000' }), undefined, 422],
      ['currency does not match', JSON.stringify({ ...good, currency: 'USD' }), undefined, 422],
      ['type does not match', JSON.stringify({ ...good, type: 'push' }), undefined, 422],
      ['signature of another body', JSON.stringify(good), sign('{}'), 401],
      [
        'signature with another secret',
        JSON.stringify(good),
        sign(JSON.stringify(good), undefined, 'nope'),
        401,
      ],
      [
        'stale timestamp',
        JSON.stringify(good),
        sign(JSON.stringify(good), Math.floor(Date.now() / 1000) - 3600),
        401,
      ],
      ['garbage signature header', JSON.stringify(good), 't=abc,v1=zz', 401],
    ];
    for (const [label, raw, signature, status] of cases) {
      const r = await post(raw, signature ?? sign(raw));
      expectClientError(r, label);
      expect(r.status, `${label}: ${r.text}`).toBe(status);
    }
    expect(await counts()).toEqual(before);
    expect((await call(s, 'GET', `/v1/topups/${id}`, { token: U.token })).json.status).toBe('pending');
  });
});

describe('bad query strings and path parameters on GET endpoints', () => {
  it('invalid query parameters get 400 VALIDATION_ERROR', async () => {
    const gets = ops.filter((o) => o.method === 'GET' && o.queryParams.length > 0);
    expect(gets.map(opLabel)).toEqual(
      expect.arrayContaining(['GET /v1/wallets/{walletId}/transactions', 'GET /v1/notifications']),
    );
    const tried: string[] = [];
    for (const o of gets) {
      const base = pathFor(o, U);
      const cases: string[] = ['bogus=1'];
      for (const p of o.queryParams) {
        const sch = branches(p.schema)[0] ?? {};
        const n = p.name;
        if (n === 'limit')
          cases.push(
            'limit=0',
            'limit=1000',
            'limit=-1',
            'limit=abc',
            'limit=1.5',
            'limit=',
            'limit=1&limit=2',
          );
        if (n === 'cursor')
          cases.push('cursor=abc', `cursor=${encodeURIComponent("1' OR '1'='1")}`, 'cursor=-1');
        if (Array.isArray(sch.enum))
          cases.push(`${n}=sideways`, `${n}=${String(sch.enum[0]).toUpperCase()}X`);
        if (sch.format === 'date-time' || /^(from|to)$/.test(n)) {
          cases.push(
            `${n}=notadate`,
            `${n}=2024-13-01T00:00:00Z`,
            `${n}=2024-02-31T00:00:00Z`,
            `${n}=2024-01-01`,
          );
        }
        if (typeof sch.maxLength === 'number') cases.push(`${n}=${'x'.repeat(sch.maxLength + 1)}`);
      }
      for (const q of cases) {
        const r = await call(s, 'GET', `${base}?${q}`, { token: U.token });
        tried.push(`${opLabel(o)}?${q} → ${r.status}`);
        expectClientError(r, `${opLabel(o)}?${q}`, 'VALIDATION_ERROR');
        expect(r.status).toBe(400);
      }
    }
    expect(tried.length).toBeGreaterThan(20);
  });

  it('wallet history amount filters that are not amounts get 400 INVALID_FILTER', async () => {
    for (const q of ['minAmount=abc', 'maxAmount=-1', 'minAmount=1e3', 'maxAmount=0.001']) {
      const r = await call(s, 'GET', `/v1/wallets/${U.walletId}/transactions?${q}`, { token: U.token });
      expectClientError(r, q, 'INVALID_FILTER');
    }
  });

  it('path parameters that are not UUIDs get 400 VALIDATION_ERROR on every endpoint', async () => {
    const withParams = ops.filter((o) => o.pathParams.length > 0);
    expect(withParams.length).toBeGreaterThanOrEqual(4);
    const before = await counts();
    for (const o of withParams) {
      for (const bad of ['not-a-uuid', '1', "' OR 1=1 --", '00000000-0000-0000-0000-00000000000g', '%00']) {
        const path = fillPath(o.path, () => bad).replace('%2500', '%00');
        const r = await call(s, o.method, path, {
          token: U.token,
          ...(o.bodySchema ? { body: baseline(o) } : {}),
        });
        expectClientError(r, `${opLabel(o)} with ${bad}`);
        expect([400, 404], `${opLabel(o)} with ${bad}: ${r.text}`).toContain(r.status);
      }
    }
    expect(await counts()).toEqual(before);
  });
});

/**
 * PostgreSQL refuses U+0000 in text and lone surrogates in jsonb: such input must be refused with
 * a 4xx (schemas use ZText) and never reach the database as a 503.
 */
describe('text that PostgreSQL cannot store', () => {
  const textCases: Array<[string, () => Promise<HttpResult>]> = [
    [
      'signup displayName with U+0000',
      () =>
        call(s, 'POST', '/v1/auth/signup', {
          body: { phone: phone(), password: PASSWORD, displayName: 'a\u0000b' },
        }),
    ],
    [
      'transfer note with U+0000',
      () =>
        call(s, 'POST', '/v1/transfers', {
          token: U.token,
          body: { to: { phone: R.phone }, amount: { amount: '1.00', currency: 'CNY' }, note: 'a\u0000b' },
        }),
    ],
    [
      'transfer note with a lone surrogate',
      () =>
        call(s, 'POST', '/v1/transfers', {
          token: U.token,
          body: { to: { phone: R.phone }, amount: { amount: '1.00', currency: 'CNY' }, note: 'a\ud800b' },
        }),
    ],
    [
      'history search q with U+0000',
      () => call(s, 'GET', `/v1/wallets/${U.walletId}/transactions?q=a%00b`, { token: U.token }),
    ],
    [
      'card holderName with U+0000',
      () =>
        call(s, 'POST', '/v1/cards', {
          token: U.token,
          body: {
            pan: TEST_CARDS.approveMastercard2Series,
            expiry: TEST_CARD_EXPIRY,
            holderName: 'a\u0000b',
          },
        }),
    ],
  ];
  for (const [label, send] of textCases) {
    it(`${label} → 400, not 5xx`, async () => {
      const before = await counts();
      const r = await send();
      expectClientError(r, label);
      expect(await counts()).toEqual(before);
    });
  }

  it('a text/plain body is refused with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const o of ops.filter((x) => x.method === 'POST' && x.bodySchema)) {
      const r = await call(s, 'POST', pathFor(o, U), {
        token: U.token,
        raw: JSON.stringify(baseline(o)),
        contentType: 'text/plain',
      });
      expectClientError(r, opLabel(o), 'UNSUPPORTED_MEDIA_TYPE');
      expect(r.status).toBe(415);
    }
  });
});

describe('logs', () => {
  it('no card number or password sent in any of the above reaches the logs', () => {
    expect(logLines.length).toBeGreaterThan(100);
    const all = logLines.join('\n');
    for (const pan of Object.values(TEST_CARDS)) {
      expect(all.includes(pan), `log contains ${pan.slice(0, 6)}…`).toBe(false);
      expect(all.includes(pan.slice(0, 12)), `log contains the first 12 digits of ${pan.slice(0, 6)}…`).toBe(
        false,
      );
    }
    expect(all.includes(PASSWORD)).toBe(false);
  });
});
