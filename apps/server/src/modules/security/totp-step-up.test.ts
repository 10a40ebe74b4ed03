import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { totp } from './totp.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function fromBase32(s: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s) {
    value = (value << 5) | B32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

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
});
