import { createHash, randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  type HttpResult,
  parallel,
  phoneSource,
  tally,
} from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { rowsPerKey } from '../platform/encrypted-fields.ts';
import { createHttpApp } from '../platform/http/app.ts';
import { rotateDataKey } from '../platform/key-rotation.ts';
import { masterKeyOf, startKeyring } from '../platform/keyring.ts';
import { createLogger } from '../platform/logger.ts';
import { createMetrics } from '../platform/metrics.ts';

/**
 * Merchants (issue 5, part 1) over real HTTP on a real database: applications and their
 * validation, owner-only access, staff review (and the ledger account approval opens), owner and
 * cashier roles, API keys (shown once, stored hashed, scoped, revocable, rotatable with an
 * overlap) and the merchant auth path.
 */
let s: TestServer;
const phone = phoneSource('1570');
/** The server's clock runs `skew` ms ahead of the wall clock (to end rotation overlaps). */
let skew = 0;
type User = { token: string; customerId: string; phone: string };
let OWNER: User;
let OTHER: User;
let CASHIER: User;
let COMPLIANCE: StaffUser;
let ADMIN: StaffUser;
let OPERATOR: StaffUser;
let cardId: string;

const TABLES = ['merchants', 'merchant_users', 'merchant_accounts', 'merchant_api_keys', 'ledger_accounts'];

async function customer(): Promise<User> {
  const p = phone();
  const r = await call(s, 'POST', '/v1/auth/signup', {
    body: { phone: p, password: 'correct horse battery', displayName: '王小明' },
  });
  expect(r.status, r.text).toBe(201);
  return { token: r.json.session.token, customerId: r.json.customer.id, phone: p };
}

const application = (over: Record<string, unknown> = {}) => ({
  businessName: '张记面馆',
  mcc: '5812',
  settlement: { kind: 'bank_account', bankName: '中国工商银行', accountNumber: '6222 0212 3456 7890 123' },
  contact: { phone: '13912345678', email: 'zhang.noodles@example.com' },
  ...over,
});

const apply = (u: User, body: unknown = application()) =>
  call(s, 'POST', '/v1/merchants', { token: u.token, body });

async function applied(u: User = OWNER, body: unknown = application()): Promise<string> {
  const r = await apply(u, body);
  expect(r.status, r.text).toBe(201);
  return r.json.id;
}

async function active(u: User = OWNER): Promise<string> {
  const id = await applied(u);
  const r = await call(s, 'POST', `/v1/staff/merchants/${id}/approve`, { token: COMPLIANCE.token, body: {} });
  expect(r.status, r.text).toBe(200);
  return id;
}

async function newKey(merchantId: string, scopes = ['orders:read'], u: User = OWNER) {
  const r = await call(s, 'POST', `/v1/merchants/${merchantId}/api-keys`, {
    token: u.token,
    body: { name: 'shop backend', scopes },
  });
  expect(r.status, r.text).toBe(201);
  return { id: r.json.apiKey.id as string, key: r.json.key as string, body: r };
}

const me = (key: string) => call(s, 'GET', '/v1/merchant/me', { token: key });

beforeAll(async () => {
  s = await startTestServer({
    background: false,
    cardNetwork: {},
    clock: () => new Date(Date.now() + skew),
  });
  OWNER = await customer();
  OTHER = await customer();
  CASHIER = await customer();
  COMPLIANCE = await staffWithRoles(s, ['compliance']);
  ADMIN = await staffWithRoles(s, ['admin']);
  OPERATOR = await staffWithRoles(s, ['operator', 'customer_service', 'risk_analyst'], 'ops-merchants');
  const card = await call(s, 'POST', '/v1/cards', {
    token: OWNER.token,
    body: { pan: TEST_CARDS.approve, expiry: TEST_CARD_EXPIRY, holderName: 'Zhang San' },
  });
  expect(card.status, card.text).toBe(201);
  cardId = card.json.id;
});
afterAll(async () => {
  await s?.stop();
});

