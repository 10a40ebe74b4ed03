import { setTimeout as sleep } from 'node:timers/promises';
import { signPayload, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import {
  authorizationAt,
  bindCard,
  cardBalance,
  databaseText,
  getOperation,
  ledgerBalanced,
  settled,
  simGet,
  skewableClock,
  startOperation,
  until,
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
    env: { CARD_AUTH_TIMEOUT_SECONDS: '30' },
    cardNetwork: {
      decisionDelayMs: 10,
      lateDelayMs: 1500,
      slowAcceptMs: 300,
      callbackRetry: { attempts: 3, baseDelayMs: 20, timeoutMs: 2000 },
    },
  });
});
afterAll(async () => {
  await s?.stop();
});

const callback = (body: string, signature: string) =>
  s.app.inject({
    method: 'POST',
    url: '/v1/callbacks/card-network',
    headers: { 'content-type': 'application/json', 'x-signature': signature },
    payload: body,
  });

describe('top-up from a linked card (A7 pull)', () => {
  it('holds the credit until the network approves, then credits the wallet and notifies', async () => {
    const a = await signup(s, '13700000001');
    const card = await bindCard(s, a.token, TEST_CARDS.approve);
    const before = await cardBalance(s, TEST_CARDS.approve);
    const res = await startOperation(s, a.token, 'topup', card.id, '123.45', 'top-1');
    expect(res.statusCode, res.body).toBe(202);
    const op = res.json();
    expect(op).toMatchObject({
      kind: 'topup',
      amount: { amount: '123.45', currency: 'CNY' },
      card: { id: card.id, last4: '0001' },
    });
    expect(['pending', 'succeeded']).toContain(op.status);

    const done = await settled(s, a.token, 'topup', op.id);
    expect(done.status).toBe('succeeded');
    expect(done.declineReason).toBeUndefined();
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '123.45',
      pendingIncoming: '0.00',
    });
    expect(await cardBalance(s, TEST_CARDS.approve)).toBe(before - 12345n);

    // A retry with the same key is the same operation and moves nothing more.
    const retry = await startOperation(s, a.token, 'topup', card.id, '123.45', 'top-1');
    expect(retry.json().id).toBe(op.id);
    expect((await wallet(s, a.token, a.walletId)).available).toBe('123.45');

    const hist = (
      await s.app.inject({ url: `/v1/wallets/${a.walletId}/transactions`, headers: auth(a.token) })
    ).json();
    expect(hist.items).toHaveLength(1);
    expect(hist.items[0]).toMatchObject({
      kind: 'topup',
      direction: 'in',
      status: 'completed',
      amount: { amount: '123.45' },
      counterparty: { name: 'Industrial and Commercial Bank of China ••0001' },
    });

    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    const n = inbox.items.find((i: { kind: string }) => i.kind === 'topup_succeeded');
    expect(n.title).toContain('Top-up successful');
    expect(n.body).toContain('••0001');
    expect(await ledgerBalanced(s)).toBe(true);
  });

  it('credits nothing when the card is declined, and says why', async () => {
    const a = await signup(s, '13700000002');
    const card = await bindCard(s, a.token, TEST_CARDS.insufficientFunds);
    const res = await startOperation(s, a.token, 'topup', card.id, '50.00');
    expect(res.statusCode).toBe(202);
    const done = await settled(s, a.token, 'topup', res.json().id);
    expect(done).toMatchObject({ status: 'declined', declineReason: 'insufficient_funds' });
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '0.00',
      posted: '0.00',
      pendingIncoming: '0.00',
    });
    const hist = (
      await s.app.inject({ url: `/v1/wallets/${a.walletId}/transactions`, headers: auth(a.token) })
    ).json();
    expect(hist.items[0]).toMatchObject({ kind: 'topup', status: 'cancelled' });
    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    expect(inbox.items.map((i: { kind: string }) => i.kind)).toContain('topup_declined');
  });

  it('refuses a top-up over the tier balance cap, counting holds not yet approved', async () => {
    const a = await signup(s, '13700000003');
    const card = await bindCard(s, a.token, TEST_CARDS.timeout);
    // Class IV cap is ¥10,000.
    const over = await startOperation(s, a.token, 'topup', card.id, '10000.01');
    expect([over.statusCode, over.json().code]).toEqual([422, 'BALANCE_CAP_EXCEEDED']);
    const first = await startOperation(s, a.token, 'topup', card.id, '6000.00');
    expect(first.statusCode).toBe(202);
    const second = await startOperation(s, a.token, 'topup', card.id, '4000.01');
    expect([second.statusCode, second.json().code]).toEqual([422, 'BALANCE_CAP_EXCEEDED']);
    const { rows } = await s.db.pool.query(
      'SELECT count(*)::int AS n FROM card_operations WHERE customer_id = $1',
      [a.customerId],
    );
    expect(rows[0].n).toBe(1);
    for (const [amount, code] of [
      ['0', 'INVALID_AMOUNT'],
      ['1.001', 'INVALID_AMOUNT'],
      ['-1', 'INVALID_AMOUNT'],
    ]) {
      const r = await startOperation(s, a.token, 'topup', card.id, amount!);
      expect(r.json().code).toBe(code);
    }
  });

  it('times out when the network never answers: the hold is released and nothing is credited', async () => {
    const a = await signup(s, '13700000004');
    const card = await bindCard(s, a.token, TEST_CARDS.timeout);
    const res = await startOperation(s, a.token, 'topup', card.id, '20.00');
    const id = res.json().id;
    expect((await wallet(s, a.token, a.walletId)).pendingIncoming).toBe('20.00');
    await sleep(100);
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('pending');

    clock.advance(31_000);
    expect(await s.sweep()).toBeGreaterThanOrEqual(1);
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('timed_out');
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '0.00',
      pendingIncoming: '0.00',
    });
    const hist = (
      await s.app.inject({ url: `/v1/wallets/${a.walletId}/transactions`, headers: auth(a.token) })
    ).json();
    expect(hist.items[0]).toMatchObject({ kind: 'topup', status: 'expired' });
    await s.outbox.runOnce();
    const inbox = (await s.app.inject({ url: '/v1/notifications', headers: auth(a.token) })).json();
    expect(inbox.items.map((i: { kind: string }) => i.kind)).toContain('topup_timed_out');
    // The card can be unlinked again.
    const del = await s.app.inject({ method: 'DELETE', url: `/v1/cards/${card.id}`, headers: auth(a.token) });
    expect(del.statusCode).toBe(200);
  });

  it('leaves the operation pending when the network cannot be reached, until the hold expires', async () => {
    const a = await signup(s, '13700000010');
    const card = await bindCard(s, a.token, TEST_CARDS.approve);
    const realUrl = s.config.cardNetwork.url;
    s.config.cardNetwork.url = 'http://127.0.0.1:9'; // nothing listens there
    let id: string;
    try {
      const res = await startOperation(s, a.token, 'topup', card.id, '15.00');
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().status).toBe('pending');
      id = res.json().id;
    } finally {
      s.config.cardNetwork.url = realUrl;
    }
    expect((await simGet(s, `/v1/authorizations/${id}`)).status).toBe(404);
    expect((await wallet(s, a.token, a.walletId)).pendingIncoming).toBe('15.00');
    clock.advance(31_000);
    await s.sweep();
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('timed_out');
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '0.00',
      pendingIncoming: '0.00',
    });
  });

  it('releases the hold at once when the network refuses the request itself', async () => {
    const a = await signup(s, '13700000011');
    const card = await bindCard(s, a.token, TEST_CARDS.approve);
    const realPublicUrl = s.config.publicUrl;
    s.config.publicUrl = 'ftp://wallet.invalid'; // the network accepts only http(s) callback URLs
    try {
      const res = await startOperation(s, a.token, 'topup', card.id, '16.00');
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ status: 'declined', declineReason: 'network_rejected' });
    } finally {
      s.config.publicUrl = realPublicUrl;
    }
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '0.00',
      pendingIncoming: '0.00',
    });
  });

  it('copes with a network that is slow to accept', async () => {
    const a = await signup(s, '13700000012');
    const card = await bindCard(s, a.token, TEST_CARDS.slowAccept);
    const res = await startOperation(s, a.token, 'topup', card.id, '17.00');
    expect(res.statusCode).toBe(202);
    expect((await settled(s, a.token, 'topup', res.json().id)).status).toBe('succeeded');
    expect((await wallet(s, a.token, a.walletId)).available).toBe('17.00');
  });

  it('reverses at the network an approval that arrives after the hold expired', async () => {
    const a = await signup(s, '13700000005');
    const card = await bindCard(s, a.token, TEST_CARDS.late);
    const before = await cardBalance(s, TEST_CARDS.late);
    const res = await startOperation(s, a.token, 'topup', card.id, '88.00');
    const id = res.json().id;
    // The network approves (and debits the card) at once, but its callback comes 1.5 s later.
    const decided = await until(
      () => authorizationAt(s, id),
      (r) => r.body.status === 'approved',
    );
    expect(decided.body.status).toBe('approved');
    clock.advance(31_000);
    await s.sweep();
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('timed_out');

    const reversed = await until(
      () => authorizationAt(s, id),
      (r) => r.body.status === 'reversed' && r.body.callbacksDelivered === 1,
    );
    expect(reversed.body.status).toBe('reversed');
    expect(reversed.body.callbacksDelivered).toBe(1);
    expect(await cardBalance(s, TEST_CARDS.late)).toBe(before);
    const op = await getOperation(s, a.token, 'topup', id);
    expect(op.status).toBe('timed_out');
    const { rows } = await s.db.pool.query('SELECT network_reversed FROM card_operations WHERE id = $1', [
      id,
    ]);
    expect(rows[0].network_reversed).toBe(true);
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '0.00',
      pendingIncoming: '0.00',
    });
    expect(await ledgerBalanced(s)).toBe(true);
  });

  it('credits exactly once when the network calls back twice', async () => {
    const a = await signup(s, '13700000006');
    const card = await bindCard(s, a.token, TEST_CARDS.duplicate);
    const res = await startOperation(s, a.token, 'topup', card.id, '30.00');
    const id = res.json().id;
    const auth2 = await until(
      () => authorizationAt(s, id),
      (r) => r.body.callbacksDelivered === 2,
    );
    expect(auth2.body.callbacksDelivered).toBe(2);
    expect(auth2.body.callbackAttempts.map((x) => x.statusCode)).toEqual([200, 200]);
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('succeeded');
    expect((await wallet(s, a.token, a.walletId)).available).toBe('30.00');
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM ledger_transfers t JOIN card_operations o ON t.pending_id = o.pending_transfer_id
        WHERE o.id = $1`,
      [id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('ignores a forged callback and answers unknown operations with 404', async () => {
    const a = await signup(s, '13700000007');
    const card = await bindCard(s, a.token, TEST_CARDS.timeout);
    const id = (await startOperation(s, a.token, 'topup', card.id, '40.00')).json().id;
    const body = JSON.stringify({
      id,
      networkRef: 'cn_forged',
      type: 'pull',
      status: 'approved',
      amount: '4000',
      currency: 'CNY',
      decidedAt: new Date().toISOString(),
    });
    for (const sig of [signPayload('not-the-secret', body), 'garbage', '']) {
      const r = await callback(body, sig);
      expect([r.statusCode, r.json().code]).toEqual([401, 'INVALID_SIGNATURE']);
    }
    // Signed for a different body: refused too.
    const tampered = await callback(body, signPayload('sim-secret', body.replace('4000', '400000')));
    expect(tampered.statusCode).toBe(401);
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('pending');
    expect(await wallet(s, a.token, a.walletId)).toMatchObject({
      available: '0.00',
      pendingIncoming: '40.00',
    });

    const unknown = JSON.stringify({ ...JSON.parse(body), id: '01890000-0000-7000-8000-000000000001' });
    const r404 = await callback(unknown, signPayload('sim-secret', unknown));
    expect([r404.statusCode, r404.json().code]).toEqual([404, 'OPERATION_NOT_FOUND']);
    const mismatch = JSON.stringify({ ...JSON.parse(body), amount: '4001' });
    const r422 = await callback(mismatch, signPayload('sim-secret', mismatch));
    expect([r422.statusCode, r422.json().code]).toEqual([422, 'CALLBACK_MISMATCH']);
    expect((await getOperation(s, a.token, 'topup', id)).status).toBe('pending');
  });

  it('shows a top-up only to its owner', async () => {
    const a = await signup(s, '13700000008');
    const b = await signup(s, '13700000009');
    const card = await bindCard(s, a.token, TEST_CARDS.approveMastercard);
    const id = (await startOperation(s, a.token, 'topup', card.id, '1.00')).json().id;
    const r = await s.app.inject({ url: `/v1/topups/${id}`, headers: auth(b.token) });
    expect([r.statusCode, r.json().code]).toEqual([404, 'OPERATION_NOT_FOUND']);
    const asWithdrawal = await s.app.inject({ url: `/v1/withdrawals/${id}`, headers: auth(a.token) });
    expect(asWithdrawal.statusCode).toBe(404);
  });

  it('never logs or stores a card number in clear', async () => {
    const logs = logLines.join('\n');
    expect(logs).toContain('card authorization requested');
    const db = await databaseText(s);
    for (const pan of Object.values(TEST_CARDS)) {
      expect(logs).not.toContain(pan);
      expect(db).not.toContain(pan);
    }
    expect(await ledgerBalanced(s)).toBe(true);
  });
});
