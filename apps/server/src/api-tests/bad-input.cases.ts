/**
 * Inputs of the bad-input API tests (bad-input.test.ts): the fixture users and tables, a valid
 * baseline body per endpoint, every mutation of a body, and the tables of bad card data and bad
 * card-network callbacks.
 */

import { randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import {
  accepts,
  branches,
  call,
  fillPath,
  isRequired,
  type JsonSchema,
  type Operation,
  opLabel,
  resourceOf,
  sample,
  schemaAt,
} from '../../../../test/helpers/api.ts';
import type { TestServer } from '../../../../test/helpers/server.ts';
import { PAYOUT_BODY_LIMIT } from '../modules/payouts/index.ts';
import { buildQrPayload } from '../modules/qr-payments/index.ts';

export type User = { token: string; walletId: string; customerId: string; phone: string; cardId?: string };
export const PASSWORD = 'correct horse battery';

export const TABLES = [
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
  'staff',
  'staff_sessions',
  'staff_requests',
  'merchants',
  'merchant_users',
  'merchant_accounts',
  'merchant_api_keys',
  'webhook_endpoints',
  'webhook_secrets',
  'webhook_events',
  'webhook_deliveries',
  'merchant_qr_codes',
  'merchant_orders',
  'merchant_refunds',
  'pay_codes',
  'nfc_keys',
  'pos_payments',
];

export async function signupUser(s: TestServer, phone: () => string): Promise<User> {
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

export const CALLBACK = 'POST /v1/callbacks/card-network';

/** A well-formed Yinbao merchant QR naming a code nobody issued. */
const QR_UNKNOWN_CODE = buildQrPayload({
  codeId: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  merchantId: '0190a1b2-c3d4-7e5f-8a6b-000000000001',
  businessName: '便民小店',
  mcc: '5411',
  dynamic: false,
});

/** A valid body for each known endpoint (the positive control), else one generated from the schema. */
export function validBody(op: Operation, U: User, R: User): Record<string, unknown> {
  switch (opLabel(op)) {
    case 'POST /v1/auth/signup':
      return { phone: '13599999999', password: PASSWORD, displayName: 'Bad Input' };
    case 'POST /v1/auth/signup/verify-phone':
      return { phone: '13599999998' };
    case 'POST /v1/auth/login':
      return { phone: U.phone, password: PASSWORD };
    case 'POST /v1/auth/login/sms/send':
      return { phone: U.phone };
    case 'POST /v1/auth/passkey/options':
      return { phone: U.phone };
    case 'POST /v1/transfers':
      return { to: { phone: R.phone }, amount: { amount: '1.00', currency: 'CNY' }, note: 'n' };
    case 'POST /v1/cards':
      return { pan: TEST_CARDS.approveVisa, expiry: TEST_CARD_EXPIRY, holderName: 'Zhang San' };
    case 'POST /v1/topups':
    case 'POST /v1/withdrawals':
      return { cardId: U.cardId ?? randomUUID(), amount: { amount: '1.00', currency: 'CNY' } };
    case 'POST /v1/merchants':
      return {
        businessName: '便民小店',
        mcc: '5411',
        settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '6216 6100 0001 2345' },
        contact: { phone: U.phone, email: 'shop@example.com' },
      };
    case 'POST /v1/merchants/{merchantId}/webhooks':
      return { url: 'https://shop.example.com/yinbao-hooks', events: ['order.paid'] };
    case 'POST /v1/merchants/{merchantId}/webhooks/{webhookId}/rotate-secret':
      return { overlapSeconds: 3600 };
    case 'POST /v1/merchants/{merchantId}/qr-codes':
      return { kind: 'dynamic', amount: '12.50', reference: 'ORD-1', expiresInSeconds: 600 };
    case 'POST /v1/qr/resolve':
    case 'POST /v1/qr/pay':
      // A real Yinbao payload whose code was never issued (QR_INVALID), the amount typed as for a static code.
      return {
        payload: QR_UNKNOWN_CODE,
        ...(opLabel(op) === 'POST /v1/qr/pay' ? { amount: { amount: '1.00', currency: 'CNY' } } : {}),
      };
    case 'POST /v1/merchant/orders':
      return {
        amount: { amount: '12.50', currency: 'CNY' },
        reference: 'ORD-1',
        description: '牛肉面',
        expiresInSeconds: 600,
        returnUrl: 'https://shop.example.com/done',
      };
    case 'POST /v1/merchant/orders/{orderId}/refunds':
    case 'POST /v1/merchants/{merchantId}/orders/{orderId}/refunds':
      return { amount: { amount: '1.00', currency: 'CNY' }, reference: 'RF-1', reason: 'r' };
    case 'POST /v1/checkout/{orderId}/pay':
      return {};
    case 'POST /v1/merchant/pos/payments':
    case 'POST /v1/merchants/{merchantId}/pos/payments':
      // A well-formed payment code nobody issued (PAY_CODE_INVALID).
      return {
        method: 'pay_code',
        code: '280000000000000000',
        amount: { amount: '1.00', currency: 'CNY' },
        reference: 'SALE-1',
      };
    case 'POST /v1/merchant/payouts':
      return {
        items: [
          { reference: 'PAY-1', to: { walletId: R.walletId }, amount: { amount: '1.00', currency: 'CNY' } },
        ],
      };
    case 'POST /v1/nfc/keys':
      // A raw 32-byte Ed25519 public key (the base point's encoding: a valid key).
      return { algorithm: 'Ed25519', publicKey: 'WGZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY' };
    case CALLBACK:
      return { id: randomUUID(), type: 'pull', status: 'approved', amount: '100', currency: 'CNY' };
    default:
      return sample(op.bodySchema, { byName: { cardId: U.cardId ?? randomUUID() } }) as Record<
        string,
        unknown
      >;
  }
}

export type Mutation = {
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

/** The app's body limit, and the routes that raise it for themselves. */
const APP_BODY_LIMIT = 64 * 1024;
export const BODY_LIMITS: Record<string, number> = { 'POST /v1/merchant/payouts': PAYOUT_BODY_LIMIT };

/**
 * Every way to break a valid body: wrong types, missing required fields, extra fields, bad values,
 * and a body 36 KB over the route's limit (100 KB for the app's 64 KB).
 */
export function mutations(
  base: Record<string, unknown>,
  schema: JsonSchema | undefined,
  bodyLimit = APP_BODY_LIMIT,
): Mutation[] {
  const oversize = bodyLimit + 36 * 1024;
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
  // An empty object is a bad body only when the body has required members.
  const requiresSomething = branches(schema).some((b) => (b.required?.length ?? 0) > 0);
  for (const [name, v] of [
    ...(requiresSomething ? [['an empty object', {}] as const] : []),
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
    { label: 'oversized body', raw: JSON.stringify({ ...base, pad: 'x'.repeat(oversize) }) },
    {
      label: 'oversized body, chunked (no content-length)',
      raw: new ReadableStream<Uint8Array>({
        start(c) {
          const chunk = new TextEncoder().encode('x'.repeat(4 * 1024));
          c.enqueue(new TextEncoder().encode('{"pad":"'));
          for (let i = 0; i < oversize / (4 * 1024); i++) c.enqueue(chunk);
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

export const EXPECTED_STATUS: Record<string, number> = {
  'oversized body': 413,
  'oversized body, chunked (no content-length)': 413,
  'content-type application/xml': 415,
  'content-type form': 415,
  'content-type multipart': 415,
};

export const pathFor = (o: Operation, user: User) =>
  fillPath(o.path, (p) => {
    const r = resourceOf(o.path, p);
    if (r === 'customers') return user.customerId;
    return r === 'wallets' ? user.walletId : r === 'cards' && user.cardId ? user.cardId : randomUUID();
  });

/** Every invalid query string for a GET operation: an unknown parameter and bad values of each known one. */
export function badQueries(o: Operation): string[] {
  const cases: string[] = ['bogus=1'];
  for (const p of o.queryParams) {
    const sch = branches(p.schema)[0] ?? {};
    const n = p.name;
    if (n === 'limit')
      cases.push('limit=0', 'limit=1000', 'limit=-1', 'limit=abc', 'limit=1.5', 'limit=', 'limit=1&limit=2');
    if (n === 'cursor') cases.push('cursor=abc', `cursor=${encodeURIComponent("1' OR '1'='1")}`, 'cursor=-1');
    if (Array.isArray(sch.enum)) cases.push(`${n}=sideways`, `${n}=${String(sch.enum[0]).toUpperCase()}X`);
    if (
      /^(from|to)$/.test(n) &&
      typeof sch.pattern === 'string' &&
      sch.pattern.includes('\\d{4}-\\d{2}-\\d{2}$')
    ) {
      // A calendar day (YYYY-MM-DD), e.g. the merchant sales range.
      cases.push(`${n}=notadate`, `${n}=2024-13-01`, `${n}=2024-02-31`, `${n}=2024-01-01T00:00:00Z`);
    } else if (sch.format === 'date-time' || /^(from|to)$/.test(n)) {
      cases.push(
        `${n}=notadate`,
        `${n}=2024-13-01T00:00:00Z`,
        `${n}=2024-02-31T00:00:00Z`,
        `${n}=2024-01-01`,
      );
    }
    if (typeof sch.maxLength === 'number') cases.push(`${n}=${'x'.repeat(sch.maxLength + 1)}`);
  }
  return cases;
}

/** Waits until a card operation is no longer pending (the simulator calls back within ~30 ms). */
export async function settled(s: TestServer, token: string, path: string) {
  for (let i = 0; i < 200; i++) {
    const g = await call(s, 'GET', path, { token });
    if (g.json?.status !== 'pending') return g.json;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} is still pending`);
}

/** Card binding: [label, body, expected code]. */
export const BAD_CARDS: Array<[string, Record<string, unknown>, string]> = [
  ['short pan', { pan: '1234', expiry: TEST_CARD_EXPIRY, holderName: 'Z' }, 'INVALID_PAN'],
  ['luhn fails', { pan: TEST_CARDS.invalidLuhn, expiry: TEST_CARD_EXPIRY, holderName: 'Z' }, 'INVALID_PAN'],
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

/** Bad signed card-network callbacks for the operation `good` names: [label, raw, signature, status]. */
export function badCallbacks(
  good: { id: string; type: string; status: string; amount: string; currency: string },
  sign: (raw: string, t?: number, secret?: string) => string,
): Array<[string, string, string | undefined, number]> {
  return [
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
}
