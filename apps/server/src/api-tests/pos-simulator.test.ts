import { SimulatedPhone, type StartedPosSimulator, startPosSimulator } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, phoneSource, walletBalance } from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { staffWithRoles } from '../../../../test/helpers/staff.ts';
import { customer, merchant, type User } from './pos-fixtures.ts';

/** The POS simulator drives both methods over real HTTP against a real server (issue 5, part 5). */
let s: TestServer;
let pos: StartedPosSimulator;
let shopId: string;
const phone = phoneSource('1583');

const charge = async (body: unknown) => {
  const res = await fetch(`${pos.url}/charge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const posted = async (u: User) => (await walletBalance(s, u.walletId)).posted;

beforeAll(async () => {
  s = await startTestServer({ background: false });
  const compliance = await staffWithRoles(s, ['compliance']);
  const shop = await merchant(s, await customer(s, phone()), compliance, 'Sim Mart');
  shopId = shop.id;
  pos = await startPosSimulator({ yinbaoUrl: s.url, apiKey: shop.key, pollIntervalMs: 50 });
});
afterAll(async () => {
  await pos?.close();
  await s?.stop();
});

describe('POS simulator', () => {
  it('takes a payment code, and a tap from a simulated phone', async () => {
    const u = await customer(s, phone(), 1000n);
    const code = await call(s, 'POST', '/v1/pay-codes', { token: u.token });
    const r = await charge({ method: 'pay_code', code: code.json.code, amount: '18.80' });
    expect([r.status, r.json.status]).toEqual([200, 'completed']);
    const again = await charge({ method: 'pay_code', code: code.json.code, amount: '18.80' });
    expect([again.status, again.json.code]).toEqual([400, 'PAY_CODE_INVALID']);

    const p = new SimulatedPhone();
    await p.register(s.url, u.token);
    const t = await charge({ method: 'nfc', tap: p.tap(shopId, '6.20') });
    expect([t.status, t.json.status]).toEqual([200, 'completed']);
    expect(await posted(u)).toBe(100000n - 1880n - 620n);
  });

  it('waits while the customer confirms on the phone', async () => {
    const u = await customer(s, phone(), 1000n);
    const code = await call(s, 'POST', '/v1/pay-codes', { token: u.token });
    const pending = charge({ method: 'pay_code', code: code.json.code, amount: '520.00' });
    let waiting: { id: string }[] = [];
    for (let i = 0; i < 100 && waiting.length === 0; i++) {
      waiting = (await call(s, 'GET', '/v1/pos-payments/pending', { token: u.token })).json.items;
      if (waiting.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    const ok = await call(s, 'POST', `/v1/pos-payments/${waiting[0]!.id}/confirm`, {
      token: u.token,
      body: {},
    });
    expect(ok.status, ok.text).toBe(200);
    const r = await pending;
    expect([r.status, r.json.status]).toEqual([200, 'completed']);
    expect(await posted(u)).toBe(100000n - 52000n);
  });
});
