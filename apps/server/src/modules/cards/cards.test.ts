import { signPayload, TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { verifyCallbackSignature } from './card-network.client.ts';
import { bindCard, databaseText, startOperation } from './cards.test-support.ts';

const logLines: string[] = [];
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ background: false, logLines, cardNetwork: { decisionDelayMs: 10 } });
});
afterAll(async () => {
  await s?.stop();
});

const bind = (token: string, body: Record<string, unknown>) =>
  s.app.inject({ method: 'POST', url: '/v1/cards', headers: auth(token), payload: body });

describe('linking bank cards (A6)', () => {
  it('verifies the card with the network and stores it encrypted, showing only the last four digits', async () => {
    const a = await signup(s, '13900000001');
    const res = await bind(a.token, {
      pan: '6222 0210 0004 0001',
      expiry: TEST_CARD_EXPIRY,
      holderName: 'ZHANG SAN',
    });
    expect(res.statusCode, res.body).toBe(201);
    const card = res.json();
    expect(card).toEqual({
      id: expect.any(String),
      last4: '0001',
      brand: 'unionpay',
      bankName: 'Industrial and Commercial Bank of China',
      expiry: TEST_CARD_EXPIRY,
      holderName: 'Z**** S**',
      status: 'active',
      createdAt: expect.any(String),
    });
    expect(res.body).not.toContain(TEST_CARDS.approve);

    const { rows } = await s.db.pool.query('SELECT * FROM cards WHERE id = $1', [card.id]);
    const row = rows[0];
    expect(row.token).toMatch(/^card_[A-Za-z0-9_-]{40,}$/);
    expect(row.pan_key_id).toMatch(/^dk_/);
    expect(row.holder_name_key_id).toBe(row.pan_key_id);
    expect(Buffer.from(row.holder_name_ciphertext).toString('utf8')).not.toContain('ZHANG');
    expect(Buffer.from(row.pan_ciphertext).toString('latin1')).not.toContain(TEST_CARDS.approve);
    expect(Buffer.from(row.pan_ciphertext).length).toBeGreaterThan(28);
    expect(Buffer.from(row.pan_fingerprint).length).toBe(32);

    const list = (await s.app.inject({ url: '/v1/cards', headers: auth(a.token) })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([card.id]);
    const one = await s.app.inject({ url: `/v1/cards/${card.id}`, headers: auth(a.token) });
    expect(one.json()).toEqual(card);
  });

  it('refuses bad numbers and expired cards locally, and cards the network rejects', async () => {
    const a = await signup(s, '13900000002');
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ pan: TEST_CARDS.invalidLuhn, expiry: TEST_CARD_EXPIRY }, 400, 'INVALID_PAN'],
      [{ pan: '62220210000400O1', expiry: TEST_CARD_EXPIRY }, 400, 'INVALID_PAN'],
      [{ pan: '411111111111', expiry: TEST_CARD_EXPIRY }, 400, 'INVALID_PAN'],
      [{ pan: TEST_CARDS.approve, expiry: '13/30' }, 400, 'INVALID_EXPIRY'],
      [{ pan: TEST_CARDS.approve, expiry: '2030-01' }, 400, 'INVALID_EXPIRY'],
      [{ pan: TEST_CARDS.approve, expiry: '01/20' }, 400, 'CARD_EXPIRED'],
      [{ pan: TEST_CARDS.verifyDecline, expiry: TEST_CARD_EXPIRY }, 422, 'CARD_REJECTED'],
    ];
    for (const [body, status, code] of cases) {
      const r = await bind(a.token, { holderName: 'LI SI', ...body });
      expect([r.statusCode, r.json().code], JSON.stringify(body)).toEqual([status, code]);
    }
    const rejected = await bind(a.token, {
      pan: TEST_CARDS.verifyDecline,
      expiry: TEST_CARD_EXPIRY,
      holderName: 'LI SI',
    });
    expect(rejected.json().details).toEqual({ reason: 'do_not_honour' });
    const { rows } = await s.db.pool.query('SELECT count(*)::int AS n FROM cards WHERE customer_id = $1', [
      a.customerId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('links the same card once per customer; it can be linked again after removal, and by someone else', async () => {
    const a = await signup(s, '13900000003');
    const b = await signup(s, '13900000004');
    const first = await bindCard(s, a.token, TEST_CARDS.approveVisa);
    const again = await bind(a.token, {
      pan: TEST_CARDS.approveVisa,
      expiry: TEST_CARD_EXPIRY,
      holderName: 'X',
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'CARD_ALREADY_BOUND']);
    // Two concurrent binds of one card: exactly one wins.
    const [p, q] = await Promise.all([
      bind(b.token, { pan: TEST_CARDS.approveVisa, expiry: TEST_CARD_EXPIRY, holderName: 'B' }),
      bind(b.token, { pan: TEST_CARDS.approveVisa, expiry: TEST_CARD_EXPIRY, holderName: 'B' }),
    ]);
    expect([p.statusCode, q.statusCode].sort()).toEqual([201, 409]);

    const del = await s.app.inject({
      method: 'DELETE',
      url: `/v1/cards/${first.id}`,
      headers: auth(a.token),
    });
    expect(del.json()).toMatchObject({ id: first.id, status: 'removed' });
    const list = (await s.app.inject({ url: '/v1/cards', headers: auth(a.token) })).json();
    expect(list.items).toEqual([]);
    const relinked = await bindCard(s, a.token, TEST_CARDS.approveVisa);
    expect(relinked.id).not.toBe(first.id);
  });

  it("answers another customer's card exactly like a missing one", async () => {
    const owner = await signup(s, '13900000005');
    const other = await signup(s, '13900000006');
    const card = await bindCard(s, owner.token, TEST_CARDS.approveMastercard);
    const missing = '01890000-0000-7000-8000-000000000000';
    for (const id of [card.id, missing]) {
      const get = await s.app.inject({ url: `/v1/cards/${id}`, headers: auth(other.token) });
      const del = await s.app.inject({
        method: 'DELETE',
        url: `/v1/cards/${id}`,
        headers: auth(other.token),
      });
      const top = await startOperation(s, other.token, 'topup', id, '10.00');
      const wd = await startOperation(s, other.token, 'withdrawal', id, '10.00');
      for (const r of [get, del, top, wd])
        expect([r.statusCode, r.json().code]).toEqual([404, 'CARD_NOT_FOUND']);
    }
    const still = await s.app.inject({ url: `/v1/cards/${card.id}`, headers: auth(owner.token) });
    expect(still.json().status).toBe('active');
    const unauth = await s.app.inject({ url: '/v1/cards' });
    expect(unauth.statusCode).toBe(401);
  });

  it('refuses to unlink a card while an operation with it is pending', async () => {
    const a = await signup(s, '13900000007');
    const card = await bindCard(s, a.token, TEST_CARDS.timeout);
    const op = await startOperation(s, a.token, 'topup', card.id, '5.00');
    expect(op.statusCode, op.body).toBe(202);
    expect(op.json().status).toBe('pending');
    const del = await s.app.inject({ method: 'DELETE', url: `/v1/cards/${card.id}`, headers: auth(a.token) });
    expect([del.statusCode, del.json().code]).toEqual([409, 'CARD_HAS_PENDING_OPERATION']);
    const get = await s.app.inject({ url: `/v1/cards/${card.id}`, headers: auth(a.token) });
    expect(get.json().status).toBe('active');
  });

  it('checks callback signatures exactly as the network makes them', () => {
    const body = Buffer.from('{"id":"x","status":"approved"}');
    const sig = signPayload('sim-secret', body);
    expect(verifyCallbackSignature('sim-secret', sig, body)).toBe(true);
    expect(verifyCallbackSignature('other-secret', sig, body)).toBe(false);
    expect(verifyCallbackSignature('sim-secret', sig, Buffer.from('{"id":"x","status":"declined"}'))).toBe(
      false,
    );
    expect(verifyCallbackSignature('sim-secret', undefined, body)).toBe(false);
    expect(verifyCallbackSignature('sim-secret', 't=1,v1=zz', body)).toBe(false);
    const old = signPayload('sim-secret', body, Math.floor(Date.now() / 1000) - 3600);
    expect(verifyCallbackSignature('sim-secret', old, body)).toBe(false);
  });

  it('documents the card endpoints in the OpenAPI document', async () => {
    const doc = (await s.app.inject({ url: '/openapi.json' })).json();
    for (const path of [
      '/v1/cards',
      '/v1/cards/{cardId}',
      '/v1/topups',
      '/v1/topups/{id}',
      '/v1/withdrawals',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/v1/callbacks/card-network'].post.summary).toContain('signed');
    expect(JSON.stringify(doc.paths['/v1/cards'].post.responses)).not.toContain('"pan"');
  });

  it('never writes a card number to the logs or the database in clear', async () => {
    const pans = Object.values(TEST_CARDS);
    const logs = logLines.join('\n');
    expect(logs).toContain('/v1/cards');
    for (const pan of pans) expect(logs).not.toContain(pan);
    const db = await databaseText(s);
    expect(db).toContain('"last4": "0001"');
    for (const pan of pans) expect(db).not.toContain(pan);
  });
});
