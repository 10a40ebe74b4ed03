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
import { cny, customer, merchant, merchantBalance, PASSWORD, type User } from './pos-fixtures.ts';

/**
 * Customer-presented payment codes (issue 5, part 4) over real HTTP on a real database: a customer's
 * one-time code, submitted by a merchant's POS with the amount, pays once (even submitted 20 times in
 * parallel), within a per-code and a daily limit; above ¥500 the customer confirms on the phone.
 */
let s: TestServer;
let skew = 0;
const phone = phoneSource('1581');
let COMPLIANCE: StaffUser;
let OWNER: User;
let CASHIER: User;
let shop: { id: string; key: string };
let rival: { id: string; key: string };

const issue = async (u: User) => {
  const r = await call(s, 'POST', '/v1/pay-codes', { token: u.token, body: {} });
  expect(r.status, r.text).toBe(201);
  return r.json as { code: string; expiresAt: string; perCodeLimit: { amount: string }; barcodeText: string };
};
const submit = (key: string, body: Record<string, unknown>, idem: string = randomUUID()) =>
  call(s, 'POST', '/v1/merchant/pos/payments', { token: key, body, idempotencyKey: idem });
const byCode = (code: string, amount: string, reference: string = randomUUID().slice(0, 20)) => ({
  method: 'pay_code',
  code,
  amount: cny(amount),
  reference,
});
const payer = (yuan = 3000n) => customer(s, phone(), yuan);

beforeAll(async () => {
  s = await startTestServer({
    poolMax: 40,
    background: false,
    clock: () => new Date(Date.now() + skew),
    env: {
      POS_DAILY_LIMIT_MINOR: '150000',
      POS_CONFIRM_ABOVE_MINOR: '50000',
      RISK_STEP_UP_ABOVE_MINOR: '70000',
    },
  });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  OWNER = await customer(s, phone(), 0n, '店主');
  CASHIER = await customer(s, phone());
  shop = await merchant(s, OWNER, COMPLIANCE, '便民超市 Corner Market');
  rival = await merchant(s, await customer(s, phone()), COMPLIANCE, 'Rival Shop');
  const u = await call(s, 'POST', `/v1/merchants/${shop.id}/users`, {
    token: OWNER.token,
    body: { phone: CASHIER.phone, role: 'cashier' },
  });
  expect(u.status, u.text).toBe(201);
});
afterAll(async () => {
  await s?.stop();
});

