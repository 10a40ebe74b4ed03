import { extractCode } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  expectClientError,
  type HttpResult,
  parallel,
  phoneSource,
  tally,
} from '../../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { AAD, phoneIndex } from '../../platform/encrypted-fields.ts';
import { rotateDataKey } from '../../platform/key-rotation.ts';
import { masterKeyFrom } from '../../platform/keyring.ts';

/** Phone verification before sign-up (issue 3, item 4): no answer tells whether a number is registered. */
let s: TestServer;
let offsetMs = 0;
const logLines: string[] = [];
const phone = phoneSource('1586');
const PASSWORD = 'correct horse battery';
/** Every phone and code this file uses: none may show up in the logs. */
const phones = new Set<string>();
const codes = new Set<string>();

beforeAll(async () => {
  s = await startTestServer({
    background: false,
    sms: true,
    logLines,
    env: { SIGNUP_VERIFY_PHONE: 'true' },
    clock: () => new Date(Date.now() + offsetMs),
  });
});
afterAll(async () => {
  await s?.stop();
});

const newPhone = () => {
  const p = phone();
  phones.add(p);
  return p;
};
const verifyPhone = (p: string) => call(s, 'POST', '/v1/auth/signup/verify-phone', { body: { phone: p } });
const signupWith = (p: string, verificationId: string, code: string, password = PASSWORD) =>
  call(s, 'POST', '/v1/auth/signup', { body: { phone: p, password, verificationId, code } });
const texts = (p: string) => s.smsSim!.state.list({ to: `+86${p}` });
/** The code of the newest text to this number (null when that text has none). */
const latestCode = (p: string) => {
  const m = s.smsSim!.state.latest(`+86${p}`);
  const code = m ? extractCode(m.text) : null;
  if (code) codes.add(code);
  return code;
};
const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');
const row = async (id: string) =>
  (await s.db.pool.query('SELECT * FROM signup_verifications WHERE id = $1', [id])).rows[0];
/** Moves the server's clock; every test leaves it where it found it. */
async function at<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  offsetMs = ms;
  try {
    return await fn();
  } finally {
    offsetMs = 0;
  }
}

async function signupVerified(p = newPhone()) {
  const v = await verifyPhone(p);
  expect(v.status, v.text).toBe(202);
  const r = await signupWith(p, v.json.verificationId, latestCode(p)!);
  expect(r.status, r.text).toBe(201);
  return { phone: p, customerId: r.json.customer.id as string, verificationId: v.json.verificationId };
}

function expectStarted(r: HttpResult) {
  expect(r.status, r.text).toBe(202);
  expect(Object.keys(r.json).sort()).toEqual(['expiresAt', 'resendAfterSeconds', 'verificationId']);
  expect(r.json.verificationId).toMatch(/^[0-9a-f-]{36}$/);
  expect(Number.isNaN(Date.parse(r.json.expiresAt))).toBe(false);
  expect(Number.isInteger(r.json.resendAfterSeconds)).toBe(true);
}

