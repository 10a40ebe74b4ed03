import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  fen,
  type HttpResult,
  ledgerImbalances,
  p2pSentBy,
  parallel,
  phoneSource,
  tally,
  walletBalance,
} from '../../../../test/helpers/api.ts';
import { fund, signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';

/**
 * Wallet-tier limits (A2) straddled by 100 parallel payments over real HTTP: the limit is checked in
 * the posting transaction, so exactly as many succeed as fit and nothing overshoots.
 * Tier 4 defaults (tiers.ts): single ¥2,000, daily ¥5,000, annual ¥50,000, balance cap ¥10,000.
 */
let s: TestServer;
const phone = phoneSource('1590');

// A clock that runs in real time from 12:00 Asia/Shanghai today, so the daily counter cannot roll
// over at local midnight in the middle of a test.
const start = Date.now();
const noonShanghai = new Date(
  `${new Date(start + 8 * 3600_000).toISOString().slice(0, 10)}T04:00:00Z`,
).getTime();
const clock = () => new Date(noonShanghai + (Date.now() - start));

beforeAll(async () => {
  s = await startTestServer({ poolMax: 60, background: false, clock });
});
afterAll(async () => {
  await s?.stop();
});

async function signupMany(n: number) {
  const out: Awaited<ReturnType<typeof signup>>[] = [];
  for (let i = 0; i < n; i += 10) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => signup(s, phone())))));
  }
  return out;
}

const pay = (token: string, to: string, amount: string, key?: string): Promise<HttpResult> =>
  call(s, 'POST', '/v1/transfers', {
    token,
    ...(key === undefined ? {} : { idempotencyKey: key }),
    body: { to: { phone: to }, amount: { amount, currency: 'CNY' } },
  });

async function wallet(token: string, walletId: string) {
  const r = await call(s, 'GET', `/v1/wallets/${walletId}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

describe('tier limits under 100 parallel payments', () => {
  it('daily limit: ¥60 × 100 from a ¥9,000 tier-4 wallet → exactly 83 succeed, 17 DAILY_LIMIT_EXCEEDED', async () => {
    const [sender, ...recipients] = await signupMany(5);
    await fund(s, sender!.walletId, fen('9000'));
    const w0 = await wallet(sender!.token, sender!.walletId);
    expect(w0.tier).toBe(4);
    expect(w0.limits.dailyLimit).toEqual({ amount: '5000.00', currency: 'CNY' });

    const results = await parallel(100, (i) =>
      pay(sender!.token, recipients[i % recipients.length]!.phone, '60.00', `daily-${i}`),
    );

    expect(tally(results)).toEqual({ '201': 83, '422 DAILY_LIMIT_EXCEEDED': 17 });
    expect(await p2pSentBy(s, sender!.walletId)).toBe(83);
    const w = await wallet(sender!.token, sender!.walletId);
    expect(w.limits.usedToday).toEqual({ amount: String(83 * 60) + '.00', currency: 'CNY' });
    expect(w.limits.usedThisYear).toEqual({ amount: '4980.00', currency: 'CNY' });
    expect(w.balances[0].available).toBe('4020.00');
    // Conservation: what left the sender is exactly what the recipients received.
    let received = 0n;
    for (const r of recipients) received += (await walletBalance(s, r.walletId)).posted;
    expect(received).toBe(fen('4980'));
    expect((await walletBalance(s, sender!.walletId)).posted + received).toBe(fen('9000'));
    expect(await ledgerImbalances(s)).toEqual([]);
    // The 84th payment fails even alone; a payment that fits the remaining ¥20 still goes through.
    expect((await pay(sender!.token, recipients[0]!.phone, '60.00')).json.code).toBe('DAILY_LIMIT_EXCEEDED');
    expect((await pay(sender!.token, recipients[0]!.phone, '20.00')).status).toBe(201);
    expect((await pay(sender!.token, recipients[0]!.phone, '0.01')).json.code).toBe('DAILY_LIMIT_EXCEEDED');
  });

  it('balance cap: 100 senders × ¥150 to one empty tier-4 wallet → exactly 66 succeed, the rest RECIPIENT_CANNOT_RECEIVE', async () => {
    const [recipient, ...senders] = await signupMany(101);
    await Promise.all(senders.map((x) => fund(s, x.walletId, fen('150'))));

    const results = await parallel(100, (i) =>
      pay(senders[i]!.token, recipient!.phone, '150.00', `cap-${i}`),
    );

    expect(tally(results)).toEqual({ '201': 66, '422 RECIPIENT_CANNOT_RECEIVE': 34 });
    const bal = await walletBalance(s, recipient!.walletId);
    expect(bal.posted).toBe(fen('9900'));
    expect(bal.posted).toBeLessThanOrEqual(fen('10000'));
    const w = await wallet(recipient!.token, recipient!.walletId);
    expect(w.balances[0].available).toBe('9900.00');
    // Each sender either paid ¥150 or kept it, matching its own response.
    let total = bal.posted;
    for (const [i, x] of senders.entries()) {
      const b = (await walletBalance(s, x.walletId)).posted;
      expect(b, `sender ${i}`).toBe(results[i]!.status === 201 ? 0n : fen('150'));
      total += b;
    }
    expect(total).toBe(fen('15000'));
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('single limit: ¥2,000.01 → SINGLE_LIMIT_EXCEEDED and nothing written; ¥2,000.00 goes through', async () => {
    const [sender, recipient] = await signupMany(2);
    await fund(s, sender!.walletId, fen('3000'));
    const over = await pay(sender!.token, recipient!.phone, '2000.01');
    expect(over.status, over.text).toBe(422);
    expect(over.json.code).toBe('SINGLE_LIMIT_EXCEEDED');
    expect(await p2pSentBy(s, sender!.walletId)).toBe(0);
    expect((await wallet(sender!.token, sender!.walletId)).limits.usedToday.amount).toBe('0.00');

    const exact = await pay(sender!.token, recipient!.phone, '2000.00');
    expect(exact.status, exact.text).toBe(201);
    expect(await p2pSentBy(s, sender!.walletId)).toBe(1);
    expect((await walletBalance(s, recipient!.walletId)).posted).toBe(fen('2000'));
    expect(await ledgerImbalances(s)).toEqual([]);
  });

  it('insufficient funds: ¥7 × 100 from a ¥100 wallet → exactly 14 succeed, 86 INSUFFICIENT_FUNDS', async () => {
    const [sender, r1, r2] = await signupMany(3);
    await fund(s, sender!.walletId, fen('100'));

    const results = await parallel(100, (i) => pay(sender!.token, (i % 2 ? r1 : r2)!.phone, '7.00'));

    expect(tally(results)).toEqual({ '201': 14, '422 INSUFFICIENT_FUNDS': 86 });
    expect(await p2pSentBy(s, sender!.walletId)).toBe(14);
    const b = await walletBalance(s, sender!.walletId);
    expect(b.posted).toBe(fen('2'));
    expect(b.available).toBe(fen('2'));
    expect(
      (await walletBalance(s, r1!.walletId)).posted + (await walletBalance(s, r2!.walletId)).posted,
    ).toBe(fen('98'));
    expect((await wallet(sender!.token, sender!.walletId)).limits.usedToday.amount).toBe('98.00');
    expect(await ledgerImbalances(s)).toEqual([]);
  });
});
