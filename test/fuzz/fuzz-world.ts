/**
 * The objects the fuzz run aims at: a customer U (funded, a card bound, owner of an approved
 * merchant with an API key of every scope, a webhook, a QR code, a paid order), a second customer
 * R (the payee and payer), a staff member with every role, and ids of each kind of object, so
 * that generated requests reach real rows as well as absent ones.
 *
 * Valid fuzz cases may log U out, freeze the wallet or revoke the key: `healthy` tells, and the
 * run builds a fresh world (new customers, merchant, staff) when it is not.
 */
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { signupUser, type User, validBody } from '../../apps/server/src/api-tests/bad-input.cases.ts';
import { API_KEY_SCOPES } from '../../apps/server/src/modules/merchants/index.ts';
import { ROLES } from '../../apps/server/src/modules/staff/roles.ts';
import { call, type Operation, phoneSource } from '../helpers/api.ts';
import type { KnownSecret } from '../helpers/secret-scan.ts';
import { fund, type TestServer } from '../helpers/server.ts';
import { type StaffUser, staffWithRoles } from '../helpers/staff.ts';

export type World = {
  U: User;
  R: User;
  staff: StaffUser;
  merchantKey: string;
  /** Real ids by path parameter name (walletId, merchantId, orderId…). */
  ids: Record<string, string>;
};

export const PIN = '246810';
const phone = phoneSource('1371');
let worldNo = 0;

async function ok(s: TestServer, label: string, method: string, path: string, token: string, body?: unknown) {
  const r = await call(s, method, path, {
    token,
    body,
    idempotencyKey: `${label}-${Date.now()}-${Math.random()}`,
  });
  if (r.status >= 300) throw new Error(`fuzz world: ${label}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

/** Every secret a world hands to the server (for the log scan). */
export function worldSecrets(w: World, password: string): KnownSecret[] {
  return [
    { kind: 'password', value: password },
    { kind: 'password', value: w.staff.password },
    { kind: 'pin', value: PIN },
    { kind: 'token', value: w.U.token },
    { kind: 'token', value: w.R.token },
    { kind: 'token', value: w.staff.token },
    { kind: 'api-key', value: w.merchantKey },
  ];
}

export async function buildWorld(s: TestServer): Promise<World> {
  // The fuzzed sign-in operations fail on purpose, all from 127.0.0.1: past FUZZ_RUNS=50 the
  // per-address throttle (staff: 50 failures an hour) blocks every sign-in, the new world's too.
  // The throttle is tested elsewhere (staff-auth, login-throttle tests); a new world starts clean.
  await s.db.pool.query('DELETE FROM auth_throttle');
  const U = await signupUser(s, phone);
  const R = await signupUser(s, phone);
  const n = ++worldNo;
  const staff = await staffWithRoles(s, [...ROLES], `fuzz-all-roles-${n}`);
  const other = await staffWithRoles(s, ['operator'], `fuzz-operator-${n}`);
  await fund(s, U.walletId, 1_000_00n);
  await fund(s, R.walletId, 1_000_00n);
  const t = U.token;
  const card = await ok(s, 'card', 'POST', '/v1/cards', t, {
    pan: TEST_CARDS.approve,
    expiry: TEST_CARD_EXPIRY,
    holderName: 'Zhang San',
  });
  U.cardId = card.id;
  await ok(s, 'pin', 'PUT', '/v1/me/pin', t, { pin: PIN, password: 'correct horse battery' }).catch(
    () => null,
  );
  const transfer = await ok(s, 'transfer', 'POST', '/v1/transfers', t, {
    to: { phone: R.phone },
    amount: { amount: '1.00', currency: 'CNY' },
  });
  const topup = await ok(s, 'topup', 'POST', '/v1/topups', t, {
    cardId: card.id,
    amount: { amount: '1.00', currency: 'CNY' },
  });
  const withdrawal = await ok(s, 'withdrawal', 'POST', '/v1/withdrawals', t, {
    cardId: card.id,
    amount: { amount: '1.00', currency: 'CNY' },
  });
  const merchant = await ok(
    s,
    'merchant',
    'POST',
    '/v1/merchants',
    t,
    validBody({ method: 'POST', path: '/v1/merchants' } as Operation, U, R),
  );
  await ok(s, 'approve', 'POST', `/v1/staff/merchants/${merchant.id}/approve`, staff.token, {});
  const m = `/v1/merchants/${merchant.id}`;
  const key = await ok(s, 'key', 'POST', `${m}/api-keys`, t, { name: 'fuzz', scopes: [...API_KEY_SCOPES] });
  const spareKey = await ok(s, 'key2', 'POST', `${m}/api-keys`, t, {
    name: 'spare',
    scopes: [API_KEY_SCOPES[0]],
  });
  const hook = await ok(s, 'webhook', 'POST', `${m}/webhooks`, t, {
    url: 'https://shop.example.com/hooks',
    events: ['order.paid'],
  });
  const qr = await ok(s, 'qr', 'POST', `${m}/qr-codes`, t, { kind: 'static' });
  const order = await ok(s, 'order', 'POST', '/v1/merchant/orders', key.key, {
    amount: { amount: '50.00', currency: 'CNY' },
    reference: `FUZZ-${Date.now()}`,
    expiresInSeconds: 3600,
  });
  await ok(s, 'checkout', 'POST', `/v1/checkout/${order.id}/pay`, R.token, {});
  const txs = await ok(s, 'txs', 'GET', `/v1/wallets/${U.walletId}/transactions`, t);
  const notes = await ok(s, 'notes', 'GET', '/v1/notifications', R.token);
  const sessions = await ok(s, 'sessions', 'GET', '/v1/me/sessions', R.token);
  const request = await ok(s, 'request', 'POST', '/v1/staff/requests', staff.token, {
    customerId: R.customerId,
    reason: 'fuzz fixture',
    action: { kind: 'raise_tier', tier: 2 },
  });
  const ids: Record<string, string> = {
    walletId: U.walletId,
    customerId: U.customerId,
    cardId: card.id,
    transferId: transfer.id,
    transactionId: txs.items?.[0]?.id,
    id: topup.id ?? withdrawal.id,
    merchantId: merchant.id,
    keyId: spareKey.apiKey?.id ?? spareKey.id,
    webhookId: hook.webhook?.id,
    qrCodeId: qr.id,
    orderId: order.id,
    notificationId: notes.items?.[0]?.id,
    sessionId: sessions.items?.[0]?.id,
    requestId: request.id,
    staffId: other.id,
  };
  for (const [k, v] of Object.entries(ids)) if (typeof v !== 'string') delete ids[k];
  return { U, R, staff, merchantKey: key.key, ids };
}

/** Whether the world's credentials still work and U's wallet can still pay. */
export async function healthy(s: TestServer, w: World): Promise<boolean> {
  const me = await call(s, 'GET', '/v1/me', { token: w.U.token });
  const wallet = await call(s, 'GET', `/v1/wallets/${w.U.walletId}`, { token: w.U.token });
  const staff = await call(s, 'GET', '/v1/staff/me', { token: w.staff.token });
  const merchant = await call(s, 'GET', '/v1/merchant/me', { token: w.merchantKey });
  return (
    me.status === 200 &&
    wallet.status === 200 &&
    wallet.json?.status === 'active' &&
    staff.status === 200 &&
    merchant.status === 200
  );
}

/** The credential for an operation's audience. */
export const tokenFor = (w: World, o: Operation): string | undefined =>
  o.audience === 'staff'
    ? w.staff.token
    : o.audience === 'merchant'
      ? w.merchantKey
      : o.audience === 'customer'
        ? w.U.token
        : undefined;
