import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

let s: TestServer;
let offsetMs = 0;
beforeAll(async () => {
  s = await startTestServer({
    background: false,
    env: { RISK_MAX_TRANSFERS_PER_MINUTE: '1' },
    clock: () => new Date(Date.now() + offsetMs),
  });
});
afterAll(async () => {
  await s.stop();
});

describe('a payment held by risk', () => {
  it('reserves the money and the limit usage, and gives both back when the hold expires', async () => {
    const a = await signup(s, '13500000001');
    await signup(s, '13500000002');
    await fund(s, a.walletId, 1_000_00n);
    const send = (amount: string) =>
      s.app.inject({
        method: 'POST',
        url: '/v1/transfers',
        headers: auth(a.token),
        payload: { to: { phone: '13500000002' }, amount: { amount, currency: 'CNY' } },
      });
    expect((await send('10.00')).json().status).toBe('completed');
    const held = await send('20.00');
    expect(held.statusCode).toBe(201);
    expect(held.json().status).toBe('held');
    const wallet = async () =>
      (await s.app.inject({ url: `/v1/wallets/${a.walletId}`, headers: auth(a.token) })).json();
    let w = await wallet();
    expect(w.balances[0]).toMatchObject({ available: '970.00', pendingOutgoing: '20.00' });
    expect(w.limits.usedToday.amount).toBe('30.00');
    const hist = (
      await s.app.inject({ url: `/v1/wallets/${a.walletId}/transactions`, headers: auth(a.token) })
    ).json();
    expect(hist.items[0]).toMatchObject({ status: 'held', amount: { amount: '20.00' } });

    offsetMs = 73 * 3600_000;
    expect(await s.sweep()).toBe(1);
    w = await wallet();
    expect(w.balances[0]).toMatchObject({ available: '990.00', pendingOutgoing: '0.00' });
    const after = (
      await s.app.inject({ url: `/v1/wallets/${a.walletId}/transactions`, headers: auth(a.token) })
    ).json();
    expect(after.items[0]).toMatchObject({ status: 'expired' });
    // The usage counter of the day the hold was taken is back to the completed payment only.
    const { rows } = await s.db.pool.query(
      `SELECT used FROM ledger_limit_usage WHERE key LIKE $1 AND key LIKE '%:day:%'`,
      [`wallet:${a.walletId}:%`],
    );
    expect(rows.map((r) => r.used)).toEqual([1000n]);
  });
});
