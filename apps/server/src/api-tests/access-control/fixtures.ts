import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import {
  call,
  type Json,
  type Operation,
  operations,
  phoneSource,
  sample,
  schemaAt,
} from '../../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../../test/helpers/staff.ts';
import { SoftAuthenticator } from '../../../../../test/helpers/webauthn.ts';
import { API_KEY_SCOPES } from '../../modules/merchants/api-key.ts';
import { ROLES, type Role } from '../../modules/staff/index.ts';

/**
 * The world of the access-control suites: customer A owns one object of every kind the API has
 * (wallet, transfer, history row, notification, session, device, challenge, card, top-up,
 * withdrawal, merchant with cashier C, API key, webhook and delivery, QR code, order, POS payment,
 * NFC key, passkey; and on the staff side a maker–checker request and a KYC review about A).
 * Customer B owns a second, active merchant with its own API key and cashier D; one staff member of
 * each role is signed in. Everything is made over real HTTP, except the two rows no endpoint makes
 * at this server's settings (a step-up challenge, a KYC review): those are inserted.
 */
export type User = { token: string; walletId: string; customerId: string; phone: string };
export type World = {
  s: TestServer;
  ops: Operation[];
  A: User;
  B: User;
  C: User;
  /** Cashier of B's merchant (a merchant-user session of another merchant). */
  D: User;
  /** A's object id for each collection that appears before a path parameter. */
  owned: Record<string, string>;
  /** A's merchant's API key (every scope) and webhook secret. */
  merchantKey: string;
  webhookSecret: string;
  /** B's merchant (active) and its API key (every scope). */
  other: { merchantId: string; key: string };
  staff: Record<Role, StaffUser>;
  /** Strings of A's that must never appear in anything another caller gets back. */
  secrets: string[];
  /** Every server log line of the suite. */
  logLines: string[];
};

export const A_NAME = 'Alice Secret-Name';
export const PASSWORD = 'correct horse battery';
export const idOf = (j: Json): string | undefined =>
  j?.id ?? j?.card?.id ?? j?.topup?.id ?? j?.withdrawal?.id ?? j?.operation?.id;

export async function signupNamed(s: TestServer, phone: string, displayName?: string): Promise<User> {
  const r = await call(s, 'POST', '/v1/auth/signup', {
    body: { phone, password: PASSWORD, ...(displayName ? { displayName } : {}) },
  });
  if (r.status !== 201) throw new Error(`signup: ${r.status} ${r.text}`);
  return {
    token: r.json.session.token,
    walletId: r.json.customer.walletId,
    customerId: r.json.customer.id,
    phone,
  };
}

const hasOp = (ops: Operation[], method: string, path: string) =>
  ops.some((o) => o.method === method && o.path === path);

