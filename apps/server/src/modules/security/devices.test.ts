import { createHash, randomUUID } from 'node:crypto';
import { extractCode } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type HttpResult, type Json } from '../../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { SoftAuthenticator } from '../../../../../test/helpers/webauthn.ts';

/**
 * Devices (S4, S8): the sign-up device is trusted; a sign-in from any other device is untrusted —
 * it reads, but every payment needs step-up (reason new_device) until the device is trusted with an
 * SMS code or a passkey (never the PIN or the password). Devices are listed and revoked; a session
 * idle longer than PAYMENT_IDLE_SECONDS can no longer move money (401 REAUTH_REQUIRED).
 */
const PASSWORD = 'correct horse battery';
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false, sms: true });
});
afterAll(async () => {
  await s.stop();
});

/** A random id as an app keeps it (never stored raw: see the last test). */
const newDeviceId = () => `app-${randomUUID()}`;
const deviceIdsUsed: string[] = [];
const dev = (id: string | null, name?: string): Record<string, string> => {
  if (id) deviceIdsUsed.push(id);
  return { ...(id ? { 'x-device-id': id } : {}), ...(name ? { 'x-device-name': name } : {}) };
};

type Customer = { token: string; walletId: string; customerId: string; phone: string; deviceId: string };

async function signupOn(phone: string, deviceName = 'iPhone 15'): Promise<Customer> {
  const deviceId = newDeviceId();
  const r = await call(s, 'POST', '/v1/auth/signup', {
    body: { phone, password: PASSWORD },
    headers: dev(deviceId, deviceName),
  });
  expect(r.status, r.text).toBe(201);
  return {
    token: r.json.session.token,
    walletId: r.json.customer.walletId,
    customerId: r.json.customer.id,
    phone,
    deviceId,
  };
}

async function loginOn(phone: string, headers: Record<string, string>): Promise<string> {
  const r = await call(s, 'POST', '/v1/auth/login', { body: { phone, password: PASSWORD }, headers });
  expect(r.status, r.text).toBe(200);
  return r.json.token as string;
}

const pay = (token: string, to: string, amount: string, key?: string, stepUp?: Record<string, unknown>) =>
  call(s, 'POST', '/v1/transfers', {
    token,
    ...(key ? { idempotencyKey: key } : {}),
    body: { to: { phone: to }, amount: { amount, currency: 'CNY' }, ...(stepUp ? { stepUp } : {}) },
  });
const devicesOf = async (token: string) =>
  (await call(s, 'GET', '/v1/me/devices', { token })).json.items as Json[];
const current = async (token: string) => (await devicesOf(token)).find((d: Json) => d.current);
const auditOf = async (event: string, customerId: string) =>
  (
    await s.db.pool.query(
      'SELECT subject, data FROM audit_log WHERE event = $1 AND actor = $2 ORDER BY seq',
      [event, `customer:${customerId}`],
    )
  ).rows;
const notificationsOf = async (token: string, kind: string) => {
  await s.outbox.runOnce();
  const items = (await call(s, 'GET', '/v1/notifications', { token })).json.items as Json[];
  return items.filter((n) => n.kind === kind);
};
const trustChallenge = (token: string) =>
  call(s, 'POST', '/v1/me/devices/current/trust/challenge', { token, body: {} });
const trust = (token: string, stepUp: Record<string, unknown>) =>
  call(s, 'POST', '/v1/me/devices/current/trust', { token, body: { stepUp } });
async function smsCode(token: string, phone: string, challengeId: string) {
  const sent = await call(s, 'POST', `/v1/me/challenges/${challengeId}/sms`, { token });
  expect(sent.status, sent.text).toBe(202);
  const m = s.smsSim!.state.latest(`+86${phone}`);
  return { code: extractCode(m!.text)!, text: m!.text };
}
const expectCode = (r: HttpResult, status: number, code: string) =>
  expect([r.status, r.json?.code], r.text).toEqual([status, code]);

