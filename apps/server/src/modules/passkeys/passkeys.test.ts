import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../../../../../test/helpers/api.ts';
import { signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { SoftAuthenticator } from '../../../../../test/helpers/webauthn.ts';

const PASSWORD = 'correct horse battery';
let s: TestServer;
let device: () => SoftAuthenticator;
beforeAll(async () => {
  s = await startTestServer({ background: false });
  device = () => new SoftAuthenticator(s.config.webauthn.origins[0]!, s.config.webauthn.rpId);
});
afterAll(async () => {
  await s.stop();
});

const post = (path: string, body: unknown, token?: string) =>
  call(s, 'POST', path, { body, ...(token ? { token } : {}) });

/** Adds a passkey on `authenticator` for the customer holding `token`. */
async function addPasskey(token: string, authenticator: SoftAuthenticator, name = 'My phone') {
  const options = await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, token);
  expect(options.status, options.text).toBe(200);
  const r = await post(
    '/v1/me/passkeys/registration',
    { ...authenticator.create(options.json), name },
    token,
  );
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; name: string };
}

const auditEvents = async (event: string, subject: string) =>
  (
    await s.db.pool.query('SELECT data FROM audit_log WHERE event = $1 AND subject = $2 ORDER BY seq', [
      event,
      subject,
    ])
  ).rows.map((r) => r.data);

const inbox = async (token: string) => {
  await s.outbox.runOnce();
  return (await call(s, 'GET', '/v1/notifications', { token })).json.items.map((n: Json) => n.kind);
};

describe('passkey registration', () => {
  it('needs the login password, verifies the attestation for real and stores only the public key', async () => {
    const a = await signup(s, '13500000201');
    const phone = device();
    const wrong = await post(
      '/v1/me/passkeys/registration/options',
      { password: 'not my password' },
      a.token,
    );
    expect(wrong.status).toBe(403);
    expect(wrong.json.code).toBe('INVALID_CREDENTIALS');
    const { rows: none } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM webauthn_ceremonies WHERE customer_id = $1',
      [a.customerId],
    );
    expect(none[0].n).toBe(0);

    const options = (await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, a.token))
      .json;
    expect(options.rp.id).toBe(s.config.webauthn.rpId);
    expect(options.authenticatorSelection.userVerification).toBe('required');
    expect(options.user.name).not.toContain('13500000201');
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Answers for another site or origin are refused, and each answer uses up its options.
    const fromPhishingSite = phone.create(options, { origin: 'https://yinbao.example.evil' });
    expect((await post('/v1/me/passkeys/registration', fromPhishingSite, a.token)).json.code).toBe(
      'PASSKEY_INVALID',
    );
    expect((await post('/v1/me/passkeys/registration', phone.create(options), a.token)).json.code).toBe(
      'PASSKEY_REQUEST_EXPIRED',
    );
    const again = (await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, a.token)).json;
    const otherRp = phone.create(again, { rpId: 'evil.example' });
    expect((await post('/v1/me/passkeys/registration', otherRp, a.token)).json.code).toBe('PASSKEY_INVALID');
    const third = (await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, a.token)).json;
    const noUv = phone.create(third, { flags: 0x41 });
    expect((await post('/v1/me/passkeys/registration', noUv, a.token)).json.code).toBe('PASSKEY_INVALID');

    // Someone else's options cannot be used to register on this account.
    const b = await signup(s, '13500000202');
    const bOptions = (await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, b.token))
      .json;
    expect((await post('/v1/me/passkeys/registration', phone.create(bOptions), a.token)).json.code).toBe(
      'PASSKEY_REQUEST_EXPIRED',
    );

    const added = await addPasskey(a.token, phone, 'Pixel 9');
    expect(added.name).toBe('Pixel 9');
    const { rows } = await s.db.pool.query(
      'SELECT credential_id, public_key, sign_count, aaguid, transports FROM passkeys WHERE customer_id = $1',
      [a.customerId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].credential_id).toBe(phone.credentialIds.at(-1));
    expect(Buffer.from(rows[0].public_key)[0]).toBe(0xa5); // a COSE key: a CBOR map of five entries
    expect(Number(rows[0].sign_count)).toBe(0);
    expect(rows[0].aaguid).toBe('5e4f7a11-0000-0000-0000-000000000001');
    expect(rows[0].transports).toEqual(['internal', 'hybrid']);
    expect(await auditEvents('security.passkey_added', `passkey:${added.id}`)).toHaveLength(1);
    expect(await inbox(a.token)).toContain('passkey_added');

    // The same authenticator credential cannot be registered twice.
    const dup = (await post('/v1/me/passkeys/registration/options', { password: PASSWORD }, a.token)).json;
    expect(dup.excludeCredentials.map((c: Json) => c.id)).toEqual([rows[0].credential_id]);

    const list = await call(s, 'GET', '/v1/me/passkeys', { token: a.token });
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([
      { id: added.id, name: 'Pixel 9', createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(list.text).not.toContain(Buffer.from(rows[0].public_key).toString('base64url').slice(0, 20));
    expect((await call(s, 'GET', '/v1/me/passkeys', { token: b.token })).json.items).toEqual([]);
  });
});

