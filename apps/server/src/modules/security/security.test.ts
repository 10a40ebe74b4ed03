import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { pinProblem } from './pin.ts';

const PASSWORD = 'correct horse battery';
let s: TestServer;
let offsetMs = 0;
beforeAll(async () => {
  s = await startTestServer({
    background: false,
    env: { RISK_STEP_UP_ABOVE_MINOR: '10000' },
    clock: () => new Date(Date.now() + offsetMs),
  });
});
afterAll(async () => {
  await s.stop();
});

const setPin = (token: string, pin: string, password = PASSWORD) =>
  s.app.inject({ method: 'PUT', url: '/v1/me/pin', headers: auth(token), payload: { pin, password } });
const pay = (
  token: string,
  phone: string,
  amount: string,
  key: string,
  extra: Record<string, unknown> = {},
) =>
  s.app.inject({
    method: 'POST',
    url: '/v1/transfers',
    headers: { ...auth(token), 'idempotency-key': key },
    payload: { to: { phone }, amount: { amount, currency: 'CNY' }, ...extra },
  });

describe('payment PIN (S1)', () => {
  it('refuses trivial PINs and the phone number; needs the login password', () => {
    for (const pin of ['123456', '654321', '000000', '999999', '890123', '121212', '123123', '345678']) {
      expect(pinProblem(pin, '+8613800138000'), pin).toBe('PIN_TOO_SIMPLE');
    }
    expect(pinProblem('138000', '+8613800138000')).toBe('PIN_TOO_SIMPLE');
    expect(pinProblem('12345', '+8613800138000')).toBe('PIN_FORMAT');
    expect(pinProblem('12a456', '+8613800138000')).toBe('PIN_FORMAT');
    expect(pinProblem('582913', '+8613800138000')).toBeNull();
  });

  it('is set over the API, stored only as an argon2id hash', async () => {
    const a = await signup(s, '13300000001');
    expect((await setPin(a.token, '111111')).json().code).toBe('PIN_TOO_SIMPLE');
    expect((await setPin(a.token, '582913', 'wrong password')).json().code).toBe('INVALID_CREDENTIALS');
    expect((await setPin(a.token, '582913')).statusCode).toBe(200);
    const { rows } = await s.db.pool.query('SELECT pin_hash FROM customer_pins WHERE customer_id = $1', [
      a.customerId,
    ]);
    expect(rows[0].pin_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].pin_hash).not.toContain('582913');
    const st = await s.app.inject({ url: '/v1/me/security', headers: auth(a.token) });
    expect(st.json()).toEqual({ pinSet: true, pinLocked: false, totpEnrolled: false });
  });
});