describe('sign-up with a texted code', () => {
  it('texts a code; the right code opens the wallet once; the code is stored only as an HMAC', async () => {
    const p = newPhone();
    const v = await verifyPhone(p);
    expectStarted(v);
    expect(v.json.resendAfterSeconds).toBe(60);
    const ttl = Date.parse(v.json.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    const sms = s.smsSim!.state.latest(`+86${p}`)!;
    expect(sms.text).toMatch(/^【银包】注册验证码 \d{6}/);
    const code = latestCode(p)!;

    const stored = await row(v.json.verificationId);
    expect(stored.code_hash).toHaveLength(32);
    expect(stored.sends).toBe(1);
    expect(stored.phone_index).toEqual(phoneIndex(s.keyring, `+86${p}`));
    expect(s.keyring.decrypt(stored.phone_ciphertext, AAD.signupPhone(stored.id), stored.phone_key_id)).toBe(
      `+86${p}`,
    );
    const dump = JSON.stringify(stored) + Buffer.from(stored.phone_ciphertext).toString('latin1');
    expect(dump).not.toContain(p);
    expect(dump).not.toContain(code);

    const ok = await signupWith(p, v.json.verificationId, code);
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.customer.phone).toBe(`${p.slice(0, 3)}****${p.slice(-4)}`);
    expect((await call(s, 'GET', '/v1/me', { token: ok.json.session.token })).status).toBe(200);
    expect((await row(v.json.verificationId)).consumed_at).toBeInstanceOf(Date);

    // The code works once: the same request again is refused and creates nothing.
    const before = await countRows(s, ['customers', 'wallets', 'sessions']);
    const again = await signupWith(p, v.json.verificationId, code, 'another good password');
    expectClientError(again, 'code reuse', 'VERIFICATION_FAILED');
    expect(again.status).toBe(400);
    expect(await countRows(s, ['customers', 'wallets', 'sessions'])).toEqual(before);
  });

  it('refuses a sign-up without a verification, and bad numbers as before', async () => {
    const r = await call(s, 'POST', '/v1/auth/signup', { body: { phone: newPhone(), password: PASSWORD } });
    expectClientError(r, 'no verification', 'VERIFICATION_REQUIRED');
    expect(r.status).toBe(400);
    for (const bad of ['12345678901', '1380013800', '+1 415 555 0100', 'abcdefghijk']) {
      const v = await verifyPhone(bad);
      expectClientError(v, bad, 'INVALID_PHONE');
      expect(v.status).toBe(400);
    }
    const extra = await call(s, 'POST', '/v1/auth/signup/verify-phone', { body: { phone: phone(), x: 1 } });
    expectClientError(extra, 'extra field', 'VALIDATION_ERROR');
  });

  it('a registered number gets the same answer and a text without a code; its sign-up fails exactly like a wrong code', async () => {
    const taken = await signupVerified();
    const fresh = newPhone();
    const before = texts(taken.phone).length;

    // A minute on: past the resend wait of the text that signed `taken` up.
    const vTaken = await at(61_000, () => verifyPhone(taken.phone));
    const vFresh = await at(61_000, () => verifyPhone(fresh));
    expectStarted(vTaken);
    expectStarted(vFresh);
    expect(vTaken.json.resendAfterSeconds).toBe(vFresh.json.resendAfterSeconds);
    expect(vTaken.headers.get('content-type')).toBe(vFresh.headers.get('content-type'));
    // Same bytes apart from the id and the expiry instant.
    const shape = (r: HttpResult) =>
      r.text.replace(r.json.verificationId, '<id>').replace(r.json.expiresAt, '<expiresAt>');
    expect(shape(vTaken)).toBe(shape(vFresh));

    // The owner of the registered number is told, without a code.
    expect(texts(taken.phone)).toHaveLength(before + 1);
    const notice = s.smsSim!.state.latest(`+86${taken.phone}`)!.text;
    expect(notice).toContain('已开通银包钱包');
    expect(notice).toContain('sign in');
    expect(extractCode(notice)).toBeNull();
    expect((await row(vTaken.json.verificationId)).code_hash).toBeNull();
    const freshCode = latestCode(fresh)!;

    const customersBefore = await countRows(s, ['customers', 'wallets', 'sessions']);
    const takenAnswer = await signupWith(taken.phone, vTaken.json.verificationId, '123456');
    const wrongAnswer = await signupWith(fresh, vFresh.json.verificationId, otherCode(freshCode));
    expectClientError(takenAnswer, 'registered number', 'VERIFICATION_FAILED');
    expect(takenAnswer.status).toBe(400);
    expect(takenAnswer.status).toBe(wrongAnswer.status);
    expect(takenAnswer.text).toBe(wrongAnswer.text);
    expect(await countRows(s, ['customers', 'wallets', 'sessions'])).toEqual(customersBefore);
    // Both used one attempt: no difference in the stored state either.
    expect((await row(vTaken.json.verificationId)).attempts).toBe(1);
    expect((await row(vFresh.json.verificationId)).attempts).toBe(1);
    // The fresh number's right code still works.
    expect((await signupWith(fresh, vFresh.json.verificationId, freshCode)).status).toBe(201);
  });

  it("another number's verification does not sign up this number", async () => {
    const a = newPhone();
    const b = newPhone();
    const va = await verifyPhone(a);
    const codeA = latestCode(a)!;
    const r = await signupWith(b, va.json.verificationId, codeA);
    expectClientError(r, 'other phone', 'VERIFICATION_FAILED');
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM customers WHERE phone_index = $1',
      [phoneIndex(s.keyring, `+86${b}`)],
    );
    expect(rows[0].n).toBe(0);
    // The verification is a's, and still good for a.
    expect((await signupWith(a, va.json.verificationId, codeA)).status).toBe(201);
  });

  it('five wrong codes kill the verification; a new one can be asked for after the resend wait', async () => {
    const p = newPhone();
    const v = await verifyPhone(p);
    const code = latestCode(p)!;
    for (let i = 0; i < 5; i++) {
      expectClientError(
        await signupWith(p, v.json.verificationId, otherCode(code)),
        `wrong ${i}`,
        'VERIFICATION_FAILED',
      );
    }
    expect((await row(v.json.verificationId)).attempts).toBe(5);
    const dead = await signupWith(p, v.json.verificationId, code);
    expectClientError(dead, 'right code after five wrong', 'VERIFICATION_FAILED');
    expect((await row(v.json.verificationId)).attempts).toBe(5);

    const next = await at(61_000, () => verifyPhone(p));
    expectStarted(next);
    expect(next.json.verificationId).not.toBe(v.json.verificationId);
    const code2 = latestCode(p)!;
    expect(texts(p)).toHaveLength(2);
    expect((await at(62_000, () => signupWith(p, next.json.verificationId, code2))).status).toBe(201);
  });

  it('a verification expires after ten minutes', async () => {
    const p = newPhone();
    const v = await verifyPhone(p);
    const code = latestCode(p)!;
    const late = await at(601_000, () => signupWith(p, v.json.verificationId, code));
    expectClientError(late, 'expired', 'VERIFICATION_FAILED');
    // A request after expiry starts a new verification with a new code.
    const fresh = await at(602_000, () => verifyPhone(p));
    expect(fresh.json.verificationId).not.toBe(v.json.verificationId);
    const code2 = latestCode(p)!;
    expect((await at(603_000, () => signupWith(p, fresh.json.verificationId, code2))).status).toBe(201);
  });

  it('ten simultaneous sign-ups with one verification: exactly one customer', async () => {
    const p = newPhone();
    const v = await verifyPhone(p);
    const code = latestCode(p)!;
    const results = await parallel(10, (i) =>
      signupWith(p, v.json.verificationId, code, `password number ${i}`),
    );
    expect(tally(results)).toEqual({ '201': 1, '400 VERIFICATION_FAILED': 9 });
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n, count(DISTINCT w.id)::int AS wallets FROM customers c JOIN wallets w ON w.customer_id = c.id WHERE c.phone_index = $1',
      [phoneIndex(s.keyring, `+86${p}`)],
    );
    expect(rows[0]).toEqual({ n: 1, wallets: 1 });
  });

  it('a number taken after its code was texted: VERIFICATION_FAILED, never PHONE_TAKEN (constraint backstop)', async () => {
    const taken = await signupVerified();
    const other = newPhone();
    const v = await verifyPhone(other);
    const code = latestCode(other)!;
    // As if the number had been registered between the text and this sign-up.
    await s.db.pool.query('UPDATE signup_verifications SET phone_index = $2 WHERE id = $1', [
      v.json.verificationId,
      phoneIndex(s.keyring, `+86${taken.phone}`),
    ]);
    const before = await countRows(s, ['customers', 'wallets', 'sessions']);
    const r = await signupWith(taken.phone, v.json.verificationId, code);
    expectClientError(r, 'backstop', 'VERIFICATION_FAILED');
    expect(await countRows(s, ['customers', 'wallets', 'sessions'])).toEqual(before);
    const stored = await row(v.json.verificationId);
    expect(stored.attempts).toBe(1);
    expect(stored.consumed_at).toBeNull();
  });
});

