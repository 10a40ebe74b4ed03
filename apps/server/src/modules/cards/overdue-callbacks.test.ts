import { randomUUID } from 'node:crypto';
import { TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup, startTestServer, type TestServer } from '../../../../../test/helpers/server.ts';
import { reconcileCommand } from '../../cli/reconcile.ts';
import { createCardNetworkClient } from './card-network.client.ts';
import { bindCard, getOperation, startOperation, until, wallet } from './cards.test-support.ts';

/**
 * A callback that never arrives (the API was down while the network retried, and the network gave
 * up): the network approved a top-up — the card was charged — and the wallet must not let the hold
 * expire as if nothing happened. The outcome check (flows/card-outcome-check.ts) asks the network and books its answer.
 */
let s: TestServer;
let user: Awaited<ReturnType<typeof signup>>;

beforeAll(async () => {
  // The network calls back a port where nothing listens: every callback is lost.
  s = await startTestServer({
    background: false,
    cardNetwork: { decisionDelayMs: 5, callbackRetry: { attempts: 1, baseDelayMs: 1, timeoutMs: 500 } },
    env: { PUBLIC_URL: 'http://127.0.0.1:9' },
  });
  user = await signup(s, '13712347001');
});
afterAll(async () => {
  await s?.stop();
});

/** A top-up the network has decided (its callback lost), made to look `seconds` old. */
async function decidedTopup(pan: string, amount: string) {
  const card = await bindCard(s, user.token, pan);
  const r = await startOperation(s, user.token, 'topup', card.id, amount, randomUUID());
  expect(r.statusCode, r.body).toBe(202);
  const id = r.json().id as string;
  const network = createCardNetworkClient({ url: () => s.sim!.url, secret: 'sim-secret' });
  const decided = await until(
    () => network.status(id),
    (x) => x.kind === 'decided',
  );
  expect(decided.kind).toBe('decided');
  expect((await getOperation(s, user.token, 'topup', id)).status).toBe('pending');
  return id;
}
const age = (id: string, seconds: number) =>
  s.db.pool.query(`UPDATE card_operations SET created_at = now() - make_interval(secs => $2) WHERE id = $1`, [
    id,
    seconds,
  ]);

describe('card operations whose callback is overdue', () => {
  it('are settled from the network record: approved credits the wallet, declined releases the hold', async () => {
    const approved = await decidedTopup(TEST_CARDS.approve, '88.00');
    const declined = await decidedTopup(TEST_CARDS.insufficientFunds, '12.00');
    // Not overdue yet: the poller leaves them (the callback may still come).
    expect(await s.cardOutcomes.runOnce()).toBe(0);
    expect((await getOperation(s, user.token, 'topup', approved)).status).toBe('pending');

    await age(approved, 10);
    await age(declined, 10);
    expect(await s.cardOutcomes.runOnce()).toBe(2);
    expect((await getOperation(s, user.token, 'topup', approved)).status).toBe('succeeded');
    const d = await getOperation(s, user.token, 'topup', declined);
    expect([d.status, d.declineReason]).toEqual(['declined', 'insufficient_funds']);
    expect(await wallet(s, user.token, user.walletId)).toMatchObject({
      available: '88.00',
      pendingIncoming: '0.00',
    });
    // Nothing left to do; a second pass books nothing twice.
    expect(await s.cardOutcomes.runOnce()).toBe(0);

    // The ledger and the network agree.
    const out: string[] = [];
    const network = createCardNetworkClient({ url: () => s.sim!.url, secret: 'sim-secret' });
    expect(await reconcileCommand(s.db.pool, (m) => out.push(m), { cardNetwork: network })).toBe(0);
    expect(out.join('\n')).toContain('2 matched');
  });
});
