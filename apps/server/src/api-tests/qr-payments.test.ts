import { randomUUID } from 'node:crypto';
import { decode, withCrc } from '@yinbao/emv-qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../packages/emv-qr/src/fixtures.ts';
import {
  call,
  expectClientError,
  ledgerImbalances,
  parallel,
  phoneSource,
  tally,
  walletBalance,
} from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';

/**
 * Merchant-presented QR (issue 5, part 3) over real HTTP on a real database: owners create static and
 * dynamic codes (EMVCo payloads), customers resolve and pay them with the transfer checks (tier
 * limits, step-up bound to amount and merchant), a static daily cap kept by a ledger counter, and a
 * dynamic code paid exactly once even when paid in parallel.
 */
let s: TestServer;
const phone = phoneSource('1580');
let skew = 0;
const PASSWORD = 'correct horse battery';
type User = { token: string; customerId: string; walletId: string; phone: string };
let OWNER: User;
let CASHIER: User;
let OTHER: User;
let COMPLIANCE: StaffUser;
let merchantId: string;
let otherMerchantId: string;

async function customer(displayName = '李华'): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: PASSWORD, displayName } });
  expect(r.status, r.text).toBe(201);
  return {
    token: r.json.session.token,
    customerId: r.json.customer.id,
    walletId: r.json.customer.walletId,
    phone: p,
  };
}

async function payer(yuan = 2000n): Promise<User> {
  const u = await customer();
  await fund(s, u.walletId, yuan * 100n);
  return u;
}

async function merchant(owner: User, businessName: string, approve = true): Promise<string> {
  const r = await call(s, 'POST', '/v1/merchants', {
    token: owner.token,
    body: {
      businessName,
      mcc: '5812',
      settlement: {
        kind: 'bank_account',
        bankName: '中国工商银行',
        accountNumber: '6222 0212 3456 7890 123',
      },
      contact: { phone: '13912345678', email: 'shop@example.com' },
    },
  });
  expect(r.status, r.text).toBe(201);
  if (approve) {
    const a = await call(s, 'POST', `/v1/staff/merchants/${r.json.id}/approve`, {
      token: COMPLIANCE.token,
      body: {},
    });
    expect(a.status, a.text).toBe(200);
  }
  return r.json.id;
}

const createCode = (u: User, mId: string, body: unknown) =>
  call(s, 'POST', `/v1/merchants/${mId}/qr-codes`, { token: u.token, body });

async function code(mId: string, body: Record<string, unknown> = { kind: 'static' }) {
  const r = await createCode(OWNER, mId, body);
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; payload: string; amount: { amount: string } | null; status: string };
}

const resolve = (u: User, payload: string) =>
  call(s, 'POST', '/v1/qr/resolve', { token: u.token, body: { payload } });
const pay = (u: User, body: Record<string, unknown>, key: string = randomUUID()) =>
  call(s, 'POST', '/v1/qr/pay', { token: u.token, body, idempotencyKey: key });
const cny = (amount: string) => ({ amount, currency: 'CNY' });

async function merchantBalance(mId: string): Promise<bigint> {
  const { rows } = await s.db.pool.query(
    `SELECT a.credits_posted - a.debits_posted AS b FROM merchant_accounts m
       JOIN ledger_accounts a ON a.id = m.account_id WHERE m.merchant_id = $1 AND m.currency = 'CNY'`,
    [mId],
  );
  return BigInt(rows[0].b);
}

async function kindsOf(u: User): Promise<string[]> {
  await s.outbox.runOnce();
  const r = await call(s, 'GET', '/v1/notifications', { token: u.token });
  return r.json.items.map((n: { kind: string }) => n.kind);
}

beforeAll(async () => {
  s = await startTestServer({
    poolMax: 40,
    background: false,
    clock: () => new Date(Date.now() + skew),
    // Confirmation above ¥300 (so a static payment below the ¥500 cap can need one).
    env: { RISK_STEP_UP_ABOVE_MINOR: '30000', STATIC_QR_DAILY_CAP_MINOR: '50000' },
  });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  OWNER = await customer('店主');
  CASHIER = await customer();
  OTHER = await customer();
  merchantId = await merchant(OWNER, '老王面馆 Lao Wang');
  otherMerchantId = await merchant(OTHER, 'Corner Shop');
  const u = await call(s, 'POST', `/v1/merchants/${merchantId}/users`, {
    token: OWNER.token,
    body: { phone: CASHIER.phone, role: 'cashier' },
  });
  expect(u.status, u.text).toBe(201);
});
afterAll(async () => {
  await s?.stop();
});

