import { randomUUID } from 'node:crypto';
import { uuidFromName, uuidv7 } from '@yinbao/ledger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, ledgerImbalances, phoneSource, walletBalance } from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';
import { cny, fixtures, type Shop, type User } from './orders.fixtures.ts';

/**
 * Merchant batch payouts (issue 6) on a real database: per-item results in request order, money
 * from the merchant's account to the wallets (Σ = 0), a retry or a parallel duplicate pays once,
 * one bad item never fails its neighbours, the merchant's balance stops the batch exactly in
 * request order, malformed requests change nothing, and the key needs the payouts:write scope.
 */
let s: TestServer;
let f: ReturnType<typeof fixtures>;
let COMPLIANCE: StaffUser;
let shop: Shop;
let KEY = '';
let RECIPIENTS: User[];

const item = (to: User, amount: string, reference = `P-${randomUUID()}`, note?: string) => ({
  reference,
  to: { walletId: to.walletId },
  amount: cny(amount),
  ...(note ? { note } : {}),
});
const payout = (body: unknown, token = KEY) => call(s, 'POST', '/v1/merchant/payouts', { token, body });
const balance = async (u: User) => (await walletBalance(s, u.walletId)).posted;
const transfers = async () =>
  Number(
    (
      await s.db.pool.query('SELECT count(*)::int AS n FROM ledger_transfers WHERE code = $1', [
        TransferCode.merchantPayout,
      ])
    ).rows[0].n,
  );

/** Credits the merchant's account from the bank (what its sales would have brought in). */
async function fundMerchant(merchantId: string, minor: bigint) {
  const { rows } = await s.db.pool.query(
    `SELECT account_id FROM merchant_accounts WHERE merchant_id = $1 AND currency = 'CNY'`,
    [merchantId],
  );
  const [r] = await s.engine.submit([
    {
      id: uuidv7(),
      debitAccountId: systemAccountId(156, AccountCode.merchantSettlement),
      creditAccountId: rows[0].account_id,
      amount: minor,
      ledger: 156,
      code: TransferCode.adjustment,
    },
  ]);
  if (!r?.ok) throw new Error(`fundMerchant: ${r?.code}`);
}

async function newShop(name: string, scopes = ['payouts:write']): Promise<{ shop: Shop; key: string }> {
  const sh = await f.shop(await f.customer(), COMPLIANCE, name);
  const k = await call(s, 'POST', `/v1/merchants/${sh.id}/api-keys`, {
    token: sh.owner.token,
    body: { name: 'payroll', scopes },
  });
  expect(k.status, k.text).toBe(201);
  return { shop: sh, key: k.json.key };
}

beforeAll(async () => {
  s = await startTestServer({ background: false });
  f = fixtures(() => s, phoneSource('1591'));
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  ({ shop, key: KEY } = await newShop('工资发放公司'));
  RECIPIENTS = [await f.customer('王芳'), await f.customer('刘洋'), await f.customer('陈静')];
});
afterEach(async () => {
  expect(await ledgerImbalances(s)).toEqual([]);
});
afterAll(async () => {
  await s?.stop();
});

