import { extractCode, TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer } from '../../../../test/helpers/server.ts';
import { totp } from '../modules/security/totp.ts';
import { createLogger, maskUrl } from './logger.ts';

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

describe('log redaction', () => {
  it('removes credentials, tokens and card numbers wherever they travel', () => {
    const lines: string[] = [];
    const log = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    log.info(
      {
        body: {
          password: 'hunter2hunter2',
          pan: '6222021000040001',
          pin: '135790',
          otp: '482913',
          token: 'ybs_secret',
        },
      },
      'x',
    );
    log.info(
      {
        req: {
          id: '1',
          method: 'GET',
          url: '/v1/cards/6222021000040001',
          headers: { authorization: 'Bearer ybs_abc' },
        },
      },
      'y',
    );
    const all = lines.join('\n');
    for (const secret of [
      'hunter2hunter2',
      '6222021000040001',
      '135790',
      '482913',
      'ybs_secret',
      'ybs_abc',
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('[redacted]');
  });

  it('masks card-number-like digit runs in URLs', () => {
    expect(maskUrl('/x/6222021000040001?y=1')).toBe('/x/************0001?y=1');
  });
});

describe('log redaction end to end (S6)', () => {
  it('no PAN, OTP, PIN, password, TOTP secret or session token reaches the logs of a whole customer journey', async () => {
    const logLines: string[] = [];
    const s = await startTestServer({
      background: false,
      logLines,
      sms: true,
      cardNetwork: { decisionDelayMs: 5 },
      env: { RISK_STEP_UP_ABOVE_MINOR: '10000' },
    });
    try {
      const password = 'log redaction passphrase';
      const pin = '479135';
      const pan = TEST_CARDS.approve;
      // One app on one phone: the sign-in below is on the (trusted) device the wallet was opened on.
      const device = { 'x-device-id': 'log-test-phone-0001' };
      const post = (url: string, payload: unknown, token?: string, method: 'POST' | 'PUT' = 'POST') =>
        s.app.inject({
          method,
          url,
          payload: payload as object,
          headers: { ...device, ...(token ? auth(token) : {}) },
        });
      const up = await post('/v1/auth/signup', { phone: '13712345001', password });
      expect(up.statusCode, up.body).toBe(201);
      const payee = await signup(s, '13712345002');
      const login = await post('/v1/auth/login', { phone: '13712345001', password });
      const token = login.json().token as string;
      const signupToken = up.json().session.token as string;
      expect((await post('/v1/me/pin', { pin, password }, token, 'PUT')).statusCode).toBe(200);
      // A malformed PIN and a PAN in a URL travel through validation errors and request logs.
      await post('/v1/me/pin', { pin: '12a456', password }, token, 'PUT');
      await s.app.inject({ url: `/v1/cards/${pan}`, headers: auth(token) });
      const card = await post('/v1/cards', { pan, expiry: TEST_CARD_EXPIRY, holderName: 'LOG TEST' }, token);
      expect(card.statusCode, card.body).toBe(201);
      const totpStart = await post('/v1/me/totp', { password }, token);
      const secretB32 = new URL(totpStart.json().otpauthUri).searchParams.get('secret')!;
      const secret = fromBase32(secretB32);
      const confirmCode = totp(secret, new Date());
      const confirmed = await post('/v1/me/totp/confirm', { code: confirmCode }, token);
      const recovery = confirmed.json().recoveryCodes as string[];
      await fund(s, up.json().customer.walletId, 5000_00n);

      const pay = (key: string, stepUp?: Record<string, unknown>) =>
        s.app.inject({
          method: 'POST',
          url: '/v1/transfers',
          headers: { ...auth(token), 'idempotency-key': key },
          payload: { to: { phone: payee.phone }, amount: { amount: '200.00', currency: 'CNY' }, stepUp },
        });
      // Step-up by SMS code, by a recovery code, and by PIN.
      const c1 = (await pay('k1')).json().details.challenge;
      await s.app.inject({ method: 'POST', url: `/v1/me/challenges/${c1.id}/sms`, headers: auth(token) });
      const sms = s.smsSim!.state.latest('+8613712345001');
      const otp = extractCode(sms!.text)!;
      expect((await pay('k1', { challengeId: c1.id, otp })).statusCode).toBe(201);
      const c2 = (await pay('k2')).json().details.challenge;
      expect((await pay('k2', { challengeId: c2.id, totp: recovery[0] })).statusCode).toBe(201);
      const c3 = (await pay('k3')).json().details.challenge;
      expect((await pay('k3', { challengeId: c3.id, pin })).statusCode).toBe(201);
      await post('/v1/auth/logout', {}, token);

      const all = logLines.join('\n');
      expect(logLines.length).toBeGreaterThan(20);
      expect(all).toContain('/v1/cards/************');
      for (const secretText of [pan, password, secretB32, token, signupToken, payee.token, ...recovery]) {
        expect(all, `log contains ${secretText.slice(0, 4)}…`).not.toContain(secretText);
      }
      // Six-digit codes as values of their own (not digits inside a timestamp or a duration).
      for (const code of [pin, otp, confirmCode])
        expect(all).not.toMatch(new RegExp(`(^|\\D)${code}(\\D|$)`));
    } finally {
      await s.stop();
    }
  });
});
