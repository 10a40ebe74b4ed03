import { randomUUID } from 'node:crypto';
import { TEST_CARD_EXPIRY, TEST_CARDS } from '@yinbao/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fund, signup, startTestServer, type TestServer } from '../../../../test/helpers/server.ts';
import { bindCard, settled, startOperation } from '../modules/cards/cards.test-support.ts';
import { createCardNetworkClient } from '../modules/cards/index.ts';
import { reconcileCommand } from './reconcile.ts';

/**
 * `yinbao reconcile` against the card network (K4): real top-ups and withdrawals through the
 * simulator (real HTTP, callbacks), then the ledger's card operations and settlement account
 * compared with the network's settlement report; then each kind of break made on purpose.
 */
let s: TestServer;
let customer: Awaited<ReturnType<typeof signup>>;
const run = async (
  cardNetwork = createCardNetworkClient({ url: () => s.sim!.url, secret: 'sim-secret' }),
) => {
  const out: string[] = [];
  const code = await reconcileCommand(s.db.pool, (m) => out.push(m), { cardNetwork });
  return { code, out };
};

beforeAll(async () => {
  s = await startTestServer({ cardNetwork: { decisionDelayMs: 5 } });
  customer = await signup(s, '13712346001');
  const ok = await bindCard(s, customer.token, TEST_CARDS.approve);
  const poor = await bindCard(s, customer.token, TEST_CARDS.insufficientFunds);
  // Two approved top-ups, one declined, one approved withdrawal.
  for (const [card, amount, kind] of [
    [ok.id, '300.00', 'topup'],
    [ok.id, '45.67', 'topup'],
    [poor.id, '20.00', 'topup'],
    [ok.id, '100.00', 'withdrawal'],
  ] as const) {
    const r = await startOperation(s, customer.token, kind, card, amount, randomUUID());
    expect(r.statusCode, r.body).toBe(202);
    const done = await settled(s, customer.token, kind, r.json().id);
    expect(done.status, JSON.stringify(done)).not.toBe('pending');
  }
});
afterAll(async () => {
  await s?.stop();
});

describe('yinbao reconcile: ledger vs card network', () => {
  it('matches every operation and the settlement account with the network report: exit 0', async () => {
    const { code, out } = await run();
    expect(out.join('\n')).toContain(
      'card network: 4 operations, 4 network records; 4 matched, 0 never sent, 0 in flight; settlement net 24567 (ledger) / 24567 (network)',
    );
    expect(out.at(-1)).toBe('reconcile: no breaks');
    expect(code).toBe(0);
  });

  it('says so and exits 2 when the network cannot be asked; --no-card-network skips it', async () => {
    const down = await run(createCardNetworkClient({ url: () => 'http://127.0.0.1:9', secret: 'x' }));
    expect(down.code).toBe(2);
    expect(down.out.join('\n')).toContain('card network: settlement report unavailable');
    const out: string[] = [];
    expect(await reconcileCommand(s.db.pool, (m) => out.push(m))).toBe(0);
    expect(out).toContain('card network: not compared (--no-card-network)');
  });

  it('reports money the network moved that the wallet does not know, and money booked from nowhere', async () => {
    // An authorization the network approved that no wallet operation asked for.
    const stray = randomUUID();
    const res = await fetch(`${s.sim!.url}/v1/authorizations`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim-secret', 'content-type': 'application/json' },
      body: JSON.stringify({
        id: stray,
        type: 'pull',
        pan: TEST_CARDS.approveVisa,
        expiry: TEST_CARD_EXPIRY,
        amount: '999',
        currency: 'CNY',
        callbackUrl: 'http://127.0.0.1:9/none',
      }),
    });
    expect(res.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const res2 = await fetch(`${s.sim!.url}/v1/authorizations/${stray}`, {
        headers: { authorization: 'Bearer sim-secret' },
      });
      const r = (await res2.json()) as { status: string };
      if (r.status !== 'pending') break;
      await new Promise((r2) => setTimeout(r2, 20));
    }
    // A credit booked as if from the card network without any card operation (the test fixture).
    await fund(s, customer.walletId, 1_00n);
    const { code, out } = await run();
    expect(code).toBe(1);
    const breaks = out.filter((l) => l.startsWith('BREAK card'));
    expect(breaks).toHaveLength(2);
    expect(
      breaks.some((l) => l.includes(`${stray} unknown_to_wallet`) && l.includes('pull 999 CNY approved')),
    ).toBe(true);
    expect(
      breaks.some((l) => l.includes('settlement_transfer_without_operation') && l.includes('100 posted')),
    ).toBe(true);
    expect(out.at(-1)).toBe('reconcile: 2 break(s)');
  });
});
