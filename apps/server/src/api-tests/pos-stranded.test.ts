import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ledgerImbalances, phoneSource, walletBalance } from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { staffWithRoles } from '../../../../test/helpers/staff.ts';
import { posCompletedEffect } from '../modules/pos-payments/index.ts';
import { TransferCode } from '../platform/system-accounts.ts';
import { cny, customer, merchant, merchantBalance, type User } from './pos-fixtures.ts';

/**
 * A till payment claimed for posting whose posting never came (the API died between the claim and
 * the ledger, or the database went away): the sweeper declines it after the claim timeout, so the
 * till and the customer stop waiting; a posting arriving after that is refused by the ledger's
 * transaction (nothing moves); claims still in time and completed payments are left alone.
 */
let s: TestServer;
let payer: User;
let shop: { id: string; key: string };
const phone = phoneSource('1582');

/** What a crash right after the claim transaction leaves: a `processing` row and no transfer. */
async function strandedClaim(claimedSecondsAgo: number): Promise<string> {
  const code = await call(s, 'POST', '/v1/pay-codes', { token: payer.token, body: {} });
  expect(code.status, code.text).toBe(201);
  const id = randomUUID();
  await s.db.pool.query(
    `INSERT INTO pos_payments (id, merchant_id, reference, method, customer_id, wallet_id, amount, pay_code_id,
                               status, expires_at, claimed_at)
     SELECT $1, $2, $3, 'pay_code', $4, $5, 1234, c.id, 'processing', now() + interval '2 minutes',
            now() - make_interval(secs => $6)
       FROM pay_codes c WHERE c.customer_id = $4 ORDER BY c.created_at DESC LIMIT 1`,
    [id, shop.id, `REF-${id.slice(0, 8)}`, payer.customerId, payer.walletId, claimedSecondsAgo],
  );
  return id;
}
const status = async (id: string) =>
  (await call(s, 'GET', `/v1/merchant/pos/payments/${id}`, { token: shop.key })).json.status;

beforeAll(async () => {
  s = await startTestServer({ background: false });
  const compliance = await staffWithRoles(s, ['compliance']);
  payer = await customer(s, phone(), 100n);
  shop = await merchant(s, await customer(s, phone()), compliance, '夜市小吃 Night Market');
});
afterAll(async () => {
  await s?.stop();
});

describe('POS payments stranded in processing', () => {
  it('are declined by the sweeper after the claim timeout; fresh claims and completed payments are not', async () => {
    const stranded = await strandedClaim(120);
    const fresh = await strandedClaim(5);
    const code = await call(s, 'POST', '/v1/pay-codes', { token: payer.token, body: {} });
    const paid = await call(s, 'POST', '/v1/merchant/pos/payments', {
      token: shop.key,
      idempotencyKey: randomUUID(),
      body: { method: 'pay_code', code: code.json.code, amount: cny('3.00'), reference: 'PAID-1' },
    });
    expect([paid.status, paid.json.status], paid.text).toEqual([201, 'completed']);
    expect(await status(stranded)).toBe('processing');

    await s.sweep();
    expect(await status(stranded)).toBe('declined');
    expect(await status(fresh)).toBe('processing');
    expect(await status(paid.json.id)).toBe('completed');
  });

  it('a posting that arrives after the decline moves no money', async () => {
    const late = await strandedClaim(120);
    await s.sweep();
    expect(await status(late)).toBe('declined');
    const before = [await walletBalance(s, payer.walletId), await merchantBalance(s, shop.id)];
    const { rows } = await s.db.pool.query(
      `SELECT (SELECT account_id FROM wallet_accounts WHERE wallet_id = $1) AS w,
              (SELECT account_id FROM merchant_accounts WHERE merchant_id = $2) AS m`,
      [payer.walletId, shop.id],
    );
    // The posting the dead process would have made, with its commit-hook effect.
    const posting = s.engine.submit([
      {
        id: late,
        debitAccountId: rows[0].w,
        creditAccountId: rows[0].m,
        amount: 1234n,
        ledger: 156,
        code: TransferCode.posPayment,
        effects: [posCompletedEffect(late)],
      },
    ]);
    await expect(posting).rejects.toThrow(/without being claimed/);
    expect((await s.db.pool.query('SELECT 1 FROM ledger_transfers WHERE id = $1', [late])).rowCount).toBe(0);
    expect([await walletBalance(s, payer.walletId), await merchantBalance(s, shop.id)]).toEqual(before);
    expect(await status(late)).toBe('declined');
    expect(await ledgerImbalances(s)).toEqual([]);
  });
});
