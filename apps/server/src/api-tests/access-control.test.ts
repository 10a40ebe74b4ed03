import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  fillPath,
  type HttpResult,
  type Json,
  type Operation,
  operations,
  opLabel,
  PUBLIC_OPERATIONS,
  phoneSource,
  resourceOf,
  sample,
  schemaAt,
} from '../../../../test/helpers/api.ts';
import { fund, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { staffWithRoles } from '../../../../test/helpers/staff.ts';
import { SoftAuthenticator } from '../../../../test/helpers/webauthn.ts';

/**
 * Object-level access control, driven by the OpenAPI document so new endpoints are covered without
 * editing this file: customer B using customer A's ids gets exactly the answer a missing id gets,
 * learns nothing about A, and changes nothing; every non-public endpoint refuses a missing, bogus,
 * revoked or expired session with 401 UNAUTHENTICATED.
 */
let s: TestServer;
const phone = phoneSource('1860');

type User = { token: string; walletId: string; customerId: string; phone: string };
let A: User;
let B: User;
let C: User;
let ops: Operation[];
/** A's object id for each collection that appears before a path parameter. */
const owned: Record<string, string> = {};
/** Strings that must never appear in anything B gets back. */
let secrets: string[] = [];
const matrix: Record<string, Record<string, string | number>> = {};
const A_NAME = 'Alice Secret-Name';

const mark = (op: string, caller: string, r: HttpResult | number) => {
  matrix[op] ??= {};
  matrix[op][caller] = typeof r === 'number' ? r : r.status;
};

async function signupNamed(displayName?: string): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', {
    body: { phone: p, password: 'correct horse battery', ...(displayName ? { displayName } : {}) },
  });
  if (r.status !== 201) throw new Error(`signup: ${r.status} ${r.text}`);
  return {
    token: r.json.session.token,
    walletId: r.json.customer.walletId,
    customerId: r.json.customer.id,
    phone: p,
  };
}

const has = (path: string) => (method: string) => ops.some((o) => o.method === method && o.path === path);
const idOf = (j: Json): string | undefined =>
  j?.id ?? j?.card?.id ?? j?.topup?.id ?? j?.withdrawal?.id ?? j?.operation?.id;