describe('POST /v1/merchant/payouts', () => {
  it('pays each wallet from the merchant account, answers per item in order, and tells the recipients', async () => {
    await fundMerchant(shop.id, 1000_00n);
    const [a, b, c] = RECIPIENTS as [User, User, User];
    const before = await Promise.all([a, b, c].map(balance));
    const merchantBefore = await f.merchantBalance(shop.id);
    const body = { items: [item(a, '12.34', 'CASHBACK-1', '三月返现'), item(b, '0.01'), item(c, '100.00')] };
    const r = await payout(body);
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({
      results: body.items.map((i) => ({
        reference: i.reference,
        status: 'created',
        transferId: uuidFromName(`payout:${shop.id}:${i.reference}`),
      })),
      created: 3,
      failed: 0,
    });
    expect(await Promise.all([a, b, c].map(balance))).toEqual([
      before[0]! + 1234n,
      before[1]! + 1n,
      before[2]! + 10000n,
    ]);
    expect(await f.merchantBalance(shop.id)).toBe(merchantBefore - 1234n - 1n - 10000n);

    // The recipient's history and notification show who paid and the note.
    const h = await call(s, 'GET', `/v1/wallets/${a.walletId}/transactions`, { token: a.token });
    expect(h.json.items[0]).toMatchObject({
      id: r.json.results[0].transferId,
      direction: 'in',
      amount: cny('12.34'),
      counterparty: { name: '工资发放公司' },
      note: '三月返现',
    });
    await s.outbox.runOnce();
    const inbox = await call(s, 'GET', '/v1/notifications', { token: a.token });
    expect(inbox.json.items[0]).toMatchObject({
      kind: 'payout_received',
      body: expect.stringContaining('三月返现'),
    });
  });

  it('a retry of the batch pays nothing again; a reference reused with other details fails alone', async () => {
    await fundMerchant(shop.id, 100_00n);
    const [a, b] = RECIPIENTS as [User, User];
    const body = { items: [item(a, '1.00'), item(b, '2.00')] };
    expect((await payout(body)).json.created).toBe(2);
    const after = [await balance(a), await balance(b), await f.merchantBalance(shop.id)];
    const again = await payout(body);
    expect(again.status).toBe(200);
    expect(again.json.results.map((x: { status: string }) => x.status)).toEqual(['exists', 'exists']);
    expect(again.json).toMatchObject({ created: 0, failed: 0 });
    const changed = await payout({
      items: [{ ...body.items[0], amount: cny('1.01') }, item(b, '3.00'), { ...body.items[1], note: 'x' }],
    });
    expect(changed.json.results.map((x: { status: string; code?: string }) => x.code ?? x.status)).toEqual([
      'PAYOUT_REFERENCE_REUSED',
      'created',
      'PAYOUT_REFERENCE_REUSED',
    ]);
    expect([await balance(a), await balance(b), await f.merchantBalance(shop.id)]).toEqual([
      after[0],
      after[1]! + 300n,
      after[2]! - 300n,
    ]);
  });

  it('two identical batches in parallel pay each item once', async () => {
    await fundMerchant(shop.id, 1000_00n);
    const items = Array.from({ length: 60 }, (_, i) => item(RECIPIENTS[i % 3]!, '0.50'));
    const before = await transfers();
    const merchantBefore = await f.merchantBalance(shop.id);
    const [x, y] = await Promise.all([payout({ items }), payout({ items })]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.json.created + y.json.created).toBe(60);
    for (let i = 0; i < 60; i++) {
      expect([x.json.results[i].status, y.json.results[i].status].sort()).toEqual(['created', 'exists']);
    }
    expect(await transfers()).toBe(before + 60);
    expect(await f.merchantBalance(shop.id)).toBe(merchantBefore - 3000n);
  });

  it('bad items fail alone: unknown, frozen and closed wallets, a wallet at its balance cap', async () => {
    await fundMerchant(shop.id, 20_000_00n);
    const [good] = RECIPIENTS as [User];
    const frozen = await f.customer();
    const closed = await f.customer();
    const capped = await f.customer(); // entry tier: at most ¥10,000 held
    await s.db.pool.query(`UPDATE wallets SET status = 'frozen' WHERE id = $1`, [frozen.walletId]);
    await s.db.pool.query(`UPDATE wallets SET status = 'closed' WHERE id = $1`, [closed.walletId]);
    const unknown = { ...good, walletId: randomUUID() };
    const r = await payout({
      items: [
        item(good, '1.00'),
        item(unknown, '1.00'),
        item(frozen, '1.00'),
        item(closed, '1.00'),
        item(capped, '10000.01'),
        item(capped, '10000.00'),
        item(good, '2.00'),
      ],
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.results.map((x: { status: string; code?: string }) => x.code ?? x.status)).toEqual([
      'created',
      'RECIPIENT_NOT_FOUND',
      'RECIPIENT_CANNOT_RECEIVE',
      'RECIPIENT_CANNOT_RECEIVE',
      'RECIPIENT_BALANCE_CAP_EXCEEDED',
      'created',
      'created',
    ]);
    expect(r.json).toMatchObject({ created: 3, failed: 4 });
    expect(await balance(frozen)).toBe(0n);
    expect(await balance(closed)).toBe(0n);
    expect(await balance(capped)).toBe(10_000_00n);
  });

  it("the merchant's balance stops the batch exactly, in request order", async () => {
    const { shop: poor, key } = await newShop('小本生意');
    await fundMerchant(poor.id, 10_00n);
    const [a, b] = RECIPIENTS as [User, User];
    const r = await payout(
      {
        items: [
          item(a, '3.00'),
          item(b, '3.00'),
          item(a, '3.00'),
          item(b, '3.00'),
          item(a, '0.50'),
          item(b, '0.51'),
        ],
      },
      key,
    );
    expect(r.json.results.map((x: { status: string; code?: string }) => x.code ?? x.status)).toEqual([
      'created',
      'created',
      'created',
      'INSUFFICIENT_FUNDS',
      'created',
      'INSUFFICIENT_FUNDS',
    ]);
    expect(await f.merchantBalance(poor.id)).toBe(50n);
    // Nothing paid to a merchant with nothing left; it never goes below zero.
    const none = await payout({ items: [item(a, '0.51')] }, key);
    expect(none.json).toMatchObject({ created: 0, failed: 1 });
    expect(await f.merchantBalance(poor.id)).toBe(50n);
  });

  it('a full batch of 8,000 payouts is paid in one request', async () => {
    await fundMerchant(shop.id, 100_00n);
    const before = await Promise.all(RECIPIENTS.map(balance));
    const merchantBefore = await f.merchantBalance(shop.id);
    const items = Array.from({ length: 8000 }, (_, i) => item(RECIPIENTS[i % 3]!, '0.01', `BULK-${i}`));
    const r = await payout({ items });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.json).toMatchObject({ created: 8000, failed: 0 });
    expect(r.json.results.map((x: { reference: string }) => x.reference)).toEqual(
      items.map((i) => i.reference),
    );
    expect(await f.merchantBalance(shop.id)).toBe(merchantBefore - 8000n);
    expect(await Promise.all(RECIPIENTS.map(balance))).toEqual(
      before.map((v, i) => v + (i === 2 ? 2666n : 2667n)),
    );
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE topic = 'merchant.payout_received' AND payload->>'merchantId' = $1`,
      [shop.id],
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(8000);
  }, 60_000);

  it('malformed batches are 400 and change nothing', async () => {
    await fundMerchant(shop.id, 100_00n);
    const [a] = RECIPIENTS as [User];
    const state = async () => [await transfers(), await f.merchantBalance(shop.id), await balance(a)];
    const before = await state();
    const cases: Array<[string, unknown, string]> = [
      [
        '8,001 items',
        { items: Array.from({ length: 8001 }, (_, i) => item(a, '0.01', `R${i}`)) },
        'VALIDATION_ERROR',
      ],
      ['no items', { items: [] }, 'VALIDATION_ERROR'],
      [
        'duplicate reference',
        { items: [item(a, '1.00', 'SAME'), item(a, '2.00', 'SAME')] },
        'DUPLICATE_REFERENCE',
      ],
      [
        'USD',
        { items: [item(a, '1.00'), { ...item(a, '1.00'), amount: { amount: '1.00', currency: 'USD' } }] },
        'UNSUPPORTED_CURRENCY',
      ],
      ['zero', { items: [item(a, '1.00'), item(a, '0.00')] }, 'INVALID_AMOUNT'],
      ['negative', { items: [item(a, '1.00'), item(a, '-1.00')] }, 'INVALID_AMOUNT'],
      ['three decimals', { items: [item(a, '0.001')] }, 'INVALID_AMOUNT'],
      ['reference too long', { items: [item(a, '1.00', 'x'.repeat(65))] }, 'VALIDATION_ERROR'],
      [
        'wallet id not a uuid',
        { items: [{ ...item(a, '1.00'), to: { walletId: 'abc' } }] },
        'VALIDATION_ERROR',
      ],
    ];
    for (const [label, body, code] of cases) {
      const r = await payout(body);
      expect(r.status, `${label}: ${r.text.slice(0, 200)}`).toBe(400);
      expect(r.json.code, label).toBe(code);
    }
    // Over the route's body limit (5 MB): 413 before any work.
    const huge = await payout({ items: [{ ...item(a, '1.00'), pad: 'x'.repeat(6 * 1024 * 1024) }] });
    expect(huge.status).toBe(413);
    expect(huge.json.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await state()).toEqual(before);
  });

  it('a key without payouts:write is refused and pays nothing', async () => {
    const { key } = await newShop('只读商户', ['orders:read', 'orders:write']);
    const before = await transfers();
    const r = await payout({ items: [item(RECIPIENTS[0]!, '1.00')] }, key);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('INSUFFICIENT_SCOPE');
    const customer = await payout({ items: [item(RECIPIENTS[0]!, '1.00')] }, RECIPIENTS[1]!.token);
    expect(customer.status).toBe(401);
    expect(await transfers()).toBe(before);
  });
});
