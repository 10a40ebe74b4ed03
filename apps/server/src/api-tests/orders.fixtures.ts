import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { call, type phoneSource } from '../../../../test/helpers/api.ts';
import { fund, type TestServer } from '../../../../test/helpers/server.ts';
import type { StaffUser } from '../../../../test/helpers/staff.ts';

/** Fixtures shared by orders.test.ts and refunds.test.ts: customers, an active merchant, an API key. */
export type User = { token: string; customerId: string; walletId: string; phone: string };
export type Shop = { id: string; key: string; owner: User };

export const cny = (amount: string) => ({ amount, currency: 'CNY' });

export function fixtures(get: () => TestServer, phone: ReturnType<typeof phoneSource>) {
  const s = () => get();

  async function customer(displayName = '李华'): Promise<User> {
    const p = phone();
    const r = await call(s(), 'POST', '/v1/auth/signup', {
      body: { phone: p, password: 'correct horse battery', displayName },
    });
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
    await fund(s(), u.walletId, yuan * 100n);
    return u;
  }

  /** An active merchant of `owner` with an API key holding every order scope. */
  async function shop(owner: User, compliance: StaffUser, businessName = '张记面馆'): Promise<Shop> {
    const m = await call(s(), 'POST', '/v1/merchants', {
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
    expect(m.status, m.text).toBe(201);
    const a = await call(s(), 'POST', `/v1/staff/merchants/${m.json.id}/approve`, {
      token: compliance.token,
      body: {},
    });
    expect(a.status, a.text).toBe(200);
    const k = await call(s(), 'POST', `/v1/merchants/${m.json.id}/api-keys`, {
      token: owner.token,
      body: { name: 'shop backend', scopes: ['orders:write', 'orders:read', 'refunds:write'] },
    });
    expect(k.status, k.text).toBe(201);
    return { id: m.json.id, key: k.json.key, owner };
  }

  const createOrder = (sh: Shop, body: Record<string, unknown>) =>
    call(s(), 'POST', '/v1/merchant/orders', { token: sh.key, body });

  async function order(sh: Shop, amount = '50.00', extra: Record<string, unknown> = {}) {
    const r = await createOrder(sh, { amount: cny(amount), reference: `ORD-${randomUUID()}`, ...extra });
    expect(r.status, r.text).toBe(201);
    return r.json as { id: string; reference: string; status: string; checkoutUrl: string };
  }

  const pay = (u: User, orderId: string, key: string = randomUUID(), body: Record<string, unknown> = {}) =>
    call(s(), 'POST', `/v1/checkout/${orderId}/pay`, { token: u.token, body, idempotencyKey: key });

  async function merchantBalance(merchantId: string): Promise<bigint> {
    const { rows } = await s().db.pool.query(
      `SELECT a.credits_posted - a.debits_posted AS b FROM merchant_accounts m
         JOIN ledger_accounts a ON a.id = m.account_id WHERE m.merchant_id = $1 AND m.currency = 'CNY'`,
      [merchantId],
    );
    return BigInt(rows[0].b);
  }

  async function eventCount(type: string, field: string, value: string): Promise<number> {
    const { rows } = await s().db.pool.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE type = $1 AND body::jsonb -> 'data' ->> $2 = $3`,
      [type, field, value],
    );
    return rows[0].n;
  }

  return { customer, payer, shop, createOrder, order, pay, merchantBalance, eventCount };
}