describe('issuing codes', () => {
  it('18 digits starting 28, valid 60 s, the per-code limit; a new code supersedes the last', async () => {
    const u = await payer();
    const first = await issue(u);
    expect(first.code).toMatch(/^28\d{16}$/);
    expect(first.barcodeText).toBe(first.code);
    expect(first.perCodeLimit).toEqual(cny('1000.00'));
    const ttl = Date.parse(first.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
    const second = await issue(u);
    const old = await submit(shop.key, byCode(first.code, '1.00'));
    expect([old.status, old.json.code]).toEqual([400, 'PAY_CODE_INVALID']);
    const now = await submit(shop.key, byCode(second.code, '1.00'));
    expect([now.status, now.json.status], now.text).toEqual([201, 'completed']);
  });
});

describe('paying with a code', () => {
  it('pays the merchant: one transfer, the answer to a retry, unknown codes refused alike', async () => {
    const u = await payer(100n);
    const before = await merchantBalance(s, shop.id);
    const { code } = await issue(u);
    const body = byCode(code, '12.50', 'SALE-1');
    const r = await submit(shop.key, { ...body, terminalId: 'T1' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      status: 'completed',
      method: 'pay_code',
      amount: cny('12.50'),
      merchant: { id: shop.id },
      reference: 'SALE-1',
      terminalId: 'T1',
    });
    expect((await walletBalance(s, u.walletId)).posted).toBe(10000n - 1250n);
    expect(await merchantBalance(s, shop.id)).toBe(before + 1250n);
    // The same sale again (same reference): the same payment, nothing more paid.
    const again = await submit(shop.key, { ...body, terminalId: 'T1' });
    expect([again.status, again.json.id]).toEqual([201, r.json.id]);
    // The used code under another reference, an unknown code, a malformed one: one answer.
    const used = await submit(shop.key, byCode(code, '12.50'));
    const unknown = await submit(shop.key, byCode(`28${'1'.repeat(16)}`, '12.50'));
    const junk = await submit(shop.key, byCode('12345', '12.50'));
    for (const x of [used, unknown, junk]) expect([x.status, x.json.code]).toEqual([400, 'PAY_CODE_INVALID']);
    expect(used.text).toBe(unknown.text);
    // Another code under a used reference is a conflict.
    const other = await issue(u);
    const clash = await submit(shop.key, byCode(other.code, '12.50', 'SALE-1'));
    expect([clash.status, clash.json.code]).toEqual([409, 'REFERENCE_CONFLICT']);
    // The merchant's webhook event is written with the money.
    const ev = await s.db.pool.query(
      `SELECT body FROM webhook_events WHERE merchant_id = $1 AND type = 'payment.received' AND body LIKE $2`,
      [shop.id, `%${r.json.id}%`],
    );
    expect(JSON.parse(ev.rows[0]?.body ?? '{}').data).toMatchObject({
      method: 'pay_code',
      reference: 'SALE-1',
      amount: '12.50',
    });
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('one code submitted 20 times in parallel (different references) pays exactly once', async () => {
    const u = await payer(1000n);
    const { code } = await issue(u);
    const results = await parallel(20, (i) => submit(shop.key, byCode(code, '30.00', `PAR-${i}`)));
    expect(tally(results)).toEqual({ '201': 1, '400 PAY_CODE_INVALID': 19 });
    expect((await walletBalance(s, u.walletId)).posted).toBe(100000n - 3000n);
  });

  it('expired after 60 seconds', async () => {
    const u = await payer();
    const { code } = await issue(u);
    skew += 61_000;
    try {
      const r = await submit(shop.key, byCode(code, '5.00'));
      expect([r.status, r.json.code]).toEqual([400, 'PAY_CODE_INVALID']);
    } finally {
      skew -= 61_000;
    }
  });

  it('a code from a device removed since, or of a frozen wallet, pays nothing', async () => {
    const u = await payer();
    const tablet = await call(s, 'POST', '/v1/auth/login', {
      body: { phone: u.phone, password: PASSWORD },
      headers: { 'x-device-id': `tablet-${randomUUID()}`, 'x-device-name': 'Tablet' },
    });
    expect(tablet.status, tablet.text).toBe(200);
    const fromTablet = await issue({ ...u, token: tablet.json.token });
    const devices = await call(s, 'GET', '/v1/me/devices', { token: u.token });
    const id = devices.json.items.find((d: { name: string | null }) => d.name === 'Tablet').id;
    const revoked = await call(s, 'DELETE', `/v1/me/devices/${id}`, { token: u.token });
    expect(revoked.status, revoked.text).toBe(200);
    const r = await submit(shop.key, byCode(fromTablet.code, '5.00'));
    expect([r.status, r.json.code]).toEqual([400, 'PAY_CODE_INVALID']);

    const { code } = await issue(u);
    const frozen = await call(s, 'POST', '/v1/me/freeze', { token: u.token, body: { reason: 'lost_phone' } });
    expect(frozen.status, frozen.text).toBe(200);
    const f = await submit(shop.key, byCode(code, '5.00'));
    expect([f.status, f.json.code]).toEqual([403, 'WALLET_FROZEN']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(300000n);
  });

  it('per-code limit ¥1,000; the daily ¥1,500 holds under parallel confirmations', async () => {
    const u = await payer();
    const over = await submit(shop.key, byCode((await issue(u)).code, '1000.01'));
    expect([over.status, over.json.code]).toEqual([422, 'PAY_CODE_LIMIT_EXCEEDED']);
    // Four ¥600 payments wait for the customer (above ¥500); confirmed at once, two fit in ¥1,500.
    const waiting: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await submit(shop.key, byCode((await issue(u)).code, '600.00'));
      expect([r.status, r.json.status], r.text).toEqual([201, 'awaiting_customer']);
      waiting.push(r.json.id);
    }
    const confirmed = await parallel(4, (i) =>
      call(s, 'POST', `/v1/pos-payments/${waiting[i]}/confirm`, { token: u.token, body: {} }),
    );
    expect(tally(confirmed)).toEqual({ '200': 2, '422 PAY_CODE_DAILY_LIMIT_EXCEEDED': 2 });
    expect((await walletBalance(s, u.walletId)).posted).toBe(300000n - 120000n);
    const small = await submit(shop.key, byCode((await issue(u)).code, '300.01'));
    expect([small.status, small.json.code]).toEqual([422, 'PAY_CODE_DAILY_LIMIT_EXCEEDED']);
  });
});

describe('confirm on the phone', () => {
  it('above ¥500 the payment waits; the customer sees it and confirms; the POS polls it completed', async () => {
    const u = await payer();
    const r = await submit(shop.key, byCode((await issue(u)).code, '520.00', 'BIG-1'));
    expect([r.status, r.json.status]).toEqual([201, 'awaiting_customer']);
    expect(r.json.expiresAt).not.toBeNull();
    expect((await walletBalance(s, u.walletId)).posted).toBe(300000n);
    const pending = await call(s, 'GET', '/v1/pos-payments/pending', { token: u.token });
    expect(pending.json.items.map((p: { id: string }) => p.id)).toEqual([r.json.id]);
    // Nobody else can confirm it (it answers like a missing one).
    const stranger = await payer();
    const theirs = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, {
      token: stranger.token,
      body: {},
    });
    expect([theirs.status, theirs.json.code]).toEqual([404, 'POS_PAYMENT_NOT_FOUND']);
    const ok = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, { token: u.token, body: {} });
    expect([ok.status, ok.json.status], ok.text).toEqual([200, 'completed']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(300000n - 52000n);
    const polled = await call(s, 'GET', `/v1/merchant/pos/payments/${r.json.id}`, { token: shop.key });
    expect([polled.status, polled.json.status]).toEqual([200, 'completed']);
    const twice = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, {
      token: u.token,
      body: {},
    });
    expect([twice.status, twice.json.code]).toEqual([409, 'POS_PAYMENT_NOT_AWAITING']);
  });

  it('a step-up, when the checks want one, is bound to the amount and the merchant', async () => {
    const u = await payer();
    const r = await submit(shop.key, byCode((await issue(u)).code, '800.00'));
    expect(r.json.status).toBe('awaiting_customer');
    const ask = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, { token: u.token, body: {} });
    expect([ask.status, ask.json.code]).toEqual([403, 'STEP_UP_REQUIRED']);
    const stepUp = { challengeId: ask.json.details.challenge.id, password: PASSWORD };
    const ok = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, {
      token: u.token,
      body: { stepUp },
    });
    expect([ok.status, ok.json.status], ok.text).toEqual([200, 'completed']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(300000n - 80000n);
  });

  it('declined: nothing paid, the POS sees declined; unanswered: expired after 2 minutes', async () => {
    const u = await payer();
    const r = await submit(shop.key, byCode((await issue(u)).code, '510.00'));
    const no = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/decline`, { token: u.token, body: {} });
    expect([no.status, no.json.status]).toEqual([200, 'declined']);
    const polled = await call(s, 'GET', `/v1/merchant/pos/payments/${r.json.id}`, { token: shop.key });
    expect(polled.json.status).toBe('declined');
    const late = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, { token: u.token, body: {} });
    expect([late.status, late.json.code]).toEqual([409, 'POS_PAYMENT_NOT_AWAITING']);

    const w = await submit(shop.key, byCode((await issue(u)).code, '510.00'));
    skew += 121_000;
    try {
      const p = await call(s, 'GET', `/v1/merchant/pos/payments/${w.json.id}`, { token: shop.key });
      expect(p.json.status).toBe('expired');
      const c = await call(s, 'POST', `/v1/pos-payments/${w.json.id}/confirm`, { token: u.token, body: {} });
      expect([c.status, c.json.code]).toEqual([409, 'POS_PAYMENT_NOT_AWAITING']);
    } finally {
      skew -= 121_000;
    }
    expect((await walletBalance(s, u.walletId)).posted).toBe(300000n);
  });
});

describe("the merchant's side", () => {
  it('another merchant cannot read the payment; the cashier takes and reads one at the web till', async () => {
    const u = await payer();
    const r = await call(s, 'POST', `/v1/merchants/${shop.id}/pos/payments`, {
      token: CASHIER.token,
      body: byCode((await issue(u)).code, '8.00'),
      idempotencyKey: randomUUID(),
    });
    expect([r.status, r.json.status], r.text).toEqual([201, 'completed']);
    const mine = await call(s, 'GET', `/v1/merchants/${shop.id}/pos/payments/${r.json.id}`, {
      token: CASHIER.token,
    });
    expect(mine.status).toBe(200);
    const theirs = await call(s, 'GET', `/v1/merchant/pos/payments/${r.json.id}`, { token: rival.key });
    const missing = await call(s, 'GET', `/v1/merchant/pos/payments/${randomUUID()}`, { token: rival.key });
    expect([theirs.status, theirs.json.code]).toEqual([404, 'POS_PAYMENT_NOT_FOUND']);
    expect(theirs.text).toBe(missing.text);
    const stranger = await call(s, 'GET', `/v1/merchants/${shop.id}/pos/payments/${r.json.id}`, {
      token: u.token,
    });
    expect([stranger.status, stranger.json.code]).toEqual([404, 'MERCHANT_NOT_FOUND']);
    const take = await call(s, 'POST', `/v1/merchants/${shop.id}/pos/payments`, {
      token: u.token,
      body: byCode((await issue(u)).code, '8.00'),
    });
    expect([take.status, take.json.code]).toEqual([404, 'MERCHANT_NOT_FOUND']);
  });
});
