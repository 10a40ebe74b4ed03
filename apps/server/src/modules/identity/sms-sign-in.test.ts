import { randomUUID } from 'node:crypto';
import { extractCode } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type HttpResult, parallel, phoneSource } from '../../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

/**
 * Sign-in with a texted code (issue 4): the same answers for registered and unknown numbers, codes
 * single-use and bound to their purpose, the login throttle, and a session opened this way that can
 * neither trust its device nor confirm payments with texted codes (a SIM swap alone must not pay).
 */
const PASSWORD = 'correct horse battery';
const phone = phoneSource('1597');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false, sms: true });
});
afterAll(async () => {
  await s?.stop();
});

const device = () => ({ 'x-device-id': `app-${randomUUID()}` });
async function signupOn(p: string) {
  const headers = device();
  const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password: PASSWORD }, headers });
  expect(r.status, r.text).toBe(201);
  return {
    phone: p,
    walletId: r.json.customer.walletId as string,
    token: r.json.session.token as string,
    headers,
  };
}
const sendCode = (p: string) => call(s, 'POST', '/v1/auth/login/sms/send', { body: { phone: p } });
const signIn = (
  p: string,
  verificationId: string,
  code: string,
  headers: Record<string, string> = device(),
) => call(s, 'POST', '/v1/auth/login/sms', { body: { phone: p, verificationId, code }, headers });
const latest = (p: string) => s.smsSim!.state.latest(`+86${p}`);
const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');
const expectCode = (r: HttpResult, status: number, code: string) =>
  expect([r.status, r.json?.code], r.text).toEqual([status, code]);