describe('passwordless sign-in with a passkey', () => {
  it('signs in like the password does; options do not reveal whether a phone is registered', async () => {
    const a = await signup(s, '13500000211');
    const b = await signup(s, '13500000212');
    const phone = device();
    const added = await addPasskey(a.token, phone);

    const shape = (j: Json) =>
      Object.fromEntries(
        Object.entries(j).map(([k, v]) => [k, Array.isArray(v) ? `array:${v.length}` : typeof v]),
      );
    const known = await post('/v1/auth/passkey/options', { phone: a.phone });
    const unknown = await post('/v1/auth/passkey/options', { phone: '13500000299' });
    const nophone = await post('/v1/auth/passkey/options', {});
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(shape(known.json)).toEqual(shape(unknown.json));
    expect(shape(known.json)).toEqual(shape(nophone.json));
    expect(known.json.allowCredentials).toEqual([]);
    expect(known.text.length).toBe(unknown.text.length);
    expect(known.json.challenge).not.toBe(unknown.json.challenge);

    const assertion = phone.get(known.json);
    const signedIn = await post('/v1/auth/passkey', assertion);
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.json.customerId).toBe(a.customerId);
    const me = await call(s, 'GET', '/v1/me', { token: signedIn.json.token });
    expect(me.status).toBe(200);
    expect(me.json.id).toBe(a.customerId);
    const logins = await auditEvents('auth.login_succeeded', `customer:${a.customerId}`);
    expect(logins.at(-1)).toEqual({ method: 'passkey' });
    const listed = (await call(s, 'GET', '/v1/me/passkeys', { token: a.token })).json.items;
    expect(listed[0].lastUsedAt).toEqual(expect.any(String));

    // Replaying the answer: its options are used up.
    const replay = await post('/v1/auth/passkey', assertion);
    expect(replay.status).toBe(401);
    expect(replay.json.code).toBe('PASSKEY_REJECTED');

    // Every failure has the same answer: options for B's phone answered by A's passkey, another
    // origin, another rpId, a bad signature, a forged credential id, an unknown challenge.
    const fresh = async (p?: string) => (await post('/v1/auth/passkey/options', p ? { phone: p } : {})).json;
    const bad = [
      phone.get(await fresh(b.phone)),
      phone.get(await fresh(), { origin: 'https://phish.example' }),
      phone.get(await fresh(), { rpId: 'phish.example' }),
      phone.get(await fresh(), { wrongKey: true }),
      { ...phone.get(await fresh()), id: 'AAAAAAAAAAAAAAAAAAAAAAAA', rawId: 'AAAAAAAAAAAAAAAAAAAAAAAA' },
      phone.get({ challenge: Buffer.alloc(32, 1).toString('base64url') }),
    ];
    const answers = new Set<string>();
    for (const x of bad) {
      const r = await post('/v1/auth/passkey', x);
      expect(r.status, r.text).toBe(401);
      answers.add(r.text);
    }
    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0]!).code).toBe('PASSKEY_REJECTED');

    // A removed passkey no longer signs in.
    expect((await call(s, 'DELETE', `/v1/me/passkeys/${added.id}`, { token: a.token })).status).toBe(200);
    expect((await post('/v1/auth/passkey', phone.get(await fresh(a.phone)))).status).toBe(401);
  });
});

describe('removing passkeys', () => {
  it("someone else's passkey and a missing one get the same 404; the owner's is removed and announced", async () => {
    const a = await signup(s, '13500000221');
    const b = await signup(s, '13500000222');
    const added = await addPasskey(a.token, device());
    const asB = await call(s, 'DELETE', `/v1/me/passkeys/${added.id}`, { token: b.token });
    const missing = await call(s, 'DELETE', `/v1/me/passkeys/${randomUUID()}`, { token: b.token });
    expect(asB.status).toBe(404);
    expect(asB.json.code).toBe('PASSKEY_NOT_FOUND');
    expect(asB.text).toBe(missing.text);
    expect((await call(s, 'GET', '/v1/me/passkeys', { token: a.token })).json.items).toHaveLength(1);

    const mine = await call(s, 'DELETE', `/v1/me/passkeys/${added.id}`, { token: a.token });
    expect(mine.status).toBe(200);
    expect(mine.json).toEqual({ status: 'removed' });
    expect((await call(s, 'GET', '/v1/me/passkeys', { token: a.token })).json.items).toEqual([]);
    const twice = await call(s, 'DELETE', `/v1/me/passkeys/${added.id}`, { token: a.token });
    expect(twice.status).toBe(404);
    expect(await auditEvents('security.passkey_removed', `passkey:${added.id}`)).toHaveLength(1);
    expect(await inbox(a.token)).toContain('passkey_removed');
  });
});
