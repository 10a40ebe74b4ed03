import { createHmac, randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  expectClientError,
  fillPath,
  type HttpResult,
  type Operation,
  operations,
  opLabel,
  phoneSource,
} from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { API_KEY_SCOPES } from '../modules/merchants/index.ts';
import {
  BAD_CARDS,
  BODY_LIMITS,
  badCallbacks,
  badQueries,
  CALLBACK,
  EXPECTED_STATUS,
  mutations,
  PASSWORD,
  pathFor,
  settled,
  signupUser,
  TABLES,
  type User,
  validBody,
} from './bad-input.cases.ts';

/**
 * Hostile and sloppy input on every documented POST body and GET query: each answer is a 4xx with
 * {code, message} (code in UPPER_SNAKE_CASE), never a 5xx, and nothing is written. Rows in
 * idempotency_keys are left out: a completed 4xx may be stored for replay.
 */
let s: TestServer;
const logLines: string[] = [];
let ops: Operation[];
const phone = phoneSource('1350');
let U: User;
let R: User;
/** Back-office endpoints are exercised with an admin's session (every permission). */
let ADMIN: StaffUser;
/** Merchant API endpoints: a key with every scope, of an active merchant of a third customer. */
let MERCHANT_KEY = '';
const tokenFor = (o: Operation) =>
  o.audience === 'staff' ? ADMIN.token : o.audience === 'merchant' ? MERCHANT_KEY : U.token;
const counts = () => countRows(s, TABLES);
const hasOp = (method: string, path: string) => ops.some((o) => o.method === method && o.path === path);

beforeAll(async () => {
  s = await startTestServer({ poolMax: 30, background: false, cardNetwork: {}, logLines });
  ops = await operations(s);
  U = await signupUser(s, phone);
  R = await signupUser(s, phone);
  ADMIN = await staffWithRoles(s, ['admin']);
  await fund(s, U.walletId, 1000_00n);
  if (hasOp('POST', '/v1/cards')) {
    const c = await call(s, 'POST', '/v1/cards', {
      token: U.token,
      body: { pan: TEST_CARDS.approve, expiry: TEST_CARD_EXPIRY, holderName: 'Zhang San' },
    });
    expect(c.status, c.text).toBe(201);
    U.cardId = c.json.id;
  }
  if (ops.some((o) => o.audience === 'merchant')) {
    const owner = await signupUser(s, phone);
    const m = await call(s, 'POST', '/v1/merchants', {
      token: owner.token,
      body: validBody({ method: 'POST', path: '/v1/merchants' } as Operation, owner, R),
    });
    expect(m.status, m.text).toBe(201);
    const a = await call(s, 'POST', `/v1/staff/merchants/${m.json.id}/approve`, {
      token: ADMIN.token,
      body: {},
    });
    expect(a.status, a.text).toBe(200);
    const k = await call(s, 'POST', `/v1/merchants/${m.json.id}/api-keys`, {
      token: owner.token,
      body: { name: 'bad input', scopes: [...API_KEY_SCOPES] },
    });
    expect(k.status, k.text).toBe(201);
    MERCHANT_KEY = k.json.key;
  }
});
afterAll(async () => {
  await s?.stop();
});

/** The valid body of `op` for this file's users (the positive control; see bad-input.cases.ts). */
const baseline = (op: Operation): Record<string, unknown> => validBody(op, U, R);

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
      const list = mutations(base, o.bodySchema, BODY_LIMITS[opLabel(o)]);
      for (const [i, m] of list.entries()) {
        const label = `${opLabel(o)} — ${m.label}`;
        const r: HttpResult = await call(s, o.method, pathFor(o, U), {
          token: tokenFor(o),
          ...(m.raw !== undefined ? { raw: m.raw } : { body: m.body }),
          ...(m.contentType ? { contentType: m.contentType } : {}),
          // Every other request carries a fresh Idempotency-Key (stored 4xx answers are allowed).
          ...(i % 2 ? { idempotencyKey: randomUUID() } : {}),
        });
        seen[r.status] = (seen[r.status] ?? 0) + 1;
        expectClientError(r, label);
        if (EXPECTED_STATUS[m.label]) expect(r.status, label).toBe(EXPECTED_STATUS[m.label]);
        if (m.label.startsWith('oversized body')) expect(r.json.code, label).toBe('PAYLOAD_TOO_LARGE');
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
    // Every documented POST body, each mutated dozens of ways: it grows with the API.
  }, 180_000);

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
    for (const [label, body, code] of BAD_CARDS) {
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
      ['POST /v1/merchants', 'merchants', 201],
      ['POST /v1/merchant/orders', 'merchant_orders', 201],
      ['POST /v1/nfc/keys', 'nfc_keys', 201],
      ['POST /v1/topups', 'card_operations', 202],
      ['POST /v1/withdrawals', 'card_operations', 202],
    ];
    for (const [label, table, status] of effects) {
      const o = ops.find((x) => opLabel(x) === label);
      if (!o) continue;
      const before = await counts();
      const r = await call(s, o.method, o.path, {
        token: tokenFor(o),
        body: baseline(o),
        idempotencyKey: randomUUID(),
      });
      expect(r.status, `${label}: ${r.text}`).toBe(status);
      expect((await counts())[table], label).toBe(before[table]! + 1);
      if (status === 202) await settled(s, U.token, `${o.path}/${r.json.id}`);
    }
  });
});

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
    for (const [label, raw, signature, status] of badCallbacks(good, sign)) {
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
      const cases = badQueries(o);
      for (const q of cases) {
        const r = await call(s, 'GET', `${base}?${q}`, { token: tokenFor(o) });
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
          token: tokenFor(o),
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
        token: tokenFor(o),
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
