import {
  AccountFlags,
  createLedgerEngine,
  type LedgerEngine,
  type TransferInput,
  uuidv7,
} from '@yinbao/ledger';
import type pg from 'pg';
import { createPool } from '../apps/server/src/platform/db/pool.ts';
import { imbalancedLedgers, maxSeq, reconciledCheck } from './db.ts';
import { runCeiling, setupCeiling } from './engine-ceiling.ts';
import { Latencies, warmupSeconds } from './latency.ts';
import type { BenchResult, Check, Log } from './types.ts';
import { zipf } from './zipf.ts';

const ACCOUNTS = 10_000;
const SUBMITTERS = 64;
const CNY = 156;
const FUNDING = 1_000_000n;

type Pick = () => TransferInput;

/**
 * The ledger engine in-process: 64 closed-loop submitters (each waits for its answer before
 * sending again) against 10,000 accounts that may not go negative, on a migrated database. After
 * each engine line, its set-based SQL ceiling (bench/engine-ceiling.ts): the same workload in
 * batches of the size the engine formed.
 */
export async function runEngineBench(
  url: string,
  seconds: number,
  log: Log,
): Promise<{ results: BenchResult[]; checks: Check[] }> {
  const pool = createPool(url, { max: 4, applicationName: 'yinbao-bench-engine' });
  const engine = createLedgerEngine({ pool });
  try {
    const accounts = await setupAccounts(pool, engine, log);
    const rnd = (n: number) => Math.floor(Math.random() * n);
    const transfer = (debit: string, credit: string): TransferInput => ({
      id: uuidv7(),
      debitAccountId: debit,
      creditAccountId: credit,
      amount: BigInt(1 + rnd(100)),
      ledger: CNY,
      code: 1,
    });
    const uniform: Pick = () => {
      const d = rnd(ACCOUNTS);
      const c = (d + 1 + rnd(ACCOUNTS - 1)) % ACCOUNTS;
      return transfer(accounts[d]!, accounts[c]!);
    };
    const hot: Pick = () => transfer(accounts[1 + rnd(ACCOUNTS - 1)]!, accounts[0]!);
    // Debit and credit both Zipf-drawn (s = 1): account 0 is in ~10% of the draws, the first 100 in half.
    const rank = zipf(ACCOUNTS, 1);
    const skewed: Pick = () => {
      const d = rank();
      let c = rank();
      while (c === d) c = rank();
      return transfer(accounts[d]!, accounts[c]!);
    };

    // [line, events' size, workload, the workload's words for its ceiling line]
    const phases: Array<[string, number, Pick, string]> = [
      ['engine: 1 transfer/submit, uniform', 1, uniform, 'uniform'],
      ['engine: 1 transfer/submit, Zipf-skewed (s = 1)', 1, skewed, 'Zipf-skewed'],
      ['engine: 1 transfer/submit, one hot account', 1, hot, 'one hot account'],
      ['engine: 100 transfers/submit (batch API)', 100, uniform, 'uniform'],
    ];
    const results: BenchResult[] = [];
    const checks: Check[] = [];
    const warm = warmupSeconds(seconds);
    log(`engine: warming up ${warm} s (not measured) …`);
    await phase(pool, engine, 'warm-up', warm, 1, uniform);
    await setupCeiling(pool, accounts);
    for (const [name, size, pick, workload] of phases) {
      log(`${name}: ${SUBMITTERS} submitters, ${seconds} s …`);
      const r = await phase(pool, engine, name, seconds, size, pick);
      const batch = Math.max(1, Math.round(r.meanBatch));
      const ceilingName = `sql ceiling: ${workload}, ${batch} transfers/txn`;
      log(`${ceilingName}: 1 writer, ${seconds} s …`);
      const c = await runCeiling(pool, ceilingName, seconds, batch, pick);
      const ceilingRatio = c.result.tps ? r.result.tps / c.result.tps : 0;
      r.result.ceilingRatio = ceilingRatio;
      r.result.notes = `${ceilingRatio.toFixed(2)}× its SQL ceiling; ${r.result.notes}`;
      results.push(r.result, c.result);
      checks.push(...r.checks, ...c.checks);
    }
    checks.push(await reconciledCheck(pool, 'engine'));
    return { results, checks };
  } finally {
    await engine.close();
    await pool.end();
  }
}

