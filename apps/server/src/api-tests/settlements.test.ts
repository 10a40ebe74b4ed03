import { randomUUID } from 'node:crypto';
import { uuidv7 } from '@yinbao/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ledgerImbalances, phoneSource } from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { settleCommand } from '../cli/settle.ts';
import { businessDateOf, mdrFee, nextDate } from '../modules/settlements/index.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';

/**
 * Daily merchant settlement (issue 5, part 1) on a real database with a test clock: a day's QR
 * payments and a refund give exact gross, refund, MDR fee and net figures; the fee lands in fee
 * income and the net in interbank clearing as two linked transfers; day boundaries are Shanghai
 * midnight; re-runs and parallel runs (two servers and the CLI) settle a day once, with one webhook
 * event; only owners (and the merchant's API key, and staff) read settlements.
 */
let s: TestServer;
let s2: TestServer;
const phone = phoneSource('1581');
const PASSWORD = 'correct horse battery';
// Business day D: tomorrow in Shanghai. The clock starts at the real time (staff sign in with
// authenticator codes of the real time), moves forward through D to D+3, and comes back to the real
// time only for the staff check at the end.
const D = nextDate(businessDateOf(new Date()));
let now = new Date();
const clock = () => now;
const at = (iso: string) => {
  now = new Date(iso);
};
type User = { token: string; customerId: string; walletId: string; phone: string };
let OWNER: User;
let CASHIER: User;
let OTHER: User;
let PAYER1: User;
let PAYER2: User;
let COMPLIANCE: StaffUser;
let merchantId: string;
let otherMerchantId: string;
let accountId: string;

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

async function merchant(owner: User, businessName: string): Promise<string> {
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
  const a = await call(s, 'POST', `/v1/staff/merchants/${r.json.id}/approve`, {
    token: COMPLIANCE.token,
    body: {},
  });
  expect(a.status, a.text).toBe(200);
  return r.json.id;
}

let staticPayload: string;
async function payQr(u: User, amount: string) {
  const r = await call(s, 'POST', '/v1/qr/pay', {
    token: u.token,
    body: { payload: staticPayload, amount: { amount, currency: 'CNY' } },
    idempotencyKey: randomUUID(),
  });
  expect(r.status, r.text).toBe(201);
  return r.json.id as string;
}

/** A refund as the orders module will book it: merchant account → the customer's wallet. */
async function refund(u: User, minor: bigint) {
  const { rows } = await s.db.pool.query(
    `SELECT account_id FROM wallet_accounts WHERE wallet_id = $1 AND currency = 'CNY'`,
    [u.walletId],
  );
  const [r] = await s.engine.submit([
    {
      id: uuidv7(),
      debitAccountId: accountId,
      creditAccountId: rows[0].account_id,
      amount: minor,
      ledger: 156,
      code: TransferCode.adjustment,
      userData: { kind: 'refund', test: true },
    },
  ]);
  expect(r?.ok).toBe(true);
}

async function balance(id: string): Promise<bigint> {
  const { rows } = await s.db.pool.query(
    'SELECT credits_posted - debits_posted AS b FROM ledger_accounts WHERE id = $1',
    [id],
  );
  return BigInt(rows[0].b);
}

