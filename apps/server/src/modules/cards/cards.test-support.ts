import { setTimeout as sleep } from 'node:timers/promises';
import { type AuthorizationView, TEST_CARD_EXPIRY } from '@yinbao/simulators';
import { auth, type TestServer } from '../../../../../test/helpers/server.ts';

/** Test helpers for cards: real HTTP to the simulator, polling with a deadline. */

/** A clock the test can move forward (holds expire without sleeping). */
export function skewableClock() {
  let skewMs = 0;
  return {
    now: () => new Date(Date.now() + skewMs),
    advance: (ms: number) => {
      skewMs += ms;
    },
  };
}

export async function bindCard(s: TestServer, token: string, pan: string, expiry = TEST_CARD_EXPIRY) {
  const r = await s.app.inject({
    method: 'POST',
    url: '/v1/cards',
    headers: auth(token),
    payload: { pan, expiry, holderName: 'ZHANG SAN' },
  });
  if (r.statusCode !== 201) throw new Error(`bind failed: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string; last4: string; bankName: string; brand: string };
}

export async function startOperation(
  s: TestServer,
  token: string,
  kind: 'topup' | 'withdrawal',
  cardId: string,
  amount: string,
  key?: string,
) {
  return s.app.inject({
    method: 'POST',
    url: kind === 'topup' ? '/v1/topups' : '/v1/withdrawals',
    headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) },
    payload: { cardId, amount: { amount, currency: 'CNY' } },
  });
}

export async function getOperation(s: TestServer, token: string, kind: 'topup' | 'withdrawal', id: string) {
  const r = await s.app.inject({
    url: `${kind === 'topup' ? '/v1/topups' : '/v1/withdrawals'}/${id}`,
    headers: auth(token),
  });
  return r.json();
}

/** Polls until `done(value)` or the deadline; returns the last value (the assertion after it fails). */
export async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await sleep(25);
  }
}

/** Polls GET /v1/<kind>s/:id until the status is no longer pending. */
export const settled = (s: TestServer, token: string, kind: 'topup' | 'withdrawal', id: string) =>
  until(
    () => getOperation(s, token, kind, id),
    (op) => op.status !== 'pending',
  );

export async function wallet(s: TestServer, token: string, walletId: string) {
  const w = (await s.app.inject({ url: `/v1/wallets/${walletId}`, headers: auth(token) })).json();
  return {
    available: w.balances[0].available as string,
    posted: w.balances[0].posted as string,
    pendingIncoming: w.balances[0].pendingIncoming as string,
    pendingOutgoing: w.balances[0].pendingOutgoing as string,
    usedToday: w.limits.usedToday.amount as string,
  };
}

/** The simulator's own view, over its HTTP API (bearer secret). */
export async function simGet<T>(s: TestServer, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${s.sim!.url}${path}`, {
    headers: { authorization: `Bearer ${s.config.cardNetwork.secret}` },
  });
  return { status: res.status, body: (await res.json()) as T };
}

export const authorizationAt = (s: TestServer, id: string) =>
  simGet<AuthorizationView>(s, `/v1/authorizations/${id}`);

export const cardBalance = async (s: TestServer, pan: string) =>
  BigInt((await simGet<{ balance: string }>(s, `/_control/cards/${pan}`)).body.balance);

/** Σ of all balances per ledger is zero, posted and pending. */
export async function ledgerBalanced(s: TestServer) {
  const { rows } = await s.db.pool.query(
    'SELECT ledger, posted_imbalance, pending_imbalance FROM ledger_totals ORDER BY ledger',
  );
  return rows.every((r) => BigInt(r.posted_imbalance) === 0n && BigInt(r.pending_imbalance) === 0n);
}

/** Every place a card number could leak to in the database, as text. */
export async function databaseText(s: TestServer) {
  const tables = [
    'cards',
    'card_operations',
    'ledger_transfers',
    'outbox_events',
    'notifications',
    'idempotency_keys',
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const { rows } = await s.db.pool.query(`SELECT to_jsonb(x)::text AS j FROM ${t} x`);
    parts.push(...rows.map((r) => r.j as string));
  }
  return parts.join('\n');
}
