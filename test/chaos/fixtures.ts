import { randomBytes, randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { totp } from '../../apps/server/src/modules/security/totp.ts';
import { createStaffAuth } from '../../apps/server/src/modules/staff/index.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { createPool } from '../../apps/server/src/platform/db/pool.ts';
import { masterKeyOf, startKeyring } from '../../apps/server/src/platform/keyring.ts';
import type { KnownSecret } from '../helpers/secret-scan.ts';
import { type Json, type RetryStats, sendUntilDefinitive } from './http.ts';

export type Customer = { phone: string; token: string; customerId: string; walletId: string; cardId: string };
export type Merchant = { id: string; apiKey: string; qrPayload: string; owner: Customer };
export type Fixtures = { customers: Customer[]; merchant: Merchant; known: KnownSecret[] };

export const CUSTOMER_PASSWORD = 'chaos customer password 1';

/** One definitive answer with the expected status, or the setup fails. */
async function must(
  base: string,
  method: string,
  path: string,
  expected: number[],
  opts: { token?: string; body?: unknown; key?: string },
): Promise<Json> {
  const stats: RetryStats = { retries: 0 };
  const a = await sendUntilDefinitive(() => base, method, path, { key: randomUUID(), ...opts }, stats);
  if (!a || !expected.includes(a.status)) throw new Error(`setup ${method} ${path}: ${a?.status} ${a?.text}`);
  return a.json;
}

async function customer(base: string, phone: string, known: KnownSecret[]): Promise<Customer> {
  const s = await must(base, 'POST', '/v1/auth/signup', [201], {
    body: { phone, password: CUSTOMER_PASSWORD },
  });
  const token = s.session.token as string;
  known.push({ kind: 'session-token', value: token });
  const card = await must(base, 'POST', '/v1/cards', [201], {
    token,
    body: { pan: TEST_CARDS.approve, expiry: TEST_CARD_EXPIRY, holderName: 'CHAOS TESTER' },
  });
  return { phone, token, customerId: s.customer.id, walletId: s.customer.walletId, cardId: card.id };
}

/** A compliance officer with an authenticator, signed in over HTTP (the console's way). */
async function complianceToken(
  env: Record<string, string>,
  base: string,
  known: KnownSecret[],
): Promise<string> {
  const config = loadConfig({ ...process.env, ...env });
  const pool = createPool(config.databaseUrl!, { max: 2, role: config.dbAppRole });
  try {
    const auth = createStaffAuth({
      pool,
      vault: await startKeyring(pool, masterKeyOf(config)),
      sessionTtlSeconds: 3600,
    });
    const password = `chaos staff ${randomBytes(8).toString('hex')}`;
    const username = `chaos-compliance-${randomBytes(3).toString('hex')}`;
    const created = await auth.create(
      { username, displayName: username, roles: ['compliance'], password },
      null,
    );
    if (!created.ok) throw new Error(`staff create: ${created.code}`);
    const secret = randomBytes(20);
    await auth.installTotp(created.value.id, secret);
    known.push({ kind: 'password', value: password }, { kind: 'totp-secret', value: secret.toString('hex') });
    const code = totp(secret, new Date());
    const r = await must(base, 'POST', '/v1/staff/auth/login', [200], { body: { username, password, code } });
    known.push({ kind: 'staff-token', value: r.token });
    return r.token as string;
  } finally {
    await pool.end();
  }
}

/** An approved merchant with a static QR code, an API key for orders and refunds, and a webhook. */
async function merchant(
  base: string,
  env: Record<string, string>,
  owner: Customer,
  webhookUrl: string,
  known: KnownSecret[],
): Promise<Merchant> {
  const m = await must(base, 'POST', '/v1/merchants', [201], {
    token: owner.token,
    body: {
      businessName: '混沌面馆',
      mcc: '5812',
      settlement: { kind: 'bank_account', bankName: '中国银行', accountNumber: '6216 6100 0001 8888' },
      contact: { phone: owner.phone, email: 'chaos@example.cn' },
    },
  });
  const staff = await complianceToken(env, base, known);
  await must(base, 'POST', `/v1/staff/merchants/${m.id}/approve`, [200], { token: staff, body: {} });
  const k = await must(base, 'POST', `/v1/merchants/${m.id}/api-keys`, [201], {
    token: owner.token,
    body: { name: 'chaos shop', scopes: ['orders:read', 'orders:write', 'refunds:write'] },
  });
  known.push({ kind: 'api-key', value: k.key });
  const w = await must(base, 'POST', `/v1/merchants/${m.id}/webhooks`, [201], {
    token: owner.token,
    body: { url: webhookUrl },
  });
  known.push({ kind: 'webhook-secret', value: w.secret });
  const q = await must(base, 'POST', `/v1/merchants/${m.id}/qr-codes`, [201], {
    token: owner.token,
    body: { kind: 'static' },
  });
  return { id: m.id, apiKey: k.key, qrPayload: q.payload, owner };
}

export async function createFixtures(opts: {
  base: string;
  /** The API's environment (database URL, master key): staff are created like `yinbao staff create`. */
  env: Record<string, string>;
  customers: number;
  webhookUrl: string;
}): Promise<Fixtures> {
  const known: KnownSecret[] = [{ kind: 'password', value: CUSTOMER_PASSWORD }];
  const prefix = 139_0000_0000 + Math.floor(Math.random() * 9000) * 1000;
  const customers: Customer[] = [];
  for (let i = 0; i <= opts.customers; i++)
    customers.push(await customer(opts.base, String(prefix + i), known));
  const owner = customers.pop()!;
  return {
    customers,
    merchant: await merchant(opts.base, opts.env, owner, opts.webhookUrl, known),
    known,
  };
}
