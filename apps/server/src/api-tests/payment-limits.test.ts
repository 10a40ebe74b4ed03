import { randomUUID } from 'node:crypto';
import { TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type HttpResult, ledgerImbalances, phoneSource } from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';

/**
 * P8: one set of tier limits and one step-up for every payment type. The same daily counter is
 * shared by P2P transfers, static and dynamic merchant QR payments and card withdrawals (the payment
 * that would cross it is refused whatever its type), the single-payment limit applies to each, and a
 * confirmation issued for one type, amount and payee confirms nothing else.
 *
 * P2P, static and dynamic QR, online orders, payment codes at a till (an NFC tap is the same till
 * payment: nfc.test.ts) and card withdrawals. A new payment type is one entry in PAYMENT_TYPES.
 * Tier 4 defaults (tiers.ts): single ¥2,000, daily ¥5,000; step-up here above ¥1,500.
 */
let s: TestServer;
const phone = phoneSource('1582');
const PASSWORD = 'correct horse battery';
type User = { token: string; customerId: string; walletId: string; phone: string; cardId: string };
let PAYEE: User;
let OWNER: User;
let COMPLIANCE: StaffUser;
let merchantId: string;
let staticPayload: string;

// Real time while staff sign in (authenticator codes), then noon in Shanghai today running in real
// time: the daily counter cannot roll over mid-test.
const start = Date.now();
const noon = new Date(`${new Date(start + 8 * 3600_000).toISOString().slice(0, 10)}T04:00:00Z`).getTime();
let offset = 0;
const clock = () => new Date(Date.now() + offset);

type StepUp = { challengeId: string; password: string };
/** A payment type as a customer starts it: `amount` in yuan ("12.34"); answers 2xx when it went through. */
type PaymentType = { name: string; pay: (u: User, amount: string, stepUp?: StepUp) => Promise<HttpResult> };

const post = (u: User, path: string, body: Record<string, unknown>) =>
  call(s, 'POST', path, { token: u.token, body, idempotencyKey: randomUUID() });
const cny = (amount: string) => ({ amount, currency: 'CNY' });
const withStepUp = (stepUp?: StepUp) => (stepUp ? { stepUp } : {});

