import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  ledgerImbalances,
  parallel,
  phoneSource,
  tally,
  walletBalance,
} from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { cny, fixtures, type Shop, type User } from './orders.fixtures.ts';

/**
 * Online checkout (issue 5, part 6) over real HTTP on a real database: a merchant creates orders
 * with its API key (idempotent by its reference), a customer pays one on the hosted page's API
 * (once, however many try), orders expire and can be cancelled, and `order.paid` is written once.
 */
let s: TestServer;
let skew = 0;
const f = fixtures(() => s, phoneSource('1581'));
let COMPLIANCE: StaffUser;
let OWNER: User;
let SHOP: Shop;
let OTHER_SHOP: Shop;

beforeAll(async () => {
  s = await startTestServer({
    poolMax: 40,
    background: false,
    clock: () => new Date(Date.now() + skew),
    env: { RISK_STEP_UP_ABOVE_MINOR: '30000', PUBLIC_WEB_URL: 'https://pay.yinbao.test/' },
  });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  OWNER = await f.customer('店主');
  SHOP = await f.shop(OWNER, COMPLIANCE);
  OTHER_SHOP = await f.shop(await f.customer(), COMPLIANCE, '便民超市');
});
afterAll(async () => {
  await s?.stop();
});

describe('creating orders', () => {
  it('answers the order with a random id and the hosted page URL; the same reference again is the same order', async () => {
    const body = {
      amount: cny('36.50'),
      reference: 'ORD-2026-0001',
      description: '牛肉面 ×2',
      returnUrl: 'https://shop.example.com/done',
    };
    const r = await f.createOrder(SHOP, body);
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      reference: 'ORD-2026-0001',
      status: 'open',
      amount: cny('36.50'),
      refunded: cny('0.00'),
      refundable: cny('0.00'),
      description: '牛肉面 ×2',
      returnUrl: 'https://shop.example.com/done',
      paidAt: null,
      paymentId: null,
    });
    // A v4 uuid: it is in the link, so it must not be guessable from time.
    expect(r.json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.json.checkoutUrl).toBe(`https://pay.yinbao.test/checkout/${r.json.id}`);
    expect(new Date(r.json.expiresAt).getTime() - new Date(r.json.createdAt).getTime()).toBeCloseTo(
      900_000,
      -4,
    );

    const again = await f.createOrder(SHOP, body);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual(r.json);
    const other = await f.createOrder(SHOP, { ...body, amount: cny('36.51') });
    expect([other.status, other.json.code]).toEqual([409, 'ORDER_REFERENCE_REUSED']);
    // References are per merchant.
    const elsewhere = await f.createOrder(OTHER_SHOP, body);
    expect(elsewhere.status).toBe(201);
    const parallelCreates = await parallel(10, () => f.createOrder(SHOP, { ...body, reference: 'ORD-PAR' }));
    expect(tally(parallelCreates)).toEqual({ '201': 1, '200': 9 });
  });

  it('refuses bad amounts, currencies, return URLs and expiries', async () => {
    const base = { amount: cny('1.00'), reference: `R-${randomUUID()}` };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ amount: cny('0') }, 'INVALID_AMOUNT'],
      [{ amount: cny('-1.00') }, 'INVALID_AMOUNT'],
      [{ amount: { amount: '1.00', currency: 'USD' } }, 'UNSUPPORTED_CURRENCY'],
      [{ returnUrl: 'http://shop.example.com/done' }, 'INVALID_RETURN_URL'],
      [{ returnUrl: 'javascript:alert(1)' }, 'INVALID_RETURN_URL'],
      [{ expiresInSeconds: 59 }, 'VALIDATION_ERROR'],
      [{ expiresInSeconds: 86401 }, 'VALIDATION_ERROR'],
      [{ reference: '订单' }, 'VALIDATION_ERROR'],
      [{ reference: 'x'.repeat(65) }, 'VALIDATION_ERROR'],
    ];
    for (const [change, code] of cases) {
      const r = await f.createOrder(SHOP, { ...base, ...change });
      expect([r.status, r.json.code], JSON.stringify(change)).toEqual([400, code]);
    }
    const local = await f.createOrder(SHOP, { ...base, returnUrl: 'http://localhost:5173/done' });
    expect(local.status, local.text).toBe(201);
  });

  it("another merchant's order answers exactly like a missing one", async () => {
    const o = await f.order(SHOP, '9.00');
    const other = (path: string, method = 'GET') => call(s, method, path, { token: OTHER_SHOP.key });
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/cancel'],
      ['GET', '/refunds'],
    ] as const) {
      const theirs = await other(`/v1/merchant/orders/${o.id}${suffix}`, method);
      const missing = await other(`/v1/merchant/orders/${randomUUID()}${suffix}`, method);
      expect([theirs.status, theirs.json.code]).toEqual([404, 'ORDER_NOT_FOUND']);
      expect(theirs.text).toBe(missing.text);
    }
    const list = await other('/v1/merchant/orders');
    expect(list.json.items.map((x: { id: string }) => x.id)).not.toContain(o.id);
    // A key without the scope is refused.
    const k = await call(s, 'POST', `/v1/merchants/${SHOP.id}/api-keys`, {
      token: OWNER.token,
      body: { name: 'read only', scopes: ['orders:read'] },
    });
    const write = await call(s, 'POST', '/v1/merchant/orders', {
      token: k.json.key,
      body: { amount: cny('1.00'), reference: 'nope' },
    });
    expect(write.status).toBe(403);
  });
});