const rows = async (mId: string) =>
  (
    await s.db.pool.query(
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS d, gross, refunds, fee, net, status
         FROM merchant_settlements WHERE merchant_id = $1 ORDER BY business_date`,
      [mId],
    )
  ).rows.map((r) => ({
    d: r.d,
    gross: BigInt(r.gross),
    refunds: BigInt(r.refunds),
    fee: BigInt(r.fee),
    net: BigInt(r.net),
    status: r.status,
  }));

const events = async (mId: string) =>
  (
    await s.db.pool.query(
      `SELECT id, body::jsonb -> 'data' AS data FROM webhook_events WHERE merchant_id = $1 AND type = 'settlement.paid'
        ORDER BY body::jsonb -> 'data' ->> 'businessDate'`,
      [mId],
    )
  ).rows;

beforeAll(async () => {
  const env = { SESSION_TTL_SECONDS: '864000', PAYMENT_IDLE_SECONDS: '864000', MERCHANT_MDR_BPS: '38' };
  s = await startTestServer({ poolMax: 30, background: false, clock, env });
  // A second server on the same database: two settlement jobs at once.
  s2 = await startTestServer({ db: s.db, background: false, clock, env });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  OWNER = await customer('店主');
  CASHIER = await customer();
  OTHER = await customer();
  PAYER1 = await customer();
  PAYER2 = await customer();
  await fund(s, PAYER1.walletId, 100_000n);
  await fund(s, PAYER2.walletId, 100_000n);
  merchantId = await merchant(OWNER, '老王面馆 Lao Wang');
  otherMerchantId = await merchant(OTHER, 'Corner Shop');
  const u = await call(s, 'POST', `/v1/merchants/${merchantId}/users`, {
    token: OWNER.token,
    body: { phone: CASHIER.phone, role: 'cashier' },
  });
  expect(u.status, u.text).toBe(201);
  const c = await call(s, 'POST', `/v1/merchants/${merchantId}/qr-codes`, {
    token: OWNER.token,
    body: { kind: 'static' },
  });
  expect(c.status, c.text).toBe(201);
  staticPayload = c.json.payload;
  const { rows: a } = await s.db.pool.query(
    `SELECT account_id FROM merchant_accounts WHERE merchant_id = $1 AND currency = 'CNY'`,
    [merchantId],
  );
  accountId = a[0].account_id;
  at(`${D}T10:00:00+08:00`);
});
afterAll(async () => {
  await s2?.stop({ keepDatabase: true });
  await s?.stop();
});

describe('MDR fee', () => {
  it('is gross × bps / 10000 rounded half up', () => {
    expect(mdrFee(100n, 50)).toBe(1n); // 0.5 fen → 1
    expect(mdrFee(99n, 50)).toBe(0n); // 0.495 fen → 0
    expect(mdrFee(20_184n, 38)).toBe(77n); // 76.6992 → 77
    expect(mdrFee(0n, 38)).toBe(0n);
  });
  it('business days are Shanghai days', () => {
    expect(businessDateOf(new Date(`${D}T23:59:59+08:00`))).toBe(D);
    expect(businessDateOf(new Date(`${D}T16:00:00Z`))).toBe(nextDate(D));
  });
});

describe('a day of QR payments', () => {
  const FEE_INCOME = systemAccountId(156, AccountCode.feeIncome);
  const CLEARING = systemAccountId(156, AccountCode.interbankClearing);
  let fee0: bigint;
  let clearing0: bigint;

  it('settles gross, refunds, fee and net exactly, after the cut-off only', async () => {
    fee0 = await balance(FEE_INCOME);
    clearing0 = await balance(CLEARING);
    at(`${D}T10:00:00+08:00`);
    await payQr(PAYER1, '123.45');
    await payQr(PAYER2, '67.89');
    at(`${D}T15:30:00+08:00`);
    await payQr(PAYER1, '0.50');
    await refund(PAYER2, 2000n);
    at(`${D}T23:59:59+08:00`);
    await payQr(PAYER2, '10.00'); // still D
    at(`${nextDate(D)}T00:00:00+08:00`);
    await payQr(PAYER1, '5.00'); // D+1

    // Before the cut-off plus the delay (300 s), nothing is due.
    at(`${nextDate(D)}T00:04:00+08:00`);
    expect(await s.settlements.runOnce()).toBe(0);
    expect(await rows(merchantId)).toEqual([]);

    at(`${nextDate(D)}T00:10:00+08:00`);
    expect(await s.settlements.runOnce()).toBe(1);
    // gross 123.45 + 67.89 + 0.50 + 10.00 = 201.84; refunds 20.00; fee round(201.84 × 0.38 %) = 0.77;
    // settled 181.84, net 181.07. The 00:00:00 payment is D+1's and stays in the account.
    expect(await rows(merchantId)).toEqual([
      { d: D, gross: 20_184n, refunds: 2_000n, fee: 77n, net: 18_107n, status: 'paid' },
    ]);
    expect(await balance(accountId)).toBe(500n);
    expect((await balance(FEE_INCOME)) - fee0).toBe(77n);
    expect((await balance(CLEARING)) - clearing0).toBe(18_107n);
    expect(await ledgerImbalances(s)).toEqual([]);

    // Two linked transfers, codes 31 and 30.
    const { rows: t } = await s.db.pool.query(
      `SELECT code, amount, flags FROM ledger_transfers WHERE debit_account_id = $1 AND code IN (30, 31) ORDER BY seq`,
      [accountId],
    );
    expect(t.map((x) => [x.code, BigInt(x.amount), x.flags])).toEqual([
      [31, 77n, 1],
      [30, 18_107n, 0],
    ]);
  });

  it('the webhook event and the owners’ notification are written once, with the money', async () => {
    const e = await events(merchantId);
    expect(e).toHaveLength(1);
    expect(e[0].data).toMatchObject({
      businessDate: D,
      gross: '201.84',
      refunds: '20.00',
      fee: '0.77',
      net: '181.07',
      mdrBps: 38,
      bankAccount: { bankName: '中国工商银行', masked: '•••• 0123' },
    });
    await s.outbox.runOnce();
    const n = await call(s, 'GET', '/v1/notifications', { token: OWNER.token });
    expect(n.json.items.filter((x: { kind: string }) => x.kind === 'merchant_settlement_paid')).toHaveLength(
      1,
    );
    const c = await call(s, 'GET', '/v1/notifications', { token: CASHIER.token });
    expect(c.json.items.filter((x: { kind: string }) => x.kind === 'merchant_settlement_paid')).toHaveLength(
      0,
    );
  });

  it('a re-run settles nothing again', async () => {
    expect(await s.settlements.runOnce()).toBe(0);
    expect(await s2.settlements.runOnce()).toBe(0);
    expect(await rows(merchantId)).toHaveLength(1);
  });

  it('two servers and the CLI at once settle a day once; an empty day gets a zero row', async () => {
    const D1 = nextDate(D);
    const D2 = nextDate(D1);
    at(`${D1}T12:00:00+08:00`);
    await payQr(PAYER2, '1.00');
    // D+2: nothing happens. Settled on D+3 after the cut-off.
    at(`${nextDate(D2)}T00:06:00+08:00`);
    const said: string[] = [];
    const results = await Promise.all([
      s.settlements.runOnce(),
      s2.settlements.runOnce(),
      settleCommand(s.config, s.db.pool, {}, (m) => said.push(m), clock),
      s.settlements.runOnce(),
    ]);
    expect(results[2]).toBe(0);
    // Every day written once in all: D+1 paid (6.00 gross, fee round(2.28 fen) = 0.02), D+2 empty.
    expect(results[0] + results[1] + results[3] + Number(said.join('').match(/settled (\d+)/)![1])).toBe(2);
    expect(await rows(merchantId)).toEqual([
      { d: D, gross: 20_184n, refunds: 2_000n, fee: 77n, net: 18_107n, status: 'paid' },
      { d: D1, gross: 600n, refunds: 0n, fee: 2n, net: 598n, status: 'paid' },
      { d: D2, gross: 0n, refunds: 0n, fee: 0n, net: 0n, status: 'nothing_to_settle' },
    ]);
    expect(await balance(accountId)).toBe(0n);
    expect((await balance(FEE_INCOME)) - fee0).toBe(79n);
    expect((await balance(CLEARING)) - clearing0).toBe(18_705n);
    expect((await events(merchantId)).map((e) => e.data.businessDate)).toEqual([D, D1]);
    expect(await ledgerImbalances(s)).toEqual([]);
    // The other merchant never received money: no rows.
    expect(await rows(otherMerchantId)).toEqual([]);
  });

  it('the CLI refuses a day not yet due and a malformed date', async () => {
    const said: string[] = [];
    expect(await settleCommand(s.config, s.db.pool, { date: '2099-01-01' }, (m) => said.push(m), clock)).toBe(
      1,
    );
    expect(await settleCommand(s.config, s.db.pool, { date: '2031-02-30' }, (m) => said.push(m), clock)).toBe(
      2,
    );
  });
});

describe('who reads settlements', () => {
  it('owners list them newest first, with a cursor', async () => {
    const r = await call(s, 'GET', `/v1/merchants/${merchantId}/settlements`, { token: OWNER.token });
    expect(r.status, r.text).toBe(200);
    expect(r.json.items.map((x: { businessDate: string }) => x.businessDate)).toEqual([
      nextDate(nextDate(D)),
      nextDate(D),
      D,
    ]);
    expect(r.json.items[2]).toMatchObject({
      status: 'paid',
      gross: { amount: '201.84', currency: 'CNY' },
      fee: { amount: '0.77', currency: 'CNY' },
      net: { amount: '181.07', currency: 'CNY' },
      bankAccount: { masked: '•••• 0123' },
    });
    const p1 = await call(s, 'GET', `/v1/merchants/${merchantId}/settlements?limit=2`, {
      token: OWNER.token,
    });
    expect(p1.json.items).toHaveLength(2);
    const p2 = await call(
      s,
      'GET',
      `/v1/merchants/${merchantId}/settlements?limit=2&before=${p1.json.nextCursor}`,
      {
        token: OWNER.token,
      },
    );
    expect(p2.json.items.map((x: { businessDate: string }) => x.businessDate)).toEqual([D]);
    expect(p2.json.nextCursor).toBeNull();
  });

  it('a cashier is refused; another merchant’s owner gets a 404 like a missing merchant', async () => {
    const c = await call(s, 'GET', `/v1/merchants/${merchantId}/settlements`, { token: CASHIER.token });
    expect(c.status).toBe(403);
    const o = await call(s, 'GET', `/v1/merchants/${merchantId}/settlements`, { token: OTHER.token });
    const missing = await call(s, 'GET', `/v1/merchants/${randomUUID()}/settlements`, { token: OTHER.token });
    expect(o.status).toBe(404);
    expect(o.json).toEqual(missing.json);
  });

  it('the merchant’s API key with settlements:read reads its own only', async () => {
    const k = await call(s, 'POST', `/v1/merchants/${merchantId}/api-keys`, {
      token: OWNER.token,
      body: { name: 'books', scopes: ['settlements:read'] },
    });
    expect(k.status, k.text).toBe(201);
    const r = await call(s, 'GET', '/v1/merchant/settlements', { token: k.json.key });
    expect(r.status, r.text).toBe(200);
    expect(r.json.items).toHaveLength(3);
    const o = await call(s, 'POST', `/v1/merchants/${otherMerchantId}/api-keys`, {
      token: OTHER.token,
      body: { name: 'books', scopes: ['settlements:read', 'orders:read'] },
    });
    expect((await call(s, 'GET', '/v1/merchant/settlements', { token: o.json.key })).json.items).toEqual([]);
    const noScope = await call(s, 'POST', `/v1/merchants/${merchantId}/api-keys`, {
      token: OWNER.token,
      body: { name: 'orders', scopes: ['orders:read'] },
    });
    expect((await call(s, 'GET', '/v1/merchant/settlements', { token: noScope.json.key })).status).toBe(403);
  });

  it('staff who review merchants read them; an unknown merchant is 404', async () => {
    at(new Date().toISOString());
    const staff = await staffWithRoles(s, ['compliance']);
    const r = await call(s, 'GET', `/v1/staff/merchants/${merchantId}/settlements`, { token: staff.token });
    expect(r.status, r.text).toBe(200);
    expect(r.json.items).toHaveLength(3);
    const m = await call(s, 'GET', `/v1/staff/merchants/${randomUUID()}/settlements`, { token: staff.token });
    expect(m.status).toBe(404);
  });
});
