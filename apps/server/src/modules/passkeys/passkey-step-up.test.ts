import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../../../../../test/helpers/api.ts';
import { fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { SoftAuthenticator } from '../../../../../test/helpers/webauthn.ts';

/**
 * A passkey as the confirmation of payments (S3 + S5): the WebAuthn challenge is derived from the
 * challenge row (amount, currency, payee, transfer id), so the authenticator signs what is paid.
 */
const PASSWORD = 'correct horse battery';
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false, env: { RISK_STEP_UP_ABOVE_MINOR: '10000' } });
});
afterAll(async () => {
  await s.stop();
});

type User = Awaited<ReturnType<typeof signup>>;
const post = (path: string, body: unknown, token?: string, key?: string) =>
  call(s, 'POST', path, { body, ...(token ? { token } : {}), ...(key ? { idempotencyKey: key } : {}) });

async function withPasskey(phoneNo: string) {
  const user = await signup(s, phoneNo);
  const device = new SoftAuthenticator(s.config.webauthn.origins[0]!, s.config.webauthn.rpId);
  const options = await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, user.token);
  const r = await post('/v1/me/passkeys/registration', device.create(options.json), user.token);
  expect(r.status, r.text).toBe(201);
  return { ...user, device, passkeyId: r.json.id as string };
}

const pay = (from: User, to: User, amount: string, stepUp?: Record<string, unknown>, key?: string) =>
  post(
    '/v1/transfers',
    { to: { phone: to.phone }, amount: { amount, currency: 'CNY' }, ...(stepUp ? { stepUp } : {}) },
    from.token,
    key,
  );

/** Starts a payment that needs confirmation and returns its challenge (with the WebAuthn options). */
async function challengeFor(from: User, to: User, amount: string) {
  const r = await pay(from, to, amount);
  expect(r.status, r.text).toBe(403);
  expect(r.json.code).toBe('STEP_UP_REQUIRED');
  return r.json.details.challenge as { id: string; methods: string[]; webauthn?: Json };
}

const passkeyRow = async (id: string) =>
  (await s.db.pool.query('SELECT sign_count, last_used_at FROM passkeys WHERE id = $1', [id])).rows[0];

