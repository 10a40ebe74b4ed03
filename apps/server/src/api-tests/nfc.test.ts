import { randomUUID } from 'node:crypto';
import { SimulatedPhone } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, parallel, phoneSource, tally, walletBalance } from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { customer, merchant, merchantBalance, type User } from './pos-fixtures.ts';

/**
 * NFC tap-to-pay (issue 5, part 5): a device registers a key; a tap signed by it (merchant, amount,
 * counter, time) pays once, for that merchant, within a minute; replayed, reordered, stale, foreign
 * or wrongly signed taps are refused.
 */
let s: TestServer;
const skew = 0;
const phone = phoneSource('1582');
let COMPLIANCE: StaffUser;
let shop: { id: string; key: string };
let rival: { id: string; key: string };

const tapPay = (key: string, tap: unknown, reference: string = randomUUID().slice(0, 20)) =>
  call(s, 'POST', '/v1/merchant/pos/payments', {
    token: key,
    body: { method: 'nfc', tap, reference },
    idempotencyKey: randomUUID(),
  });

async function withPhone(
  algorithm: 'Ed25519' | 'P-256' = 'Ed25519',
): Promise<{ u: User; p: SimulatedPhone }> {
  const u = await customer(s, phone(), 2000n);
  const p = new SimulatedPhone(algorithm);
  await p.register(s.url, u.token);
  return { u, p };
}
const posted = async (u: User) => (await walletBalance(s, u.walletId)).posted;

beforeAll(async () => {
  s = await startTestServer({ poolMax: 30, background: false, clock: () => new Date(Date.now() + skew) });
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  shop = await merchant(s, await customer(s, phone()), COMPLIANCE, '张记面馆 Zhang Noodles');
  rival = await merchant(s, await customer(s, phone()), COMPLIANCE, 'Rival Noodles');
});
afterAll(async () => {
  await s?.stop();
});

describe('keys', () => {
  it('registers one key per device (a new one replaces it), lists and removes; bad keys refused', async () => {
    const u = await customer(s, phone());
    const a = new SimulatedPhone();
    const b = new SimulatedPhone('P-256');
    const first = await a.register(s.url, u.token);
    const second = await b.register(s.url, u.token);
    const list = await call(s, 'GET', '/v1/nfc/keys', { token: u.token });
    expect(list.json.items.map((k: { id: string }) => k.id)).toEqual([second]);
    const bad = await call(s, 'POST', '/v1/nfc/keys', {
      token: u.token,
      body: { algorithm: 'P-256', publicKey: a.publicKeySpki },
    });
    expect([bad.status, bad.json.code]).toEqual([400, 'NFC_KEY_INVALID']);
    const other = await customer(s, phone());
    const foreign = await call(s, 'DELETE', `/v1/nfc/keys/${second}`, { token: other.token });
    expect([foreign.status, foreign.json.code]).toEqual([404, 'NFC_KEY_NOT_FOUND']);
    const gone = await call(s, 'DELETE', `/v1/nfc/keys/${second}`, { token: u.token });
    expect(gone.status).toBe(200);
    const old = await call(s, 'DELETE', `/v1/nfc/keys/${first}`, { token: u.token });
    expect(old.status).toBe(404);
  });

  it('registrations from one device at once take turns: all 201, one key left active (was a 503)', async () => {
    const u = await customer(s, phone());
    const phones = Array.from({ length: 8 }, () => new SimulatedPhone());
    const rs = await parallel(8, (i) =>
      call(s, 'POST', '/v1/nfc/keys', {
        token: u.token,
        body: { algorithm: 'Ed25519', publicKey: phones[i]!.publicKeySpki },
      }),
    );
    expect(tally(rs)).toEqual({ 201: 8 });
    const list = await call(s, 'GET', '/v1/nfc/keys', { token: u.token });
    expect(list.json.items).toHaveLength(1);
  });
});

