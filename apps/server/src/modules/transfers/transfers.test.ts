import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false });
});
afterAll(async () => {
  await s.stop();
});

describe('P2P transfers (T1)', () => {
  it('moves money, shows it in both histories and notifies the recipient', async () => {
    const alice = await signup(s, '13800000001');
    const bob = await signup(s, '+86 138-0000-0002');
    await fund(s, alice.walletId, 100_00n);
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/transfers',
      headers: { ...auth(alice.token), 'idempotency-key': 'k1' },
      payload: { to: { phone: '13800000002' }, amount: { amount: '12.34', currency: 'CNY' }, note: 'lunch' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'completed',
      amount: { amount: '12.34', currency: 'CNY' },
      note: 'lunch',
    });
    const replay = await s.app.inject({
      method: 'POST',
      url: '/v1/transfers',
      headers: { ...auth(alice.token), 'idempotency-key': 'k1' },
      payload: { to: { phone: '13800000002' }, amount: { amount: '12.34', currency: 'CNY' }, note: 'lunch' },
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(res.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const bal = async (t: string, w: string) =>
      (await s.app.inject({ url: `/v1/wallets/${w}`, headers: auth(t) })).json();
    expect((await bal(alice.token, alice.walletId)).balances[0].available).toBe('87.66');
    expect((await bal(bob.token, bob.walletId)).balances[0].available).toBe('12.34');

    const hist = (
      await s.app.inject({ url: `/v1/wallets/${bob.walletId}/transactions`, headers: auth(bob.token) })
    ).json();
    expect(hist.items[0]).toMatchObject({
      kind: 'p2p',
      direction: 'in',
      amount: { amount: '12.34' },
      note: 'lunch',
      status: 'completed',
    });
    const out = (
      await s.app.inject({
        url: `/v1/wallets/${alice.walletId}/transactions?direction=out`,
        headers: auth(alice.token),
      })
    ).json();
    expect(out.items).toHaveLength(1);

    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(bob.token) })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'transfer_received' });
    expect(inbox.items[0].body).toContain('lunch');
  });

  it('refuses overdrafts and bad amounts without writing anything', async () => {
    const a = await signup(s, '13800000011');
    await signup(s, '13800000012');
    for (const [amount, code] of [
      ['1.00', 'INSUFFICIENT_FUNDS'],
      ['0', 'INVALID_AMOUNT'],
      ['-5', 'INVALID_AMOUNT'],
      ['1e3', 'INVALID_AMOUNT'],
      ['0.001', 'INVALID_AMOUNT'],
      ['99999999999999999999', 'INVALID_AMOUNT'],
    ] as const) {
      const r = await s.app.inject({
        method: 'POST',
        url: '/v1/transfers',
        headers: auth(a.token),
        payload: { to: { phone: '13800000012' }, amount: { amount, currency: 'CNY' } },
      });
      expect(r.json().code, amount).toBe(code);
    }
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM ledger_transfers WHERE code = 1 AND user_data->'from'->>'walletId' = $1`,
      [a.walletId],
    );
    expect(rows[0].n).toBe(0);
  });
});
