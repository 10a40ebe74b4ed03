import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type HttpResult, parallel, phoneSource } from '../../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

/**
 * SCA beyond the amount threshold (S5): a first payment to a payee needs a confirmation unless the
 * low-value exemption covers it (≤ ¥200 each, ≤ ¥500 and ≤ 5 payments since the last SCA); a
 * confirmed payment makes the payee known and restarts the allowance.
 */
let s: TestServer;
const phone = phoneSource('1660');
const PASSWORD = 'correct horse battery';
const PIN = '582913';
type User = { token: string; walletId: string; phone: string };

async function user(): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: PASSWORD } });
  expect(r.status, r.text).toBe(201);
  const u = { token: r.json.session.token, walletId: r.json.customer.walletId, phone: p };
  expect(
    (await call(s, 'PUT', '/v1/me/pin', { token: u.token, body: { pin: PIN, password: PASSWORD } })).status,
  ).toBe(200);
  return u;
}
const pay = (from: User, to: User, amount: string, stepUp?: unknown) =>
  call(s, 'POST', '/v1/transfers', {
    token: from.token,
    body: { to: { phone: to.phone }, amount: { amount, currency: 'CNY' }, ...(stepUp ? { stepUp } : {}) },
  });
const needsStepUp = (r: HttpResult) => r.status === 403 && r.json.code === 'STEP_UP_REQUIRED';

beforeAll(async () => {
  s = await startTestServer({
    background: false,
    env: {
      SCA_NEW_PAYEE: 'true',
      SCA_EXEMPT_SINGLE_MINOR: '20000',
      SCA_EXEMPT_CUMULATIVE_MINOR: '50000',
      SCA_EXEMPT_COUNT: '5',
    },
  });
});
afterAll(async () => {
  await s?.stop();
});

describe('SCA for new payees and the low-value exemption', () => {
  it('a first payment above the exemption to a new payee needs a confirmation; then the payee is known', async () => {
    const a = await user();
    const b = await user();
    await fund(s, a.walletId, 2000_00n);
    const first = await pay(a, b, '300.00');
    expect(needsStepUp(first), first.text).toBe(true);
    expect(first.json.details.reasons).toEqual(['new_payee']);
    const ok = await pay(a, b, '300.00', { challengeId: first.json.details.challenge.id, pin: PIN });
    expect(ok.status, ok.text).toBe(201);
    const second = await pay(a, b, '300.00');
    expect(second.status, second.text).toBe(201);
  });

  it('low-value payments to new payees are exempt until the count or the cumulative amount runs out', async () => {
    const a = await user();
    await fund(s, a.walletId, 2000_00n);
    const payees = await Promise.all(Array.from({ length: 8 }, () => user()));
    // Count: five exempt ¥10 payments, the sixth needs SCA.
    for (let i = 0; i < 5; i++) expect((await pay(a, payees[i]!, '10.00')).status).toBe(201);
    const sixth = await pay(a, payees[5]!, '10.00');
    expect(needsStepUp(sixth), sixth.text).toBe(true);
    // Confirming it restarts the allowance.
    expect(
      (await pay(a, payees[5]!, '10.00', { challengeId: sixth.json.details.challenge.id, pin: PIN })).status,
    ).toBe(201);
    // Cumulative: ¥200 + ¥200 fit in ¥500, a further ¥200 does not.
    expect((await pay(a, payees[6]!, '200.00')).status).toBe(201);
    expect((await pay(a, payees[7]!, '200.00')).status).toBe(201);
    // Exempt payments do not make a payee known: payee 0 is still new, and ¥200 more exceeds ¥500.
    expect(needsStepUp(await pay(a, payees[0]!, '200.00'))).toBe(true);
  });

  it('parallel low-value payments never use more allowance than there is', async () => {
    const a = await user();
    await fund(s, a.walletId, 2000_00n);
    const payees = await Promise.all(Array.from({ length: 12 }, () => user()));
    // ¥100 each: the ¥500 allowance covers exactly five of twelve payments made at once.
    const results = await parallel(12, (i) => pay(a, payees[i]!, '100.00'));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter(needsStepUp)).toHaveLength(7);
  });

  it('a payment above the single exemption limit to a new payee is never exempt', async () => {
    const a = await user();
    const b = await user();
    await fund(s, a.walletId, 2000_00n);
    const r = await pay(a, b, '200.01');
    expect(needsStepUp(r)).toBe(true);
  });
});