/** Card-work objects (card, top-up, withdrawal), created only when their endpoints are documented. */
async function createCardObjects(w: World, owner: User) {
  const { s, ops, owned } = w;
  const post = (path: string) => ops.find((o) => o.method === 'POST' && o.path === path);
  const cards = post('/v1/cards');
  if (!cards) return;
  const card = await call(s, 'POST', '/v1/cards', {
    token: owner.token,
    idempotencyKey: randomUUID(),
    body: sample(cards.bodySchema),
  });
  expect(
    card.status,
    `fixture POST /v1/cards (sample hints in test/helpers/api.ts): ${card.text}`,
  ).toBeLessThan(300);
  owned.cards = idOf(card.json)!;
  for (const kind of ['topups', 'withdrawals'] as const) {
    const op = post(`/v1/${kind}`);
    if (!op) continue;
    const amountSchema = schemaAt(op.bodySchema, ['amount']);
    const amount = amountSchema?.type === 'object' ? { amount: '10.00', currency: 'CNY' } : '10.00';
    const r = await call(s, 'POST', `/v1/${kind}`, {
      token: owner.token,
      idempotencyKey: randomUUID(),
      body: sample(op.bodySchema, { byName: { cardId: owned.cards, amount } }),
    });
    expect(r.status, `fixture POST /v1/${kind}: ${r.text}`).toBeLessThan(300);
    owned[kind] = idOf(r.json)!;
    // Let the network decide, so A's view of it is stable during the test.
    for (let i = 0; i < 200; i++) {
      const g = await call(s, 'GET', `/v1/${kind}/${owned[kind]}`, { token: owner.token });
      if (g.json?.status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** A merchant of `owner`'s, approved by compliance, with a cashier and an API key of every scope. */
async function createMerchant(w: World, owner: User, cashier: User, name: string) {
  const { s } = w;
  const m = await call(s, 'POST', '/v1/merchants', {
    token: owner.token,
    body: {
      businessName: name,
      mcc: '5812',
      settlement: { kind: 'bank_account', bankName: '中国工商银行', accountNumber: '6222 0200 1122 3344 55' },
      contact: { phone: owner.phone, email: `${owner.customerId.slice(0, 8)}.secret@example.com` },
    },
  });
  expect(m.status, `fixture POST /v1/merchants: ${m.text}`).toBe(201);
  const u = await call(s, 'POST', `/v1/merchants/${m.json.id}/users`, {
    token: owner.token,
    body: { phone: cashier.phone, role: 'cashier' },
  });
  expect(u.status, `fixture merchant user: ${u.text}`).toBe(201);
  const k = await call(s, 'POST', `/v1/merchants/${m.json.id}/api-keys`, {
    token: owner.token,
    body: { name: `${name} backend`, scopes: [...API_KEY_SCOPES] },
  });
  expect(k.status, `fixture API key: ${k.text}`).toBe(201);
  const approved = await call(s, 'POST', `/v1/staff/merchants/${m.json.id}/approve`, {
    token: w.staff.compliance.token,
    body: {},
  });
  expect(approved.status, `fixture merchant approval: ${approved.text}`).toBe(200);
  return {
    merchantId: m.json.id as string,
    userId: u.json.id as string,
    keyId: k.json.apiKey.id,
    key: k.json.key,
  };
}

/** A's merchant's objects: webhook and delivery, QR code, order, POS payment; and A's NFC key. */
async function createMerchantObjects(w: World, owner: User) {
  const { s, owned } = w;
  const m = await createMerchant(w, owner, w.C, 'A 的小店');
  owned.merchants = m.merchantId;
  owned.users = m.userId;
  owned['api-keys'] = m.keyId;
  w.merchantKey = m.key;
  const hook = await call(s, 'POST', `/v1/merchants/${owned.merchants}/webhooks`, {
    token: owner.token,
    body: { url: 'http://127.0.0.1:9/a-shop-hook' },
  });
  expect(hook.status, `fixture webhook: ${hook.text}`).toBe(201);
  owned.webhooks = hook.json.webhook.id;
  w.webhookSecret = hook.json.secret;
  const t = await call(s, 'POST', `/v1/merchants/${owned.merchants}/webhooks/${owned.webhooks}/test`, {
    token: owner.token,
  });
  expect(t.status, `fixture webhook delivery: ${t.text}`).toBe(202);
  owned.deliveries = t.json.deliveryId;
  const q = await call(s, 'POST', `/v1/merchants/${owned.merchants}/qr-codes`, {
    token: owner.token,
    body: { kind: 'static' },
  });
  expect(q.status, `fixture QR code: ${q.text}`).toBe(201);
  owned['qr-codes'] = q.json.id;
  const o = await call(s, 'POST', '/v1/merchant/orders', {
    token: w.merchantKey,
    body: { amount: { amount: '8.80', currency: 'CNY' }, reference: 'A-ORDER-1' },
  });
  expect(o.status, `fixture order: ${o.text}`).toBe(201);
  owned.orders = o.json.id;
  owned.checkout = o.json.id;
  // A POS payment of A's waiting for A's confirmation: A shows a code and A's own shop takes it.
  const code = await call(s, 'POST', '/v1/pay-codes', { token: owner.token, body: {} });
  expect(code.status, `fixture payment code: ${code.text}`).toBe(201);
  const pos = await call(s, 'POST', `/v1/merchants/${owned.merchants}/pos/payments`, {
    token: owner.token,
    idempotencyKey: randomUUID(),
    body: {
      method: 'pay_code',
      code: code.json.code,
      amount: { amount: '600.00', currency: 'CNY' },
      reference: 'A-SALE',
    },
  });
  expect([pos.status, pos.json?.status], `fixture POS payment: ${pos.text}`).toEqual([
    201,
    'awaiting_customer',
  ]);
  owned['pos-payments'] = pos.json.id;
  owned.payments = pos.json.id;
  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
  const nfc = await call(s, 'POST', '/v1/nfc/keys', {
    token: owner.token,
    body: { algorithm: 'Ed25519', publicKey: publicKey.toString('base64url') },
  });
  expect(nfc.status, `fixture NFC key: ${nfc.text}`).toBe(201);
  owned.keys = nfc.json.id;
}

/** Sessions, devices, a challenge, a notification and a history row of A's. */
async function createCustomerObjects(w: World) {
  const { s, A, owned } = w;
  const history = await call(s, 'GET', `/v1/wallets/${A.walletId}/transactions?kind=topup`, {
    token: A.token,
  });
  expect(history.status, history.text).toBe(200);
  owned.transactions = history.json.items[0].id;
  await s.outbox.runOnce();
  const inbox = await call(s, 'GET', '/v1/notifications', { token: A.token });
  expect(inbox.json.items.length, inbox.text).toBeGreaterThan(0);
  owned.notifications = inbox.json.items[0].id;
  // A spare session of A (so that A revoking "its own" id does not sign A out).
  const spare = await call(s, 'POST', '/v1/auth/login', { body: { phone: A.phone, password: PASSWORD } });
  expect(spare.status, spare.text).toBe(200);
  const sessions = await call(s, 'GET', '/v1/me/sessions', { token: A.token });
  owned.sessions = sessions.json.items.find((x: { current: boolean }) => !x.current).id;
  const tablet = await call(s, 'POST', '/v1/auth/login', {
    body: { phone: A.phone, password: PASSWORD },
    headers: { 'x-device-id': `tablet-${randomUUID()}`, 'x-device-name': 'A tablet' },
  });
  expect(tablet.status, tablet.text).toBe(200);
  const devices = await call(s, 'GET', '/v1/me/devices', { token: A.token });
  owned.devices = devices.json.items.find((x: { name: string | null }) => x.name === 'A tablet').id;
  // A confirmation challenge of A (step-up never triggers at this server's thresholds: made directly).
  const challenge = await s.db.pool.query(
    `INSERT INTO step_up_challenges (id, customer_id, purpose, amount, currency, payee, operation_id, methods, expires_at)
     VALUES (gen_random_uuid(), $1, 'p2p', 100, 'CNY', $2, gen_random_uuid(), '{sms}', now() + interval '5 minutes')
     RETURNING id`,
    [A.customerId, w.C.walletId],
  );
  owned.challenges = challenge.rows[0].id;
}

/** Back-office objects about A: a maker–checker request and a KYC review case (inserted). */
async function createStaffObjects(w: World) {
  const { s, A, owned } = w;
  owned.customers = A.customerId;
  const req = await call(s, 'POST', '/v1/staff/requests', {
    token: w.staff.customer_service.token,
    body: {
      customerId: A.customerId,
      reason: 'A asked for a tier raise',
      action: { kind: 'raise_tier', tier: 2 },
    },
  });
  expect(req.status, `fixture maker–checker request: ${req.text}`).toBe(201);
  owned.requests = req.json.id;
  const review = await s.db.pool.query(
    `INSERT INTO kyc_reviews (id, customer_id, kind, requested_tier, tier_before, created_at)
     VALUES (gen_random_uuid(), $1, 'tier_upgrade', 2, 1, now()) RETURNING id`,
    [A.customerId],
  );
  owned['kyc-reviews'] = review.rows[0].id;
  // A staff member the admin column may act on (never one of the signed-in callers).
  const target = await staffWithRoles(s, ['operator'], `target-${randomUUID().slice(0, 8)}`);
  owned.members = target.id;
}

async function createPasskey(w: World) {
  const { s, A } = w;
  if (!hasOp(w.ops, 'POST', '/v1/me/passkeys/registration')) return;
  const device = new SoftAuthenticator(s.config.webauthn.origins[0]!, s.config.webauthn.rpId);
  const options = await call(s, 'POST', '/v1/me/passkeys/registration/options', {
    token: A.token,
    body: { password: PASSWORD },
  });
  expect(options.status, options.text).toBe(200);
  const added = await call(s, 'POST', '/v1/me/passkeys/registration', {
    token: A.token,
    body: device.create(options.json),
  });
  expect(added.status, added.text).toBe(201);
  w.owned.passkeys = added.json.id;
}

/** Builds the world on a fresh server (its logs kept in `logLines`). */
export async function buildWorld(phonePrefix: string): Promise<World> {
  const logLines: string[] = [];
  const s = await startTestServer({ poolMax: 30, background: false, cardNetwork: {}, logLines });
  const phone = phoneSource(phonePrefix);
  const w = {
    s,
    ops: await operations(s),
    A: await signupNamed(s, phone(), A_NAME),
    B: await signupNamed(s, phone()),
    C: await signupNamed(s, phone(), 'Carol Counterparty'),
    D: await signupNamed(s, phone(), 'Dave of B'),
    owned: {},
    merchantKey: '',
    webhookSecret: '',
    other: { merchantId: '', key: '' },
    staff: {} as Record<Role, StaffUser>,
    secrets: [],
    logLines,
  } as World;
  for (const r of ROLES) w.staff[r] = await staffWithRoles(s, [r]);
  await fund(s, w.A.walletId, 500_00n);
  const t = await call(s, 'POST', '/v1/transfers', {
    token: w.A.token,
    idempotencyKey: 'a-to-c',
    body: {
      to: { phone: w.C.phone },
      amount: { amount: '12.34', currency: 'CNY' },
      note: 'secret lunch note',
    },
  });
  expect(t.status, t.text).toBe(201);
  w.owned.wallets = w.A.walletId;
  w.owned.transfers = t.json.id;
  await createCustomerObjects(w);
  await createCardObjects(w, w.A);
  await createMerchantObjects(w, w.A);
  const otherShop = await createMerchant(w, w.B, w.D, 'B 的另一家店');
  w.other = { merchantId: otherShop.merchantId, key: otherShop.key };
  await createStaffObjects(w);
  await createPasskey(w);
  await s.outbox.runOnce();
  const { A } = w;
  w.secrets = [
    A.customerId,
    A.walletId,
    A.phone,
    `+86${A.phone}`,
    `${A.phone.slice(0, 3)}****${A.phone.slice(-4)}`,
    A.token,
    A_NAME,
    w.C.walletId,
    'secret lunch note',
    w.merchantKey,
    w.webhookSecret,
    'a-shop-hook',
    'A 的小店',
    ...Object.values(w.owned),
  ];
  return w;
}
