import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectClientError, phoneSource } from '../../../../test/helpers/api.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../../../../test/helpers/staff.ts';
import { API_KEY_SCOPES } from '../modules/merchants/index.ts';
import { customer, merchant, type User } from './pos-fixtures.ts';

/**
 * Bad input found by the schema fuzzer (test/fuzz): each case answered a 5xx or an error outside
 * the {code, message} contract before its fix.
 */
let s: TestServer;
let U: User;
let ADMIN: StaffUser;
let shop: { id: string; key: string };
const phone = phoneSource('1593');

beforeAll(async () => {
  s = await startTestServer({ background: false });
  U = await customer(s, phone());
  ADMIN = await staffWithRoles(s, ['admin']);
  const owner = await customer(s, phone());
  shop = await merchant(s, owner, ADMIN, 'Edge Shop');
  const k = await call(s, 'POST', `/v1/merchants/${shop.id}/api-keys`, {
    token: owner.token,
    body: { name: 'every scope', scopes: [...API_KEY_SCOPES] },
  });
  expect(k.status, k.text).toBe(201);
  shop.key = k.json.key;
});
afterAll(async () => {
  await s?.stop();
});

/** A raw HTTP request (to send what fetch refuses to) and the first line plus body of the answer. */
function rawRequest(text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(Number(new URL(s.url).port), '127.0.0.1');
    let out = '';
    sock.on('data', (d) => {
      out += d.toString();
    });
    sock.on('error', reject);
    sock.on('close', () =>
      resolve({ status: Number(out.split(' ')[1]), body: out.slice(out.indexOf('\r\n\r\n') + 4) }),
    );
    sock.write(text);
  });
}

describe('errors answered before any route runs keep the {code, message} contract', () => {
  it('a broken percent-encoding in the path: 400 BAD_URL', async () => {
    for (const bad of ['%FF', '%ED%A0%80', '%zz', '%']) {
      const r = await call(s, 'GET', `/v1/cards/${bad}`, { token: U.token });
      expectClientError(r, bad, 'BAD_URL');
      expect(r.status).toBe(400);
    }
  });
  it('a path parameter over the router limit: 414 URI_TOO_LONG', async () => {
    const r = await call(s, 'GET', `/v1/cards/${'x'.repeat(500)}`, { token: U.token });
    expectClientError(r, 'long param', 'URI_TOO_LONG');
    expect(r.status).toBe(414);
  });
  it('headers over 16 kB: 431 HEADERS_TOO_LARGE as JSON', async () => {
    const r = await rawRequest(`GET /v1/me?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body)).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.any(String) });
  });
});

describe('values the schema let through reached the database (503) before their fix', () => {
  it('settlements: `before` must be a calendar day (400), not any NNNN-NN-NN', async () => {
    for (const before of ['2024-13-45', '2384-63-27', '0000-01-01']) {
      const r = await call(s, 'GET', `/v1/merchant/settlements?before=${before}`, { token: shop.key });
      expectClientError(r, before, 'VALIDATION_ERROR');
    }
    const ok = await call(s, 'GET', '/v1/merchant/settlements?before=2024-02-29', { token: shop.key });
    expect(ok.status, ok.text).toBe(200);
  });
  it("a wallet's month summary for any year the query allows (was a 503 before year 1000 and in 9999-12)", async () => {
    for (const [month, days] of [
      ['0657-10', 31],
      ['0001-01', 31],
      ['9999-12', 31],
      ['2024-02', 29],
    ] as const) {
      const r = await call(s, 'GET', `/v1/wallets/${U.walletId}/summary?month=${month}`, { token: U.token });
      expect(r.status, `${month}: ${r.text}`).toBe(200);
      expect(r.json.days, month).toHaveLength(days);
    }
  });
  it('staff customer search by any text, emoji included, is a 404 (the audit masks by code point)', async () => {
    for (const q of ['😀😀😀', '1😀2😀3😀4', '中文']) {
      const r = await call(s, 'GET', `/v1/staff/customers?phone=${encodeURIComponent(q)}`, {
        token: ADMIN.token,
      });
      expectClientError(r, q, 'CUSTOMER_NOT_FOUND');
    }
  });
  it('free text over its documented maxLength is refused even when it is only padding', async () => {
    const r = await call(s, 'POST', '/v1/merchant/orders', {
      token: shop.key,
      body: { amount: { amount: '1.00', currency: 'CNY' }, reference: 'PAD-1', description: ' '.repeat(501) },
    });
    expectClientError(r, 'padded description', 'VALIDATION_ERROR');
  });
  it('staff sign-in with a username that is not storable text: 400, not a 503 from the audit', async () => {
    for (const username of ['x\udfffy', 'a\u0000b', '\ud800']) {
      const r = await call(s, 'POST', '/v1/staff/auth/login', {
        body: { username, password: 'whatever pw' },
      });
      expectClientError(r, JSON.stringify(username), 'VALIDATION_ERROR');
    }
  });
});