/** 10,000 accounts with debitsMustNotExceedCredits, each funded from one unflagged bank account. */
async function setupAccounts(pool: pg.Pool, engine: LedgerEngine, log: Log): Promise<string[]> {
  log(`engine: creating and funding ${ACCOUNTS} accounts …`);
  const bank = uuidv7();
  const accounts = Array.from({ length: ACCOUNTS }, () => uuidv7());
  // Set-based insert (setup only): the accounts start at zero, balances move only by transfers.
  await pool.query(
    `INSERT INTO ledger_accounts (id, ledger, code, owner_id, flags) VALUES ($1, $2, 2, 'bank', 0)`,
    [bank, CNY],
  );
  await pool.query(
    `INSERT INTO ledger_accounts (id, ledger, code, flags) SELECT id, $2, 1, $3 FROM unnest($1::uuid[]) AS id`,
    [accounts, CNY, AccountFlags.debitsMustNotExceedCredits],
  );
  const events: TransferInput[][] = [];
  for (let i = 0; i < ACCOUNTS; i += 1000) {
    events.push(
      accounts.slice(i, i + 1000).map((a) => ({
        id: uuidv7(),
        debitAccountId: bank,
        creditAccountId: a,
        amount: FUNDING,
        ledger: CNY,
        code: 10,
      })),
    );
  }
  const results = (await Promise.all(events.map((e) => engine.submit(e)))).flat();
  const bad = results.find((r) => !r.ok);
  if (bad) throw new Error(`funding failed: ${JSON.stringify(bad)}`);
  return accounts;
}

async function phase(
  pool: pg.Pool,
  engine: LedgerEngine,
  name: string,
  seconds: number,
  eventSize: number,
  pick: Pick,
): Promise<{ result: BenchResult; checks: Check[]; meanBatch: number }> {
  const seqBefore = await maxSeq(pool);
  const s0 = engine.stats();
  const lat = new Latencies();
  let ok = 0;
  let okAmount = 0n;
  let thrown = 0;
  const refused = new Map<string, number>();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: SUBMITTERS }, async () => {
      while (performance.now() < deadline) {
        const event = Array.from({ length: eventSize }, pick);
        const t = performance.now();
        try {
          const res = await engine.submit(event);
          lat.add(performance.now() - t);
          for (const [i, r] of res.entries()) {
            if (r.ok) {
              ok++;
              okAmount += event[i]!.amount!;
            } else refused.set(r.code, (refused.get(r.code) ?? 0) + 1);
          }
        } catch {
          thrown++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const s1 = engine.stats();
  const batches = s1.batches - s0.batches;
  const meanBatch = batches ? (s1.transfers - s0.transfers) / batches : 0;
  const [p50, p99, p999] = lat.percentiles([50, 99, 99.9]);

  const { rows } = await pool.query(
    'SELECT count(*)::int8 AS n, coalesce(sum(amount), 0)::int8 AS total FROM ledger_transfers WHERE seq > $1',
    [seqBefore],
  );
  const created = BigInt(rows[0].n);
  const createdAmount = BigInt(rows[0].total);
  const imbalanced = await imbalancedLedgers(pool);
  const refusedText = [...refused].map(([c, n]) => `${c}×${n}`).join(', ');
  const checks: Check[] = [
    {
      name: `${name}: ledger balanced`,
      pass: imbalanced.length === 0,
      detail: imbalanced.length ? imbalanced.join('; ') : 'every ledger: debits = credits',
    },
    {
      name: `${name}: transfers created = acknowledged`,
      pass: created === BigInt(ok) && createdAmount === okAmount,
      detail: `created ${created} (amount ${createdAmount}), ok results ${ok} (amount ${okAmount})`,
    },
    {
      name: `${name}: no errors`,
      pass: thrown === 0 && refused.size === 0,
      detail: thrown || refused.size ? `thrown ${thrown}; refused ${refusedText}` : 'none',
    },
  ];
  return {
    result: {
      name,
      unit: 'transfers/s',
      tps: ok / elapsed,
      p50: p50 ?? null,
      p99: p99 ?? null,
      p999: p999 ?? null,
      ratio: null,
      notes:
        `mean batch ${meanBatch.toFixed(1)} transfers/txn, ${(batches / elapsed).toFixed(0)} txn/s; ` +
        `latency per submit` +
        (s1.fallbacks > s0.fallbacks ? `; ${s1.fallbacks - s0.fallbacks} fallbacks` : ''),
    },
    checks,
    meanBatch,
  };
}