describe('texts per number are throttled, silently', () => {
  it('one text a minute, three an hour; throttled requests get the same answer and the latest code counts', async () => {
    // An hour on, so that the text that signed the registered number up is out of the window.
    const T = 3_700_000;
    for (const p of [newPhone(), (await signupVerified()).phone]) {
      const base = texts(p).length;
      const first = await at(T, () => verifyPhone(p));
      expectStarted(first);
      const soon = await at(T + 10_000, () => verifyPhone(p));
      expectStarted(soon);
      expect(soon.json.verificationId).toBe(first.json.verificationId);
      expect(soon.json.resendAfterSeconds).toBe(50);
      expect(texts(p)).toHaveLength(base + 1);
      const firstCode = latestCode(p);

      const second = await at(T + 61_000, () => verifyPhone(p));
      expect(second.json).toEqual({ ...first.json, resendAfterSeconds: 60 });
      expect(texts(p)).toHaveLength(base + 2);
      await at(T + 122_000, () => verifyPhone(p));
      expect(texts(p)).toHaveLength(base + 3);
      const capped = await at(T + 183_000, () => verifyPhone(p));
      expectStarted(capped);
      expect(texts(p)).toHaveLength(base + 3);
      expect(capped.json.resendAfterSeconds).toBeGreaterThan(3000);
      expect((await row(first.json.verificationId)).sends).toBe(3);

      if (firstCode) {
        // A resend replaces the code: the first one no longer works, the latest does.
        const latest = latestCode(p)!;
        if (latest !== firstCode) {
          const old = await at(T + 184_000, () => signupWith(p, first.json.verificationId, firstCode));
          expectClientError(old, 'replaced code', 'VERIFICATION_FAILED');
        }
        expect((await at(T + 185_000, () => signupWith(p, first.json.verificationId, latest))).status).toBe(
          201,
        );
      }
    }
  });

  it('a gateway failure is 503 for any number and does not count as a text', async () => {
    for (const p of [newPhone(), (await signupVerified()).phone]) {
      const e164 = `+86${p}`;
      s.smsSim!.state.failTo.add(e164);
      try {
        const r = await at(3_600_000, () => verifyPhone(p));
        expect(r.status, r.text).toBe(503);
        expect(r.json.code).toBe('SMS_UNAVAILABLE');
      } finally {
        s.smsSim!.state.failTo.delete(e164);
      }
      const retry = await at(3_601_000, () => verifyPhone(p));
      expectStarted(retry);
      expect(retry.json.resendAfterSeconds).toBe(60);
    }
  });
});