describe('passkey confirmation with dynamic linking', () => {
  it('signs over amount, currency, payee and transfer id; a changed payment or a replay is refused', async () => {
    const a = await withPasskey('13600000301');
    const b = await signup(s, '13600000302');
    const c = await signup(s, '13600000303');
    await fund(s, a.walletId, 5000_00n);

    const ch = await challengeFor(a, b, '300.00');
    expect(ch.methods[0]).toBe('passkey');
    expect(ch.methods).not.toContain('password');
    // The WebAuthn challenge is SHA-256 of the stored row's binding: recompute it from the database.
    const { rows } = await s.db.pool.query(
      'SELECT purpose, amount, currency, payee, operation_id FROM step_up_challenges WHERE id = $1',
      [ch.id],
    );
    const row = rows[0];
    expect(row.payee).toBe(b.walletId);
    const derived = createHash('sha256')
      .update(`${ch.id}|p2p|30000|CNY|${b.walletId}|${row.operation_id}`)
      .digest('base64url');
    expect(ch.webauthn.challenge).toBe(derived);
    expect(ch.webauthn.userVerification).toBe('required');
    expect(ch.webauthn.allowCredentials.map((x: Json) => x.id)).toEqual(a.device.credentialIds);

    const assertion = a.device.get(ch.webauthn);
    // The same confirmation with one fen more, or to another payee: refused before the factor is checked.
    const more = await pay(a, b, '300.01', { challengeId: ch.id, passkey: assertion });
    expect(more.json.code).toBe('STEP_UP_MISMATCH');
    const elsewhere = await pay(a, c, '300.00', { challengeId: ch.id, passkey: assertion });
    expect(elsewhere.json.code).toBe('STEP_UP_MISMATCH');

    const ok = await pay(a, b, '300.00', { challengeId: ch.id, passkey: assertion }, 'pay-1');
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.id).toBe(row.operation_id);
    const used = await passkeyRow(a.passkeyId);
    expect(Number(used.sign_count)).toBe(1);
    expect(used.last_used_at).not.toBeNull();
    const { rows: ups } = await s.db.pool.query(
      `SELECT data FROM audit_log WHERE event = 'step_up.succeeded' AND subject = $1`,
      [`challenge:${ch.id}`],
    );
    expect(ups[0].data.method).toBe('passkey');

    // Replaying the used assertion: the challenge is spent.
    const replay = await pay(a, b, '300.00', { challengeId: ch.id, passkey: assertion }, 'pay-replay');
    expect(replay.json.code).toBe('STEP_UP_EXPIRED');
    // …and on a fresh challenge of the same payment it signs the wrong challenge.
    const ch2 = await challengeFor(a, b, '300.00');
    const onFresh = await pay(a, b, '300.00', { challengeId: ch2.id, passkey: assertion });
    expect(onFresh.json.code).toBe('STEP_UP_FAILED');

    // An assertion over another challenge (the ¥500 payment's) does not confirm the ¥400 one…
    const for400 = await challengeFor(a, b, '400.00');
    const for500 = await challengeFor(a, b, '500.00');
    const signed500 = a.device.get(for500.webauthn);
    const crossed = await pay(a, b, '400.00', { challengeId: for400.id, passkey: signed500 });
    expect(crossed.json.code).toBe('STEP_UP_FAILED');
    expect(crossed.json.details.attemptsLeft).toBeLessThan(5);
    // …but confirms its own.
    const own = await pay(a, b, '500.00', { challengeId: for500.id, passkey: signed500 });
    expect(own.status, own.text).toBe(201);
  });

  it('refuses another origin or rpId, no user verification, a foreign passkey, and a counter that does not grow', async () => {
    const a = await withPasskey('13600000311');
    const b = await withPasskey('13600000312');
    await fund(s, a.walletId, 5000_00n);
    const ch = await challengeFor(a, b, '200.00');
    const tries: Array<[string, Json]> = [
      ['origin', a.device.get(ch.webauthn, { origin: 'https://yinbao.example.evil' })],
      ['rpId', a.device.get(ch.webauthn, { rpId: 'yinbao.example.evil' })],
      ['no user verification', a.device.get(ch.webauthn, { flags: 0x01 })],
      ['type', a.device.get(ch.webauthn, { type: 'webauthn.create' })],
    ];
    for (const [label, assertion] of tries) {
      const r = await pay(a, b, '200.00', { challengeId: ch.id, passkey: assertion });
      expect(r.json.code, label).toBe('STEP_UP_FAILED');
    }
    // A good confirmation resets the failure count (four above would otherwise add up to a lock).
    const good = await pay(a, b, '200.00', { challengeId: ch.id, passkey: a.device.get(ch.webauthn) });
    expect(good.status, good.text).toBe(201);
    // B's own passkey signing A's challenge: not one of A's credentials.
    const ch2 = await challengeFor(a, b, '200.00');
    const foreign = await pay(a, b, '200.00', {
      challengeId: ch2.id,
      passkey: b.device.get(ch2.webauthn, { credentialId: b.device.credentialIds[0]! }),
    });
    expect(foreign.json.code).toBe('STEP_UP_FAILED');

    // A cloned authenticator (its counter does not grow) is refused.
    const counter = Number((await passkeyRow(a.passkeyId)).sign_count);
    expect(counter).toBeGreaterThan(0);
    const ch3 = await challengeFor(a, b, '200.00');
    const cloned = await pay(a, b, '200.00', {
      challengeId: ch3.id,
      passkey: a.device.get(ch3.webauthn, { counter }),
    });
    expect(cloned.json.code).toBe('STEP_UP_FAILED');
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'security.passkey_counter_regressed' AND subject = $1`,
      [`passkey:${a.passkeyId}`],
    );
    expect(rows[0].n).toBe(1);
    expect(Number((await passkeyRow(a.passkeyId)).sign_count)).toBe(counter);
  });

  it('five failed assertions in a row lock the passkey factor and notify; a new passkey lifts it', async () => {
    const a = await withPasskey('13600000321');
    const b = await signup(s, '13600000322');
    await fund(s, a.walletId, 5000_00n);
    // Failures count across sign-ins and confirmations.
    const signInOptions = (await post('/v1/auth/passkey/options', { phone: a.phone })).json;
    const badSignIn = await post('/v1/auth/passkey', a.device.get(signInOptions, { wrongKey: true }));
    expect(badSignIn.status).toBe(401);
    const ch = await challengeFor(a, b, '150.00');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await pay(a, b, '150.00', {
        challengeId: ch.id,
        passkey: a.device.get(ch.webauthn, { wrongKey: true }),
      });
      codes.push(r.json.code);
    }
    expect(codes).toEqual(['STEP_UP_FAILED', 'STEP_UP_FAILED', 'STEP_UP_FAILED', 'PASSKEY_LOCKED']);
    const { rows } = await s.db.pool.query(
      'SELECT failed_attempts, locked_at FROM passkey_guard WHERE customer_id = $1',
      [a.customerId],
    );
    expect(rows[0].failed_attempts).toBe(5);
    expect(rows[0].locked_at).not.toBeNull();
    await s.outbox.runOnce();
    const inbox = (await call(s, 'GET', '/v1/notifications', { token: a.token })).json.items;
    expect(inbox.map((n: Json) => n.kind)).toContain('passkey_locked');

    // Locked: not offered, a valid assertion no longer signs in nor confirms.
    const next = await challengeFor(a, b, '150.00');
    expect(next.methods).toEqual(['password']);
    expect(next.webauthn).toBeUndefined();
    const valid = a.device.get(ch.webauthn);
    expect((await pay(a, b, '150.00', { challengeId: ch.id, passkey: valid })).json.code).toBe(
      'PASSKEY_LOCKED',
    );
    const opts = (await post('/v1/auth/passkey/options', { phone: a.phone })).json;
    expect((await post('/v1/auth/passkey', a.device.get(opts))).json.code).toBe('PASSKEY_REJECTED');

    // A new passkey, added with the login password, lifts the lock.
    const options = await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, a.token);
    expect((await post('/v1/me/passkeys/registration', a.device.create(options.json), a.token)).status).toBe(
      201,
    );
    const again = await challengeFor(a, b, '150.00');
    expect(again.methods[0]).toBe('passkey');
    expect(again.webauthn.allowCredentials).toHaveLength(2);
    const ok = await pay(a, b, '150.00', { challengeId: again.id, passkey: a.device.get(again.webauthn) });
    expect(ok.status, ok.text).toBe(201);
  });

  it('a removed passkey is no longer offered; lifting a freeze works with a passkey too', async () => {
    const a = await withPasskey('13600000331');
    const b = await signup(s, '13600000332');
    await fund(s, a.walletId, 5000_00n);
    expect((await post('/v1/me/freeze', { reason: 'suspicious' }, a.token)).status).toBe(200);
    const unfreeze = await post('/v1/me/unfreeze/challenge', {}, a.token);
    expect(unfreeze.status, unfreeze.text).toBe(200);
    expect(unfreeze.json.methods).toEqual(['passkey']);
    const lifted = await post(
      '/v1/me/unfreeze',
      { stepUp: { challengeId: unfreeze.json.id, passkey: a.device.get(unfreeze.json.webauthn) } },
      a.token,
    );
    expect(lifted.status, lifted.text).toBe(200);

    const before = await challengeFor(a, b, '120.00');
    expect(before.methods).toContain('passkey');
    expect((await call(s, 'DELETE', `/v1/me/passkeys/${a.passkeyId}`, { token: a.token })).status).toBe(200);
    const after = await challengeFor(a, b, '120.00');
    expect(after.methods).toEqual(['password']);
    expect(after.webauthn).toBeUndefined();
    // An assertion made before removal no longer confirms the challenge that offered the passkey.
    const late = await pay(a, b, '120.00', {
      challengeId: before.id,
      passkey: a.device.get(before.webauthn),
    });
    expect(late.json.code).toBe('STEP_UP_FAILED');
  });
});