describe('devices on sign-up and sign-in', () => {
  it('the sign-up device is trusted: small payments need no step-up', async () => {
    const a = await signupOn('13300000001');
    const b = await signupOn('13300000002');
    await fund(s, a.walletId, 100_00n);
    expect((await pay(a.token, b.phone, '5.00')).status).toBe(201);
    const list = await devicesOf(a.token);
    expect(list).toEqual([
      {
        id: expect.any(String),
        name: 'iPhone 15',
        current: true,
        trusted: true,
        firstSeenAt: expect.any(String),
        lastSeenAt: expect.any(String),
      },
    ]);
    // Signing in again on the same device: the same, still trusted device, and no new-device alarm.
    const again = await loginOn(a.phone, dev(a.deviceId));
    expect(await devicesOf(again)).toHaveLength(1);
    expect((await pay(again, b.phone, '5.00')).status).toBe(201);
    expect(await auditOf('device.new_signed_in', a.customerId)).toEqual([]);
  });

  it('a new device is recorded untrusted, notified and audited; every payment from it needs step-up (new_device)', async () => {
    const a = await signupOn('13300000011');
    const b = await signupOn('13300000012');
    await fund(s, a.walletId, 100_00n);
    const ipad = await loginOn(a.phone, dev(newDeviceId(), encodeURIComponent('小明的 iPad')));
    const mine = await current(ipad);
    expect(mine).toMatchObject({ name: '小明的 iPad', trusted: false, current: true });
    expect(await devicesOf(ipad)).toHaveLength(2);

    const alerts = await notificationsOf(a.token, 'new_device');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].title).toContain('A new device signed in');
    const audited = await auditOf('device.new_signed_in', a.customerId);
    expect(audited).toEqual([
      { subject: `device:${mine.id}`, data: expect.objectContaining({ method: 'password', knownId: true }) },
    ]);

    // It reads…
    expect((await call(s, 'GET', `/v1/wallets/${a.walletId}`, { token: ipad })).status).toBe(200);
    // …but even ¥0.01 needs a confirmation, and not with the password.
    const small = await pay(ipad, b.phone, '0.01');
    expectCode(small, 403, 'STEP_UP_REQUIRED');
    expect(small.json.details.reasons).toEqual(['new_device']);
    expect(small.json.details.challenge.methods).toEqual(['sms']);
    const { code } = await smsCode(ipad, a.phone, small.json.details.challenge.id);
    const confirmed = await pay(ipad, b.phone, '0.01', 'ipad-1', {
      challengeId: small.json.details.challenge.id,
      otp: code,
    });
    expect(confirmed.status, confirmed.text).toBe(201);
    // Confirming a payment does not trust the device: the next one asks again.
    expect((await current(ipad)).trusted).toBe(false);
    expectCode(await pay(ipad, b.phone, '0.01'), 403, 'STEP_UP_REQUIRED');
  });

  it('a sign-in without X-Device-Id is a new, untrusted device every time; a malformed id is refused', async () => {
    const a = await signupOn('13300000021');
    const first = await loginOn(a.phone, {});
    const second = await loginOn(a.phone, {});
    const list = await devicesOf(second);
    expect(list).toHaveLength(3);
    expect(list.filter((d: Json) => !d.trusted)).toHaveLength(2);
    expect((await current(first)).id).not.toBe((await current(second)).id);
    for (const bad of ['short', 'x'.repeat(129), 'has spaces in it ok?', 'tab\there-and-more-chars']) {
      const r = await call(s, 'POST', '/v1/auth/login', {
        body: { phone: a.phone, password: PASSWORD },
        headers: { 'x-device-id': bad },
      });
      expectCode(r, 400, 'INVALID_DEVICE_ID');
    }
    expect(await devicesOf(a.token)).toHaveLength(3);
  });
});

