// One HTTP measurement: a load offered by bench/load-gen.ts, then the correctness checks (the ledger
// balances, every 2xx payment is in it and nothing else is, no errors).
import type pg from 'pg';
import { imbalancedLedgers, maxSeq } from './db.ts';
import { merchantBalance } from './http-merchant.ts';
import type { Customer } from './http-setup.ts';
import { waitQuiet } from './http-setup.ts';
import { requestHead, runLoad, withBody } from './load-gen.ts';
import type { BenchResult, Check, Log } from './types.ts';

/** One request of a load: who sends it, its body, and the ledger id and amount it must create. */
export type Request = { from: Customer; body: unknown; id: string; amount: bigint };

/** What a phase sends: the path, the ledger transfer code its payments carry, and the next request. */
export type Load = {
  path: string;
  code: number;
  next: (key: string) => Request;
  /** The account every payment credits (QR: the merchant), whose balance the checks follow. */
  hotAccount?: string;
  /** Who sends, for the notes column. */
  who: string;
};

/** Closed loop on `connections`, or open loop at `rate` requests/s (latencies CO-corrected). */
export type Shape = { connections: number; rate?: number };

export async function phase(
  pool: pg.Pool,
  url: string,
  tag: string,
  name: string,
  seconds: number,
  load: Load,
  shape: Shape,
  log: Log,
): Promise<{ result: BenchResult; checks: Check[] }> {
  const seqBefore = await maxSeq(pool);
  const hotBefore = load.hotAccount ? await merchantBalance(pool, load.hotAccount) : 0n;
  const amounts = new Map<string, bigint>();
  // Ledger ids derive from (customer, Idempotency-Key): the driver knows every payment's id.
  const inFlight = new Set<string>();
  const acked = new Set<string>();
  const samples: string[] = [];
  const { hostname, port, host } = new URL(url);
  // The fixed part of each customer's request, serialised once.
  const heads = new Map<Customer, string>();
  const headOf = (c: Customer) => {
    let h = heads.get(c);
    if (h === undefined) {
      h = requestHead('POST', load.path, host, {
        'content-type': 'application/json',
        authorization: `Bearer ${c.token}`,
      });
      heads.set(c, h);
    }
    return h;
  };
  let n = 0;
  const r = await runLoad({
    host: hostname,
    port: Number(port),
    connections: shape.connections,
    seconds,
    ...(shape.rate ? { rate: shape.rate } : {}),
    next: () => {
      const key = `${tag}-${n++}`;
      const { from, id, amount, body } = load.next(key);
      inFlight.add(id);
      amounts.set(id, amount);
      return { data: withBody(headOf(from), `idempotency-key: ${key}\r\n`, JSON.stringify(body)), ctx: id };
    },
    onResponse: (id, status, body) => {
      inFlight.delete(id);
      if (status >= 200 && status < 300) acked.add(id);
      else if (samples.length < 5) samples.push(`${status} ${body?.slice(0, 200)}`);
    },
  });
  await waitQuiet(pool);
  const non2xx = [...r.statuses].filter(([s]) => s < 200 || s >= 300);
  const non2xxText = non2xx.map(([s, c]) => `${s}×${c}`).join(', ');
  if (non2xx.length) {
    log(`${name}: non-2xx responses ${non2xxText}`);
    for (const s of samples) log(`  ${s}`);
  }
  if (r.errors) log(`${name}: ${r.errors} connection errors (first: ${r.firstError})`);

  const { rows } = await pool.query<{ id: string }>(
    'SELECT id FROM ledger_transfers WHERE seq > $1 AND code = $2',
    [seqBefore, load.code],
  );
  const created = new Set(rows.map((row) => row.id));
  const missing = [...acked].filter((id) => !created.has(id)).length;
  const unanswered = [...created].filter((id) => !acked.has(id));
  const stray = unanswered.filter((id) => !inFlight.has(id)).length;
  const imbalanced = await imbalancedLedgers(pool);
  const checks: Check[] = [
    {
      name: `${name}: ledger balanced`,
      pass: imbalanced.length === 0,
      detail: imbalanced.length ? imbalanced.join('; ') : 'every ledger: debits = credits',
    },
    {
      // The generator waits for the answers in flight when the clock stops; those it gave up on
      // (a lost connection, the drain timeout) the server may have finished: created, never answered.
      // Everything else must match one to one.
      name: `${name}: transfers created = 2xx answers`,
      pass: missing === 0 && stray === 0,
      detail:
        `created ${created.size}, 2xx ${acked.size}, acknowledged but missing ${missing}, ` +
        `created without an answer ${unanswered.length} (all unanswered requests: ${stray === 0})`,
    },
    {
      name: `${name}: no errors`,
      pass: non2xx.length === 0 && r.errors === 0,
      detail:
        non2xx.length || r.errors ? `non-2xx ${non2xxText || 'none'}; connection errors ${r.errors}` : 'none',
    },
  ];
  if (load.hotAccount) {
    // Every payment credits the one account: its balance grew by exactly the payments in the ledger,
    // which are the acknowledged ones plus those never answered (checked above).
    const grew = (await merchantBalance(pool, load.hotAccount)) - hotBefore;
    const sum = (ids: Iterable<string>) => [...ids].reduce((a, id) => a + (amounts.get(id) ?? 0n), 0n);
    const ackedSum = sum(acked);
    const cutOffSum = sum(unanswered);
    checks.push({
      name: `${name}: merchant balance = Σ acknowledged amounts`,
      pass: grew === ackedSum + cutOffSum && stray === 0,
      detail:
        `merchant account +${grew} minor units; acknowledged ${ackedSum} + unanswered ` +
        `${cutOffSum} (${unanswered.length} payments)`,
    });
  }
  const outbox = await pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL');
  const [p50, p99, p999] = r.latency.percentiles([50, 99, 99.9]);
  const cpuPerReq = r.completed ? r.cpuMicros / r.completed : 0;
  const loadText = shape.rate
    ? `open loop ${Math.round(shape.rate)} req/s on ${shape.connections} connection${shape.connections > 1 ? 's' : ''}, CO-corrected`
    : `${shape.connections} connections`;
  return {
    result: {
      name,
      unit: 'req/s',
      tps: acked.size / r.elapsed,
      p50: p50 ?? null,
      p99: p99 ?? null,
      p999: p999 ?? null,
      ratio: null,
      load: {
        mode: shape.rate ? 'open' : 'closed',
        connections: shape.connections,
        rate: shape.rate ?? null,
      },
      generatorCpuMicrosPerRequest: cpuPerReq,
      notes:
        `${loadText}, ${load.who}` +
        (r.unsent ? `; ${r.unsent} requests never sent (rate not sustained)` : '') +
        (non2xx.length ? `; non-2xx ${non2xx.reduce((a, [, c]) => a + c, 0)}` : '') +
        `; outbox backlog ${outbox.rows[0].n} at end; generator ${cpuPerReq.toFixed(0)} µs CPU/req`,
    },
    checks,
  };
}