describe('applying as a merchant', () => {
  it('a valid application is pending review, masked, owned by the applicant', async () => {
    const r = await apply(OWNER);
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      businessName: '张记面馆',
      category: { code: '5812', name: 'Eating places and restaurants', nameZh: '餐馆' },
      status: 'pending_review',
      rejectReason: null,
      settlement: { kind: 'bank_account', bankName: '中国工商银行', last4: '0123' },
      contact: { phone: '139****5678', email: 'z***@example.com' },
      role: 'owner',
      reviewedAt: null,
    });
    expect(r.text).not.toContain('62220212');
    const mine = await call(s, 'GET', '/v1/me/merchants', { token: OWNER.token });
    expect(mine.json.items.map((m: { id: string }) => m.id)).toContain(r.json.id);
  });

  it('settles to a linked card of the applicant: bank and last four from the card', async () => {
    const r = await apply(OWNER, application({ settlement: { kind: 'card', cardId } }));
    expect(r.status, r.text).toBe(201);
    expect(r.json.settlement).toEqual({
      kind: 'card',
      bankName: expect.any(String),
      last4: TEST_CARDS.approve.slice(-4),
    });
  });

  it('bad MCC, bad account, someone else’s card, bad contact, missing fields → 400 and nothing written', async () => {
    const before = await countRows(s, [...TABLES, 'audit_log']);
    const cases: Array<[string, unknown, string]> = [
      ['MCC not in the table', application({ mcc: '1234' }), 'INVALID_MCC'],
      ['MCC not digits', application({ mcc: 'abcd' }), 'INVALID_MCC'],
      ['MCC too short', application({ mcc: '581' }), 'INVALID_MCC'],
      [
        'account too short',
        application({ settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '1234' } }),
        'INVALID_ACCOUNT_NUMBER',
      ],
      [
        'account not digits',
        application({
          settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '6222-abcd-1234' },
        }),
        'INVALID_ACCOUNT_NUMBER',
      ],
      [
        'card of nobody',
        application({ settlement: { kind: 'card', cardId: randomUUID() } }),
        'CARD_NOT_FOUND',
      ],
      [
        'bad contact phone',
        application({ contact: { phone: '12345', email: 'a@b.cn' } }),
        'INVALID_CONTACT_PHONE',
      ],
      [
        'bad contact email',
        application({ contact: { phone: '13912345678', email: 'not-an-email' } }),
        'INVALID_CONTACT_EMAIL',
      ],
      ['missing business name', { ...application(), businessName: undefined }, 'VALIDATION_ERROR'],
      ['missing settlement', { ...application(), settlement: undefined }, 'VALIDATION_ERROR'],
      ['missing contact', { ...application(), contact: undefined }, 'VALIDATION_ERROR'],
      [
        'unknown settlement kind',
        application({ settlement: { kind: 'cash', accountNumber: '12345678' } }),
        'VALIDATION_ERROR',
      ],
      ['one-letter name', application({ businessName: 'x' }), 'VALIDATION_ERROR'],
    ];
    for (const [label, body, code] of cases) {
      const r = await apply(OWNER, body);
      expect(r.status, `${label}: ${r.text}`).toBe(400);
      expect(r.json.code, label).toBe(code);
    }
    // Someone else's card is no card of yours.
    const r = await apply(OTHER, application({ settlement: { kind: 'card', cardId } }));
    expect(r.json.code).toBe('CARD_NOT_FOUND');
    expect(await countRows(s, [...TABLES, 'audit_log'])).toEqual(before);
  });

  it('stores the account number, contact phone and email encrypted: unreadable in the database', async () => {
    const id = await applied(OWNER);
    const { rows } = await s.db.pool.query(
      'SELECT row_to_json(m)::text AS j FROM merchants m WHERE id = $1',
      [id],
    );
    const dump = rows[0].j as string;
    for (const clear of ['622202123456789', '6222 0212', '13912345678', 'zhang.noodles', 'example.com'])
      expect(dump).not.toContain(clear);
    const raw = await s.db.pool.query(
      `SELECT settlement_account_ciphertext, contact_phone_ciphertext, contact_email_ciphertext FROM merchants WHERE id = $1`,
      [id],
    );
    for (const blob of Object.values(raw.rows[0]) as Buffer[]) {
      expect(blob.toString('latin1')).not.toMatch(/6222021234567890123|13912345678|zhang/);
    }
    // …and readable with the keyring (for settlement files), bound to its own row.
    const row = await s.merchants.service.access(OWNER.customerId, id);
    expect(s.merchants.service.settlementAccountOf(row!.merchant)).toBe('6222021234567890123');
  });
});