describe('paying on the hosted page', () => {
  it('shows the merchant and amount; pays once; the order reads paid; notifications and one order.paid event', async () => {
    const o = await f.order(SHOP, '50.00', { description: '套餐 A' });
    const u = await f.payer(100n);
    const page = await call(s, 'GET', `/v1/checkout/${o.id}`, { token: u.token });
    expect(page.status, page.text).toBe(200);
    expect(page.json).toMatchObject({
      orderId: o.id,
      merchant: { id: SHOP.id, name: '张记面馆', category: { code: '5812' } },
      amount: cny('50.00'),
      description: '套餐 A',
      status: 'open',
    });
    const missing = await call(s, 'GET', `/v1/checkout/${randomUUID()}`, { token: u.token });
    expect([missing.status, missing.json.code]).toEqual([404, 'ORDER_NOT_FOUND']);

    const before = await f.merchantBalance(SHOP.id);
    const r = await f.pay(u, o.id, 'pay-1');
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      status: 'completed',
      orderId: o.id,
      amount: cny('50.00'),
      reference: o.reference,
    });
    // The same request again: the same answer, nothing more moves.
    const retry = await f.pay(u, o.id, 'pay-1');
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(r.json);
    const second = await f.pay(u, o.id, 'pay-2');
    expect([second.status, second.json.code]).toEqual([409, 'ORDER_ALREADY_PAID']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(50_00n);
    expect(await f.merchantBalance(SHOP.id)).toBe(before + 50_00n);

    const got = await call(s, 'GET', `/v1/merchant/orders/${o.id}`, { token: SHOP.key });
    expect(got.json).toMatchObject({
      status: 'paid',
      paymentId: r.json.id,
      refundable: cny('50.00'),
      paidAt: expect.any(String),
    });
    expect((await call(s, 'GET', `/v1/checkout/${o.id}`, { token: u.token })).json.status).toBe('paid');
    expect(await f.eventCount('order.paid', 'orderId', o.id)).toBe(1);
    const { rows } = await s.db.pool.query(
      `SELECT body::jsonb -> 'data' AS data FROM webhook_events WHERE type = 'order.paid' AND body::jsonb -> 'data' ->> 'orderId' = $1`,
      [o.id],
    );
    expect(rows[0].data).toEqual({
      orderId: o.id,
      reference: o.reference,
      amount: '50.00',
      currency: 'CNY',
      paymentId: r.json.id,
      paidAt: got.json.paidAt,
    });
    await s.outbox.runOnce();
    const inbox = async (t: string) =>
      (await call(s, 'GET', '/v1/notifications', { token: t })).json.items.map(
        (n: { kind: string }) => n.kind,
      );
    expect(await inbox(u.token)).toContain('order_payment_sent');
    expect(await inbox(OWNER.token)).toContain('merchant_payment_received');
    // In the payer's history, named by the merchant.
    const history = await call(s, 'GET', `/v1/wallets/${u.walletId}/transactions`, { token: u.token });
    expect(JSON.stringify(history.json)).toContain('张记面馆');
  });

  it('20 parallel payments (4 payers, different keys) pay the order exactly once', async () => {
    const payers = await Promise.all([f.payer(100n), f.payer(100n), f.payer(100n), f.payer(100n)]);
    const o = await f.order(SHOP, '50.00');
    const before = await f.merchantBalance(SHOP.id);
    const results = await parallel(20, (i) => f.pay(payers[i % 4]!, o.id));
    expect(tally(results)).toEqual({ '201': 1, '409 ORDER_ALREADY_PAID': 19 });
    expect(await f.merchantBalance(SHOP.id)).toBe(before + 50_00n);
    const balances = await Promise.all(payers.map((p) => walletBalance(s, p.walletId)));
    expect(balances.map((b) => b.posted).reduce((a, b) => a + b)).toBe(400_00n - 50_00n);
    expect(await f.eventCount('order.paid', 'orderId', o.id)).toBe(1);
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('refuses insufficient funds and a frozen wallet without paying the order', async () => {
    const o = await f.order(SHOP, '80.00');
    const poor = await f.payer(10n);
    expect((await f.pay(poor, o.id)).json.code).toBe('INSUFFICIENT_FUNDS');
    const frozen = await f.payer(100n);
    await s.db.pool.query(`UPDATE wallets SET status = 'frozen' WHERE id = $1`, [frozen.walletId]);
    expect((await f.pay(frozen, o.id)).json.code).toBe('WALLET_FROZEN');
    expect((await call(s, 'GET', `/v1/merchant/orders/${o.id}`, { token: SHOP.key })).json.status).toBe(
      'open',
    );
  });

  it('above the threshold: STEP_UP_REQUIRED bound to the amount and merchant, then paid', async () => {
    const o = await f.order(SHOP, '400.00');
    const u = await f.payer(1000n);
    const ask = await f.pay(u, o.id, 'su-1');
    expect([ask.status, ask.json.code]).toEqual([403, 'STEP_UP_REQUIRED']);
    const stepUp = { challengeId: ask.json.details.challenge.id, password: 'correct horse battery' };
    const ok = await f.pay(u, o.id, 'su-1', { stepUp });
    expect(ok.status, ok.text).toBe(201);
    expect((await walletBalance(s, u.walletId)).posted).toBe(600_00n);
  });
});

describe('expiry and cancellation', () => {
  it('an open order past its expiry reads as expired and cannot be paid or cancelled', async () => {
    const o = await f.order(SHOP, '5.00', { expiresInSeconds: 60 });
    const u = await f.payer(100n);
    skew += 61_000;
    const got = await call(s, 'GET', `/v1/merchant/orders/${o.id}`, { token: SHOP.key });
    expect(got.json.status).toBe('expired');
    expect((await call(s, 'GET', `/v1/checkout/${o.id}`, { token: u.token })).json.status).toBe('expired');
    const r = await f.pay(u, o.id);
    expect([r.status, r.json.code]).toEqual([409, 'ORDER_EXPIRED']);
    const c = await call(s, 'POST', `/v1/merchant/orders/${o.id}/cancel`, { token: SHOP.key });
    expect([c.status, c.json.code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);
    const expired = await call(s, 'GET', '/v1/merchant/orders?status=expired&limit=100', { token: SHOP.key });
    expect(expired.json.items.map((x: { id: string }) => x.id)).toContain(o.id);
    const open = await call(s, 'GET', '/v1/merchant/orders?status=open&limit=100', { token: SHOP.key });
    expect(open.json.items.map((x: { id: string }) => x.id)).not.toContain(o.id);
    expect((await walletBalance(s, u.walletId)).posted).toBe(100_00n);
  });

  it('a cancelled order cannot be paid; a paid one cannot be cancelled', async () => {
    const o = await f.order(SHOP, '5.00');
    const c = await call(s, 'POST', `/v1/merchant/orders/${o.id}/cancel`, { token: SHOP.key });
    expect([c.status, c.json.status]).toEqual([200, 'cancelled']);
    const again = await call(s, 'POST', `/v1/merchant/orders/${o.id}/cancel`, { token: SHOP.key });
    expect(again.json.code).toBe('ORDER_NOT_CANCELLABLE');
    const u = await f.payer(100n);
    expect((await f.pay(u, o.id)).json.code).toBe('ORDER_CANCELLED');
    const p = await f.order(SHOP, '5.00');
    expect((await f.pay(u, p.id)).status).toBe(201);
    const late = await call(s, 'POST', `/v1/merchant/orders/${p.id}/cancel`, { token: SHOP.key });
    expect([late.status, late.json.code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);
  });
});

describe('listing', () => {
  it('newest first, by status, page by page with the cursor; the portal shows owners and cashiers', async () => {
    const sh = await f.shop(await f.customer(), COMPLIANCE, 'List Shop');
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await f.order(sh, `${i + 1}.00`)).id);
    const u = await f.payer(100n);
    expect((await f.pay(u, made[0]!)).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/merchant/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await call(s, 'GET', q, { token: sh.key });
      expect(r.status, r.text).toBe(200);
      seen.push(...r.json.items.map((x: { id: string }) => x.id));
      cursor = r.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const paid = await call(s, 'GET', '/v1/merchant/orders?status=paid', { token: sh.key });
    expect(paid.json.items.map((x: { id: string }) => x.id)).toEqual([made[0]]);

    const cashier = await f.customer();
    const add = await call(s, 'POST', `/v1/merchants/${sh.id}/users`, {
      token: sh.owner.token,
      body: { phone: cashier.phone, role: 'cashier' },
    });
    expect(add.status, add.text).toBe(201);
    const portal = await call(s, 'GET', `/v1/merchants/${sh.id}/orders`, { token: cashier.token });
    expect(portal.json.items).toHaveLength(5);
    const one = await call(s, 'GET', `/v1/merchants/${sh.id}/orders/${made[0]}`, { token: cashier.token });
    expect(one.json.status).toBe('paid');
    const stranger = await call(s, 'GET', `/v1/merchants/${sh.id}/orders`, { token: u.token });
    expect([stranger.status, stranger.json.code]).toEqual([404, 'MERCHANT_NOT_FOUND']);
    // The order of another merchant under this merchant's path is missing.
    const theirs = await f.order(SHOP, '1.00');
    const cross = await call(s, 'GET', `/v1/merchants/${sh.id}/orders/${theirs.id}`, {
      token: cashier.token,
    });
    expect([cross.status, cross.json.code]).toEqual([404, 'ORDER_NOT_FOUND']);
  });
});