describe('no enumeration by timing (smoke check)', () => {
  /**
   * A smoke check, not a proof: medians over 30 alternating calls on a shared CI machine can only
   * catch a gross difference (a branch that skips the text, or adds argon2). Both branches do the
   * same queries and send one text; only the text differs.
   */
  it('registered and new numbers answer in about the same time', { timeout: 120_000 }, async () => {
    const registered: string[] = [];
    for (let i = 0; i < 30; i++) registered.push((await signupVerified()).phone);
    const fresh = Array.from({ length: 30 }, () => newPhone());
    // Warm-up (connections, JIT), on numbers not measured.
    for (let i = 0; i < 3; i++) await verifyPhone(newPhone());
    const times = { registered: [] as number[], fresh: [] as number[] };
    for (let i = 0; i < 30; i++) {
      for (const [kind, p] of [
        ['registered', registered[i]!],
        ['fresh', fresh[i]!],
      ] as const) {
        // Past the per-number resend wait of the sign-ups above, so both kinds really text.
        const t0 = performance.now();
        const r = await at(120_000, () => verifyPhone(p));
        times[kind].push(performance.now() - t0);
        expect(r.status).toBe(202);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [mr, mf] = [median(times.registered), median(times.fresh)];
    console.log(`verify-phone median: registered ${mr.toFixed(1)} ms, new ${mf.toFixed(1)} ms`);
    expect(Math.abs(mr - mf)).toBeLessThan(50);
    // Every one of them was texted (a skipped send would be the cheapest branch).
    for (const p of [...registered, ...fresh]) expect(texts(p).length).toBeGreaterThanOrEqual(1);
    for (const p of registered) expect(extractCode(s.smsSim!.state.latest(`+86${p}`)!.text)).toBeNull();
  });
});

describe('data protection', () => {
  it('a data-key rotation re-encrypts verifications too', async () => {
    const p = newPhone();
    const v = await verifyPhone(p);
    const code = latestCode(p)!;
    const before = (await row(v.json.verificationId)).phone_key_id;
    const r = await rotateDataKey(
      s.db.pool,
      s.keyring,
      masterKeyFrom(Buffer.alloc(32, 7).toString('base64')),
    );
    expect(r.complete).toBe(true);
    const after = await row(v.json.verificationId);
    expect(after.phone_key_id).toBe(r.keyId);
    expect(after.phone_key_id).not.toBe(before);
    expect(s.keyring.decrypt(after.phone_ciphertext, AAD.signupPhone(after.id), after.phone_key_id)).toBe(
      `+86${p}`,
    );
    expect((await signupWith(p, v.json.verificationId, code)).status).toBe(201);
  });

  it('no phone number or code reaches the logs', () => {
    expect(logLines.length).toBeGreaterThan(50);
    const all = logLines.join('\n');
    expect(all).toContain('/v1/auth/signup/verify-phone');
    for (const p of phones) expect(all, p).not.toContain(p);
    for (const c of codes) expect(all, c).not.toContain(`"${c}"`);
  });
});