describe('taps', () => {
  it('a valid tap pays (Ed25519 and P-256); the same tap again is a replay', async () => {
    for (const alg of ['Ed25519', 'P-256'] as const) {
      const { u, p } = await withPhone(alg);
      const before = await merchantBalance(s, shop.id);
      const tap = p.tap(shop.id, '23.00');
      const r = await tapPay(shop.key, tap, `TAP-${alg}`);
      expect([r.status, r.json.status], r.text).toEqual([201, 'completed']);
      expect(r.json.method).toBe('nfc');
      expect(await posted(u)).toBe(200000n - 2300n);
      expect(await merchantBalance(s, shop.id)).toBe(before + 2300n);
      // The terminal's retry of the same sale: the same payment.
      const retry = await tapPay(shop.key, tap, `TAP-${alg}`);
      expect([retry.status, retry.json.id]).toEqual([201, r.json.id]);
      const replay = await tapPay(shop.key, tap);
      expect([replay.status, replay.json.code]).toEqual([409, 'NFC_COUNTER_REPLAYED']);
    }
  });

  it('reordered counters (5 then 4) and parallel replays: accepted once', async () => {
    const { u, p } = await withPhone();
    const five = p.tap(shop.id, '1.00', { counter: 5 });
    const four = p.tap(shop.id, '1.00', { counter: 4 });
    expect((await tapPay(shop.key, five)).status).toBe(201);
    const r = await tapPay(shop.key, four);
    expect([r.status, r.json.code]).toEqual([409, 'NFC_COUNTER_REPLAYED']);
    const six = p.tap(shop.id, '2.00');
    const results = await parallel(10, () => tapPay(shop.key, six));
    expect(tally(results)).toEqual({ '201': 1, '409 NFC_COUNTER_REPLAYED': 9 });
    expect(await posted(u)).toBe(200000n - 300n);
  });

  it('stale or future times, another key’s signature, another merchant, a removed key: refused', async () => {
    const { u, p } = await withPhone();
    const stale = await tapPay(shop.key, p.tap(shop.id, '1.00', { time: Date.now() - 61_000 }));
    expect([stale.status, stale.json.code]).toEqual([400, 'NFC_TAP_STALE']);
    const ahead = await tapPay(shop.key, p.tap(shop.id, '1.00', { time: Date.now() + 61_000 }));
    expect([ahead.status, ahead.json.code]).toEqual([400, 'NFC_TAP_STALE']);
    // Signed by another phone's key, under this phone's key id.
    const impostor = new SimulatedPhone();
    const forged = await tapPay(shop.key, impostor.tap(shop.id, '1.00', { keyId: p.keyId!, counter: 100 }));
    expect([forged.status, forged.json.code]).toEqual([400, 'NFC_TAP_INVALID']);
    // An amount changed after signing.
    const altered = await tapPay(shop.key, { ...p.tap(shop.id, '1.00'), amount: '100.00' });
    expect([altered.status, altered.json.code]).toEqual([400, 'NFC_TAP_INVALID']);
    // A tap for the shop, submitted by the rival.
    const elsewhere = await tapPay(rival.key, p.tap(shop.id, '1.00'));
    expect([elsewhere.status, elsewhere.json.code]).toEqual([400, 'NFC_TAP_INVALID']);
    const unknown = await tapPay(shop.key, p.tap(shop.id, '1.00', { keyId: randomUUID() }));
    expect(unknown.text).toBe(elsewhere.text);
    const gone = await call(s, 'DELETE', `/v1/nfc/keys/${p.keyId}`, { token: u.token });
    expect(gone.status).toBe(200);
    const removed = await tapPay(shop.key, p.tap(shop.id, '1.00'));
    expect([removed.status, removed.json.code]).toEqual([400, 'NFC_TAP_INVALID']);
    expect(await posted(u)).toBe(200000n);
  });

  it('above ¥500 a tap waits for the customer’s confirmation too', async () => {
    const { u, p } = await withPhone();
    const r = await tapPay(shop.key, p.tap(shop.id, '600.00'));
    expect([r.status, r.json.status]).toEqual([201, 'awaiting_customer']);
    const ok = await call(s, 'POST', `/v1/pos-payments/${r.json.id}/confirm`, { token: u.token, body: {} });
    expect([ok.status, ok.json.status], ok.text).toEqual([200, 'completed']);
    expect(await posted(u)).toBe(200000n - 60000n);
  });
});