describe('trusting a device', () => {
  it('takes an SMS code (never the PIN or the password); then payments flow', async () => {
    const a = await signupOn('13300000031');
    const b = await signupOn('13300000032');
    await fund(s, a.walletId, 100_00n);
    expect(
      (await call(s, 'PUT', '/v1/me/pin', { token: a.token, body: { pin: '582913', password: PASSWORD } }))
        .status,
    ).toBe(200);
    const laptop = await loginOn(a.phone, dev(newDeviceId(), 'Laptop'));

    // Someone with the password on a new device cannot add or change a factor there either.
    expectCode(
      await call(s, 'PUT', '/v1/me/pin', { token: laptop, body: { pin: '736104', password: PASSWORD } }),
      403,
      'DEVICE_NOT_TRUSTED',
    );
    expectCode(
      await call(s, 'POST', '/v1/me/passkeys/registration/options', {
        token: laptop,
        body: { password: PASSWORD },
      }),
      403,
      'DEVICE_NOT_TRUSTED',
    );
    expectCode(
      await call(s, 'POST', '/v1/me/totp', { token: laptop, body: { password: PASSWORD } }),
      403,
      'DEVICE_NOT_TRUSTED',
    );

    const ch = await trustChallenge(laptop);
    expect(ch.status, ch.text).toBe(200);
    expect(ch.json.methods).toEqual(['sms']);
    expect(ch.json.summary).toContain('Laptop');
    // The PIN and the password are not accepted, however right they are.
    expectCode(await trust(laptop, { challengeId: ch.json.id, pin: '582913' }), 403, 'STEP_UP_FAILED');
    expectCode(await trust(laptop, { challengeId: ch.json.id, password: PASSWORD }), 403, 'STEP_UP_FAILED');
    expect((await current(laptop)).trusted).toBe(false);
    // A payment's challenge does not trust a device (another purpose).
    const payCh = (await pay(laptop, b.phone, '1.00')).json.details.challenge;
    const { code: payCode } = await smsCode(laptop, a.phone, payCh.id);
    expectCode(await trust(laptop, { challengeId: payCh.id, otp: payCode }), 403, 'STEP_UP_MISMATCH');

    const { code, text } = await smsCode(laptop, a.phone, ch.json.id);
    // The text does not carry the device's own (attacker-chosen) name.
    expect(text).not.toContain('Laptop');
    expect(text).toContain('trusting a device');
    const ok = await trust(laptop, { challengeId: ch.json.id, otp: code });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toEqual({ status: 'trusted' });
    expect((await current(laptop)).trusted).toBe(true);
    expect(await auditOf('device.trusted', a.customerId)).toHaveLength(1);
    expect(await notificationsOf(a.token, 'device_trusted')).toHaveLength(1);
    // The same session now pays without step-up, and the challenge is spent.
    expect((await pay(laptop, b.phone, '1.00')).status).toBe(201);
    expectCode(await trustChallenge(laptop), 409, 'DEVICE_ALREADY_TRUSTED');
    // A challenge is bound to its device: the tablet's code does not trust the TV.
    const tablet = await loginOn(a.phone, dev(newDeviceId(), 'Tablet'));
    const tv = await loginOn(a.phone, dev(newDeviceId(), 'TV'));
    const tabletCh = (await trustChallenge(tablet)).json;
    const { code: tabletCode } = await smsCode(tablet, a.phone, tabletCh.id);
    expectCode(await trust(tv, { challengeId: tabletCh.id, otp: tabletCode }), 403, 'STEP_UP_MISMATCH');
    expect((await current(tv)).trusted).toBe(false);
    expect((await trust(tablet, { challengeId: tabletCh.id, otp: tabletCode })).status).toBe(200);
  });

  it('takes a passkey (registered on a trusted device)', async () => {
    const a = await signupOn('13300000041');
    const authenticator = new SoftAuthenticator(s.config.webauthn.origins[0]!, s.config.webauthn.rpId);
    const options = await call(s, 'POST', '/v1/me/passkeys/registration/options', {
      token: a.token,
      body: { password: PASSWORD },
    });
    const added = await call(s, 'POST', '/v1/me/passkeys/registration', {
      token: a.token,
      body: authenticator.create(options.json),
    });
    expect(added.status, added.text).toBe(201);

    const phone2 = await loginOn(a.phone, dev(newDeviceId(), 'Second phone'));
    const ch = await trustChallenge(phone2);
    expect(ch.json.methods).toEqual(['passkey', 'sms']);
    // The authenticator signs over the challenge derived from the binding: purpose, 0, CNY, the device.
    const device = await current(phone2);
    const derived = createHash('sha256')
      .update(`${ch.json.id}|trust_device|0|CNY|${device.id}|${device.id}`)
      .digest('base64url');
    expect(ch.json.webauthn.challenge).toBe(derived);
    const ok = await trust(phone2, { challengeId: ch.json.id, passkey: authenticator.get(ch.json.webauthn) });
    expect(ok.status, ok.text).toBe(200);
    expect((await current(phone2)).trusted).toBe(true);
  });
});

describe('revoking a device', () => {
  it("signs its sessions out and ends its trust; someone else's id is a 404 like a missing one", async () => {
    const a = await signupOn('13300000051');
    const other = await signupOn('13300000052');
    const oldPhoneId = newDeviceId();
    const oldPhone = await loginOn(a.phone, dev(oldPhoneId, 'Old phone'));
    const oldPhone2 = await loginOn(a.phone, dev(oldPhoneId));
    const challengeId = (await trustChallenge(oldPhone)).json.id as string;
    const { code } = await smsCode(oldPhone, a.phone, challengeId);
    expect((await trust(oldPhone, { challengeId, otp: code })).status).toBe(200);
    const target = (await current(oldPhone)).id as string;

    // Another customer: the same answer as for an id that does not exist.
    const foreign = await call(s, 'DELETE', `/v1/me/devices/${target}`, { token: other.token });
    const missing = await call(s, 'DELETE', `/v1/me/devices/${randomUUID()}`, { token: other.token });
    expect(foreign.status).toBe(404);
    expect([foreign.status, foreign.text]).toEqual([missing.status, missing.text]);
    expect((await call(s, 'GET', '/v1/me', { token: oldPhone })).status).toBe(200);
    // Not the current device (that is logout).
    const self = await call(s, 'DELETE', `/v1/me/devices/${(await current(a.token)).id}`, { token: a.token });
    expectCode(self, 409, 'CURRENT_DEVICE');

    const r = await call(s, 'DELETE', `/v1/me/devices/${target}`, { token: a.token });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({ status: 'revoked', revokedSessions: 2 });
    for (const t of [oldPhone, oldPhone2])
      expectCode(await call(s, 'GET', '/v1/me', { token: t }), 401, 'UNAUTHENTICATED');
    expect((await devicesOf(a.token)).map((d: Json) => d.id)).not.toContain(target);
    expectCode(
      await call(s, 'DELETE', `/v1/me/devices/${target}`, { token: a.token }),
      404,
      'DEVICE_NOT_FOUND',
    );
    expect(await auditOf('device.revoked', a.customerId)).toEqual([
      { subject: `device:${target}`, data: { revokedSessions: 2 } },
    ]);

    // Back again, it is a new device: untrusted, announced again.
    const back = await loginOn(a.phone, dev(oldPhoneId));
    expect(await current(back)).toMatchObject({ id: target, trusted: false });
    expect(await auditOf('device.new_signed_in', a.customerId)).toHaveLength(2);
  });
});

