import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, phoneSource } from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { salesRange } from '../modules/merchant-sales/index.ts';
import { businessDateOf, nextDate } from '../modules/settlements/index.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';
import { cny, fixtures, type Shop, type User } from './orders.fixtures.ts';

/**
 * A merchant's sales per Asia/Shanghai day and its incoming payments (issue 5, portal): QR codes,
 * payment codes and online orders are sales, refunds are counted on their own day, settlements are
 * left out; a payment one minute either side of Shanghai midnight lands on its own day; only the
 * merchant's owners and cashiers read them (anyone else: 404 like a missing merchant).
 */
let s: TestServer;
const phone = phoneSource('1582');
const f = fixtures(() => s, phone);
// Day D: tomorrow in Shanghai; the test clock moves through D and D+1.
const D = nextDate(businessDateOf(new Date()));
const D1 = nextDate(D);
let now = new Date();
const at = (iso: string) => {
  now = new Date(iso);
};
let COMPLIANCE: StaffUser;
let OWNER: User;
let CASHIER: User;
let OTHER: User;
let PAYER: User;
let shop: Shop;
let otherShop: Shop;
let staticPayload: string;

async function payQr(u: User, amount: string) {
  const r = await call(s, 'POST', '/v1/qr/pay', {
    token: u.token,
    body: { payload: staticPayload, amount: cny(amount) },
    idempotencyKey: randomUUID(),
  });
  expect(r.status, r.text).toBe(201);
}

async function payByCode(u: User, amount: string, reference: string) {
  const c = await call(s, 'POST', '/v1/pay-codes', { token: u.token, body: {} });
  expect(c.status, c.text).toBe(201);
  const r = await call(s, 'POST', `/v1/merchants/${shop.id}/pos/payments`, {
    token: CASHIER.token,
    body: { method: 'pay_code', code: c.json.code, amount: cny(amount), reference },
    idempotencyKey: randomUUID(),
  });
  expect([r.status, r.json.status], r.text).toEqual([201, 'completed']);
}

const sales = (u: User, merchantId: string, q = '') =>
  call(s, 'GET', `/v1/merchants/${merchantId}/sales${q}`, { token: u.token });
const payments = (u: User, merchantId: string, q = '') =>
  call(s, 'GET', `/v1/merchants/${merchantId}/payments${q}`, { token: u.token });

beforeAll(async () => {
  const env = { SESSION_TTL_SECONDS: '864000', PAYMENT_IDLE_SECONDS: '864000' };
  s = await startTestServer({ background: false, clock: () => now, env });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  OWNER = await f.customer('店主');
  CASHIER = await f.customer();
  OTHER = await f.customer();
  PAYER = await f.customer('张伟');
  await fund(s, PAYER.walletId, 200_000n);
  shop = await f.shop(OWNER, COMPLIANCE, '老王面馆');
  otherShop = await f.shop(OTHER, COMPLIANCE, 'Corner Shop');
  const u = await call(s, 'POST', `/v1/merchants/${shop.id}/users`, {
    token: OWNER.token,
    body: { phone: CASHIER.phone, role: 'cashier' },
  });
  expect(u.status, u.text).toBe(201);
  const c = await call(s, 'POST', `/v1/merchants/${shop.id}/qr-codes`, {
    token: OWNER.token,
    body: { kind: 'static' },
  });
  expect(c.status, c.text).toBe(201);
  staticPayload = c.json.payload;

  // D: just after its first midnight and just before its last one.
  at(`${D}T00:00:30+08:00`);
  await payQr(PAYER, '10.00');
  at(`${D}T23:59:30+08:00`);
  await payQr(PAYER, '5.00');
  // D+1: a payment code just after midnight, an order paid and partly refunded.
  at(`${D1}T00:00:30+08:00`);
  await payByCode(PAYER, '20.00', 'SALE-7');
  at(`${D1}T10:00:00+08:00`);
  const o = await f.order(shop, '50.00');
  const p = await f.pay(PAYER, o.id);
  expect(p.status, p.text).toBe(201);
  at(`${D1}T11:00:00+08:00`);
  const r = await call(s, 'POST', `/v1/merchants/${shop.id}/orders/${o.id}/refunds`, {
    token: OWNER.token,
    body: { amount: cny('12.34'), reference: 'RF-1' },
  });
  expect(r.status, r.text).toBe(201);
  // A settlement payout of D (as the settlement job books it): neither a sale nor a refund.
  at(`${D1}T12:00:00+08:00`);
  const { rows } = await s.db.pool.query(
    `SELECT account_id FROM merchant_accounts WHERE merchant_id = $1 AND currency = 'CNY'`,
    [shop.id],
  );
  const [t] = await s.engine.submit([
    {
      id: randomUUID(),
      debitAccountId: rows[0].account_id,
      creditAccountId: systemAccountId(156, AccountCode.interbankClearing),
      amount: 1500n,
      ledger: 156,
      code: TransferCode.settlementPayout,
      userData: { kind: 'settlement', test: true },
    },
  ]);
  expect(t?.ok).toBe(true);
});
afterAll(async () => {
  await s?.stop();
});