describe('step-up with dynamic linking (S5)', () => {
  it('binds the confirmation to amount, payee and transfer id; single use', async () => {
    const a = await signup(s, '13300000011');
    const b = await signup(s, '13300000012');
    await signup(s, '13300000013');
    await fund(s, a.walletId, 1000_00n);
    await setPin(a.token, '582913');

    const ask = await pay(a.token, b.phone, '150.00', 'k1');
    expect([ask.statusCode, ask.json().code]).toEqual([403, 'STEP_UP_REQUIRED']);
    const challenge = ask.json().details.challenge;
    expect(challenge.methods).toEqual(['pin']);

    // Any change to amount or payee invalidates it.
    const otherAmount = await pay(a.token, b.phone, '150.01', 'k1b', {
      stepUp: { challengeId: challenge.id, pin: '582913' },
    });
    expect(otherAmount.json().code).toBe('STEP_UP_MISMATCH');
    const otherPayee = await pay(a.token, '13300000013', '150.00', 'k1c', {
      stepUp: { challengeId: challenge.id, pin: '582913' },
    });
    expect(otherPayee.json().code).toBe('STEP_UP_MISMATCH');
    // A wrong PIN: the same Idempotency-Key may be retried (the refusal is not stored).
    const wrong = await pay(a.token, b.phone, '150.00', 'k1', {
      stepUp: { challengeId: challenge.id, pin: '000001' },
    });
    expect([wrong.json().code, wrong.json().details.attemptsLeft]).toEqual(['STEP_UP_FAILED', 4]);
    const ok = await pay(a.token, b.phone, '150.00', 'k1', {
      stepUp: { challengeId: challenge.id, pin: '582913' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const { rows } = await s.db.pool.query('SELECT operation_id FROM step_up_challenges WHERE id = $1', [
      challenge.id,
    ]);
    expect(ok.json().id).toBe(rows[0].operation_id);

    // Used once: a second payment with it is refused and nothing moves.
    const again = await pay(a.token, b.phone, '150.00', 'k2', {
      stepUp: { challengeId: challenge.id, pin: '582913' },
    });
    expect(again.json().code).toBe('STEP_UP_EXPIRED');
    const w = (await s.app.inject({ url: `/v1/wallets/${a.walletId}`, headers: auth(a.token) })).json();
    expect(w.balances[0].available).toBe('850.00');
  });

  it("someone else's challenge and an expired one are refused", async () => {
    const a = await signup(s, '13300000021');
    const b = await signup(s, '13300000022');
    await fund(s, a.walletId, 500_00n);
    await fund(s, b.walletId, 500_00n);
    const ask = await pay(a.token, b.phone, '200.00', 'x1');
    const challengeId = ask.json().details.challenge.id;
    const stolen = await pay(b.token, a.phone, '200.00', 'x2', {
      stepUp: { challengeId, password: PASSWORD },
    });
    expect(stolen.json().code).toBe('STEP_UP_EXPIRED');
    offsetMs = 301_000;
    const late = await pay(a.token, b.phone, '200.00', 'x1', { stepUp: { challengeId, password: PASSWORD } });
    offsetMs = 0;
    expect(late.json().code).toBe('STEP_UP_EXPIRED');
  });

  it('a payment asked to be confirmed is confirmed under the same Idempotency-Key, then replayed', async () => {
    const a = await signup(s, '13300000025');
    const b = await signup(s, '13300000026');
    await fund(s, a.walletId, 500_00n);
    const ask = await pay(a.token, b.phone, '200.00', 'same-key');
    expect([ask.statusCode, ask.json().code]).toEqual([403, 'STEP_UP_REQUIRED']);
    const stepUp = { challengeId: ask.json().details.challenge.id, password: PASSWORD };
    const confirmed = await pay(a.token, b.phone, '200.00', 'same-key', { stepUp });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const again = await pay(a.token, b.phone, '200.00', 'same-key', { stepUp });
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.body).toBe(confirmed.body);
    const w = (await s.app.inject({ url: `/v1/wallets/${a.walletId}`, headers: auth(a.token) })).json();
    expect(w.balances[0].available).toBe('300.00');
  });

  it('five wrong PINs lock the PIN, notify the customer, and a new PIN unlocks it', async () => {
    const a = await signup(s, '13300000031');
    const b = await signup(s, '13300000032');
    await fund(s, a.walletId, 500_00n);
    await setPin(a.token, '582913');
    let last = '';
    for (let i = 0; i < 5; i++) {
      const ask = await pay(a.token, b.phone, '120.00', `lock-${i}`);
      const challengeId = ask.json().details.challenge.id;
      last = (
        await pay(a.token, b.phone, '120.00', `lock-${i}`, { stepUp: { challengeId, pin: '000001' } })
      ).json().code;
    }
    expect(last).toBe('PIN_LOCKED');
    const ask = await pay(a.token, b.phone, '120.00', 'lock-6');
    const challenge = ask.json().details.challenge;
    // A locked PIN cannot confirm; the right PIN is refused too.
    expect(challenge.methods).toEqual(['password']);
    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('pin_locked');
    expect((await setPin(a.token, '582914')).statusCode).toBe(200);
    const st = (await s.app.inject({ url: '/v1/me/security', headers: auth(a.token) })).json();
    expect(st).toEqual({ pinSet: true, pinLocked: false, totpEnrolled: false });
  });
});