describe('merchant data under a data-key rotation', () => {
  it('`yinbao keys rotate --data-key` re-encrypts the account number and contacts; answers are unchanged', async () => {
    const id = await applied(OWNER);
    const before = await call(s, 'GET', `/v1/merchants/${id}`, { token: OWNER.token });
    const master = masterKeyOf(s.config);
    const cli = await startKeyring(s.db.pool, master);
    const r = await rotateDataKey(s.db.pool, cli, master);
    expect(r.complete).toBe(true);
    expect([...(await rowsPerKey(s.db.pool)).keys()]).toEqual([r.keyId]);
    const { rows } = await s.db.pool.query(
      'SELECT settlement_account_key_id AS a, contact_key_id AS c FROM merchants WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ a: r.keyId, c: r.keyId });
    await s.keyring.refresh(s.db.pool);
    const after = await call(s, 'GET', `/v1/merchants/${id}`, { token: OWNER.token });
    expect(after.text).toBe(before.text);
    const row = await s.merchants.service.access(OWNER.customerId, id);
    expect(s.merchants.service.settlementAccountOf(row!.merchant)).toBe('6222021234567890123');
  });
});

describe('who sees a merchant', () => {
  it('someone else’s merchant answers byte for byte like a missing one, on every merchant route', async () => {
    const id = await applied(OWNER);
    const { id: keyId } = await newKey(id);
    const users = await call(s, 'GET', `/v1/merchants/${id}/users`, { token: OWNER.token });
    const userId = users.json.items[0].id as string;
    const fake = randomUUID();
    const fakeKey = randomUUID();
    const fakeUser = randomUUID();
    const routes: Array<[string, (m: string, k: string, u: string) => string, unknown]> = [
      ['GET', (m) => `/v1/merchants/${m}`, undefined],
      ['GET', (m) => `/v1/merchants/${m}/users`, undefined],
      ['POST', (m) => `/v1/merchants/${m}/users`, { phone: CASHIER.phone, role: 'cashier' }],
      ['DELETE', (m, _k, u) => `/v1/merchants/${m}/users/${u}`, undefined],
      ['GET', (m) => `/v1/merchants/${m}/api-keys`, undefined],
      ['POST', (m) => `/v1/merchants/${m}/api-keys`, { name: 'x', scopes: ['orders:read'] }],
      ['POST', (m, k) => `/v1/merchants/${m}/api-keys/${k}/revoke`, undefined],
      ['POST', (m, k) => `/v1/merchants/${m}/api-keys/${k}/rotate`, {}],
    ];
    const before = await countRows(s, [...TABLES, 'audit_log']);
    for (const [method, path, body] of routes) {
      const theirs = await call(s, method, path(id, keyId, userId), { token: OTHER.token, body });
      const missing = await call(s, method, path(fake, fakeKey, fakeUser), { token: OTHER.token, body });
      expect(theirs.status, `${method} ${path(':m', ':k', ':u')}: ${theirs.text}`).toBe(404);
      expect(theirs.text).toBe(missing.text);
      expect(theirs.json.code).toBe('MERCHANT_NOT_FOUND');
    }
    expect(await countRows(s, [...TABLES, 'audit_log'])).toEqual(before);
    const list = await call(s, 'GET', '/v1/me/merchants', { token: OTHER.token });
    expect(list.text).not.toContain(id);
  });

  it('a cashier sees the merchant but cannot manage users or keys', async () => {
    const id = await active(OWNER);
    const { id: keyId } = await newKey(id);
    const add = await call(s, 'POST', `/v1/merchants/${id}/users`, {
      token: OWNER.token,
      body: { phone: CASHIER.phone, role: 'cashier' },
    });
    expect(add.status, add.text).toBe(201);
    expect(add.json).toMatchObject({
      role: 'cashier',
      maskedPhone: `${CASHIER.phone.slice(0, 3)}****${CASHIER.phone.slice(-4)}`,
      displayName: '**明',
    });
    const again = await call(s, 'POST', `/v1/merchants/${id}/users`, {
      token: OWNER.token,
      body: { phone: CASHIER.phone, role: 'cashier' },
    });
    expect(again.json.code).toBe('ALREADY_MERCHANT_USER');
    const seen = await call(s, 'GET', `/v1/merchants/${id}`, { token: CASHIER.token });
    expect(seen.status).toBe(200);
    expect(seen.json.role).toBe('cashier');
    const ownerRow = (
      await call(s, 'GET', `/v1/merchants/${id}/users`, { token: OWNER.token })
    ).json.items.find((u: { role: string }) => u.role === 'owner');

    const before = await countRows(s, [...TABLES, 'audit_log']);
    const attempts: Array<[string, string, unknown]> = [
      ['GET', `/v1/merchants/${id}/users`, undefined],
      ['POST', `/v1/merchants/${id}/users`, { phone: OTHER.phone, role: 'cashier' }],
      ['POST', `/v1/merchants/${id}/users`, { phone: CASHIER.phone, role: 'owner' }],
      ['DELETE', `/v1/merchants/${id}/users/${ownerRow.id}`, undefined],
      ['GET', `/v1/merchants/${id}/api-keys`, undefined],
      ['POST', `/v1/merchants/${id}/api-keys`, { name: 'mine', scopes: ['refunds:write'] }],
      ['POST', `/v1/merchants/${id}/api-keys/${keyId}/revoke`, undefined],
      ['POST', `/v1/merchants/${id}/api-keys/${keyId}/rotate`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const r = await call(s, method, path, { token: CASHIER.token, body });
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(403);
      expect(r.json.code).toBe('MERCHANT_ROLE_FORBIDDEN');
    }
    expect(await countRows(s, [...TABLES, 'audit_log'])).toEqual(before);

    // The owner removes the cashier; the last owner cannot go.
    const cashierRow = add.json.id;
    const removed = await call(s, 'DELETE', `/v1/merchants/${id}/users/${cashierRow}`, {
      token: OWNER.token,
    });
    expect(removed.status, removed.text).toBe(200);
    expect((await call(s, 'GET', `/v1/merchants/${id}`, { token: CASHIER.token })).status).toBe(404);
    const last = await call(s, 'DELETE', `/v1/merchants/${id}/users/${ownerRow.id}`, { token: OWNER.token });
    expect(last.json.code).toBe('LAST_OWNER');
    const nobody = await call(s, 'POST', `/v1/merchants/${id}/users`, {
      token: OWNER.token,
      body: { phone: '13000000001', role: 'cashier' },
    });
    expect(nobody.json.code).toBe('PHONE_NOT_REGISTERED');
  });
});

describe('staff review', () => {
  it('needs merchant.review: customers 401, other roles 403; compliance lists the queue', async () => {
    const id = await applied(OWNER);
    const paths: Array<[string, string, unknown]> = [
      ['GET', '/v1/staff/merchants?status=pending_review', undefined],
      ['POST', `/v1/staff/merchants/${id}/approve`, {}],
      ['POST', `/v1/staff/merchants/${id}/reject`, { reason: 'incomplete documents' }],
    ];
    for (const [method, path, body] of paths) {
      expect((await call(s, method, path, { token: OWNER.token, body })).status).toBe(401);
      const op = await call(s, method, path, { token: OPERATOR.token, body });
      expect(op.status, op.text).toBe(403);
      expect(op.json.code).toBe('FORBIDDEN');
    }
    const q = await call(s, 'GET', '/v1/staff/merchants?status=pending_review&limit=100', {
      token: COMPLIANCE.token,
    });
    expect(q.status, q.text).toBe(200);
    const mine = q.json.items.find((m: { id: string }) => m.id === id);
    expect(mine).toMatchObject({ status: 'pending_review', ownerId: OWNER.customerId, accounts: [] });
    expect(mine.contact.phone).toBe('139****5678');
    expect((await call(s, 'GET', `/v1/merchants/${id}`, { token: OWNER.token })).json.status).toBe(
      'pending_review',
    );
  });

  it('approval under 12 concurrent requests: one wins, exactly one ledger account, audited once', async () => {
    const id = await applied(OWNER);
    const results: HttpResult[] = await parallel(12, (i) =>
      call(s, 'POST', `/v1/staff/merchants/${id}/approve`, {
        token: (i % 2 ? ADMIN : COMPLIANCE).token,
        body: {},
      }),
    );
    expect(tally(results)).toEqual({ 200: 1, '409 MERCHANT_ALREADY_REVIEWED': 11 });
    for (const r of results.filter((x) => x.status === 409))
      expect(r.json.code).toBe('MERCHANT_ALREADY_REVIEWED');
    const { rows } = await s.db.pool.query(
      `SELECT a.code, a.flags, a.ledger, ma.currency FROM ledger_accounts a
         LEFT JOIN merchant_accounts ma ON ma.account_id = a.id WHERE a.owner_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ code: 2, flags: 1, ledger: 156, currency: 'CNY' }]);
    const audits = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'merchant.approved' AND subject = $1`,
      [id],
    );
    expect(audits.rows[0].n).toBe(1);
    const view = await call(s, 'GET', `/v1/merchants/${id}`, { token: OWNER.token });
    expect(view.json).toMatchObject({ status: 'active', reviewedAt: expect.any(String) });
    // The owner is told (outbox → in-app notification).
    await s.outbox.runOnce();
    const inbox = await call(s, 'GET', '/v1/notifications', { token: OWNER.token });
    expect(inbox.json.items.map((n: { kind: string }) => n.kind)).toContain('merchant_approved');
  });

  it('rejection keeps the reason, opens no account, and cannot be approved afterwards', async () => {
    const id = await applied(OWNER);
    const r = await call(s, 'POST', `/v1/staff/merchants/${id}/reject`, {
      token: COMPLIANCE.token,
      body: { reason: '营业执照不清晰 licence unreadable' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({
      status: 'rejected',
      rejectReason: '营业执照不清晰 licence unreadable',
      accounts: [],
    });
    const late = await call(s, 'POST', `/v1/staff/merchants/${id}/approve`, { token: ADMIN.token, body: {} });
    expect(late.json.code).toBe('MERCHANT_ALREADY_REVIEWED');
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM ledger_accounts WHERE owner_id = $1',
      [id],
    );
    expect(rows[0].n).toBe(0);
    expect((await call(s, 'GET', `/v1/merchants/${id}`, { token: OWNER.token })).json.rejectReason).toBe(
      '营业执照不清晰 licence unreadable',
    );
    const missing = await call(s, 'POST', `/v1/staff/merchants/${randomUUID()}/approve`, {
      token: ADMIN.token,
      body: {},
    });
    expect(missing.status).toBe(404);
  });
});

describe('API keys', () => {
  it('are shown once, stored only as SHA-256, listed by prefix', async () => {
    const id = await active(OWNER);
    const { key, id: keyId, body } = await newKey(id, ['orders:read', 'orders:write']);
    expect(key).toMatch(/^ybk_live_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    const prefix = key.slice(0, 'ybk_live_'.length + 12);
    expect(body.json.apiKey).toMatchObject({
      prefix,
      status: 'active',
      scopes: ['orders:read', 'orders:write'],
    });
    const secret = key.slice(prefix.length + 1);
    const list = await call(s, 'GET', `/v1/merchants/${id}/api-keys`, { token: OWNER.token });
    expect(list.text).not.toContain(secret);
    expect(list.json.items[0]).toMatchObject({ id: keyId, prefix, lastUsedAt: null, revokedAt: null });
    const dump = await s.db.pool.query(
      `SELECT row_to_json(k)::text AS j, encode(secret_hash, 'hex') AS h FROM merchant_api_keys k WHERE id = $1`,
      [keyId],
    );
    expect(dump.rows[0].j).not.toContain(secret);
    expect(dump.rows[0].h).toBe(createHash('sha256').update(key).digest('hex'));
    const logs = await s.db.pool.query('SELECT data::text AS d FROM audit_log WHERE subject = $1', [id]);
    for (const r of logs.rows) expect(r.d).not.toContain(secret);

    const who = await me(key);
    expect(who.status, who.text).toBe(200);
    expect(who.json).toEqual({
      merchant: {
        id,
        businessName: '张记面馆',
        category: { code: '5812', name: 'Eating places and restaurants', nameZh: '餐馆' },
        status: 'active',
      },
      key: { prefix, name: 'shop backend', scopes: ['orders:read', 'orders:write'] },
    });
    const after = await call(s, 'GET', `/v1/merchants/${id}/api-keys`, { token: OWNER.token });
    expect(after.json.items[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('wrong, unknown, revoked keys → 401; customer and staff tokens are no key; keys open nothing else', async () => {
    const id = await active(OWNER);
    const { key, id: keyId } = await newKey(id);
    const flip = (k: string) => k.slice(0, -1) + (k.endsWith('A') ? 'B' : 'A');
    for (const bad of [
      flip(key),
      key.replace(/_([a-z2-7]{12})_/, '_aaaaaaaaaaaa_'),
      'ybk_live_nonsense',
      'ybk_',
      OWNER.token,
      COMPLIANCE.token,
    ]) {
      const r = await me(bad);
      expect(r.status, bad).toBe(401);
      expect(r.json.code).toBe('UNAUTHENTICATED');
    }
    expect((await call(s, 'GET', '/v1/merchant/me')).status).toBe(401);
    for (const path of [
      '/v1/me',
      `/v1/merchants/${id}`,
      '/v1/me/merchants',
      '/v1/staff/me',
      '/v1/staff/merchants',
    ]) {
      const r = await call(s, 'GET', path, { token: key });
      expect(r.status, path).toBe(401);
    }
    const revoked = await call(s, 'POST', `/v1/merchants/${id}/api-keys/${keyId}/revoke`, {
      token: OWNER.token,
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect((await me(key)).status).toBe(401);
    const rotateRevoked = await call(s, 'POST', `/v1/merchants/${id}/api-keys/${keyId}/rotate`, {
      token: OWNER.token,
      body: {},
    });
    expect(rotateRevoked.json.code).toBe('API_KEY_REVOKED');
  });

  it('keys of merchants in review, rejected or suspended are refused (403 MERCHANT_NOT_ACTIVE)', async () => {
    const pending = await applied(OWNER);
    const { key: pendingKey } = await newKey(pending);
    const r = await me(pendingKey);
    expect(r.status, r.text).toBe(403);
    expect(r.json.code).toBe('MERCHANT_NOT_ACTIVE');
    await call(s, 'POST', `/v1/staff/merchants/${pending}/reject`, {
      token: COMPLIANCE.token,
      body: { reason: 'not a real business' },
    });
    expect((await me(pendingKey)).json.code).toBe('MERCHANT_NOT_ACTIVE');
    // A rejected merchant gets no new keys.
    const closed = await call(s, 'POST', `/v1/merchants/${pending}/api-keys`, {
      token: OWNER.token,
      body: { name: 'again', scopes: ['orders:read'] },
    });
    expect(closed.json.code).toBe('MERCHANT_CLOSED');

    const live = await active(OWNER);
    const { key } = await newKey(live);
    expect((await me(key)).status).toBe(200);
    // Suspension (the staff action comes later): the key stops working at once.
    await s.db.pool.query(`UPDATE merchants SET status = 'suspended' WHERE id = $1`, [live]);
    expect((await me(key)).json.code).toBe('MERCHANT_NOT_ACTIVE');
  });

  it('rotation: the new key works at once, the old one until the overlap ends; a key rotates once', async () => {
    const id = await active(OWNER);
    const { key: old, id: oldId } = await newKey(id, ['orders:read', 'refunds:write']);
    const results = await parallel(4, () =>
      call(s, 'POST', `/v1/merchants/${id}/api-keys/${oldId}/rotate`, {
        token: OWNER.token,
        body: { overlapSeconds: 3600 },
      }),
    );
    expect(tally(results)).toEqual({ 201: 1, '409 API_KEY_ALREADY_ROTATED': 3 });
    const rotated = results.find((r) => r.status === 201)!;
    expect(rotated.json.apiKey.scopes).toEqual(['orders:read', 'refunds:write']);
    expect(rotated.json.previous).toMatchObject({
      id: oldId,
      status: 'expiring',
      expiresAt: expect.any(String),
    });
    const fresh = rotated.json.key as string;
    expect(fresh).not.toBe(old);
    expect((await me(fresh)).status).toBe(200);
    expect((await me(old)).status).toBe(200);
    skew += 3601_000;
    try {
      expect((await me(old)).status).toBe(401);
      expect((await me(fresh)).status).toBe(200);
      const list = await call(s, 'GET', `/v1/merchants/${id}/api-keys`, { token: OWNER.token });
      expect(list.json.items.find((k: { id: string }) => k.id === oldId).status).toBe('expired');
    } finally {
      skew = 0;
    }
    // Without an overlap the old key stops at once.
    const { key: k2, id: k2Id } = await newKey(id);
    const now = await call(s, 'POST', `/v1/merchants/${id}/api-keys/${k2Id}/rotate`, {
      token: OWNER.token,
      body: {},
    });
    expect(now.status, now.text).toBe(201);
    expect((await me(k2)).status).toBe(401);
    expect((await me(now.json.key)).status).toBe(200);
  });

  it('a route’s scope is enforced: a key without it gets 403 INSUFFICIENT_SCOPE', async () => {
    // The real auth hook and key lookup on a second app with one route that needs orders:write.
    const app = await createHttpApp({
      pool: s.db.pool,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      authenticate: async () => null,
      authenticateMerchant: s.merchants.keys.authenticate,
    });
    app.post(
      '/v1/merchant/test-orders',
      { config: { auth: 'merchant', scope: 'orders:write', idempotency: false } },
      async (req) => ({ merchantId: req.merchant!.merchantId }),
    );
    await app.ready();
    try {
      const id = await active(OWNER);
      const { key: reader } = await newKey(id, ['orders:read']);
      const { key: writer } = await newKey(id, ['orders:write']);
      const as = (k: string) =>
        app.inject({
          method: 'POST',
          url: '/v1/merchant/test-orders',
          headers: { authorization: `Bearer ${k}` },
        });
      const denied = await as(reader);
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({
        code: 'INSUFFICIENT_SCOPE',
        details: { required: 'orders:write' },
      });
      const allowed = await as(writer);
      expect(allowed.statusCode, allowed.body).toBe(200);
      expect(allowed.json()).toEqual({ merchantId: id });
      expect((await as(OWNER.token)).statusCode).toBe(401);
    } finally {
      await app.close();
    }
    // A merchant route without a scope is a programming error: the app does not start.
    const bad = await createHttpApp({
      pool: s.db.pool,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      authenticate: async () => null,
    });
    await expect(
      (async () => {
        bad.get('/v1/merchant/unscoped', { config: { auth: 'merchant' } }, async () => ({}));
        await bad.ready();
      })(),
    ).rejects.toThrow(/names no scope/);
    await bad.close().catch(() => {});
  });
});