describe('payment scope: inactivity', () => {
  const idle = (token: string, seconds: number) =>
    s.db.pool.query(
      `UPDATE sessions SET last_seen_at = now() - make_interval(secs => $2) WHERE token_hash = $1`,
      [createHash('sha256').update(token).digest(), seconds],
    );

  it('after 6 idle minutes a payment is 401 REAUTH_REQUIRED (key not consumed), reading still works', async () => {
    const a = await signupOn('13300000061');
    const b = await signupOn('13300000062');
    await fund(s, a.walletId, 100_00n);
    // Four idle minutes are within the window.
    await idle(a.token, 240);
    expect((await pay(a.token, b.phone, '1.00', 'k-4min')).status).toBe(201);

    await idle(a.token, 360);
    const refused = await pay(a.token, b.phone, '1.00', 'k-6min');
    expectCode(refused, 401, 'REAUTH_REQUIRED');
    const keys = await s.db.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', ['k-6min']);
    expect(keys.rowCount).toBe(0);
    expect((await call(s, 'GET', '/v1/me', { token: a.token })).status).toBe(200);
    // Reading does not revive it: the session's payment scope ended for good.
    expectCode(await pay(a.token, b.phone, '1.00', 'k-6min'), 401, 'REAUTH_REQUIRED');
    expectCode(await trustChallenge(a.token), 401, 'REAUTH_REQUIRED');
    expectCode(
      await call(s, 'POST', '/v1/withdrawals', {
        token: a.token,
        body: { cardId: randomUUID(), amount: { amount: '1.00', currency: 'CNY' } },
      }),
      401,
      'REAUTH_REQUIRED',
    );
    const balance = async (token: string) =>
      (await call(s, 'GET', `/v1/wallets/${a.walletId}`, { token })).json;
    const before = await balance(a.token);
    // Signing in again on the same (trusted) device: the same key now pays, once.
    const fresh = await loginOn(a.phone, dev(a.deviceId));
    const paid = await pay(fresh, b.phone, '1.00', 'k-6min');
    expect(paid.status, paid.text).toBe(201);
    expect(await balance(fresh)).not.toEqual(before);
  });

  it('activity is recorded at most every 10 s, so the idle time is known to within 10 s', async () => {
    const a = await signupOn('13300000071');
    const seen = async () =>
      (
        await s.db.pool.query(
          'SELECT extract(epoch FROM now() - last_seen_at)::float8 AS idle FROM sessions WHERE customer_id = $1',
          [a.customerId],
        )
      ).rows[0].idle as number;
    await idle(a.token, 5);
    await call(s, 'GET', '/v1/me', { token: a.token });
    expect(await seen()).toBeGreaterThanOrEqual(5);
    await idle(a.token, 11);
    await call(s, 'GET', '/v1/me', { token: a.token });
    expect(await seen()).toBeLessThan(2);
  });
});

describe('device ids at rest', () => {
  it('are stored only as SHA-256: no raw id anywhere in the database', async () => {
    expect(deviceIdsUsed.length).toBeGreaterThan(5);
    const { rows: tables } = await s.db.pool.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    const parts: string[] = [];
    for (const { tablename } of tables) {
      const { rows } = await s.db.pool.query(`SELECT row_to_json(t)::text AS j FROM ${tablename} t`);
      parts.push(...rows.map((r) => r.j as string));
    }
    const all = parts.join('\n');
    for (const id of deviceIdsUsed) {
      expect(all).not.toContain(id);
      expect(all).not.toContain(Buffer.from(id).toString('hex'));
    }
    const hashes = (
      await s.db.pool.query('SELECT device_hash FROM devices WHERE device_hash IS NOT NULL')
    ).rows.map((r) => Buffer.from(r.device_hash).toString('hex'));
    expect(hashes).toContain(createHash('sha256').update(deviceIdsUsed[0]!).digest('hex'));
  });
});