async function dynamicCode(amount: string): Promise<string> {
  const r = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes`, {
    token: OWNER.token,
    body: { kind: 'dynamic', amount },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.payload;
}

let merchantKey: string;
const askedOrders = new Map<string, string>();
const askedPos = new Map<string, string>();

async function order(amount: string): Promise<string> {
  const r = await call(s, 'POST', '/v1/merchant/orders', {
    token: merchantKey,
    body: { amount: cny(amount), reference: randomUUID() },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.id;
}

const PAYMENT_TYPES: PaymentType[] = [
  {
    name: 'P2P transfer',
    pay: (u, amount, stepUp) =>
      post(u, '/v1/transfers', { to: { phone: PAYEE.phone }, amount: cny(amount), ...withStepUp(stepUp) }),
  },
  {
    name: 'static QR',
    pay: (u, amount, stepUp) =>
      post(u, '/v1/qr/pay', { payload: staticPayload, amount: cny(amount), ...withStepUp(stepUp) }),
  },
  {
    name: 'dynamic QR',
    pay: async (u, amount, stepUp) =>
      post(u, '/v1/qr/pay', { payload: await dynamicCode(amount), ...withStepUp(stepUp) }),
  },
  {
    name: 'online order',
    pay: async (u, amount, stepUp) => {
      // A confirmation is bound to its order: with one, pay the order it was asked for.
      const orderId = (stepUp && askedOrders.get(stepUp.challengeId)) || (await order(amount));
      const r = await post(u, `/v1/checkout/${orderId}/pay`, withStepUp(stepUp));
      if (r.json?.code === 'STEP_UP_REQUIRED') askedOrders.set(r.json.details.challenge.id, orderId);
      return r;
    },
  },
  {
    name: 'payment code',
    pay: async (u, amount, stepUp) => {
      // The till submits the code; above the threshold the customer confirms on the phone (with the
      // step-up the server asks for), bound to that till payment.
      let paymentId = stepUp && askedPos.get(stepUp.challengeId);
      if (!paymentId) {
        const code = await call(s, 'POST', '/v1/pay-codes', { token: u.token, body: {} });
        expect(code.status, code.text).toBe(201);
        const till = await call(s, 'POST', `/v1/merchants/${merchantId}/pos/payments`, {
          token: OWNER.token,
          idempotencyKey: randomUUID(),
          body: { method: 'pay_code', code: code.json.code, amount: cny(amount), reference: randomUUID() },
        });
        if (till.json?.status !== 'awaiting_customer') return till;
        paymentId = till.json.id as string;
      }
      const r = await post(u, `/v1/pos-payments/${paymentId}/confirm`, withStepUp(stepUp));
      if (r.json?.code === 'STEP_UP_REQUIRED') askedPos.set(r.json.details.challenge.id, paymentId);
      return r;
    },
  },
  {
    name: 'card withdrawal',
    pay: (u, amount, stepUp) =>
      post(u, '/v1/withdrawals', { cardId: u.cardId, amount: cny(amount), ...withStepUp(stepUp) }),
  },
];

async function customer(displayName = '李华'): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: PASSWORD, displayName } });
  expect(r.status, r.text).toBe(201);
  return {
    token: r.json.session.token,
    customerId: r.json.customer.id,
    walletId: r.json.customer.walletId,
    phone: p,
    cardId: '',
  };
}

/** A tier-4 customer with ¥9,000 and a linked card (for withdrawals). */
async function payer(): Promise<User> {
  const u = await customer();
  await fund(s, u.walletId, 900_000n);
  const c = await call(s, 'POST', '/v1/cards', {
    token: u.token,
    body: { pan: TEST_CARDS.approveVisa, expiry: '12/30', holderName: 'ZHANG SAN' },
  });
  expect(c.status, c.text).toBe(201);
  return { ...u, cardId: c.json.id };
}

const outcome = (r: HttpResult) => (r.status < 300 ? 'ok' : `${r.status} ${r.json?.code}`);

beforeAll(async () => {
  s = await startTestServer({
    poolMax: 30,
    background: false,
    clock,
    cardNetwork: { decisionDelayMs: 10 },
    env: {
      RISK_STEP_UP_ABOVE_MINOR: '150000',
      RISK_MAX_TRANSFERS_PER_MINUTE: '1000',
      SCA_NEW_PAYEE: 'false',
      // The static-QR cap is its own rule (qr-payments.test.ts); here it is out of the way.
      STATIC_QR_DAILY_CAP_MINOR: '10000000',
      // Likewise the till's own caps; its confirm-on-phone threshold is the step-up threshold.
      POS_PER_CODE_LIMIT_MINOR: '10000000',
      POS_DAILY_LIMIT_MINOR: '10000000',
      POS_CONFIRM_ABOVE_MINOR: '150000',
      SESSION_TTL_SECONDS: '172800',
      PAYMENT_IDLE_SECONDS: '172800',
    },
  });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  OWNER = await customer('店主');
  const m = await call(s, 'POST', '/v1/merchants', {
    token: OWNER.token,
    body: {
      businessName: 'Limits Shop',
      mcc: '5411',
      settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '6216 6100 0001 2345' },
      contact: { phone: '13912345678', email: 'shop@example.com' },
    },
  });
  expect(m.status, m.text).toBe(201);
  merchantId = m.json.id;
  const a = await call(s, 'POST', `/v1/staff/merchants/${merchantId}/approve`, {
    token: COMPLIANCE.token,
    body: {},
  });
  expect(a.status, a.text).toBe(200);
  offset = noon - start;
  PAYEE = await customer();
  const c = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes`, {
    token: OWNER.token,
    body: { kind: 'static' },
  });
  expect(c.status, c.text).toBe(201);
  staticPayload = c.json.payload;
  const k = await call(s, 'POST', `/v1/merchants/${merchantId}/api-keys`, {
    token: OWNER.token,
    body: { name: 'shop', scopes: ['orders:write'] },
  });
  expect(k.status, k.text).toBe(201);
  merchantKey = k.json.key;
});
afterAll(async () => {
  await s?.stop();
});

async function usedToday(u: User): Promise<string> {
  const r = await call(s, 'GET', `/v1/wallets/${u.walletId}`, { token: u.token });
  return r.json.limits.usedToday.amount;
}

