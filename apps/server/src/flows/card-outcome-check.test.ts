import { TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import {
  authorizationAt,
  bindCard,
  getOperation,
  ledgerBalanced,
  skewableClock,
  startOperation,
  until,
  wallet,
} from '../modules/cards/cards.test-support.ts';

// Regression (crash chaos, issue 7): the network approved a top-up while the API was down; its
// callback was lost, the hold expired, and the card was charged with the wallet never credited.
const clock = skewableClock();
let s: TestServer;
let realPublicUrl: string;
beforeAll(async () => {
  s = await startTestServer({
    background: false,
    clock: clock.now,
    env: { CARD_AUTH_TIMEOUT_SECONDS: '30' },
    // One quick callback attempt: nobody listens at the URL below, so it is lost.
    cardNetwork: { decisionDelayMs: 5, callbackRetry: { attempts: 1, baseDelayMs: 5, timeoutMs: 500 } },
  });
  realPublicUrl = s.config.publicUrl;
});
afterAll(async () => {
  await s?.stop();
});

/** A top-up the network approves but whose callback goes nowhere (the API "down"). */
async function topupWithLostCallback(phone: string) {
  const u = await signup(s, phone);
  const card = await bindCard(s, u.token, TEST_CARDS.approve);
  s.config.publicUrl = 'http://127.0.0.1:9';
  const started = await startOperation(s, u.token, 'topup', card.id, '30.00');
  s.config.publicUrl = realPublicUrl;
  expect(started.statusCode).toBe(202);
  const id = started.json().id as string;
  const at = await until(
    () => authorizationAt(s, id),
    (a) => a.body.status === 'approved' && a.body.callbackAttempts.length === 1,
  );
  expect(at.body.callbacksDelivered).toBe(0);
  return { u, id };
}

/** As if the operation were older than the check's patience (no waiting in the test). */
const age = (id: string) =>
  s.db.pool.query(`UPDATE card_operations SET created_at = now() - interval '1 minute' WHERE id = $1`, [id]);

describe('card operations whose network callback was lost', () => {
  it('a pending top-up the network approved is posted when the network is asked', async () => {
    const { u, id } = await topupWithLostCallback('13700000001');
    expect(await s.cardOutcomes.runOnce()).toBe(0); // too young: the callback may still come
    expect((await getOperation(s, u.token, 'topup', id)).status).toBe('pending');
    await age(id);
    expect(await s.cardOutcomes.runOnce()).toBe(1);
    expect((await getOperation(s, u.token, 'topup', id)).status).toBe('succeeded');
    expect((await wallet(s, u.token, u.walletId)).available).toBe('30.00');
    // Settled once: another pass finds nothing, and the late callback would be a duplicate.
    expect(await s.cardOutcomes.runOnce()).toBe(0);
    expect(await ledgerBalanced(s)).toBe(true);
  });

  it('a top-up whose hold expired first is reversed at the network, checked once', async () => {
    const { u, id } = await topupWithLostCallback('13700000002');
    clock.advance(31_000);
    expect(await s.sweep()).toBeGreaterThanOrEqual(1);
    expect((await getOperation(s, u.token, 'topup', id)).status).toBe('timed_out');
    expect(await s.cardOutcomes.runOnce()).toBe(1);
    expect((await authorizationAt(s, id)).body.status).toBe('reversed');
    const { rows } = await s.db.pool.query(
      'SELECT status, network_reversed FROM card_operations WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ status: 'timed_out', network_reversed: true });
    expect(await s.cardOutcomes.runOnce()).toBe(0);
    expect((await wallet(s, u.token, u.walletId)).available).toBe('0.00');
  });
});
