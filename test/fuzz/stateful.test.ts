/**
 * Stateful fuzzing (issue 7): fast-check model-based runs of "create then use" sequences over real
 * HTTP — top up from a bound card, transfer to another customer, pay the merchant's QR code,
 * create an order (merchant API key) and pay it, refund part of it — against a model of the
 * expected balances, checked after every step against GET /v1/wallets/{id} (customers) and the
 * merchant's settlement account; the ledger's totals stay balanced throughout.
 *
 * FUZZ_SEED replays a run; FUZZ_STATEFUL_RUNS sets how many sequences (default 10).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { merchantBalance } from '../../apps/server/src/api-tests/pos-fixtures.ts';
import { call, ledgerImbalances } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildWorld, type World } from './fuzz-world.ts';

const RUNS = Number(process.env.FUZZ_STATEFUL_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let s: TestServer;
let w: World;
let qrPayload: string;

type Model = {
  U: bigint;
  R: bigint;
  M: bigint;
  orders: Array<{ id: string; paid: bigint; refunded: bigint }>;
};
type Real = { counts: Record<string, number> };

const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
const cny = (fen: bigint) => ({ amount: yuan(fen), currency: 'CNY' });
const available = async (token: string, walletId: string): Promise<bigint> => {
  const r = await call(s, 'GET', `/v1/wallets/${walletId}`, { token });
  expect(r.status, r.text).toBe(200);
  const b = r.json.balances.find((x: { currency: string }) => x.currency === 'CNY');
  return BigInt(b.available.replace('.', ''));
};

async function check(m: Model) {
  expect(await available(w.U.token, w.U.walletId), 'U').toBe(m.U);
  expect(await available(w.R.token, w.R.walletId), 'R').toBe(m.R);
  expect(await merchantBalance(s, w.ids.merchantId!), 'merchant').toBe(m.M);
  expect(await ledgerImbalances(s)).toEqual([]);
}

const post = (path: string, token: string, body: unknown) =>
  call(s, 'POST', path, { token, body, idempotencyKey: randomUUID() });

const step = (
  name: string,
  run: (m: Model, r: Real) => Promise<void>,
  can: (m: Model) => boolean = () => true,
) =>
  ({
    check: can,
    run: async (m: Model, r: Real) => {
      await run(m, r);
      const kind = name.replace(/ \d+\.\d{2}/g, '');
      r.counts[kind] = (r.counts[kind] ?? 0) + 1;
      await check(m);
    },
    toString: () => name,
  }) satisfies fc.AsyncCommand<Model, Real>;

const amount = fc.bigInt({ min: 1n, max: 5_000n });
const commands = [
  amount.map((a) =>
    step(`topup ${yuan(a)}`, async (m) => {
      const t = await post('/v1/topups', w.U.token, { cardId: w.ids.cardId, amount: cny(a) });
      expect(t.status, t.text).toBe(202);
      let g = t;
      for (let i = 0; i < 200 && g.json.status === 'pending'; i++) {
        await new Promise((res) => setTimeout(res, 20));
        g = await call(s, 'GET', `/v1/topups/${t.json.id}`, { token: w.U.token });
      }
      expect(g.json.status, g.text).toBe('succeeded');
      m.U += a;
    }),
  ),
  amount.map((a) =>
    step(
      `transfer U→R ${yuan(a)}`,
      async (m) => {
        const t = await post('/v1/transfers', w.U.token, { to: { phone: w.R.phone }, amount: cny(a) });
        expect([t.status, t.json.status], t.text).toEqual([201, 'completed']);
        m.U -= a;
        m.R += a;
      },
      (m) => m.U >= a,
    ),
  ),
  amount.map((a) =>
    step(
      `R pays the QR ${yuan(a)}`,
      async (m) => {
        const t = await post('/v1/qr/pay', w.R.token, { payload: qrPayload, amount: cny(a) });
        expect(t.status, t.text).toBe(201);
        m.R -= a;
        m.M += a;
      },
      (m) => m.R >= a,
    ),
  ),
  amount.map((a) =>
    step(
      `order ${yuan(a)}, R pays it`,
      async (m) => {
        const o = await post('/v1/merchant/orders', w.merchantKey, {
          amount: cny(a),
          reference: `SF-${randomUUID().slice(0, 12)}`,
          expiresInSeconds: 600,
        });
        expect(o.status, o.text).toBe(201);
        const p = await post(`/v1/checkout/${o.json.id}/pay`, w.R.token, {});
        expect(p.status, p.text).toBe(201);
        m.R -= a;
        m.M += a;
        m.orders.push({ id: o.json.id, paid: a, refunded: 0n });
      },
      (m) => m.R >= a,
    ),
  ),
  fc.tuple(fc.nat(), fc.bigInt({ min: 1n, max: 100n })).map(([i, pct]) =>
    step(
      'refund part of an order',
      async (m) => {
        const o = m.orders[i % m.orders.length]!;
        const a = ((o.paid - o.refunded) * pct) / 100n || 1n;
        const r = await post(`/v1/merchant/orders/${o.id}/refunds`, w.merchantKey, {
          amount: cny(a),
          reference: `RF-${randomUUID().slice(0, 12)}`,
        });
        expect(r.status, r.text).toBe(201);
        o.refunded += a;
        m.M -= a;
        m.R += a;
      },
      (m) => m.orders.some((o) => o.paid > o.refunded),
    ),
  ),
];

beforeAll(async () => {
  s = await startTestServer({ background: false, cardNetwork: {} });
  w = await buildWorld(s);
  const qr = await call(s, 'GET', `/v1/merchants/${w.ids.merchantId}/qr-codes`, { token: w.U.token });
  qrPayload = qr.json.items.find((q: { id: string }) => q.id === w.ids.qrCodeId).payload;
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

it(`model-based sequences (top-up, transfer, QR, order, refund): balances match the model after every step`, async () => {
  const counts: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
      const model: Model = {
        U: await available(w.U.token, w.U.walletId),
        R: await available(w.R.token, w.R.walletId),
        M: await merchantBalance(s, w.ids.merchantId!),
        orders: [],
      };
      const real: Real = { counts };
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  console.log(`stateful: ${RUNS} sequences, steps ${JSON.stringify(counts)}; seed ${SEED}`);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}, 300_000);
