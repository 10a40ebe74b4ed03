import { join } from 'node:path';
import { uuidFromName } from '@yinbao/ledger';
import autocannon from 'autocannon';
import type pg from 'pg';
import { createPool } from '../apps/server/src/platform/db/pool.ts';
import { TransferCode } from '../apps/server/src/platform/system-accounts.ts';
import { imbalancedLedgers, maxSeq } from './db.ts';
import { merchantBalance, setupMerchant } from './http-merchant.ts';
import { payoutsPhase } from './http-payouts.ts';
import {
  type Customer,
  drainOutbox,
  signupCustomers,
  startApiServer,
  tierOneAndFund,
  waitQuiet,
} from './http-setup.ts';
import { warmupSeconds } from './latency.ts';
import type { BenchResult, Check, Log } from './types.ts';

const CUSTOMERS = 200;
const CONNECTIONS = 64;

type Pair = () => [Customer, Customer];
type Ctx = { id?: string };

/** One request of a load: who sends it, its body, and the ledger id and amount it must create. */
type Request = { from: Customer; body: unknown; id: string; amount: bigint };
/** What a phase sends: the path, the ledger transfer code its payments carry, and the next request. */
type Load = {
  path: string;
  code: number;
  next: (key: string) => Request;
  /** The account every payment credits (QR: the merchant), whose balance the checks follow. */
  hotAccount?: string;
  /** Who sends, for the notes column. */
  who: string;
};

/** P2P: ¥0.01 from one customer to another; the ledger id derives from (sender, Idempotency-Key). */
const p2p = (pair: Pair): Load => ({
  path: '/v1/transfers',
  code: TransferCode.p2p,
  who: `${CUSTOMERS} customers`,
  next: (key) => {
    const [from, to] = pair();
    return {
      from,
      id: uuidFromName(`p2p:${from.customerId}:${key}`),
      amount: 1n,
      body: { to: { walletId: to.walletId }, amount: { amount: '0.01', currency: 'CNY' } },
    };
  },
});

/**
 * `POST /v1/transfers` over real HTTP: the API in its own process on a migrated database, 200
 * customers (tier 1, funded), autocannon with 64 connections, every request a new payment of ¥0.01
 * with its own Idempotency-Key.
 */
export async function runHttpBench(
  databaseUrl: string,
  workDir: string,
  seconds: number,
  log: Log,
  profileDir?: string,
): Promise<{ results: BenchResult[]; checks: Check[] }> {
  const pool = createPool(databaseUrl, { max: 4, applicationName: 'yinbao-bench-driver' });
  const api = await startApiServer({ databaseUrl, dataDir: join(workDir, 'server-data'), profileDir });
  try {
    const customers = await signupCustomers(api.url, CUSTOMERS, log);
    await tierOneAndFund(pool, 1_000_000n, log);
    const rnd = (n: number) => Math.floor(Math.random() * n);
    const uniform: Pair = () => {
      const s = rnd(CUSTOMERS);
      return [customers[s]!, customers[(s + 1 + rnd(CUSTOMERS - 1)) % CUSTOMERS]!];
    };
    const hot: Pair = () => [customers[1 + rnd(CUSTOMERS - 1)]!, customers[0]!];
    // Customer 0 owns the merchant (and is the hot P2P recipient); the others pay its static code
    // 0.01–1.00 yuan each (amounts vary so that the balance check adds up more than a count).
    const merchant = await setupMerchant(api.url, pool, customers[0]!, log);
    const qr: Load = {
      path: '/v1/qr/pay',
      code: TransferCode.qrPayment,
      hotAccount: merchant.accountId,
      who: `${CUSTOMERS - 1} payers, 1 static code, ¥0.01–1.00`,
      next: (key) => {
        const from = customers[1 + rnd(CUSTOMERS - 1)]!;
        const amount = BigInt(1 + rnd(100));
        return {
          from,
          id: uuidFromName(`qr:${from.customerId}:${key}`),
          amount,
          body: {
            payload: merchant.payload,
            amount: { amount: (Number(amount) / 100).toFixed(2), currency: 'CNY' },
          },
        };
      },
    };
    const phases: Array<[string, Load]> = [
      [P2P_UNIFORM, p2p(uniform)],
      ['http: POST /v1/transfers, one hot recipient', p2p(hot)],
      [QR_HOT, qr],
    ];
    const results: BenchResult[] = [];
    const checks: Check[] = [];
    const warm = warmupSeconds(seconds);
    log(`http: warming up ${warm} s (not measured) …`);
    await phase(pool, api.url, 'warm', 'warm-up', warm, p2p(uniform), () => {});
    await phase(pool, api.url, 'warm-qr', 'warm-up', Math.min(warm, 1), qr, () => {});
    for (const [i, [name, load]] of phases.entries()) {
      await drainOutbox(pool, log);
      log(`${name}: ${CONNECTIONS} connections, ${seconds} s …`);
      const r = await phase(pool, api.url, `p${i}`, name, seconds, load, log);
      results.push(r.result);
      checks.push(...r.checks);
    }
    await drainOutbox(pool, log);
    const payouts = await payoutsPhase(pool, api.url, customers, merchant, customers[0]!, seconds, log);
    results.push(payouts.result);
    checks.push(...payouts.checks);
    return { results: compareQrWithP2p(results), checks };
  } finally {
    await api.stop();
    await pool.end();
  }
}

