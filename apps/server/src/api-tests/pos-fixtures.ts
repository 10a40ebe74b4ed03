import { expect } from 'vitest';
import { call } from '../../../../test/helpers/api.ts';
import { fund, type TestServer } from '../../../../test/helpers/server.ts';
import type { StaffUser } from '../../../../test/helpers/staff.ts';

/** Shared set-up of the POS tests (pay-codes.test.ts, nfc.test.ts): customers, merchants, keys. */
export const PASSWORD = 'correct horse battery';
export type User = { token: string; customerId: string; walletId: string; phone: string };

export async function customer(s: TestServer, phone: string, yuan = 0n, displayName = '李华'): Promise<User> {
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone, password: PASSWORD, displayName } });
  expect(r.status, r.text).toBe(201);
  const u = {
    token: r.json.session.token,
    customerId: r.json.customer.id,
    walletId: r.json.customer.walletId,
    phone,
  };
  if (yuan > 0n) await fund(s, u.walletId, yuan * 100n);
  return u;
}

/** An active merchant of `owner` and an API key of it with `pos:write`. */
export async function merchant(
  s: TestServer,
  owner: User,
  compliance: StaffUser,
  businessName: string,
): Promise<{ id: string; key: string }> {
  const r = await call(s, 'POST', '/v1/merchants', {
    token: owner.token,
    body: {
      businessName,
      mcc: '5411',
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
    token: compliance.token,
    body: {},
  });
  expect(a.status, a.text).toBe(200);
  const k = await call(s, 'POST', `/v1/merchants/${r.json.id}/api-keys`, {
    token: owner.token,
    body: { name: 'till', scopes: ['pos:write'] },
  });
  expect(k.status, k.text).toBe(201);
  return { id: r.json.id, key: k.json.key };
}

export const cny = (amount: string) => ({ amount, currency: 'CNY' });

export async function merchantBalance(s: TestServer, merchantId: string): Promise<bigint> {
  const { rows } = await s.db.pool.query(
    `SELECT a.credits_posted - a.debits_posted AS b FROM merchant_accounts m
       JOIN ledger_accounts a ON a.id = m.account_id WHERE m.merchant_id = $1 AND m.currency = 'CNY'`,
    [merchantId],
  );
  return BigInt(rows[0].b);
}