describe('one daily limit across payment types', () => {
  it('each type takes from the same counter; the payment that would cross it is refused whatever its type', async () => {
    const u = await payer();
    // ¥800 by each of the six types: ¥4,800 of the ¥5,000 day.
    expect(PAYMENT_TYPES).toHaveLength(6);
    for (const t of PAYMENT_TYPES) expect(outcome(await t.pay(u, '800.00')), t.name).toBe('ok');
    expect(await usedToday(u)).toBe('4800.00');
    // ¥200.01 more would cross it: refused by every type, and nothing is taken.
    for (const t of PAYMENT_TYPES)
      expect(outcome(await t.pay(u, '200.01')), t.name).toBe('422 DAILY_LIMIT_EXCEEDED');
    expect(await usedToday(u)).toBe('4800.00');
    // What is left fits once, by any type; after it, nothing more by any type.
    expect(outcome(await PAYMENT_TYPES[1]!.pay(u, '200.00'))).toBe('ok');
    for (const t of PAYMENT_TYPES)
      expect(outcome(await t.pay(u, '0.01')), t.name).toBe('422 DAILY_LIMIT_EXCEEDED');
    expect(await usedToday(u)).toBe('5000.00');
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('the single-payment limit applies to each type', async () => {
    const u = await payer();
    for (const t of PAYMENT_TYPES)
      expect(outcome(await t.pay(u, '2000.01')), t.name).toBe('422 SINGLE_LIMIT_EXCEEDED');
    expect(await usedToday(u)).toBe('0.00');
  });
});

describe('one step-up across payment types', () => {
  it('a confirmation asked for by one type confirms no other type (same amount)', async () => {
    const u = await payer();
    const tried: Record<string, string> = {};
    for (const asked of PAYMENT_TYPES) {
      for (const used of PAYMENT_TYPES.filter((t) => t !== asked)) {
        const ask = await asked.pay(u, '1600.00');
        expect(outcome(ask), asked.name).toBe('403 STEP_UP_REQUIRED');
        const stepUp = { challengeId: ask.json.details.challenge.id as string, password: PASSWORD };
        const r = await used.pay(u, '1600.00', stepUp);
        tried[`${asked.name} → ${used.name}`] = outcome(r);
      }
    }
    for (const [pair, result] of Object.entries(tried)) expect(result, pair).toBe('403 STEP_UP_MISMATCH');
    expect(await usedToday(u)).toBe('0.00');
  });

  it('and it confirms the payment it was asked for (a dynamic code: that code only)', async () => {
    for (const t of PAYMENT_TYPES) {
      const u = await payer();
      const ask = await t.pay(u, '1600.00');
      expect(outcome(ask), t.name).toBe('403 STEP_UP_REQUIRED');
      const stepUp = { challengeId: ask.json.details.challenge.id as string, password: PASSWORD };
      if (t.name === 'dynamic QR') {
        // Bound to that code: another code of the same merchant and amount is not confirmed by it
        // (qr-payments.test.ts pays the code it was asked for).
        expect(outcome(await t.pay(u, '1600.00', stepUp))).toBe('403 STEP_UP_MISMATCH');
        continue;
      }
      const ok = await t.pay(u, '1600.00', stepUp);
      expect(outcome(ok), t.name).toBe('ok');
      expect(await usedToday(u)).toBe('1600.00');
    }
  });
});

describe('a confirmation is bound to the one payment it was asked for', () => {
  it('another order, or another till payment, of the same merchant and amount is not confirmed by it', async () => {
    const u = await payer();
    const [a, b] = [await order('1600.00'), await order('1600.00')];
    const ask = await post(u, `/v1/checkout/${a}/pay`, {});
    expect(outcome(ask)).toBe('403 STEP_UP_REQUIRED');
    const stepUp = { challengeId: ask.json.details.challenge.id as string, password: PASSWORD };
    expect(outcome(await post(u, `/v1/checkout/${b}/pay`, { stepUp }))).toBe('403 STEP_UP_MISMATCH');

    const till = async () => {
      const code = await call(s, 'POST', '/v1/pay-codes', { token: u.token, body: {} });
      const r = await call(s, 'POST', `/v1/merchants/${merchantId}/pos/payments`, {
        token: OWNER.token,
        idempotencyKey: randomUUID(),
        body: { method: 'pay_code', code: code.json.code, amount: cny('1600.00'), reference: randomUUID() },
      });
      expect(r.json.status, r.text).toBe('awaiting_customer');
      return r.json.id as string;
    };
    const [p, q] = [await till(), await till()];
    const askPos = await post(u, `/v1/pos-payments/${p}/confirm`, {});
    expect(outcome(askPos)).toBe('403 STEP_UP_REQUIRED');
    const posStepUp = { challengeId: askPos.json.details.challenge.id as string, password: PASSWORD };
    expect(outcome(await post(u, `/v1/pos-payments/${q}/confirm`, { stepUp: posStepUp }))).toBe(
      '403 STEP_UP_MISMATCH',
    );
    expect(await usedToday(u)).toBe('0.00');
  });
});
