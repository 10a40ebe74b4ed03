import { extractCode } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';

let s: TestServer;
let offsetMs = 0;
beforeAll(async () => {
  s = await startTestServer({
    background: false,
    sms: true,
    env: { RISK_STEP_UP_ABOVE_MINOR: '10000' },
    clock: () => new Date(Date.now() + offsetMs),
  });
});
afterAll(async () => {
  await s.stop();
});

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
const sendCode = (token: string, challengeId: string) =>
  s.app.inject({ method: 'POST', url: `/v1/me/challenges/${challengeId}/sms`, headers: auth(token) });
const lastCode = (phone: string) => {
  const m = s.smsSim!.state.latest(`+86${phone}`);
  return { code: m ? extractCode(m.text) : null, text: m?.text ?? '' };
};

describe('SMS one-time codes as a confirmation (S2 + S5)', () => {
  it('texts a code naming amount and payee; the code confirms that payment once, and nothing else', async () => {
    const a = await signup(s, '13400000001');
    const b = await signup(s, '13400000002');
    await fund(s, a.walletId, 1000_00n);
    const ask = await pay(a.token, b.phone, '150.00', 'p1');
    const challenge = ask.json().details.challenge;
    expect(challenge.methods).toEqual(['sms', 'password']);
    const sent = await sendCode(a.token, challenge.id);
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json().sentTo).toBe('134****0001');
    const { code, text } = lastCode(a.phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(text).toContain('¥150.00');
    // Not stored in clear, not logged.
    const { rows } = await s.db.pool.query('SELECT otp_hash FROM step_up_challenges WHERE id = $1', [
      challenge.id,
    ]);
    expect(Buffer.from(rows[0].otp_hash).toString('hex')).not.toContain(code);
    // Resend is throttled.
    expect((await sendCode(a.token, challenge.id)).json().code).toBe('TOO_MANY_CODES');
    // Someone else cannot have it texted or use it.
    expect((await sendCode(b.token, challenge.id)).json().code).toBe('CHALLENGE_NOT_FOUND');
    const wrong = await pay(a.token, b.phone, '150.00', 'p1', {
      stepUp: { challengeId: challenge.id, otp: '000000' === code ? '111111' : '000000' },
    });
    expect(wrong.json().code).toBe('STEP_UP_FAILED');
    const changed = await pay(a.token, b.phone, '150.01', 'p1x', {
      stepUp: { challengeId: challenge.id, otp: code },
    });
    expect(changed.json().code).toBe('STEP_UP_MISMATCH');
    const ok = await pay(a.token, b.phone, '150.00', 'p1', {
      stepUp: { challengeId: challenge.id, otp: code },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const replayed = await pay(a.token, b.phone, '150.00', 'p2', {
      stepUp: { challengeId: challenge.id, otp: code },
    });
    expect(replayed.json().code).toBe('STEP_UP_EXPIRED');

    // A code for one confirmation does not confirm another (e.g. lifting a freeze).
    await s.app.inject({
      method: 'POST',
      url: '/v1/me/freeze',
      headers: auth(a.token),
      payload: { reason: 'other' },
    });
    const uf = (
      await s.app.inject({
        method: 'POST',
        url: '/v1/me/unfreeze/challenge',
        headers: auth(a.token),
        payload: {},
      })
    ).json();
    const other = await s.app.inject({
      method: 'POST',
      url: '/v1/me/unfreeze',
      headers: auth(a.token),
      payload: { stepUp: { challengeId: uf.id, otp: code } },
    });
    expect(other.json().code).toBe('STEP_UP_FAILED');
  });

  it('a code dies with its challenge after five minutes', async () => {
    const a = await signup(s, '13400000011');
    const b = await signup(s, '13400000012');
    await fund(s, a.walletId, 1000_00n);
    const challenge = (await pay(a.token, b.phone, '200.00', 'q1')).json().details.challenge;
    await sendCode(a.token, challenge.id);
    const { code } = lastCode(a.phone);
    offsetMs = 301_000;
    const late = await pay(a.token, b.phone, '200.00', 'q1', {
      stepUp: { challengeId: challenge.id, otp: code },
    });
    offsetMs = 0;
    expect(late.json().code).toBe('STEP_UP_EXPIRED');
  });
});
