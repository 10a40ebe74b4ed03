import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { base32Decode, totp } from './totp.ts';

const fromBase32 = (text: string) => base32Decode(text)!;

let s: TestServer;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
beforeAll(async () => {
  s = await startTestServer({ background: false, env: { RISK_STEP_UP_ABOVE_MINOR: '10000' }, clock: now });
});
afterAll(async () => {
  await s.stop();
});

const post = (token: string, url: string, payload: Record<string, unknown>, key?: string) =>
  s.app.inject({
    method: 'POST',
    url,
    headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });

describe('authenticator app (TOTP) as a confirmation', () => {
  it('enrols with the password and a first code, then confirms payments; codes and recovery codes work once', async () => {
    const a = await signup(s, '13400000101');
    const b = await signup(s, '13400000102');
    await fund(s, a.walletId, 2000_00n);
    expect((await post(a.token, '/v1/me/totp', { password: 'wrong one here' })).json().code).toBe(
      'INVALID_CREDENTIALS',
    );
    const started = (await post(a.token, '/v1/me/totp', { password: 'correct horse battery' })).json();
    const secret = fromBase32(new URL(started.otpauthUri).searchParams.get('secret')!);
    // The QR code is an SVG image of the same URI (scanned by the app; decoded in the web app's tests).
    expect(started.qrSvg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"[\s\S]*<path[\s\S]*<\/svg>\s*$/);
    const { rows } = await s.db.pool.query(
      'SELECT secret_ciphertext FROM customer_totp WHERE customer_id = $1',
      [a.customerId],
    );
    expect(Buffer.from(rows[0].secret_ciphertext).includes(secret)).toBe(false);
    expect(
      (
        await post(a.token, '/v1/me/totp/confirm', {
          code: '000000' === totp(secret, now()) ? '111111' : '000000',
        })
      ).json().code,
    ).toBe('TOTP_CODE_WRONG');
    const confirmed = (await post(a.token, '/v1/me/totp/confirm', { code: totp(secret, now()) })).json();
    expect(confirmed.recoveryCodes).toHaveLength(10);

    const pay = (amount: string, key: string, extra: Record<string, unknown> = {}) =>
      post(
        a.token,
        '/v1/transfers',
        { to: { phone: b.phone }, amount: { amount, currency: 'CNY' }, ...extra },
        key,
      );
    const ask = (await pay('300.00', 't1')).json().details.challenge;
    expect(ask.methods).toEqual(['totp']);
    // The code used to confirm enrolment is spent: the same 30-second step cannot confirm again.
    const reused = await pay('300.00', 't1', { stepUp: { challengeId: ask.id, totp: totp(secret, now()) } });
    expect(reused.json().code).toBe('STEP_UP_FAILED');
    offsetMs += 30_000;
    const ok = await pay('300.00', 't1', { stepUp: { challengeId: ask.id, totp: totp(secret, now()) } });
    expect(ok.statusCode, ok.body).toBe(201);

    const ask2 = (await pay('400.00', 't2')).json().details.challenge;
    const viaRecovery = await pay('400.00', 't2', {
      stepUp: { challengeId: ask2.id, totp: confirmed.recoveryCodes[0] },
    });
    expect(viaRecovery.statusCode, viaRecovery.body).toBe(201);
    const ask3 = (await pay('500.00', 't3')).json().details.challenge;
    const again = await pay('500.00', 't3', {
      stepUp: { challengeId: ask3.id, totp: confirmed.recoveryCodes[0] },
    });
    expect(again.json().code).toBe('STEP_UP_FAILED');
    const st = (await s.app.inject({ url: '/v1/me/security', headers: auth(a.token) })).json();
    expect(st.totpEnrolled).toBe(true);
  });

  it('five wrong authenticator codes in a row, across confirmations, block the factor until it is enrolled again', async () => {
    const a = await signup(s, '13400000201');
    const b = await signup(s, '13400000202');
    await fund(s, a.walletId, 2000_00n);
    const enrol = async () => {
      const started = (await post(a.token, '/v1/me/totp', { password: 'correct horse battery' })).json();
      const secret = fromBase32(new URL(started.otpauthUri).searchParams.get('secret')!);
      offsetMs += 30_000;
      expect((await post(a.token, '/v1/me/totp/confirm', { code: totp(secret, now()) })).statusCode).toBe(
        200,
      );
      return secret;
    };
    const secret = await enrol();
    const pay = (key: string, extra: Record<string, unknown> = {}) =>
      post(
        a.token,
        '/v1/transfers',
        { to: { phone: b.phone }, amount: { amount: '300.00', currency: 'CNY' }, ...extra },
        key,
      );
    const wrong = () => (totp(secret, now()) === '000000' ? '111111' : '000000');
    const c1 = (await pay('lock-1')).json().details.challenge;
    expect(c1.methods).toContain('totp');
    for (let i = 0; i < 3; i++) {
      const r = await pay('lock-1', { stepUp: { challengeId: c1.id, totp: wrong() } });
      expect(r.json().code).toBe('STEP_UP_FAILED');
    }
    // A fresh challenge does not give fresh guesses: the count is the factor's.
    const c2 = (await pay('lock-2')).json().details.challenge;
    const fourth = await pay('lock-2', { stepUp: { challengeId: c2.id, totp: wrong() } });
    expect(fourth.json().details.attemptsLeft).toBe(1);
    const fifth = await pay('lock-2', { stepUp: { challengeId: c2.id, totp: wrong() } });
    expect(fifth.json().code).toBe('OTP_LOCKED');
    // Even the right code is refused now, and the factor is no longer offered.
    offsetMs += 30_000;
    const c3 = (await pay('lock-3')).json().details.challenge;
    expect(c3.methods).not.toContain('totp');
    const c2again = await pay('lock-2', { stepUp: { challengeId: c2.id, totp: totp(secret, now()) } });
    expect(c2again.json().code).toBe('OTP_LOCKED');
    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('otp_locked');
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'security.otp_locked' AND subject = $1`,
      [`customer:${a.customerId}`],
    );
    expect(rows[0].n).toBe(1);
    // Enrolling the authenticator again lifts the block.
    const fresh = await enrol();
    const c4 = (await pay('lock-4')).json().details.challenge;
    expect(c4.methods).toContain('totp');
    offsetMs += 30_000;
    const ok = await pay('lock-4', { stepUp: { challengeId: c4.id, totp: totp(fresh, now()) } });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
