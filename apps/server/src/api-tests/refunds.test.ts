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
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';
import { cny, fixtures, type Shop, type User } from './orders.fixtures.ts';

/**
 * Refunds of paid orders (issue 5, part 6): partial and full, never more than was paid even under
 * 100 parallel requests (a ledger limit counter in the posting transaction), idempotent by the
 * merchant's refund reference, back to the paying wallet (frozen or not), owners only in the portal,
 * and one `refund.succeeded` event per refund.
 */
let s: TestServer;
const f = fixtures(() => s, phoneSource('1582'));
let COMPLIANCE: StaffUser;
let SHOP: Shop;
let OTHER_SHOP: Shop;
let CASHIER: User;

const refund = (sh: Shop, orderId: string, body: Record<string, unknown>) =>
  call(s, 'POST', `/v1/merchant/orders/${orderId}/refunds`, { token: sh.key, body });

/** A paid order of `sh` (amount in yuan) and its payer. */
async function paidOrder(sh: Shop, amount = '50.00') {
  const o = await f.order(sh, amount);
  const u = await f.payer(100n);
  const p = await f.pay(u, o.id);
  expect(p.status, p.text).toBe(201);
  return { order: o, payer: u, paymentId: p.json.id as string };
}

beforeAll(async () => {
  s = await startTestServer({ poolMax: 40, background: false });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  SHOP = await f.shop(await f.customer('店主'), COMPLIANCE);
  OTHER_SHOP = await f.shop(await f.customer(), COMPLIANCE, '便民超市');
  CASHIER = await f.customer();
  const add = await call(s, 'POST', `/v1/merchants/${SHOP.id}/users`, {
    token: SHOP.owner.token,
    body: { phone: CASHIER.phone, role: 'cashier' },
  });
  expect(add.status, add.text).toBe(201);
});
afterAll(async () => {
  await s?.stop();
});

