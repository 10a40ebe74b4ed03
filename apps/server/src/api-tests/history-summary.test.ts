import { randomUUID } from 'node:crypto';
import { TransferFlags, uuidv7 } from '@yinbao/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, phoneSource } from '../../../../test/helpers/api.ts';
import { fund, signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { AccountCode, systemAccountId, TransferCode } from '../platform/system-accounts.ts';

/**
 * One transaction of a wallet (GET /v1/wallets/{walletId}/transactions/{transactionId}) and a month's
 * totals (GET /v1/wallets/{walletId}/summary?month=YYYY-MM): days and months counted in Asia/Shanghai,
 * only settled money counted (the same rows and statuses the history shows), someone else's wallet or
 * transaction answered exactly like a missing one.
 */
let s: TestServer;
const phone = phoneSource('1570');
// A hand-set clock: the ledger stamps each transfer with it, so the test places money on chosen days.
let now = new Date('2026-10-20T04:00:00Z');
const at = (iso: string) => {
  now = new Date(iso);
};

type User = Awaited<ReturnType<typeof signup>>;
let A: User;
let B: User;
let accountA: string;
const settlement = systemAccountId(156, AccountCode.cardNetworkSettlement);
let p2pId: string;
let voidedId: string;
let postedId: string;
let pendingId: string;

async function submit(t: Record<string, unknown>) {
  const [r] = await s.engine.submit([{ ledger: 156, ...t } as never]);
  if (!r?.ok) throw new Error(`ledger: ${JSON.stringify(r)}`);
}

beforeAll(async () => {
  s = await startTestServer({ background: false, clock: () => now });
  A = await signup(s, phone());
  B = await signup(s, phone());
  const { rows } = await s.db.pool.query(
    `SELECT account_id FROM wallet_accounts WHERE wallet_id = $1 AND currency = 'CNY'`,
    [A.walletId],
  );
  accountA = rows[0].account_id;

  // October (Shanghai): ¥1,000.00 in on the 20th.
  await fund(s, A.walletId, 1000_00n);
  // 23:59:59 on 31 October in Shanghai (15:59:59Z): still October. ¥1.00 out to B.
  at('2026-10-31T15:59:59Z');
  const t1 = await call(s, 'POST', '/v1/transfers', {
    token: A.token,
    idempotencyKey: randomUUID(),
    body: { to: { phone: B.phone }, amount: { amount: '1.00', currency: 'CNY' }, note: 'late dinner' },
  });
  expect(t1.status, t1.text).toBe(201);
  // 00:00:00 on 1 November in Shanghai (16:00:00Z on 31 October UTC): November. ¥2.50 out.
  at('2026-10-31T16:00:00Z');
  const t2 = await call(s, 'POST', '/v1/transfers', {
    token: A.token,
    idempotencyKey: randomUUID(),
    body: { to: { phone: B.phone }, amount: { amount: '2.50', currency: 'CNY' }, note: 'breakfast' },
  });
  expect(t2.status, t2.text).toBe(201);
  p2pId = t2.json.id;
  // 3 November: ¥10.00 and ¥0.25 out (two on one day), ¥40.00 in.
  at('2026-11-03T02:00:00Z');
  for (const amount of ['10.00', '0.25']) {
    const r = await call(s, 'POST', '/v1/transfers', {
      token: A.token,
      idempotencyKey: randomUUID(),
      body: { to: { phone: B.phone }, amount: { amount, currency: 'CNY' } },
    });
    expect(r.status, r.text).toBe(201);
  }
  await fund(s, A.walletId, 40_00n);
  // 5 November: three withdrawal holds — one voided, one posted for less, one still pending.
  at('2026-11-05T06:00:00Z');
  voidedId = uuidv7();
  postedId = uuidv7();
  pendingId = uuidv7();
  for (const [id, amount] of [
    [voidedId, 7_00n],
    [postedId, 30_00n],
    [pendingId, 9_00n],
  ] as const)
    await submit({
      id,
      debitAccountId: accountA,
      creditAccountId: settlement,
      amount,
      code: TransferCode.withdrawal,
      flags: TransferFlags.pending,
      userData: { kind: 'withdrawal', to: { name: 'Card 0001' } },
    });
  at('2026-11-05T07:00:00Z');
  await submit({
    id: uuidv7(),
    pendingId: voidedId,
    code: TransferCode.withdrawal,
    flags: TransferFlags.voidPending,
  });
  await submit({
    id: uuidv7(),
    pendingId: postedId,
    amount: 20_00n,
    code: TransferCode.withdrawal,
    flags: TransferFlags.postPending,
  });
  // 30 November, 23:30 in Shanghai: still November. ¥3.00 out.
  at('2026-11-30T15:30:00Z');
  const t3 = await call(s, 'POST', '/v1/transfers', {
    token: A.token,
    idempotencyKey: randomUUID(),
    body: { to: { phone: B.phone }, amount: { amount: '3.00', currency: 'CNY' } },
  });
  expect(t3.status, t3.text).toBe(201);
  at('2026-11-30T16:30:00Z'); // 1 December, 00:30 in Shanghai
});

afterAll(async () => {
  await s?.stop();
});

const summary = (u: User, walletId: string, month?: string) =>
  call(s, 'GET', `/v1/wallets/${walletId}/summary${month ? `?month=${month}` : ''}`, { token: u.token });

describe('month summary', () => {
  it('sums per day and per month in Asia/Shanghai, settled money only', async () => {
    const nov = await summary(A, A.walletId, '2026-11');
    expect(nov.status, nov.text).toBe(200);
    const j = nov.json;
    expect(j.month).toBe('2026-11');
    expect(j.timeZone).toBe('Asia/Shanghai');
    expect(j.days).toHaveLength(30);
    const day = (d: string) => j.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-11-01')).toEqual({ date: '2026-11-01', in: '0.00', out: '2.50' });
    expect(day('2026-11-03')).toEqual({ date: '2026-11-03', in: '40.00', out: '10.25' });
    // The void counts nothing, the post counts what was posted, the pending hold nothing yet.
    expect(day('2026-11-05')).toEqual({ date: '2026-11-05', in: '0.00', out: '20.00' });
    expect(day('2026-11-30')).toEqual({ date: '2026-11-30', in: '0.00', out: '3.00' });
    expect(j.totalOut).toEqual({ amount: '35.75', currency: 'CNY' });
    expect(j.totalIn).toEqual({ amount: '40.00', currency: 'CNY' });
    expect(j.countOut).toBe(5);
    expect(j.countIn).toBe(1);
    const kinds = Object.fromEntries(j.byKind.map((k: { kind: string }) => [k.kind, k]));
    expect(kinds.p2p).toEqual({ kind: 'p2p', in: '0.00', out: '15.75' });
    expect(kinds.withdrawal).toEqual({ kind: 'withdrawal', in: '0.00', out: '20.00' });
    expect(kinds.topup).toEqual({ kind: 'topup', in: '40.00', out: '0.00' });

    const oct = await summary(A, A.walletId, '2026-10');
    expect(oct.status, oct.text).toBe(200);
    expect(oct.json.days).toHaveLength(31);
    expect(oct.json.totalIn.amount).toBe('1000.00');
    expect(oct.json.totalOut.amount).toBe('1.00');
    expect(oct.json.days.find((x: { date: string }) => x.date === '2026-10-31').out).toBe('1.00');

    // The receiving side sees the same money coming in.
    const bNov = await summary(B, B.walletId, '2026-11');
    expect(bNov.json.totalIn.amount).toBe('15.75');
    expect(bNov.json.totalOut.amount).toBe('0.00');
  });

  it('agrees with the completed rows of the history', async () => {
    const h = await call(
      s,
      'GET',
      `/v1/wallets/${A.walletId}/transactions?direction=out&from=${encodeURIComponent('2026-11-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-12-01T00:00:00+08:00')}&limit=100`,
      { token: A.token },
    );
    expect(h.status, h.text).toBe(200);
    const statuses = Object.fromEntries(
      h.json.items.map((i: { id: string; status: string }) => [i.id, i.status]),
    );
    expect(statuses[voidedId]).toBe('cancelled');
    expect(statuses[pendingId]).toBe('pending');
    expect(statuses[postedId]).toBe('completed');
    const fen = h.json.items
      .filter((i: { status: string }) => i.status === 'completed')
      .reduce(
        (sum: bigint, i: { amount: { amount: string } }) => sum + BigInt(i.amount.amount.replace('.', '')),
        0n,
      );
    expect(fen).toBe(35_75n);
  });

  it('defaults to the current month in Asia/Shanghai', async () => {
    // The clock is 30 November 16:30 UTC, which is already 1 December in Shanghai.
    const r = await summary(A, A.walletId);
    expect(r.status, r.text).toBe(200);
    expect(r.json.month).toBe('2026-12');
    expect(r.json.totalOut.amount).toBe('0.00');
    expect(r.json.days).toHaveLength(31);
  });

  it("someone else's wallet answers exactly like a missing one", async () => {
    const foreign = await summary(B, A.walletId, '2026-11');
    const missingId = randomUUID();
    const missing = await summary(B, missingId, '2026-11');
    expect(foreign.status).toBe(404);
    expect(foreign.text.split(A.walletId).join('<id>')).toBe(missing.text.split(missingId).join('<id>'));
    expect(foreign.json.code).toBe('WALLET_NOT_FOUND');
  });

  it('a malformed month is refused with 400', async () => {
    for (const m of ['2026-13', '2026-1', '26-11', 'november', '2026-00', '2026-11-01']) {
      const r = await summary(A, A.walletId, m);
      expect(r.status, `${m}: ${r.text}`).toBe(400);
      expect(r.json.code).toBe('VALIDATION_ERROR');
    }
    const extra = await call(s, 'GET', `/v1/wallets/${A.walletId}/summary?month=2026-11&x=1`, {
      token: A.token,
    });
    expect(extra.status).toBe(400);
  });
});

describe('one transaction', () => {
  const one = (u: User, walletId: string, id: string) =>
    call(s, 'GET', `/v1/wallets/${walletId}/transactions/${id}`, { token: u.token });

  it('has the shape of the history item, for both sides', async () => {
    const h = await call(s, 'GET', `/v1/wallets/${A.walletId}/transactions?limit=100`, { token: A.token });
    const listed = h.json.items.find((i: { id: string }) => i.id === p2pId);
    expect(listed).toBeTruthy();
    const r = await one(A, A.walletId, p2pId);
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual(listed);
    expect(r.json.note).toBe('breakfast');
    expect(r.json.direction).toBe('out');
    const rb = await one(B, B.walletId, p2pId);
    expect(rb.status, rb.text).toBe(200);
    expect(rb.json.direction).toBe('in');
    expect(rb.json.amount).toEqual({ amount: '2.50', currency: 'CNY' });
    const held = await one(A, A.walletId, pendingId);
    expect(held.json.status).toBe('pending');
  });

  it("someone else's wallet or transaction answers exactly like a missing one", async () => {
    const C = await signup(s, phone());
    const missingTx = randomUUID();
    // C's own wallet, A's transaction (not C's) vs a transaction that does not exist.
    const foreignTx = await one(C, C.walletId, voidedId);
    const missing = await one(C, C.walletId, missingTx);
    expect(foreignTx.status).toBe(404);
    expect(foreignTx.json.code).toBe('TRANSACTION_NOT_FOUND');
    expect(foreignTx.text.split(voidedId).join('<id>')).toBe(missing.text.split(missingTx).join('<id>'));
    // A's wallet as C vs a missing wallet.
    const foreignWallet = await one(C, A.walletId, p2pId);
    const missingWalletId = randomUUID();
    const missingWallet = await one(C, missingWalletId, missingTx);
    expect(foreignWallet.status).toBe(404);
    expect(foreignWallet.json.code).toBe('WALLET_NOT_FOUND');
    expect(foreignWallet.text.split(A.walletId).join('<w>').split(p2pId).join('<t>')).toBe(
      missingWallet.text.split(missingWalletId).join('<w>').split(missingTx).join('<t>'),
    );
    // A malformed id is a 400.
    const bad = await call(s, 'GET', `/v1/wallets/${A.walletId}/transactions/nope`, { token: A.token });
    expect(bad.status).toBe(400);
  });
});