describe('creating codes', () => {
  it('a static code: an EMVCo payload with the ASCII name in 59 and the Chinese name in 64', async () => {
    const c = await code(merchantId);
    expect(c).toMatchObject({ kind: 'static', status: 'active', amount: null, expiresAt: null });
    const d = decode(c.payload);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.model.pointOfInitiation).toBe('static');
    expect(d.value.model.merchantName).toBe('Lao Wang');
    expect(d.value.model.language?.name).toBe('老王面馆 Lao Wang');
    expect(d.value.model.mcc).toBe('5812');
    expect(d.value.model.currency).toBe('156');
  });

  it('a dynamic code fixes amount, reference and expiry (at most 24 hours)', async () => {
    const c = await code(merchantId, {
      kind: 'dynamic',
      amount: '36.50',
      reference: 'ORD-1',
      expiresInSeconds: 600,
    });
    const d = decode(c.payload);
    expect(d.ok && d.value.model.amount).toBe('36.50');
    expect(d.ok && d.value.model.additionalData?.referenceLabel).toBe('ORD-1');
    expect(d.ok && d.value.model.pointOfInitiation).toBe('dynamic');
    for (const body of [
      { kind: 'dynamic', amount: '1.00', expiresInSeconds: 24 * 3600 + 1 },
      { kind: 'dynamic', amount: '0', expiresInSeconds: 600 },
      { kind: 'dynamic', amount: '-1.00', expiresInSeconds: 600 },
      { kind: 'dynamic', amount: '1.00', reference: '订单', expiresInSeconds: 600 },
      { kind: 'static', amount: '1.00' },
    ]) {
      const r = await createCode(OWNER, merchantId, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('only owners create and disable; cashiers list; anyone else’s merchant is missing; pending merchants cannot', async () => {
    const mine = await code(merchantId);
    const cashier = await createCode(CASHIER, merchantId, { kind: 'static' });
    expect([cashier.status, cashier.json.code]).toEqual([403, 'MERCHANT_ROLE_FORBIDDEN']);
    const list = await call(s, 'GET', `/v1/merchants/${merchantId}/qr-codes`, { token: CASHIER.token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((c: { id: string }) => c.id)).toContain(mine.id);
    const foreign = await createCode(OTHER, merchantId, { kind: 'static' });
    const missing = await createCode(OTHER, randomUUID(), { kind: 'static' });
    expect([foreign.status, foreign.json.code]).toEqual([404, 'MERCHANT_NOT_FOUND']);
    expect(foreign.text).toBe(missing.text);
    const foreignList = await call(s, 'GET', `/v1/merchants/${merchantId}/qr-codes`, { token: OTHER.token });
    expect(foreignList.status).toBe(404);
    // A code of another merchant under this merchant's path is missing.
    const theirs = await createCode(OTHER, otherMerchantId, { kind: 'static' });
    const cross = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes/${theirs.json.id}/disable`, {
      token: OWNER.token,
    });
    expect([cross.status, cross.json.code]).toEqual([404, 'QR_CODE_NOT_FOUND']);
    const pending = await merchant(OWNER, 'Pending Shop', false);
    const p = await createCode(OWNER, pending, { kind: 'static' });
    expect([p.status, p.json.code]).toEqual([409, 'MERCHANT_NOT_ACTIVE']);
  });
});

describe('resolving a scanned payload', () => {
  it('names the merchant, category and amount', async () => {
    const c = await code(merchantId, {
      kind: 'dynamic',
      amount: '12.00',
      reference: 'T-9',
      expiresInSeconds: 600,
    });
    const r = await resolve(OTHER, c.payload);
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({
      qrCodeId: c.id,
      merchant: { id: merchantId, name: '老王面馆 Lao Wang', category: { code: '5812', nameZh: '餐馆' } },
      fixedAmount: true,
      amount: cny('12.00'),
      reference: 'T-9',
    });
    const st = await resolve(OTHER, (await code(merchantId)).payload);
    expect(st.json).toMatchObject({ fixedAmount: false, amount: null });
  });

  it('another scheme’s code → QR_NOT_SUPPORTED; a corrupted one → QR_INVALID; unknown code → QR_INVALID', async () => {
    const pix = FIXTURES.find((f) => f.name.startsWith('PIX'))!.payload;
    const r = await resolve(OTHER, pix);
    expect([r.status, r.json.code]).toEqual([422, 'QR_NOT_SUPPORTED']);
    const c = await code(merchantId);
    const i = c.payload.indexOf('5812');
    const corrupted = `${c.payload.slice(0, i)}5813${c.payload.slice(i + 4)}`;
    for (const bad of [corrupted, 'hello', c.payload.slice(0, -1)]) {
      const x = await resolve(OTHER, bad);
      expect([x.status, x.json.code], bad).toEqual([400, 'QR_INVALID']);
      expect((await pay(OTHER, { payload: bad, amount: cny('1.00') })).json.code).toBe('QR_INVALID');
    }
    // A well-formed Yinbao payload with a code id nobody issued (its CRC recomputed).
    const forged = c.payload.replace(c.id, randomUUID());
    const f = await resolve(OTHER, withCrc(forged.slice(0, -4)));
    expect([f.status, f.json.code]).toEqual([400, 'QR_INVALID']);
  });
});

describe('paying a static code', () => {
  it('debits the wallet, credits the merchant, notifies both, lists in history', async () => {
    const u = await payer(100n);
    const c = await code(merchantId);
    const before = await merchantBalance(merchantId);
    const r = await pay(u, { payload: c.payload, amount: cny('25.50') });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      status: 'completed',
      amount: cny('25.50'),
      merchant: { id: merchantId, name: '老王面馆 Lao Wang' },
      qrCodeId: c.id,
    });
    expect((await walletBalance(s, u.walletId)).posted).toBe(100_00n - 25_50n);
    expect(await merchantBalance(merchantId)).toBe(before + 25_50n);
    expect(await kindsOf(u)).toContain('qr_payment_sent');
    expect(await kindsOf(OWNER)).toContain('merchant_payment_received');
    expect(await kindsOf(CASHIER)).not.toContain('merchant_payment_received');
    const h = await call(s, 'GET', `/v1/wallets/${u.walletId}/transactions`, { token: u.token });
    const row = h.json.items.find((x: { id: string }) => x.id === r.json.id);
    expect(row).toMatchObject({
      direction: 'out',
      amount: cny('25.50'),
      counterparty: { name: '老王面馆 Lao Wang' },
    });
    // The merchant's webhook event was written with the money: one, with the payment's id.
    const events = await s.db.pool.query(
      `SELECT type, body::jsonb -> 'data' AS data FROM webhook_events WHERE merchant_id = $1 AND body::jsonb -> 'data' ->> 'paymentId' = $2`,
      [merchantId, r.json.id],
    );
    expect(events.rows).toEqual([
      {
        type: 'payment.received',
        data: expect.objectContaining({
          paymentId: r.json.id,
          method: 'qr',
          amount: '25.50',
          currency: 'CNY',
        }),
      },
    ]);
    // The static code stays active for the next customer.
    expect((await resolve(OTHER, c.payload)).status).toBe(200);
    // A retry with the same key answers the same payment; no second debit.
    const again = await pay(u, { payload: c.payload, amount: cny('25.50') }, 'k1');
    const same = await pay(u, { payload: c.payload, amount: cny('25.50') }, 'k1');
    expect(same.json.id).toBe(again.json.id);
    expect((await walletBalance(s, u.walletId)).posted).toBe(100_00n - 2n * 25_50n);
  });

  it('20 identical requests with one Idempotency-Key pay once; 19 are replays of the same answer; another body is refused', async () => {
    const u = await payer();
    const c = await code(merchantId);
    const before = await merchantBalance(merchantId);
    const key = randomUUID();
    const body = { payload: c.payload, amount: cny('12.30') };
    const results = await parallel(20, () => pay(u, body, key));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect((await merchantBalance(merchantId)) - before).toBe(1230n);
    const later = await pay(u, body, key);
    expect([later.status, later.text]).toEqual([201, results[0]!.text]);
    const other = await pay(u, { payload: c.payload, amount: cny('12.31') }, key);
    expectClientError(other, 'same key, other amount', 'IDEMPOTENCY_KEY_REUSED');
    expect((await merchantBalance(merchantId)) - before).toBe(1230n);
  });

  it('needs an amount; refuses bad amounts, a frozen wallet and insufficient funds', async () => {
    const u = await payer(10n);
    const c = await code(merchantId);
    expect((await pay(u, { payload: c.payload })).json.code).toBe('AMOUNT_REQUIRED');
    expect((await pay(u, { payload: c.payload, amount: cny('-1.00') })).json.code).toBe('INVALID_AMOUNT');
    expect((await pay(u, { payload: c.payload, amount: cny('0.001') })).json.code).toBe('INVALID_AMOUNT');
    expect(
      (await pay(u, { payload: c.payload, amount: { amount: '1.00', currency: 'USD' } })).json.code,
    ).toBe('UNSUPPORTED_CURRENCY');
    expect((await pay(u, { payload: c.payload, amount: cny('10.01') })).json.code).toBe('INSUFFICIENT_FUNDS');
    await s.db.pool.query(`UPDATE wallets SET status = 'frozen' WHERE id = $1`, [u.walletId]);
    expect((await pay(u, { payload: c.payload, amount: cny('1.00') })).json.code).toBe('WALLET_FROZEN');
  });

  it('50 parallel payments straddling the ¥500 static daily cap never overshoot it', async () => {
    const u = await payer(2000n);
    const c = await code(merchantId);
    const results = await parallel(50, () => pay(u, { payload: c.payload, amount: cny('20.00') }));
    expect(tally(results)).toEqual({ '201': 25, '422 STATIC_QR_LIMIT_EXCEEDED': 25 });
    expect((await walletBalance(s, u.walletId)).posted).toBe(2000_00n - 500_00n);
    // A dynamic code is outside the static cap (the tier's limits still apply).
    const d = await code(merchantId, { kind: 'dynamic', amount: '100.00', expiresInSeconds: 600 });
    expect((await pay(u, { payload: d.payload })).status).toBe(201);
    expect((await pay(u, { payload: c.payload, amount: cny('0.01') })).json.code).toBe(
      'STATIC_QR_LIMIT_EXCEEDED',
    );
  });
});

describe('paying a dynamic code', () => {
  it('pays the fixed amount once; an amount in the body is refused; a paid code is refused after', async () => {
    const u = await payer(100n);
    const c = await code(merchantId, {
      kind: 'dynamic',
      amount: '36.50',
      reference: 'ORD-7',
      expiresInSeconds: 600,
    });
    const fixed = await pay(u, { payload: c.payload, amount: cny('1.00') });
    expect([fixed.status, fixed.json.code]).toEqual([400, 'AMOUNT_FIXED']);
    const r = await pay(u, { payload: c.payload }, 'dyn-1');
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ amount: cny('36.50'), reference: 'ORD-7' });
    // The same request again (same key) gets the original answer; anything else: already paid.
    const retry = await pay(u, { payload: c.payload }, 'dyn-1');
    expect([retry.status, retry.json.id]).toEqual([201, r.json.id]);
    expect((await pay(u, { payload: c.payload })).json.code).toBe('QR_ALREADY_PAID');
    expect((await resolve(OTHER, c.payload)).json.code).toBe('QR_ALREADY_PAID');
    expect((await walletBalance(s, u.walletId)).posted).toBe(100_00n - 36_50n);
    const list = await call(s, 'GET', `/v1/merchants/${merchantId}/qr-codes`, { token: OWNER.token });
    expect(list.json.items.find((x: { id: string }) => x.id === c.id)).toMatchObject({
      status: 'paid',
      paidTransferId: r.json.id,
    });
    const dis = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes/${c.id}/disable`, {
      token: OWNER.token,
    });
    expect([dis.status, dis.json.code]).toEqual([409, 'QR_NOT_DISABLEABLE']);
  });

  it('20 parallel payments of one dynamic code (different keys, several payers) pay exactly once', async () => {
    const payers = await Promise.all([payer(100n), payer(100n), payer(100n), payer(100n)]);
    const c = await code(merchantId, { kind: 'dynamic', amount: '50.00', expiresInSeconds: 600 });
    const before = await merchantBalance(merchantId);
    const results = await parallel(20, (i) => pay(payers[i % 4]!, { payload: c.payload }));
    expect(tally(results)).toEqual({ '201': 1, '409 QR_ALREADY_PAID': 19 });
    expect(await merchantBalance(merchantId)).toBe(before + 50_00n);
    const balances = await Promise.all(payers.map((p) => walletBalance(s, p.walletId)));
    expect(balances.map((b) => b.posted).reduce((a, b) => a + b)).toBe(400_00n - 50_00n);
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM ledger_transfers WHERE user_data->>'qrCodeId' = $1`,
      [c.id],
    );
    expect(rows[0].n).toBe(1);
    const events = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE type = 'payment.received' AND body::jsonb -> 'data' ->> 'qrCodeId' = $1`,
      [c.id],
    );
    expect(events.rows[0].n).toBe(1);
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('the ledger itself refuses a second payment of a code (even when the code reads active again)', async () => {
    const u = await payer(100n);
    const c = await code(merchantId, { kind: 'dynamic', amount: '10.00', expiresInSeconds: 600 });
    expect((await pay(u, { payload: c.payload })).status).toBe(201);
    // A stale read of the code (as a request checking it just before the first commit would see).
    await s.db.pool.query(
      `UPDATE merchant_qr_codes SET status = 'active', paid_transfer_id = NULL, paid_at = NULL WHERE id = $1`,
      [c.id],
    );
    const second = await pay(u, { payload: c.payload });
    expect([second.status, second.json.code]).toEqual([409, 'QR_ALREADY_PAID']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(90_00n);
  });

  it('expired and disabled codes are refused', async () => {
    const u = await payer(100n);
    const c = await code(merchantId, { kind: 'dynamic', amount: '5.00', expiresInSeconds: 60 });
    skew = 61_000;
    try {
      expect((await resolve(u, c.payload)).json.code).toBe('QR_EXPIRED');
      expect((await pay(u, { payload: c.payload })).json.code).toBe('QR_EXPIRED');
      const list = await call(s, 'GET', `/v1/merchants/${merchantId}/qr-codes`, { token: OWNER.token });
      expect(list.json.items.find((x: { id: string }) => x.id === c.id).status).toBe('expired');
    } finally {
      skew = 0;
    }
    const st = await code(merchantId);
    const dis = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes/${st.id}/disable`, {
      token: OWNER.token,
    });
    expect([dis.status, dis.json.status]).toEqual([200, 'disabled']);
    const asCashier = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes/${st.id}/disable`, {
      token: CASHIER.token,
    });
    expect(asCashier.status).toBe(403);
    const r = await pay(u, { payload: st.payload, amount: cny('1.00') });
    expect([r.status, r.json.code]).toEqual([410, 'QR_DISABLED']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(100_00n);
  });

  it('a suspended merchant’s code is refused (MERCHANT_NOT_ACTIVE)', async () => {
    const owner = await customer();
    const mId = await merchant(owner, 'Soon Closed');
    const r = await createCode(owner, mId, { kind: 'static' });
    expect(r.status, r.text).toBe(201);
    await s.db.pool.query(`UPDATE merchants SET status = 'suspended' WHERE id = $1`, [mId]);
    expect((await resolve(OTHER, r.json.payload)).json.code).toBe('MERCHANT_NOT_ACTIVE');
  });
});

describe('confirmation above the threshold', () => {
  it('binds amount and merchant: another amount or merchant with the challenge is refused', async () => {
    const u = await payer(2000n);
    const c = await code(merchantId);
    const theirs = await createCode(OTHER, otherMerchantId, { kind: 'static' });
    const ask = await pay(u, { payload: c.payload, amount: cny('400.00') }, 'su-1');
    expect([ask.status, ask.json.code]).toEqual([403, 'STEP_UP_REQUIRED']);
    const challengeId = ask.json.details.challenge.id as string;
    const stepUp = { challengeId, password: PASSWORD };
    const more = await pay(u, { payload: c.payload, amount: cny('450.00'), stepUp }, 'su-2');
    expect([more.status, more.json.code]).toEqual([403, 'STEP_UP_MISMATCH']);
    const elsewhere = await pay(u, { payload: theirs.json.payload, amount: cny('400.00'), stepUp }, 'su-3');
    expect([elsewhere.status, elsewhere.json.code]).toEqual([403, 'STEP_UP_MISMATCH']);
    expect((await walletBalance(s, u.walletId)).posted).toBe(2000_00n);
    const ok = await pay(u, { payload: c.payload, amount: cny('400.00'), stepUp }, 'su-1');
    expect(ok.status, ok.text).toBe(201);
    expect((await walletBalance(s, u.walletId)).posted).toBe(1600_00n);
  });

  it('a dynamic code above the threshold is confirmed and then paid once', async () => {
    const u = await payer(2000n);
    const c = await code(merchantId, { kind: 'dynamic', amount: '1000.00', expiresInSeconds: 600 });
    const ask = await pay(u, { payload: c.payload });
    expect(ask.json.code).toBe('STEP_UP_REQUIRED');
    const stepUp = { challengeId: ask.json.details.challenge.id, password: PASSWORD };
    const ok = await pay(u, { payload: c.payload, stepUp });
    expect(ok.status, ok.text).toBe(201);
    expect((await walletBalance(s, u.walletId)).posted).toBe(1000_00n);
  });
});