describe('sales per day', () => {
  it('groups sales and refunds by Shanghai day, any method, settlements left out', async () => {
    const r = await sales(OWNER, shop.id, `?from=${D}&to=${D1}`);
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({
      currency: 'CNY',
      from: D,
      to: D1,
      days: [
        { date: D, count: 2, gross: cny('15.00'), refunds: cny('0.00') },
        { date: D1, count: 2, gross: cny('70.00'), refunds: cny('12.34') },
      ],
      totals: { count: 4, gross: cny('85.00'), refunds: cny('12.34'), net: cny('72.66') },
    });
  });

  it('a day on its own: the one-minute-before-midnight payment stays on D', async () => {
    const r = await sales(CASHIER, shop.id, `?from=${D}&to=${D}`);
    expect(r.json.days).toEqual([{ date: D, count: 2, gross: cny('15.00'), refunds: cny('0.00') }]);
  });

  it('defaults to the last 30 days up to today; at most 92 days; from after to is refused', async () => {
    const r = await sales(OWNER, shop.id);
    expect(r.status, r.text).toBe(200);
    expect(r.json.days).toHaveLength(30);
    expect(r.json.to).toBe(D1);
    expect(r.json.days.at(-1)).toMatchObject({ date: D1, count: 2 });
    expect(r.json.totals.gross).toEqual(cny('85.00'));
    const long = await sales(OWNER, shop.id, `?to=${D1}&from=2020-01-01`);
    expect([long.status, long.json.code]).toEqual([400, 'INVALID_DATE_RANGE']);
    const back = await sales(OWNER, shop.id, `?from=${D1}&to=${D}`);
    expect([back.status, back.json.code]).toEqual([400, 'INVALID_DATE_RANGE']);
    const bad = await sales(OWNER, shop.id, '?from=2026-02-30');
    expect([bad.status, bad.json.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('ranges: default, from alone, 92 days at most', () => {
    expect(salesRange({}, '2026-03-31')).toEqual({
      ok: true,
      value: { from: '2026-03-02', to: '2026-03-31' },
    });
    expect(salesRange({ from: '2026-03-01' }, '2026-03-10')).toEqual({
      ok: true,
      value: { from: '2026-03-01', to: '2026-03-10' },
    });
    expect(salesRange({ from: '2026-01-01', to: '2026-04-02' }, '2026-05-01').ok).toBe(true); // 92 days
    expect(salesRange({ from: '2026-01-01', to: '2026-04-03' }, '2026-05-01').ok).toBe(false); // 93
  });
});

describe('incoming payments', () => {
  it('newest first, with method, reference and the payer masked; pages by cursor', async () => {
    const r = await payments(CASHIER, shop.id);
    expect(r.status, r.text).toBe(200);
    expect(
      r.json.items.map((p: { method: string; amount: { amount: string } }) => [p.method, p.amount.amount]),
    ).toEqual([
      ['order', '50.00'],
      ['pay_code', '20.00'],
      ['qr', '5.00'],
      ['qr', '10.00'],
    ]);
    expect(r.json.items[0]).toMatchObject({ payerMasked: '*伟', orderId: expect.any(String) });
    expect(r.json.items[0].reference).toMatch(/^ORD-/);
    expect(r.json.items[1]).toMatchObject({ reference: 'SALE-7', orderId: null });
    expect(r.json.items[3].createdAt).toBe(new Date(`${D}T00:00:30+08:00`).toISOString());
    expect(JSON.stringify(r.json)).not.toContain('张伟');
    expect(r.json.nextCursor).toBeNull();
    const p1 = await payments(OWNER, shop.id, '?limit=3');
    expect(p1.json.items).toHaveLength(3);
    const p2 = await payments(OWNER, shop.id, `?limit=3&cursor=${p1.json.nextCursor}`);
    expect(p2.json.items.map((p: { amount: { amount: string } }) => p.amount.amount)).toEqual(['10.00']);
    expect(p2.json.nextCursor).toBeNull();
  });
});

describe('who may read them', () => {
  it("another merchant's id answers like a missing one", async () => {
    for (const path of ['sales', 'payments']) {
      const foreign = await call(s, 'GET', `/v1/merchants/${otherShop.id}/${path}`, { token: OWNER.token });
      const missing = await call(s, 'GET', `/v1/merchants/${randomUUID()}/${path}`, { token: OWNER.token });
      expect([foreign.status, foreign.json]).toEqual([404, missing.json]);
      expect(missing.json.code).toBe('MERCHANT_NOT_FOUND');
      const stranger = await call(s, 'GET', `/v1/merchants/${shop.id}/${path}`, { token: PAYER.token });
      expect([stranger.status, stranger.json]).toEqual([404, missing.json]);
    }
    const own = await sales(OTHER, otherShop.id);
    expect(own.json.totals.count).toBe(0);
  });
});
