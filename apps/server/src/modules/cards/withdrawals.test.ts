import { TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, fund, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import {
  bindCard,
  cardBalance,
  databaseText,
  getOperation,
  ledgerBalanced,
  settled,
  skewableClock,
  startOperation,
  wallet,
} from './cards.test-support.ts';

const logLines: string[] = [];
const clock = skewableClock();
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    background: false,
    logLines,
    clock: clock.now,
    // Withdrawals above ¥500 need the password again.
    env: { CARD_AUTH_TIMEOUT_SECONDS: '30', RISK_STEP_UP_ABOVE_MINOR: '50000' },
    cardNetwork: { decisionDelayMs: 10, callbackRetry: { attempts: 3, baseDelayMs: 20, timeoutMs: 2000 } },
  });
});
afterAll(async () => {
  await s?.stop();
});

const PASSWORD = 'correct horse battery';

const withdraw = (token: string, cardId: string, amount: string, extra: Record<string, unknown> = {}) =>
  s.app.inject({
    method: 'POST',
    url: '/v1/withdrawals',
    headers: auth(token),
    payload: { cardId, amount: { amount, currency: 'CNY' }, ...extra },
  });

describe('withdrawal to a linked card (A7 push)', () => {
  it('holds the money at once and pays the card when the network approves', async () => {
    const a = await signup(s, '13600000001');
    await fund(s, a.walletId, 1000_00n);
    const card = await bindCard(s, a.token, TEST_CARDS.approveVisa);
    const before = await cardBalance(s, TEST_CARDS.approveVisa);
    const res = await startOperation(s, a.token, 'withdrawal', card.id, '100.00', 'wd-1');
    expect(res.statusCode, res.body).toBe(202);
    // Spendable balance drops with the response, whatever the network has said by now.
    expect((await wallet(s, a.token, a.walletId)).available).toBe('900.00');

    const done = await settled(s, a.token, 'withdrawal', res.json().id);
    expect(done).toMatchObject({
      status: 'succeeded',
      amount: { amount: '100.00' },
      card: { last4: '1111' },
    });
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '900.00',
      posted: '900.00',
      pendingOutgoing: '0.00',
      usedToday: '100.00',
    });
    expect(await cardBalance(s, TEST_CARDS.approveVisa)).toBe(before + 10000n);

    const hist = (
      await s.app.inject({
        url: `/v1/wallets/${a.walletId}/transactions?kind=withdrawal`,
        headers: auth(a.token),
      })
    ).json();
    expect(hist.items).toHaveLength(1);
    expect(hist.items[0]).toMatchObject({
      direction: 'out',
      status: 'completed',
      counterparty: { name: `${card.bankName} ••1111` },
    });
    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    expect(inbox.items.map((i: { kind: string }) => i.kind)).toContain('withdrawal_succeeded');
    expect(await ledgerBalanced(s)).toBe(true);
  });

  it('gives back the hold and the daily limit usage when the card is declined', async () => {
    const a = await signup(s, '13600000002');
    await fund(s, a.walletId, 500_00n);
    const card = await bindCard(s, a.token, TEST_CARDS.doNotHonour);
    const before = await cardBalance(s, TEST_CARDS.doNotHonour);
    const res = await startOperation(s, a.token, 'withdrawal', card.id, '200.00');
    expect(res.statusCode).toBe(202);
    const done = await settled(s, a.token, 'withdrawal', res.json().id);
    expect(done).toMatchObject({ status: 'declined', declineReason: 'do_not_honour' });
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '500.00',
      pendingOutgoing: '0.00',
      usedToday: '0.00',
    });
    expect(await cardBalance(s, TEST_CARDS.doNotHonour)).toBe(before);
    const hist = (
      await s.app.inject({ url: `/v1/wallets/${a.walletId}/transactions`, headers: auth(a.token) })
    ).json();
    expect(hist.items[0]).toMatchObject({ kind: 'withdrawal', status: 'cancelled' });
  });

  it('refuses more than the balance without holding anything', async () => {
    const a = await signup(s, '13600000003');
    await fund(s, a.walletId, 10_00n);
    const card = await bindCard(s, a.token, TEST_CARDS.approveVisa);
    const r = await withdraw(a.token, card.id, '10.01');
    expect([r.statusCode, r.json().code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({ available: '10.00', usedToday: '0.00' });
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM card_operations WHERE customer_id = $1',
      [a.customerId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('enforces the tier single and daily limits, and asks for a confirmation above the risk threshold', async () => {
    const a = await signup(s, '13600000004');
    await fund(s, a.walletId, 9000_00n);
    const card = await bindCard(s, a.token, TEST_CARDS.approveMastercard);
    // Above the threshold: a challenge bound to this amount and card, then the same request with it.
    const confirmed = async (amount: string) => {
      const ask = await withdraw(a.token, card.id, amount);
      expect([ask.statusCode, ask.json().code]).toEqual([403, 'STEP_UP_REQUIRED']);
      const challengeId = ask.json().details.challenge.id as string;
      return withdraw(a.token, card.id, amount, { stepUp: { challengeId, password: PASSWORD } });
    };
    const single = await withdraw(a.token, card.id, '2000.01');
    expect([single.statusCode, single.json().code]).toEqual([422, 'SINGLE_LIMIT_EXCEEDED']);

    const ask = await withdraw(a.token, card.id, '2000.00');
    expect([ask.statusCode, ask.json().code]).toEqual([403, 'STEP_UP_REQUIRED']);
    // No payment PIN set yet: the login password confirms.
    expect(ask.json().details.challenge.methods).toEqual(['password']);
    const challengeId = ask.json().details.challenge.id as string;
    const wrong = await withdraw(a.token, card.id, '2000.00', {
      stepUp: { challengeId, password: 'nope nope nope' },
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'STEP_UP_FAILED']);
    const right = await withdraw(a.token, card.id, '2000.00', {
      stepUp: { challengeId, password: PASSWORD },
    });
    expect(right.statusCode, right.body).toBe(202);
    const second = await confirmed('2000.00');
    expect(second.statusCode, second.body).toBe(202);
    // Class IV daily limit is ¥5,000: ¥4,000 used.
    const over = await confirmed('1000.01');
    expect([over.statusCode, over.json().code]).toEqual([422, 'DAILY_LIMIT_EXCEEDED']);
    const exact = await confirmed('1000.00');
    expect(exact.statusCode).toBe(202);
    expect((await wallet(s, a.token, a.walletId)).usedToday).toBe('5000.00');
  });

  it('times out when the network never answers: money and limit usage come back', async () => {
    const a = await signup(s, '13600000005');
    await fund(s, a.walletId, 300_00n);
    const card = await bindCard(s, a.token, TEST_CARDS.timeout);
    const id = (await startOperation(s, a.token, 'withdrawal', card.id, '50.00')).json().id;
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({ available: '250.00', usedToday: '50.00' });

    clock.advance(31_000);
    expect(await s.sweep()).toBeGreaterThanOrEqual(1);
    expect((await getOperation(s, a.token, 'withdrawal', id)).status).toBe('timed_out');
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '300.00',
      pendingOutgoing: '0.00',
      usedToday: '0.00',
    });
    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    const n = inbox.items.find((i: { kind: string }) => i.kind === 'withdrawal_timed_out');
    expect(n.title).toContain('money returned');
    expect(await ledgerBalanced(s)).toBe(true);
  });

  it('never logs or stores a card number in clear', async () => {
    const logs = logLines.join('\n');
    expect(logs).toContain('card authorization requested');
    const db = await databaseText(s);
    for (const pan of Object.values(TEST_CARDS)) {
      expect(logs).not.toContain(pan);
      expect(db).not.toContain(pan);
    }
  });
});