describe('sign-in with a texted code', () => {
  it('a registered number gets a code that signs in once; the session is a new, untrusted device', async () => {
    const c = await signupOn(phone());
    const started = await sendCode(c.phone);
    expect(started.status, started.text).toBe(202);
    const text = latest(c.phone)!.text;
    expect(text).toContain('登录验证码');
    const code = extractCode(text)!;
    expect(code).toMatch(/^\d{6}$/);
    const r = await signIn(c.phone, started.json.verificationId, code);
    expect(r.status, r.text).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['customerId', 'expiresAt', 'token']);
    const me = await call(s, 'GET', '/v1/me', { token: r.json.token });
    expect(me.json.walletId).toBe(c.walletId);
    // Used: the same code again is refused.
    expectCode(await signIn(c.phone, started.json.verificationId, code), 401, 'INVALID_CREDENTIALS');
    const devices = (await call(s, 'GET', '/v1/me/devices', { token: r.json.token })).json.items;
    expect(devices.find((d: { current: boolean }) => d.current)).toMatchObject({ trusted: false });
    const audit = await s.db.pool.query(
      `SELECT data FROM audit_log WHERE event = 'auth.login_succeeded' AND actor = $1 ORDER BY seq DESC LIMIT 1`,
      [`customer:${r.json.customerId}`],
    );
    expect(audit.rows[0].data).toEqual({ method: 'sms' });
  });

  it('an unknown number gets the same answer and a text without a code; nothing it sends signs in', async () => {
    const known = await signupOn(phone());
    const unknown = phone();
    const a = await sendCode(known.phone);
    const b = await sendCode(unknown);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(Object.keys(b.json).sort()).toEqual(Object.keys(a.json).sort());
    expect(b.json.resendAfterSeconds).toBe(a.json.resendAfterSeconds);
    const text = latest(unknown)!.text;
    expect(extractCode(text)).toBeNull();
    expect(text).toContain('尚未开通');
    const wrong = await signIn(unknown, b.json.verificationId, '123456');
    const wrongKnown = await signIn(
      known.phone,
      a.json.verificationId,
      otherCode(extractCode(latest(known.phone)!.text)!),
    );
    expectCode(wrong, 401, 'INVALID_CREDENTIALS');
    // Byte-identical answers for the unknown number and the wrong code.
    expect(wrong.text).toBe(wrongKnown.text);
  });

  it('codes are bound to their purpose and number: a sign-up code never signs in, a sign-in code never signs up, nor for another number', async () => {
    const c = await signupOn(phone());
    const other = await signupOn(phone());
    // A sign-up verification of a new number (texted a sign-up code) cannot sign in anyone.
    const fresh = phone();
    const v = await call(s, 'POST', '/v1/auth/signup/verify-phone', { body: { phone: fresh } });
    expect(v.status).toBe(202);
    const signupCode = extractCode(latest(fresh)!.text)!;
    expectCode(await signIn(fresh, v.json.verificationId, signupCode), 401, 'INVALID_CREDENTIALS');
    // A sign-in code does not open a wallet (sign-up checks the purpose too).
    const started = await sendCode(c.phone);
    const code = extractCode(latest(c.phone)!.text)!;
    const up = await call(s, 'POST', '/v1/auth/signup', {
      body: { phone: c.phone, password: PASSWORD, verificationId: started.json.verificationId, code },
    });
    expect(up.status).not.toBe(201);
    // …nor signs in another number.
    expectCode(await signIn(other.phone, started.json.verificationId, code), 401, 'INVALID_CREDENTIALS');
    // It still works for its own number and purpose.
    expect((await signIn(c.phone, started.json.verificationId, code)).status).toBe(200);
  });

  it('five wrong codes end the verification (and block the number like five wrong passwords)', async () => {
    const c = await signupOn(phone());
    const started = await sendCode(c.phone);
    const code = extractCode(latest(c.phone)!.text)!;
    for (let i = 0; i < 5; i++) {
      expectCode(
        await signIn(c.phone, started.json.verificationId, otherCode(code)),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    // The login throttle blocks the number now; once it lifts, the verification is still spent.
    expectCode(await signIn(c.phone, started.json.verificationId, code), 429, 'TOO_MANY_ATTEMPTS');
    await s.db.pool.query('DELETE FROM auth_throttle');
    expectCode(await signIn(c.phone, started.json.verificationId, code), 401, 'INVALID_CREDENTIALS');
    const row = await s.db.pool.query('SELECT attempts FROM signup_verifications WHERE id = $1', [
      started.json.verificationId,
    ]);
    expect(row.rows[0].attempts).toBeGreaterThanOrEqual(5);
  });

  it('the same code sent 20 times at once signs in exactly once', async () => {
    const c = await signupOn(phone());
    const started = await sendCode(c.phone);
    const code = extractCode(latest(c.phone)!.text)!;
    const rs = await parallel(20, () => signIn(c.phone, started.json.verificationId, code));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    // The others: the spent code, then the number's throttle.
    expect(rs.filter((r) => r.status === 401 || r.status === 429)).toHaveLength(19);
  });

  it('a session signed in by text alone: payments are confirmed without texted codes, and the device is trusted only with a passkey', async () => {
    const c = await signupOn(phone());
    await fund(s, c.walletId, 10_000n);
    const payee = await signupOn(phone());
    // A PIN set on the trusted sign-up device.
    const pin = await call(s, 'PUT', '/v1/me/pin', {
      token: c.token,
      body: { pin: '480213', password: PASSWORD },
    });
    expect(pin.status, pin.text).toBeLessThan(300);
    const started = await sendCode(c.phone);
    const r = await signIn(c.phone, started.json.verificationId, extractCode(latest(c.phone)!.text)!);
    const token = r.json.token as string;
    const pay = await call(s, 'POST', '/v1/transfers', {
      token,
      body: { to: { phone: payee.phone }, amount: { amount: '1.00', currency: 'CNY' } },
    });
    expectCode(pay, 403, 'STEP_UP_REQUIRED');
    expect(pay.json.details.reasons).toContain('new_device');
    expect(pay.json.details.challenge.methods).toEqual(['pin']);
    // Asking for a texted code for it is refused: the challenge never offered one.
    const sms = await call(s, 'POST', `/v1/me/challenges/${pay.json.details.challenge.id}/sms`, { token });
    expect(sms.status).toBeGreaterThanOrEqual(400);
    // Trusting the device: texted codes are out, and without a passkey there is nothing strong enough.
    expectCode(
      await call(s, 'POST', '/v1/me/devices/current/trust/challenge', { token, body: {} }),
      409,
      'NO_STRONG_FACTOR',
    );
    // The same customer signed in with the password on a new device may still use a texted code.
    const pw = await call(s, 'POST', '/v1/auth/login', {
      body: { phone: c.phone, password: PASSWORD },
      headers: device(),
    });
    const trust = await call(s, 'POST', '/v1/me/devices/current/trust/challenge', {
      token: pw.json.token,
      body: {},
    });
    expect(trust.status, trust.text).toBe(200);
    expect(trust.json.methods).toEqual(['sms']);
  });

  it('shares the password sign-in throttle: a blocked number is refused with TOO_MANY_ATTEMPTS before any check', async () => {
    const c = await signupOn(phone());
    for (let i = 0; i < 5; i++) {
      const bad = await call(s, 'POST', '/v1/auth/login', {
        body: { phone: c.phone, password: 'wrong password!' },
      });
      expect(bad.status).toBe(401);
    }
    const started = await sendCode(c.phone);
    const code = extractCode(latest(c.phone)!.text)!;
    expectCode(await signIn(c.phone, started.json.verificationId, code), 429, 'TOO_MANY_ATTEMPTS');
  });
});
