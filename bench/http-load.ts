import { join } from 'node:path';
import { uuidFromName } from '@yinbao/ledger';
import autocannon from 'autocannon';
import type pg from 'pg';
import { createPool } from '../apps/server/src/platform/db/pool.ts';
import { TransferCode } from '../apps/server/src/platform/system-accounts.ts';
import { imbalancedLedgers, maxSeq } from './db.ts';
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
    const phases: Array<[string, Pair]> = [
      ['http: POST /v1/transfers, uniform', uniform],
      ['http: POST /v1/transfers, one hot recipient', hot],
    ];
    const results: BenchResult[] = [];
    const checks: Check[] = [];
    const warm = warmupSeconds(seconds);
    log(`http: warming up ${warm} s (not measured) …`);
    await phase(pool, api.url, 'warm', 'warm-up', warm, uniform, () => {});
    for (const [i, [name, pair]] of phases.entries()) {
      await drainOutbox(pool, log);
      log(`${name}: ${CONNECTIONS} connections, ${seconds} s …`);
      const r = await phase(pool, api.url, `p${i}`, name, seconds, pair, log);
      results.push(r.result);
      checks.push(...r.checks);
    }
    return { results, checks };
  } finally {
    await api.stop();
    await pool.end();
  }
}

async function phase(
  pool: pg.Pool,
  url: string,
  tag: string,
  name: string,
  seconds: number,
  pair: Pair,
  log: Log,
): Promise<{ result: BenchResult; checks: Check[] }> {
  const seqBefore = await maxSeq(pool);
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
        path: '/v1/transfers',
        setupRequest: (req, context) => {
          const [from, to] = pair();
          const key = `${tag}-${n++}`;
          const id = uuidFromName(`p2p:${from.customerId}:${key}`);
          (context as Ctx).id = id;
          inFlight.add(id);
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${from.token}`,
              'idempotency-key': key,
            },
            body: JSON.stringify({
              to: { walletId: to.walletId },
              amount: { amount: '0.01', currency: 'CNY' },
            }),
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
    [seqBefore, TransferCode.p2p],
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
        `${CONNECTIONS} connections, ${CUSTOMERS} customers` +
        (non2xx.length ? `; non-2xx ${non2xx.reduce((a, [, c]) => a + c, 0)}` : '') +
        `; outbox backlog ${outbox.rows[0].n} at end`,
    },
    checks,
  };
}