const P2P_UNIFORM = 'http: POST /v1/transfers, uniform';
const QR_HOT = 'http: POST /v1/qr/pay, one merchant (hot account)';

/** The QR line's throughput and latencies as multiples of the uniform P2P line's. */
function compareQrWithP2p(results: BenchResult[]): BenchResult[] {
  const base = results.find((r) => r.name === P2P_UNIFORM);
  return results.map((r) => {
    if (r.name !== QR_HOT || !base || base.tps === 0) return r;
    const x = (a: number | null, b: number | null) => (a === null || !b ? null : a / b);
    const vs = { name: P2P_UNIFORM, tps: r.tps / base.tps, p50: x(r.p50, base.p50), p99: x(r.p99, base.p99) };
    return { ...r, vs, notes: `${vs.tps.toFixed(2)}× P2P uniform req/s; ${r.notes}` };
  });
}

async function phase(
  pool: pg.Pool,
  url: string,
  tag: string,
  name: string,
  seconds: number,
  load: Load,
  log: Log,
): Promise<{ result: BenchResult; checks: Check[] }> {
  const seqBefore = await maxSeq(pool);
  const hotBefore = load.hotAccount ? await merchantBalance(pool, load.hotAccount) : 0n;
  const amounts = new Map<string, bigint>();
  // Ledger ids derive from (customer, Idempotency-Key): the driver knows every payment's id.
  const inFlight = new Set<string>();
  const acked = new Set<string>();
  const statuses = new Map<number, number>();
  const samples: string[] = [];
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: load.path,
        setupRequest: (req, context) => {
          const key = `${tag}-${n++}`;
          const { from, id, amount, body } = load.next(key);
          (context as Ctx).id = id;
          inFlight.add(id);
          amounts.set(id, amount);
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${from.token}`,
              'idempotency-key': key,
            },
            body: JSON.stringify(body),
          };
        },
        onResponse: (status, body, context) => {
          const id = (context as Ctx).id!;
          inFlight.delete(id);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 200 && status < 300) acked.add(id);
          else if (samples.length < 5) samples.push(`${status} ${body.slice(0, 200)}`);
        },
      },
    ],
  });
  await waitQuiet(pool);
  const non2xx = [...statuses].filter(([s]) => s < 200 || s >= 300);
  if (non2xx.length) {
    log(`${name}: non-2xx responses ${non2xx.map(([s, c]) => `${s}×${c}`).join(', ')}`);
    for (const s of samples) log(`  ${s}`);
  }
  if (result.errors) log(`${name}: ${result.errors} connection errors (${result.timeouts} timeouts)`);

  const { rows } = await pool.query<{ id: string }>(
    'SELECT id FROM ledger_transfers WHERE seq > $1 AND code = $2',
    [seqBefore, load.code],
  );
  const created = new Set(rows.map((r) => r.id));
  const missing = [...acked].filter((id) => !created.has(id)).length;
  const unanswered = [...created].filter((id) => !acked.has(id));
  const stray = unanswered.filter((id) => !inFlight.has(id)).length;
  const imbalanced = await imbalancedLedgers(pool);
  const ok = acked.size;
  const checks: Check[] = [
    {
      name: `${name}: ledger balanced`,
      pass: imbalanced.length === 0,
      detail: imbalanced.length ? imbalanced.join('; ') : 'every ledger: debits = credits',
    },
    {
      // Requests still in flight when the clock stopped were cut off by the driver; the server may
      // have finished them (created, never answered). Everything else must match one to one.
      name: `${name}: transfers created = 2xx answers`,
      pass: missing === 0 && stray === 0,
      detail:
        `created ${created.size}, 2xx ${ok}, acknowledged but missing ${missing}, ` +
        `created without an answer ${unanswered.length} (all cut off at the end: ${stray === 0})`,
    },
    {
      name: `${name}: no errors`,
      pass: non2xx.length === 0 && result.errors === 0,
      detail:
        non2xx.length || result.errors
          ? `non-2xx ${non2xx.map(([s, c]) => `${s}×${c}`).join(', ') || 'none'}; connection errors ${result.errors}`
          : 'none',
    },
  ];
  if (load.hotAccount) {
    // Every payment credits the one account: its balance grew by exactly the payments in the ledger,
    // which are the acknowledged ones plus those cut off in flight (checked above).
    const grew = (await merchantBalance(pool, load.hotAccount)) - hotBefore;
    const sum = (ids: Iterable<string>) => [...ids].reduce((a, id) => a + (amounts.get(id) ?? 0n), 0n);
    const ackedSum = sum(acked);
    const cutOffSum = sum(unanswered);
    checks.push({
      name: `${name}: merchant balance = Σ acknowledged amounts`,
      pass: grew === ackedSum + cutOffSum && stray === 0,
      detail:
        `merchant account +${grew} minor units; acknowledged ${ackedSum} + cut off in flight ` +
        `${cutOffSum} (${unanswered.length} payments)`,
    });
  }
  const outbox = await pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL');
  return {
    result: {
      name,
      unit: 'req/s',
      tps: ok / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      ratio: null,
      notes:
        `${CONNECTIONS} connections, ${load.who}` +
        (non2xx.length ? `; non-2xx ${non2xx.reduce((a, [, c]) => a + c, 0)}` : '') +
        `; outbox backlog ${outbox.rows[0].n} at end`,
    },
    checks,
  };
}