describe('refunds', () => {
  it('partial then full, back to the paying wallet; never more than paid; one event per refund', async () => {
    const { order, payer, paymentId } = await paidOrder(SHOP);
    const before = await f.merchantBalance(SHOP.id);
    const a = await refund(SHOP, order.id, { amount: cny('20.00'), reference: 'RF-1', reason: '少了一碗' });
    expect(a.status, a.text).toBe(201);
    expect(a.json).toMatchObject({
      orderId: order.id,
      reference: 'RF-1',
      status: 'succeeded',
      amount: cny('20.00'),
      reason: '少了一碗',
    });
    const got = await call(s, 'GET', `/v1/merchant/orders/${order.id}`, { token: SHOP.key });
    expect(got.json).toMatchObject({ status: 'paid', refunded: cny('20.00'), refundable: cny('30.00') });
    const over = await refund(SHOP, order.id, { amount: cny('30.01'), reference: 'RF-2' });
    expect([over.status, over.json.code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);
    const rest = await refund(SHOP, order.id, { amount: cny('30.00'), reference: 'RF-3' });
    expect(rest.status, rest.text).toBe(201);
    const more = await refund(SHOP, order.id, { amount: cny('0.01'), reference: 'RF-4' });
    expect(more.json.code).toBe('REFUND_EXCEEDS_PAID');
    expect((await walletBalance(s, payer.walletId)).posted).toBe(100_00n);
    expect(await f.merchantBalance(SHOP.id)).toBe(before - 50_00n);
    // In the payer's history, named by the merchant.
    const history = await call(s, 'GET', `/v1/wallets/${payer.walletId}/transactions`, {
      token: payer.token,
    });
    expect(history.json.items.filter((t: { id: string }) => t.id === a.json.id)).toHaveLength(1);
    expect(JSON.stringify(history.json)).toContain('张记面馆');
    const list = await call(s, 'GET', `/v1/merchant/orders/${order.id}/refunds`, { token: SHOP.key });
    expect(list.json.items.map((r: { reference: string }) => r.reference).sort()).toEqual(['RF-1', 'RF-3']);
    expect(await f.eventCount('refund.succeeded', 'refundId', a.json.id)).toBe(1);
    const { rows } = await s.db.pool.query(
      `SELECT body::jsonb -> 'data' AS data FROM webhook_events WHERE type = 'refund.succeeded' AND body::jsonb -> 'data' ->> 'refundId' = $1`,
      [a.json.id],
    );
    expect(rows[0].data).toEqual({
      refundId: a.json.id,
      orderId: order.id,
      orderReference: order.reference,
      reference: 'RF-1',
      amount: '20.00',
      currency: 'CNY',
      reason: '少了一碗',
      paymentId,
    });
    await s.outbox.runOnce();
    const inbox = await call(s, 'GET', '/v1/notifications', { token: payer.token });
    expect(inbox.json.items.filter((n: { kind: string }) => n.kind === 'refund_received')).toHaveLength(2);
  });

  it('idempotent by reference: the same body is the same refund, another body is a conflict', async () => {
    const { order, payer } = await paidOrder(SHOP, '10.00');
    const body = { amount: cny('4.00'), reference: 'RF-SAME', reason: 'late' };
    const first = await refund(SHOP, order.id, body);
    expect(first.status, first.text).toBe(201);
    const again = await refund(SHOP, order.id, body);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    const parallelSame = await parallel(10, () => refund(SHOP, order.id, { ...body, reference: 'RF-PAR' }));
    expect(tally(parallelSame)).toEqual({ '201': 10 });
    const other = await refund(SHOP, order.id, { ...body, amount: cny('5.00') });
    expect([other.status, other.json.code]).toEqual([409, 'REFUND_REFERENCE_REUSED']);
    expect((await walletBalance(s, payer.walletId)).posted).toBe(90_00n + 8_00n);
    expect(await f.eventCount('refund.succeeded', 'orderId', order.id)).toBe(2);
  });

  it('100 parallel refunds of ¥1 on a ¥50 order: exactly 50 succeed, and the books balance', async () => {
    const { order, payer } = await paidOrder(SHOP, '50.00');
    const before = await f.merchantBalance(SHOP.id);
    const results = await parallel(100, (i) =>
      refund(SHOP, order.id, { amount: cny('1.00'), reference: `P-${i}` }),
    );
    expect(tally(results)).toEqual({ '201': 50, '422 REFUND_EXCEEDS_PAID': 50 });
    expect((await walletBalance(s, payer.walletId)).posted).toBe(100_00n);
    expect(await f.merchantBalance(SHOP.id)).toBe(before - 50_00n);
    const got = await call(s, 'GET', `/v1/merchant/orders/${order.id}`, { token: SHOP.key });
    expect(got.json).toMatchObject({ refunded: cny('50.00'), refundable: cny('0.00') });
    expect(await f.eventCount('refund.succeeded', 'orderId', order.id)).toBe(50);
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('refuses an unpaid order, a foreign order (like a missing one) and a merchant without the funds', async () => {
    const open = await f.order(SHOP, '5.00');
    const r = await refund(SHOP, open.id, { amount: cny('1.00'), reference: 'X' });
    expect([r.status, r.json.code]).toEqual([409, 'ORDER_NOT_PAID']);
    const { order } = await paidOrder(SHOP, '5.00');
    const theirs = await refund(OTHER_SHOP, order.id, { amount: cny('1.00'), reference: 'X' });
    const missing = await refund(OTHER_SHOP, randomUUID(), { amount: cny('1.00'), reference: 'X' });
    expect([theirs.status, theirs.json.code]).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(theirs.text).toBe(missing.text);
    for (const [amount, code] of [
      [cny('0'), 'INVALID_AMOUNT'],
      [{ amount: '1.00', currency: 'USD' }, 'UNSUPPORTED_CURRENCY'],
    ] as const) {
      const bad = await refund(SHOP, order.id, { amount, reference: `B-${randomUUID()}` });
      expect([bad.status, bad.json.code]).toEqual([400, code]);
    }
    // A merchant whose account was emptied (as by a settlement) cannot refund: the ledger refuses.
    const sh = await f.shop(await f.customer(), COMPLIANCE, 'Empty Shop');
    const paid = await paidOrder(sh, '5.00');
    const { rows } = await s.db.pool.query(
      `SELECT account_id FROM merchant_accounts WHERE merchant_id = $1 AND currency = 'CNY'`,
      [sh.id],
    );
    const moved = await s.engine.submit([
      {
        id: randomUUID(),
        debitAccountId: rows[0].account_id,
        creditAccountId: systemAccountId(156, AccountCode.merchantSettlement),
        amount: 4_00n,
        ledger: 156,
        code: TransferCode.adjustment,
      },
    ]);
    expect(moved[0]!.ok).toBe(true);
    const poor = await refund(sh, paid.order.id, { amount: cny('2.00'), reference: 'RF' });
    expect([poor.status, poor.json.code]).toEqual([422, 'MERCHANT_INSUFFICIENT_FUNDS']);
  });

  it('a frozen payer wallet still receives its refund', async () => {
    const { order, payer } = await paidOrder(SHOP, '10.00');
    await s.db.pool.query(`UPDATE wallets SET status = 'frozen' WHERE id = $1`, [payer.walletId]);
    const r = await refund(SHOP, order.id, { amount: cny('10.00'), reference: 'RF-FROZEN' });
    expect(r.status, r.text).toBe(201);
    expect((await walletBalance(s, payer.walletId)).posted).toBe(100_00n);
  });

  it('a refund that would take the payer over the balance cap: 409 PAYER_WALLET_FULL, nothing moves; later it goes through', async () => {
    // Found by the crash-chaos run: the ledger's EXCEEDS_MAX_CREDIT_BALANCE was unmapped (503 for ever).
    const { order, payer } = await paidOrder(SHOP, '50.00');
    const cap = 10_000_00n; // tier 4 (tiers.ts)
    await fund(s, payer.walletId, cap - (await walletBalance(s, payer.walletId)).posted);
    const merchantBefore = await f.merchantBalance(SHOP.id);
    const full = await refund(SHOP, order.id, { amount: cny('0.01'), reference: 'RF-FULL' });
    expect([full.status, full.json.code], full.text).toEqual([409, 'PAYER_WALLET_FULL']);
    expect((await walletBalance(s, payer.walletId)).posted).toBe(cap);
    expect(await f.merchantBalance(SHOP.id)).toBe(merchantBefore);
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM merchant_refunds WHERE order_id = $1',
      [order.id],
    );
    expect(rows[0].n).toBe(0);
    // The payer spends; the same reference is refunded now.
    const spent = await f.pay(payer, (await f.order(SHOP, '20.00')).id);
    expect(spent.status, spent.text).toBe(201);
    const later = await refund(SHOP, order.id, { amount: cny('0.01'), reference: 'RF-FULL' });
    expect(later.status, later.text).toBe(201);
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('the portal: owners refund, cashiers are refused, strangers see no merchant', async () => {
    const { order } = await paidOrder(SHOP, '10.00');
    const path = `/v1/merchants/${SHOP.id}/orders/${order.id}/refunds`;
    const body = { amount: cny('3.00'), reference: 'PORTAL-1' };
    const cashier = await call(s, 'POST', path, { token: CASHIER.token, body });
    expect([cashier.status, cashier.json.code]).toEqual([403, 'MERCHANT_ROLE_FORBIDDEN']);
    const stranger = await f.customer();
    const other = await call(s, 'POST', path, { token: stranger.token, body });
    expect([other.status, other.json.code]).toEqual([404, 'MERCHANT_NOT_FOUND']);
    const owner = await call(s, 'POST', path, { token: SHOP.owner.token, body });
    expect(owner.status, owner.text).toBe(201);
    const seen = await call(s, 'GET', path, { token: CASHIER.token });
    expect(seen.json.items.map((r: { id: string }) => r.id)).toEqual([owner.json.id]);
    // Who refunded is kept with the refund.
    const { rows } = await s.db.pool.query('SELECT actor FROM merchant_refunds WHERE id = $1', [
      owner.json.id,
    ]);
    expect(rows[0].actor).toBe(`customer:${SHOP.owner.customerId}`);
  });
});