/** Card-work objects (card, top-up, withdrawal), created only when their endpoints are documented. */
async function createCardObjects(owner: User) {
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
    `fixture POST /v1/cards (update the sample hints in test/helpers/api.ts): ${card.text}`,
  ).toBeLessThan(300);
  owned.cards = idOf(card.json)!;
  expect(owned.cards, `card id in ${card.text}`).toBeTypeOf('string');
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
    expect(owned[kind], `${kind} id in ${r.text}`).toBeTypeOf('string');
    // Let the network decide, so A's view of it is stable during the test.
    for (let i = 0; i < 200; i++) {
      const g = await call(s, 'GET', `/v1/${kind}/${owned[kind]}`, { token: owner.token });
      if (g.json?.status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** A merchant of A's with a cashier (C) and an API key, when the merchant endpoints are documented. */
async function createMerchantObjects(owner: User, cashier: User) {
  if (!has('/v1/merchants')('POST')) return;
  const m = await call(s, 'POST', '/v1/merchants', {
    token: owner.token,
    body: {
      businessName: 'A 的小店',
      mcc: '5812',
      settlement: { kind: 'bank_account', bankName: '中国工商银行', accountNumber: '6222 0200 1122 3344 55' },
      contact: { phone: owner.phone, email: 'alice.secret@example.com' },
    },
  });
  expect(m.status, `fixture POST /v1/merchants: ${m.text}`).toBe(201);
  owned.merchants = m.json.id;
  const u = await call(s, 'POST', `/v1/merchants/${owned.merchants}/users`, {
    token: owner.token,
    body: { phone: cashier.phone, role: 'cashier' },
  });
  expect(u.status, `fixture merchant user: ${u.text}`).toBe(201);
  owned.users = u.json.id;
  const k = await call(s, 'POST', `/v1/merchants/${owned.merchants}/api-keys`, {
    token: owner.token,
    body: { name: 'A shop backend', scopes: ['orders:read', 'orders:write'] },
  });
  expect(k.status, `fixture API key: ${k.text}`).toBe(201);
  owned['api-keys'] = k.json.apiKey.id;
  merchantKey = k.json.key;
  if (!has('/v1/merchants/{merchantId}/webhooks')('POST')) return;
  // A webhook endpoint (nothing listens there: the worker does not run here) and one delivery.
  const w = await call(s, 'POST', `/v1/merchants/${owned.merchants}/webhooks`, {
    token: owner.token,
    body: { url: 'http://127.0.0.1:9/a-shop-hook' },
  });
  expect(w.status, `fixture webhook: ${w.text}`).toBe(201);
  owned.webhooks = w.json.webhook.id;
  webhookSecret = w.json.secret;
  const t = await call(s, 'POST', `/v1/merchants/${owned.merchants}/webhooks/${owned.webhooks}/test`, {
    token: owner.token,
  });
  expect(t.status, `fixture webhook delivery: ${t.text}`).toBe(202);
  owned.deliveries = t.json.deliveryId;
  if (!has('/v1/merchants/{merchantId}/qr-codes')('POST')) return;
  // QR codes need an active merchant: staff approve it first.
  const compliance = await staffWithRoles(s, ['compliance']);
  const approved = await call(s, 'POST', `/v1/staff/merchants/${owned.merchants}/approve`, {
    token: compliance.token,
    body: {},
  });
  expect(approved.status, `fixture merchant approval: ${approved.text}`).toBe(200);
  const q = await call(s, 'POST', `/v1/merchants/${owned.merchants}/qr-codes`, {
    token: owner.token,
    body: { kind: 'static' },
  });
  expect(q.status, `fixture QR code: ${q.text}`).toBe(201);
  owned['qr-codes'] = q.json.id;
  // An online order of A's merchant (created with its API key); its hosted page is /v1/checkout/{id}.
  const o = await call(s, 'POST', '/v1/merchant/orders', {
    token: merchantKey,
    body: { amount: { amount: '8.80', currency: 'CNY' }, reference: 'A-ORDER-1' },
  });
  expect(o.status, `fixture order: ${o.text}`).toBe(201);
  owned.orders = o.json.id;
  owned.checkout = o.json.id;
  // A POS payment of A's, waiting for A's confirmation (above the confirm-on-phone threshold): A
  // shows a payment code and A's own shop takes it at the web till.
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
  const nfc = await call(s, 'POST', '/v1/nfc/keys', {
    token: owner.token,
    body: {
      algorithm: 'Ed25519',
      publicKey: generateKeyPairSync('ed25519')
        .publicKey.export({ format: 'der', type: 'spki' })
        .toString('base64url'),
    },
  });
  expect(nfc.status, `fixture NFC key: ${nfc.text}`).toBe(201);
  owned.keys = nfc.json.id;
}

/**
 * Capability URLs: the hosted checkout page. Whoever is signed in and holds the link may see and pay
 * the order (its id is random, uuid v4), so B reading it is by design; a missing id is still 404.
 */
const CAPABILITY_PATHS = new Set(['/v1/checkout/{orderId}', '/v1/checkout/{orderId}/pay']);
/** Kinds of `owned` that name one object under two paths (not type confusion). */
const SAME_OBJECT: Record<string, string> = { checkout: 'orders', orders: 'checkout' };
let merchantKey = '';
let webhookSecret = '';

beforeAll(async () => {
  s = await startTestServer({ poolMax: 30, background: false, cardNetwork: {} });
  ops = await operations(s);
  A = await signupNamed(A_NAME);
  B = await signupNamed();
  C = await signupNamed('Carol Counterparty');
  await fund(s, A.walletId, 500_00n);
  const t = await call(s, 'POST', '/v1/transfers', {
    token: A.token,
    idempotencyKey: 'a-to-c',
    body: { to: { phone: C.phone }, amount: { amount: '12.34', currency: 'CNY' }, note: 'secret lunch note' },
  });
  expect(t.status, t.text).toBe(201);
  owned.wallets = A.walletId;
  owned.transfers = t.json.id;
  // A row of A's wallet history (GET /v1/wallets/{walletId}/transactions/{transactionId}): the funding
  // top-up, whose id is no other kind of object's (a transfer's ledger row shares the transfer's id).
  const history = await call(s, 'GET', `/v1/wallets/${A.walletId}/transactions?kind=topup`, {
    token: A.token,
  });
  expect(history.status, history.text).toBe(200);
  owned.transactions = history.json.items[0].id;
  await s.outbox.runOnce();
  const inbox = await call(s, 'GET', '/v1/notifications', { token: A.token });
  expect(inbox.status).toBe(200);
  expect(inbox.json.items.length).toBeGreaterThan(0);
  owned.notifications = inbox.json.items[0].id;
  // A spare session of A (so that A revoking "its own" id in the matrix does not sign A out).
  const spare = await call(s, 'POST', '/v1/auth/login', {
    body: { phone: A.phone, password: 'correct horse battery' },
  });
  expect(spare.status, spare.text).toBe(200);
  const sessions = await call(s, 'GET', '/v1/me/sessions', { token: A.token });
  owned.sessions = sessions.json.items.find((x: { current: boolean }) => !x.current).id;
  // Another device of A's (its own sign-in, so revoking it does not end the spare session above).
  const tablet = await call(s, 'POST', '/v1/auth/login', {
    body: { phone: A.phone, password: 'correct horse battery' },
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
    [A.customerId, C.walletId],
  );
  owned.challenges = challenge.rows[0].id;
  await createCardObjects(A);
  await createMerchantObjects(A, C);
  if (has('/v1/me/passkeys/registration')('POST')) {
    // A passkey of A's, registered for real through the software authenticator.
    const device = new SoftAuthenticator(s.config.webauthn.origins[0]!, s.config.webauthn.rpId);
    const options = await call(s, 'POST', '/v1/me/passkeys/registration/options', {
      token: A.token,
      body: { password: 'correct horse battery' },
    });
    expect(options.status, options.text).toBe(200);
    const added = await call(s, 'POST', '/v1/me/passkeys/registration', {
      token: A.token,
      body: device.create(options.json),
    });
    expect(added.status, added.text).toBe(201);
    owned.passkeys = added.json.id;
  }
  await s.outbox.runOnce();
  secrets = [
    A.customerId,
    A.walletId,
    A.phone,
    `+86${A.phone}`,
    `${A.phone.slice(0, 3)}****${A.phone.slice(-4)}`,
    A.token,
    A_NAME,
    C.walletId,
    'secret lunch note',
    ...(merchantKey ? [merchantKey, 'alice.secret@example.com', '622202001122334455', 'A 的小店'] : []),
    ...(webhookSecret ? [webhookSecret, 'a-shop-hook'] : []),
    ...Object.values(owned),
  ];
});

afterAll(async () => {
  if (Object.keys(matrix).length > 0) console.table(matrix);
  await s?.stop();
});

const protectedOps = () => ops.filter((o) => !PUBLIC_OPERATIONS.has(opLabel(o)));
/** Customer endpoints (staff endpoints have their own matrix: staff-access.test.ts). */
const customerOps = () => protectedOps().filter((o) => o.audience === 'customer');
const bodyFor = (op: Operation) => (op.bodySchema ? sample(op.bodySchema) : undefined);
const normalise = (text: string, ids: string[]) => ids.reduce((t, id) => t.split(id).join('<id>'), text);

describe('object-level access control (every documented path with a parameter)', () => {
  it('the fixture covers every collection that has a path parameter', () => {
    const withParams = customerOps().filter((o) => o.pathParams.length > 0);
    expect(withParams.length).toBeGreaterThanOrEqual(4);
    const uncovered = withParams.flatMap((o) =>
      o.pathParams.filter((p) => !owned[resourceOf(o.path, p)]).map((p) => `${opLabel(o)} {${p}}`),
    );
    // A new collection needs an object of A's in beforeAll (see createCardObjects).
    expect(uncovered, 'path parameters with no object of A to substitute').toEqual([]);
  });

  it("B using A's ids gets the same answer as for a missing id, learns nothing and changes nothing", async () => {
    const withParams = customerOps().filter((o) => o.pathParams.length > 0 && !CAPABILITY_PATHS.has(o.path));
    const gets = customerOps().filter((o) => o.method === 'GET');
    const aPath = (o: Operation) => fillPath(o.path, (p) => owned[resourceOf(o.path, p)] ?? randomUUID());

    // What A sees before B tries anything; A's own ids resolve (so a 404 below means something).
    const snapshot = async () => {
      const out: Record<string, string> = {};
      for (const o of gets) {
        const r = await call(s, 'GET', aPath(o), { token: A.token });
        out[opLabel(o)] = `${r.status} ${r.text}`;
        if (o.pathParams.length > 0) {
          mark(opLabel(o), 'A (owner)', r);
          expect(r.status, `A reading their own ${opLabel(o)}: ${r.text}`).toBe(200);
        }
      }
      return out;
    };
    const before = await snapshot();

    for (const o of withParams) {
      const label = opLabel(o);
      const aIds = o.pathParams.map((p) => owned[resourceOf(o.path, p)]!);
      const fakeIds = o.pathParams.map(() => randomUUID());
      const body = bodyFor(o);
      const asB = await call(s, o.method, aPath(o), { token: B.token, body });
      const missing = await call(
        s,
        o.method,
        fillPath(o.path, (p) => fakeIds[o.pathParams.indexOf(p)]!),
        {
          token: B.token,
          body,
        },
      );
      mark(label, "B (A's id)", asB);
      mark(label, 'B (missing id)', missing);
      expect(asB.status, `${label} as B: ${asB.text}`).toBe(404);
      expect(asB.status, label).toBe(missing.status);
      expect(normalise(asB.text, aIds), `${label}: body differs from a missing id's`).toBe(
        normalise(missing.text, fakeIds),
      );
      expect(asB.headers.get('content-type'), label).toBe(missing.headers.get('content-type'));
      const echoedRemoved = normalise(asB.text, aIds);
      for (const secret of secrets) expect(echoedRemoved, `${label} leaks ${secret}`).not.toContain(secret);
    }

    // B's own lists and profile show nothing of A.
    for (const o of gets.filter((g) => g.pathParams.length === 0)) {
      const r = await call(s, 'GET', o.path, { token: B.token });
      mark(opLabel(o), 'B (own list)', r);
      expect(r.status, `${opLabel(o)} as B: ${r.text}`).toBe(200);
      for (const secret of secrets)
        expect(r.text, `${opLabel(o)} as B leaks ${secret}`).not.toContain(secret);
    }

    // Nothing B did changed anything A can see (e.g. the notification is still unread).
    expect(await snapshot()).toEqual(before);

    // Non-GET calls on A's own ids are recognised for A (so B's 404 was not a generic failure).
    for (const o of withParams.filter((x) => x.method !== 'GET')) {
      const r = await call(s, o.method, aPath(o), { token: A.token, body: bodyFor(o) });
      mark(opLabel(o), 'A (owner)', r);
      expect(r.status, `${opLabel(o)} as A: ${r.text}`).not.toBe(404);
    }
  });

  it("A's id of one kind of object is not found as another kind (no type confusion)", async () => {
    const gets = customerOps().filter((o) => o.method === 'GET' && o.pathParams.length === 1);
    let checked = 0;
    for (const o of gets) {
      const mine = resourceOf(o.path, o.pathParams[0]!);
      for (const [kind, id] of Object.entries(owned)) {
        if (kind === mine || SAME_OBJECT[mine] === kind) continue;
        const r = await call(
          s,
          'GET',
          fillPath(o.path, () => id),
          { token: A.token },
        );
        expect(r.status, `${opLabel(o)} with A's ${kind} id: ${r.text}`).toBe(404);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('capability URLs (the hosted checkout page): a missing id is 404 for anyone', async () => {
    for (const o of customerOps().filter((x) => CAPABILITY_PATHS.has(x.path))) {
      const r = await call(
        s,
        o.method,
        fillPath(o.path, () => randomUUID()),
        { token: B.token, body: bodyFor(o) },
      );
      mark(opLabel(o), 'B (missing id)', r);
      expect(r.status, `${opLabel(o)}: ${r.text}`).toBe(404);
    }
  });

  it("B cannot mark A's notification read; A can", async () => {
    const readAt = async () =>
      (await call(s, 'GET', '/v1/notifications', { token: A.token })).json.items.find(
        (n: Json) => n.id === owned.notifications,
      ).readAt;
    const initially = await readAt();
    const r = await call(s, 'POST', `/v1/notifications/${owned.notifications}/read`, { token: B.token });
    expect(r.status).toBe(404);
    expect(await readAt()).toBe(initially);
    const mine = await call(s, 'POST', `/v1/notifications/${owned.notifications}/read`, { token: A.token });
    expect(mine.status).toBe(200);
    expect(await readAt()).toEqual(expect.any(String));
  });
});

describe('authentication on every documented endpoint', () => {
  it('every non-public endpoint answers 401 UNAUTHENTICATED without a token, with a bogus, revoked or expired one', async () => {
    const revoked = await signupNamed();
    const expired = await signupNamed();
    for (const u of [revoked, expired]) {
      expect((await call(s, 'GET', '/v1/me', { token: u.token })).status).toBe(200);
    }
    expect((await call(s, 'POST', '/v1/auth/logout', { token: revoked.token })).status).toBe(200);
    await s.db.pool.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE customer_id = $1`,
      [expired.customerId],
    );

    const callers: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['bogus token', { authorization: 'Bearer ybs_this-is-not-a-real-session-token-000000' }],
      ['short token', { authorization: 'Bearer x' }],
      ['not Bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['token without scheme', { authorization: B.token }],
      ['revoked token', { authorization: `Bearer ${revoked.token}` }],
      ['expired token', { authorization: `Bearer ${expired.token}` }],
    ];
    const protectedList = protectedOps();
    expect(protectedList.length).toBeGreaterThanOrEqual(7);
    let reference: string | undefined;
    for (const o of protectedList) {
      const label = opLabel(o);
      const path = fillPath(o.path, (p) => owned[resourceOf(o.path, p)] ?? randomUUID());
      for (const [who, headers] of callers) {
        const r = await call(s, o.method, path, { headers, body: bodyFor(o) });
        mark(label, who, r);
        expect(r.status, `${label} (${who}): ${r.text}`).toBe(401);
        expect(r.json?.code, `${label} (${who})`).toBe('UNAUTHENTICATED');
        reference ??= r.text;
        expect(r.text, `${label} (${who}): same body everywhere`).toBe(reference);
      }
      // The OpenAPI document says so too.
      expect(o.secured, `${label} needs a session but declares no security in the OpenAPI document`).toBe(
        true,
      );
    }
    // The revoked and expired sessions still exist in the table (it is the check that refuses them).
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM sessions WHERE customer_id = ANY($1)',
      [[revoked.customerId, expired.customerId]],
    );
    expect(rows[0].n).toBe(2);
  });

  it('public endpoints do not ask for a session', async () => {
    for (const o of ops.filter((x) => PUBLIC_OPERATIONS.has(opLabel(x)))) {
      expect(o.secured, `${opLabel(o)} is public but declares security`).toBe(false);
      const r = await call(s, o.method, o.path, { body: {} });
      mark(opLabel(o), 'no token', r);
      expect(r.json?.code, opLabel(o)).not.toBe('UNAUTHENTICATED');
    }
    expect(has('/v1/auth/signup')('POST')).toBe(true);
    expect(has('/v1/auth/login')('POST')).toBe(true);
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs/json', '/docs/']) {
      const r = await call(s, 'GET', path);
      mark(`GET ${path}`, 'no token', r);
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
    }
  });
});
