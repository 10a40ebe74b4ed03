import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

const PASSWORD = 'correct horse battery';
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false });
});
afterAll(async () => {
  await s.stop();
});

const login = async (phone: string, ip: string) =>
  (
    await s.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: ip,
      payload: { phone, password: PASSWORD },
    })
  ).json().token as string;
const call = (
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  token: string,
  payload?: Record<string, unknown>,
) => s.app.inject({ method, url, headers: auth(token), ...(payload === undefined ? {} : { payload }) });

describe('customer controls (S8)', () => {
  it('lists sessions (masked address) and revokes one; others cannot touch them', async () => {
    const a = await signup(s, '13000000001');
    const second = await login(a.phone, '10.1.2.3');
    const list = (await call('GET', '/v1/me/sessions', a.token)).json().items;
    expect(list).toHaveLength(2);
    const other = list.find((x: { current: boolean }) => !x.current);
    expect(other.ip).toBe('10.1.*.*');
    const b = await signup(s, '13000000002');
    const foreign = await call('DELETE', `/v1/me/sessions/${other.id}`, b.token);
    const missing = await call('DELETE', '/v1/me/sessions/00000000-0000-7000-8000-000000000000', b.token);
    expect([foreign.statusCode, foreign.body]).toEqual([missing.statusCode, missing.body]);
    expect((await call('DELETE', `/v1/me/sessions/${other.id}`, a.token)).statusCode).toBe(200);
    expect((await call('GET', '/v1/me', second)).statusCode).toBe(401);
  });

  it('freeze blocks outgoing money at once; a lost phone signs out other sessions; lifting needs step-up', async () => {
    const a = await signup(s, '13000000011');
    const b = await signup(s, '13000000012');
    await fund(s, a.walletId, 100_00n);
    const lostPhone = await login(a.phone, '10.1.9.9');
    const frozen = await call('POST', '/v1/me/freeze', a.token, { reason: 'lost_phone' });
    expect(frozen.json()).toEqual({ status: 'frozen', revokedSessions: 1 });
    expect((await call('GET', '/v1/me', lostPhone)).statusCode).toBe(401);
    const pay = await call('POST', '/v1/transfers', a.token, {
      to: { phone: b.phone },
      amount: { amount: '1.00', currency: 'CNY' },
    });
    expect([pay.statusCode, pay.json().code]).toEqual([403, 'WALLET_FROZEN']);
    // Incoming money still arrives.
    await fund(s, b.walletId, 10_00n);
    const incoming = await call('POST', '/v1/transfers', b.token, {
      to: { phone: a.phone },
      amount: { amount: '2.00', currency: 'CNY' },
    });
    expect(incoming.statusCode).toBe(201);

    const unasked = await call('POST', '/v1/me/unfreeze', a.token, {});
    expect(unasked.statusCode).toBe(400);
    const ask = await call('POST', '/v1/me/unfreeze/challenge', a.token, {});
    expect(ask.statusCode).toBe(200);
    const challengeId = ask.json().id;
    const wrong = await call('POST', '/v1/me/unfreeze', a.token, {
      stepUp: { challengeId, password: 'not it at all' },
    });
    expect(wrong.json().code).toBe('STEP_UP_FAILED');
    const okay = await call('POST', '/v1/me/unfreeze', a.token, {
      stepUp: { challengeId, password: PASSWORD },
    });
    expect(okay.json()).toEqual({ status: 'active' });
    const after = await call('POST', '/v1/transfers', a.token, {
      to: { phone: b.phone },
      amount: { amount: '1.00', currency: 'CNY' },
    });
    expect(after.statusCode).toBe(201);
    expect((await call('POST', '/v1/me/unfreeze/challenge', a.token, {})).json().code).toBe(
      'WALLET_NOT_FROZEN',
    );
    const { rows } = await s.db.pool.query(
      `SELECT event FROM audit_log WHERE event LIKE 'wallet.%' ORDER BY seq`,
    );
    expect(rows.map((r) => r.event)).toEqual(['wallet.frozen', 'wallet.unfrozen']);
  });
});
